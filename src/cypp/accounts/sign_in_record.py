"""How a session was signed in, and the audit trail's record of sign-ins and refusals.

Sign-ins are recorded on the person's user (context ``person:<id>``, as their profile
changes are), so a person's history shows when and how they signed in. A refusal is only
recorded when it can be tied to a person (a wrong two-factor code, a switched-off account);
a stranger's failed attempts go to the log (and django-axes counts them).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent

# Session key: how this session was signed in.
SIGNED_IN_WITH = "cypp_signed_in_with"
PASSWORD_FORM = "password"  # noqa: S105 - a way of signing in, not a password
SINGLE_SIGN_ON = "single-sign-on"


@transaction.atomic
def sign_in_record(*, user: Any, how: str) -> AuditEvent:
    """Record that ``user`` signed in, and how (``"password"``, the provider's name...)."""
    return audit_record(
        by=user,
        action=AuditEvent.Action.SIGN_IN,
        obj=user,
        context=audit_context(person=user),
        note=f"Signed in with {how}",
    )


@transaction.atomic
def sign_in_refusal_record(*, user: Any, how: str, reason: str) -> AuditEvent:
    """Record that a sign-in as ``user`` was refused, and why."""
    return audit_record(
        by=user,
        action=AuditEvent.Action.REFUSED,
        obj=user,
        context=audit_context(person=user),
        note=f"Sign-in with {how} refused: {reason}"[:2000],
    )
