"""How many answers one address may send to the surveys in an hour (no CAPTCHA for
children: ADR 0020).

The count is kept in the default cache, never the database, under a key that says nothing
about the address: HMAC-SHA256 of the address under a key derived from ``SECRET_KEY`` and
today's date. The key changes every day, so yesterday's counters cannot be matched with
today's, and without ``SECRET_KEY`` no counter can be matched with an address at all. The
limit is ``settings.CYPP_VOICE_ANSWERS_PER_HOUR`` (a school's whole class may share one
address, so it is generous). The hour is a fixed clock hour: a counter lives at most two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from cypp.accounts.lockout import client_address

HOUR = 3600


def _day_key(day: dt.date) -> bytes:
    """Today's key: changes at midnight UTC, derived from SECRET_KEY."""
    return hmac.new(
        str(settings.SECRET_KEY).encode(),
        f"cypp.voice.ratelimit:{day.isoformat()}".encode(),
        "sha256",
    ).digest()


def address_token(address: str, now: dt.datetime) -> str:
    """The address as the counter knows it: a keyed hash that changes every day."""
    day = now.astimezone(dt.UTC).date()
    return hmac.new(_day_key(day), address.encode(), hashlib.sha256).hexdigest()


def _cache_key(address: str, now: dt.datetime, what: str = "answers") -> str:
    hour = now.astimezone(dt.UTC).strftime("%Y%m%d%H")
    return f"voice-{what}:{hour}:{address_token(address, now)}"


def limit() -> int:
    return int(getattr(settings, "CYPP_VOICE_ANSWERS_PER_HOUR", 5000))


# Wrong codes are what guessing looks like, and a school's children seldom mistype a code
# more than once or twice each: far fewer tries than answers. With 409,600,000 codes and a
# thousand unfinished responses, 100 tries an hour finds one in about 4,100 hours.
CODE_TRIES_PER_HOUR = 100


def answer_allowed(request: HttpRequest, *, now: dt.datetime | None = None) -> bool:
    """Count one more answer from this request's address; False once the hour's limit is
    passed (the answer is then not saved, and the child is asked to wait)."""
    return _counted(request, now, "answers", limit())


def code_try_allowed(request: HttpRequest, *, now: dt.datetime | None = None) -> bool:
    """Count one more try of a save-and-return code from this address (tried on top of
    ``answer_allowed``); False once the hour's tries are used up."""
    return _counted(request, now, "codes", CODE_TRIES_PER_HOUR)


def _counted(request: HttpRequest, now: dt.datetime | None, what: str, most: int) -> bool:
    now = now or timezone.now()
    key = _cache_key(client_address(request) or "unknown", now, what)
    # add() is a no-op if the counter exists; incr() is atomic in shared caches (Redis,
    # Memcached) and in the local-memory cache.
    cache.add(key, 0, timeout=2 * HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=2 * HOUR)
        count = 1
    return count <= most
