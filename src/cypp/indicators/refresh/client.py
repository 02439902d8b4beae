"""How CYPP reaches the official statistics APIs: over HTTP, or from responses recorded
earlier and read from files (for tests, the demo, and a server with no way out).

A transport does one thing: ``call(request)`` gives the response's bytes, or raises
``OfficialApiError`` with a message naming the host, the request and the reason. The
requests themselves (which address, which parameters) are built in ``requests``.

Modelled on the ModernGov connector (``cypp.governance.moderngov.client``).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cypp.errors import ApplicationError
from cypp.fetching import OPENER

USER_AGENT = "CYPP (children and young people's partnership planning; evidence refresh)"
# A whole Fingertips profile for every upper-tier authority is tens of megabytes; an answer
# past this is not the data asked for.
MAX_RESPONSE_BYTES = 200 * 1024 * 1024


class OfficialApiError(ApplicationError):
    """An official API could not be read: the message names the host, what was asked,
    why it failed, and says that nothing was changed."""


@dataclass(frozen=True)
class ApiRequest:
    """One GET of an official API: the service's base address, the path under it, the
    query, and the file name a recorded response of it is kept under."""

    base: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    recorded_name: str = ""
    what: str = field(default="", compare=False)

    @property
    def url(self) -> str:
        query = urllib.parse.urlencode(self.params)
        return self.base.rstrip("/") + "/" + self.path + (f"?{query}" if query else "")

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.base).netloc


class Transport(Protocol):
    """What a refresh needs from an official API: one request's bytes."""

    #: Where the responses come from, as the messages name it (the web, or a folder).
    where: str
    #: True when the responses are read from files rather than fetched now.
    recorded: bool

    def call(self, request: ApiRequest) -> bytes: ...


class WebTransport:
    """The APIs on the web: a plain GET of the request's address."""

    where = "the web"
    recorded = False

    def __init__(self, timeout: float = 120) -> None:
        self.timeout = timeout

    def call(self, request: ApiRequest) -> bytes:
        what, host = request.what or request.path, request.host
        if urllib.parse.urlsplit(request.url).scheme not in ("http", "https"):
            raise OfficialApiError(f"Not a web address: {request.url!r}. Nothing was changed.")
        # The scheme is http or https: checked just above.
        web_request = urllib.request.Request(  # noqa: S310
            request.url,
            headers={"User-Agent": USER_AGENT, "Accept": "text/csv, application/json, */*"},
        )
        try:
            with OPENER.open(web_request, timeout=self.timeout) as response:
                body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise OfficialApiError(
                http_error_words(host, what, error.code, error.reason)
            ) from error
        except TimeoutError as error:
            raise OfficialApiError(self._timeout_words(host, what)) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise OfficialApiError(self._timeout_words(host, what)) from error
            raise OfficialApiError(
                f"Could not reach {request.host} for {what}: {error.reason}. Check that this "
                "server can reach the internet, then try again. Nothing was changed."
            ) from error
        except (OSError, ValueError) as error:  # a connection reset, a malformed address
            raise OfficialApiError(
                f"Could not reach {request.host} for {what}: {error}. Nothing was changed."
            ) from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise OfficialApiError(
                f"The answer from {request.host} for {what} is larger than "
                f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB: not the data asked for. "
                "Nothing was changed."
            )
        return body

    def _timeout_words(self, host: str, what: str) -> str:
        return (
            f"No answer from {host} for {what} within {self.timeout:g} seconds. Try again later. "
            "Nothing was changed."
        )


def http_error_words(host: str, what: str, status: int, reason: object) -> str:
    """The message for an HTTP error status."""
    if status == 404:
        return (
            f"{host} has no {what} (404 Not Found): check the indicator, profile or data set "
            "id and the version. Nothing was changed."
        )
    if status == 400:
        return (
            f"{host} refused the request for {what} (400 Bad Request): check the ids and "
            "the area type. Nothing was changed."
        )
    return (
        f"{host} answered the request for {what} with an error ({status} {reason}). Try again later. "
        + ("Nothing was changed.")
    )


class RecordedTransport:
    """Responses saved in a folder, one file a request, named for the request (see
    ``requests``): ``fingertips_indicators_90284_502_6.csv``, ``ees_<id>_<version>.csv``."""

    recorded = True

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.where = str(self.directory)

    def path_for(self, request: ApiRequest) -> Path:
        if not request.recorded_name:
            raise OfficialApiError(f"No recorded responses are kept for {request.url}.")
        return self.directory / request.recorded_name

    def call(self, request: ApiRequest) -> bytes:
        path = self.path_for(request)
        try:
            return path.read_bytes()
        except FileNotFoundError as error:
            raise OfficialApiError(
                f"No recorded response for {request.what or request.url}: {path} does not "
                "exist. Nothing was changed."
            ) from error
        except OSError as error:
            raise OfficialApiError(
                f"The recorded response for {request.what or request.url} could not be read: "
                f"{path}: {error.strerror}. Nothing was changed."
            ) from error

    def has(self, request: ApiRequest) -> bool:
        """Whether a response to ``request`` is recorded (an optional one may be left out)."""
        return bool(request.recorded_name) and (self.directory / request.recorded_name).is_file()
