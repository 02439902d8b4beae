"""What every governance write shares: its error, the audit context, the audit helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model

from cypp.accounts.models import AuditEvent
from cypp.accounts.services import audit_record, changes_between, field_values
from cypp.errors import ApplicationError
from cypp.governance.models import Body

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    UserLike = User | AnonymousUser | None
else:
    UserLike = Any


class GovernanceError(ApplicationError, ValueError):
    """Input a governance service refuses, with a message to show the person as it is."""


def body_context(body: Body) -> str:
    """Where a change to a body, its meetings, decisions and actions is filed in the audit."""
    return f"body:{body.partnership.key}/{body.key}"


def audit_created(*, user: UserLike, obj: Model, body: Body, fields: list[str]) -> None:
    audit_record(
        user=user,
        action=AuditEvent.Action.CREATE,
        obj=obj,
        context=body_context(body),
        changes=changes_between({}, field_values(obj, fields)),
    )


def audit_changed(
    *,
    user: UserLike,
    obj: Model,
    body: Body,
    before: dict[str, Any],
    fields: list[str],
    note: str = "",
) -> bool:
    """Record the change if anything changed; say whether it did."""
    changes = changes_between(before, field_values(obj, fields))
    if changes or note:
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=obj,
            context=body_context(body),
            changes=changes,
            note=note,
        )
    return bool(changes)


def text_required(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise GovernanceError(f"Enter the {what}")
    return text
