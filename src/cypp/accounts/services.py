"""Writes for accounts: the audit trail every other service records its changes in."""

from __future__ import annotations

import datetime as dt
import decimal
import getpass
from typing import TYPE_CHECKING, Any, cast

from django.db import models

from cypp.accounts.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the history."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def field_values(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The object's values for these fields, as they would read in the history."""
    return {f: _plain(getattr(obj, f)) for f in fields}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value differs."""
    return {
        f: [before.get(f), after.get(f)]
        for f in sorted(set(before) | set(after))
        if before.get(f) != after.get(f)
    }


def audit_record(
    *,
    user: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    context: str = "",
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record who did what to which object; call inside the same transaction as the change."""
    authenticated = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        user=cast("User", user) if authenticated else None,
        user_name=(user.get_username() if authenticated and user else "") or getpass.getuser(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        context=context,
        changes=changes or {},
        note=note,
    )
