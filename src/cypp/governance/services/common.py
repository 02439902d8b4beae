"""What every governance write shares: its error and the audit helpers (a body's changes are
filed under ``audit_context(body=...)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model

from cypp.accounts.audit import audit_context, audit_record, changes_between, field_values
from cypp.accounts.models import AuditEvent
from cypp.errors import ApplicationError
from cypp.governance.models import Body

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    UserLike = User | AnonymousUser | None
else:
    UserLike = Any


class GovernanceError(ApplicationError, ValueError):
    """Input a governance service refuses, with a message to show the person as it is."""


def audit_created(*, by: UserLike, obj: Model, body: Body, fields: list[str]) -> None:
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=obj,
        context=audit_context(body=body),
        changes=changes_between({}, field_values(obj, fields)),
    )


def audit_changed(
    *,
    by: UserLike,
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
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=obj,
            context=audit_context(body=body),
            changes=changes,
            note=note,
        )
    return bool(changes)


def text_required(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise GovernanceError(f"Enter the {what}")
    return text
