"""Sign-in throttling on top of django-axes, and the safe ways out of a lock.

Two counts, each over the cool-off (30 minutes):

- **a person**: wrong passwords for one username, from any address, lock that username
  (``AXES_FAILURE_LIMIT``, 5). Counted across addresses so the lock does not depend on the
  address: behind a proxy every client has the proxy's address, and a lock per username and
  address would then lock everyone out of that account, or let one attacker go on for ever
  from fresh addresses.
- **an address**: wrong passwords from one address, whatever the usernames, throttle that
  address (``CYPP_ADDRESS_FAILURE_LIMIT``, 20): one password tried across many usernames.

The client's address is the connecting one unless ``CYPP_TRUSTED_PROXY_COUNT`` says how many
proxies of ours stand in front; only then is ``X-Forwarded-For`` read, and only the entry our
outermost proxy wrote (anything to its left is whatever the client sent).

Because anyone may lock a named person out, a locked person can unlock themselves by a password
reset e-mail (``cypp.accounts.views_password_reset``), and an administrator can unlock them
(``account_unlock``; ``cypp accounts unlock USERNAME``).
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import HttpRequest

from cypp.accounts.audit import audit_context, audit_record
from cypp.errors import ApplicationError

logger = logging.getLogger(__name__)


class UnlockError(ApplicationError, ValueError):
    """The account cannot be unlocked as asked; the message says why."""


def _trusted_proxy_count() -> int:
    return int(getattr(settings, "CYPP_TRUSTED_PROXY_COUNT", 0))


def address_failure_limit() -> int:
    return int(getattr(settings, "CYPP_ADDRESS_FAILURE_LIMIT", 20))


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

    With N trusted proxies, each appends the address it was connected from to
    ``X-Forwarded-For``, so the client is the N-th entry from the right. Fewer entries than
    proxies, or an entry that is not an IP address, means the header did not come through our
    proxies as expected: the connecting address is used instead."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = _trusted_proxy_count()
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        logger.warning("X-Forwarded-For entry %r is not an IP address; using %s", candidate, remote)
        return remote


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class SignInThrottle(AxesDatabaseHandler):  # type: ignore[misc]  # axes is untyped
    """django-axes' database handler with two limits: one per username (across addresses) and
    a higher one per address (across usernames). ``AXES_HANDLER`` names it."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # django-axes compares this one number with AXES_FAILURE_LIMIT. An address past its
        # own (higher) limit counts as at least the person limit, so it is refused too.
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_person = _failures(recent.filter(username=username)) if username else 0
        address = getattr(request, "axes_ip_address", None)
        by_address = _failures(recent.filter(ip_address=address)) if address else 0
        if by_address >= address_failure_limit():
            return max(by_person, int(get_failure_limit(request, credentials)))
        return by_person

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # A right password clears that person's count only: not the address's, or one valid
        # account would let an attacker reset the address throttle between guesses.
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)


def lock_ends(*, username: str, address: str | None, request: HttpRequest) -> Any:
    """When the lock on ``username`` (or on ``address``, if that is what is throttled) ends:
    the cool-off after the last failed attempt that counted."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    by_address = recent.filter(ip_address=address) if address else recent.none()
    by_person = recent.filter(username=username) if username else recent.none()
    locks = [by_person] if _failures(by_person) >= get_failure_limit(request, None) else []
    if _failures(by_address) >= address_failure_limit():
        locks.append(by_address)
    last_times = [
        qs.order_by("-attempt_time").values_list("attempt_time", flat=True).first() for qs in locks
    ]
    last = max((t for t in last_times if t is not None), default=None)
    return None if last is None or cool_off is None else last + cool_off


def address_throttled(*, address: str | None, request: HttpRequest) -> bool:
    """Is this address past its limit (rather than, or as well as, the person's)?"""
    if not address:
        return False
    recent = AccessAttempt.objects.filter(
        attempt_time__gte=get_cool_off_threshold(request), ip_address=address
    )
    return _failures(recent) >= address_failure_limit()


def lockout_clear(*, username: str) -> int:
    """Forget the failed sign-ins for ``username`` (from every address); returns how many
    records were removed. For a completed password reset and for ``account_unlock``."""
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    return int(count)


@transaction.atomic
def account_unlock(*, username: str, by: Any) -> int:
    """Unlock ``username``: forget its failed sign-ins, so it may sign in again at once.

    ``by`` is the administrator doing it (or ``None`` from the command line); the unlock is
    recorded in the person's history. Raises ``UnlockError`` for a username nobody signs in
    with and that has no failed sign-ins either."""
    username = username.strip()
    person = get_user_model().objects.filter(username=username).first()
    cleared = lockout_clear(username=username)
    if person is None and not cleared:
        raise UnlockError(f"No one signs in as '{username}', and it has no failed sign-ins.")
    if person is not None:
        audit_record(
            by=by,
            action="update",
            obj=person,
            context=audit_context(person=person),
            note=f"Sign-in unlocked: {cleared} record(s) of failed sign-ins cleared",
        )
    return cleared
