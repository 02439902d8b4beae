"""Rate limits of the API: anonymous callers counted by their IP address, token callers by
their token, each over a fixed window in Django's cache.

The limits are ``settings.CYPP_API_RATE_LIMITS`` (one place), e.g. ``{"anonymous":
"120/minute", "token": "1200/minute"}``; read at each request, so a test can set its own.
Over the limit the API answers 429 (problem+json) with ``Retry-After``: the seconds until
the window ends. Checked in ``cypp.api.auth.api_auth``, where the caller is known, so every
endpoint is limited and a refusal has the API's one error shape.

The counters live in the ``default`` cache. With a cache per process (locmem, the default),
each server process counts on its own, so a caller may get up to the limit times the number
of processes; a shared cache (Redis, the database) makes the limit exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from cypp.api.errors import ApiProblem

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
DEFAULT_LIMITS = {"anonymous": "120/minute", "token": "1200/minute"}


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int


def limit_parse(text: str) -> Limit:
    """``"120/minute"`` (or ``/second``, ``/hour``, ``/day``) as a number of requests in a
    number of seconds; a ``ValueError`` in words for anything else."""
    count, _, unit = text.partition("/")
    unit = unit.strip().rstrip("s")
    if not count.strip().isdigit() or unit not in UNITS:
        raise ValueError(f"A rate limit reads like '120/minute', not {text!r}.")
    return Limit(int(count), UNITS[unit])


def caller_limit(kind: str) -> Limit:
    """The limit for ``"anonymous"`` or ``"token"`` callers, from the settings."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "CYPP_API_RATE_LIMITS", {})}
    return limit_parse(limits[kind])


class RateLimited(ApiProblem):
    """Too many requests: a 429 problem saying when to try again (``Retry-After``)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            "Too many requests",
            f"This caller has made too many requests; try again in {retry_after} seconds.",
        )
        self.retry_after = retry_after

    def response(self, _request: HttpRequest | None = None):  # type: ignore[no-untyped-def]
        answer = super().response(_request)
        answer["Retry-After"] = str(self.retry_after)
        return answer


def client_address(request: HttpRequest) -> str:
    """The address an anonymous caller is counted by: the connection's, as Django sees it
    (a proxy in front must pass the caller's own address as REMOTE_ADDR; a header the
    caller could write, such as X-Forwarded-For, is not trusted)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_limit_check(*, kind: str, who: str) -> None:
    """Count one request by ``who`` (an address or a token id) against the ``kind``'s
    limit; raise ``RateLimited`` once the window's count is over it."""
    limit = caller_limit(kind)
    now = time.time()
    window = int(now // limit.seconds)
    key = f"cypp-api-rate:{kind}:{who}:{limit.seconds}:{window}"
    # add() then incr(): atomic in every cache backend that counts (locmem, Redis, database).
    cache.add(key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between the two calls: a new window
        cache.add(key, 1, timeout=limit.seconds + 1)
        count = 1
    if count > limit.requests:
        retry_after = max(1, math.ceil((window + 1) * limit.seconds - now))
        raise RateLimited(retry_after)
