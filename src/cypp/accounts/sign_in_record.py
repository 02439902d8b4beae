"""How a session was signed in, and the audit trail's record of sign-ins and refusals.

Sign-ins are recorded on the person's user (context ``person:<id>``, as their profile
changes are), so a person's history shows when and how they signed in. A refusal is only
recorded when it can be tied to a person (a wrong two-factor code, a switched-off account);
a stranger's failed attempts go to the log (and django-axes counts them).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cypp.accounts.models import AuditEvent
from cypp.accounts.services import audit_record

# Session key: how this session was signed in.
SIGNED_IN_WITH = "cypp_signed_in_with"
PASSWORD_FORM = "password"  # noqa: S105 - a way of signing in, not a password
SINGLE_SIGN_ON = "single-sign-on"


def _context(user: Any) -> str:
    return f"person:{user.pk}"


@transaction.atomic
def sign_in_record(*, user: Any, how: str) -> AuditEvent:
    """Record that ``user`` signed in, and how (``"password"``, the provider's name...)."""
    return audit_record(
        user=user,
        action=AuditEvent.Action.SIGN_IN,
        obj=user,
        context=_context(user),
        note=f"Signed in with {how}",
    )


@transaction.atomic
def sign_in_refusal_record(*, user: Any, how: str, reason: str) -> AuditEvent:
    """Record that a sign-in as ``user`` was refused, and why."""
    return audit_record(
        user=user,
        action=AuditEvent.Action.REFUSED,
        obj=user,
        context=_context(user),
        note=f"Sign-in with {how} refused: {reason}"[:2000],
    )
