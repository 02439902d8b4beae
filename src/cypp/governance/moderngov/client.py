"""How CYPP reaches a ModernGov committee system: the public web service over HTTP, or
responses recorded earlier and read from files (for tests, the demo, and a council whose
site turns servers away).

A transport does one thing: ``call(method, **params)`` gives the response's bytes, or
raises ``CommitteeSystemError`` with a message naming the address, the call and what to do.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from cypp.errors import ApplicationError
from cypp.fetching import OPENER

USER_AGENT = "CYPP (children and young people's partnership planning; committee system sync)"
# A GetMeeting response is tens of kilobytes; one past this is not the web service.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024

Param = str | int


class CommitteeSystemError(ApplicationError):
    """The committee system could not be read: the message says where, which call, why,
    and what to do about it."""


class Transport(Protocol):
    """What the connector needs from a committee system: one web service call's bytes."""

    #: Where the responses come from, as the messages name it (an address or a folder).
    where: str

    def call(self, method: str, **params: Param) -> bytes: ...


def web_service_address(address: str) -> str:
    """The web service of the ModernGov site at ``address``: ``<address>/mgWebService.asmx``."""
    return address.rstrip("/") + "/mgWebService.asmx"


def call_words(method: str, params: dict[str, Param]) -> str:
    """A call as the messages name it: ``GetMeeting (lMeetingId=4967)``."""
    if not params:
        return method
    return f"{method} ({', '.join(f'{k}={v}' for k, v in params.items())})"


class WebServiceTransport:
    """The council's public web service: GET ``<address>/mgWebService.asmx/<Method>?...``."""

    def __init__(self, address: str, timeout: float = 30) -> None:
        if urllib.parse.urlsplit(address).scheme not in ("http", "https"):
            raise CommitteeSystemError(
                f"The committee system's address must start https:// or http://: {address!r}."
            )
        self.address = address
        self.where = web_service_address(address)
        self.timeout = timeout

    def url(self, method: str, **params: Param) -> str:
        query = urllib.parse.urlencode({k: str(v) for k, v in params.items()})
        return f"{self.where}/{method}" + (f"?{query}" if query else "")

    def call(self, method: str, **params: Param) -> bytes:
        what = f"{call_words(method, params)} at {self.where}"
        # The scheme is http or https: checked when the transport was made.
        request = urllib.request.Request(  # noqa: S310
            self.url(method, **params),
            headers={"User-Agent": USER_AGENT, "Accept": "text/xml, application/xml"},
        )
        try:
            with OPENER.open(request, timeout=self.timeout) as response:
                body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise CommitteeSystemError(http_error_words(what, error.code, error.reason)) from error
        except TimeoutError as error:
            raise CommitteeSystemError(self._timeout_words(what)) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise CommitteeSystemError(self._timeout_words(what)) from error
            raise CommitteeSystemError(
                f"Could not reach the committee system for {what}: {error.reason}. Check the "
                "address, and that this server can reach the internet."
            ) from error
        except (OSError, ValueError) as error:  # a connection reset, a malformed address
            raise CommitteeSystemError(
                f"Could not reach the committee system for {what}: {error}."
            ) from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise CommitteeSystemError(
                f"The committee system's answer to {what} is larger than "
                f"{MAX_RESPONSE_BYTES // (1024 * 1024)} MB: not the web service's answer."
            )
        return body

    def _timeout_words(self, what: str) -> str:
        return (
            f"The committee system did not answer {what} within {self.timeout:g} seconds. "
            "Try again later. Nothing was changed."
        )


def http_error_words(what: str, status: int, reason: object) -> str:
    """The message for an HTTP error status, with what to do about a 403 in particular."""
    if status == 403:
        return (
            f"The committee system refused {what} with 403 Forbidden: its bot protection "
            "turned this server away. Ask the council to allow this server's address to use "
            "its mgWebService.asmx web service, or save the meetings' pages from a browser "
            "and import them by file. Nothing was changed."
        )
    if status == 404:
        return (
            f"The committee system has no {what} (404 Not Found): check that the address is "
            "the council's ModernGov site (the one whose pages end .aspx). Nothing was changed."
        )
    return (
        f"The committee system answered {what} with an error ({status} {reason}). "
        "Try again later. Nothing was changed."
    )


class RecordedTransport:
    """Responses saved in a folder, one file a call, named for the call:

    - ``GetCommittees.xml``
    - ``GetMeetings_<lCommitteeId>.xml`` (whatever dates are asked for)
    - ``GetMeeting_<lMeetingId>.xml``
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.where = str(self.directory)

    def file_for(self, method: str, **params: Param) -> Path:
        if method == "GetCommittees":
            name = "GetCommittees.xml"
        elif method == "GetMeetings":
            name = f"GetMeetings_{params['lCommitteeId']}.xml"
        elif method == "GetMeeting":
            name = f"GetMeeting_{params['lMeetingId']}.xml"
        else:
            raise CommitteeSystemError(f"No recorded responses are kept for {method}.")
        return self.directory / name

    def call(self, method: str, **params: Param) -> bytes:
        path = self.file_for(method, **params)
        try:
            return path.read_bytes()
        except FileNotFoundError as error:
            raise CommitteeSystemError(
                f"No recorded response for {call_words(method, params)}: {path} does not exist."
            ) from error
        except OSError as error:
            raise CommitteeSystemError(
                f"The recorded response for {call_words(method, params)} could not be read: "
                f"{path}: {error.strerror}."
            ) from error
