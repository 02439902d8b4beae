"""The audit trail every service records its changes in: who did what to which object,
filed under the context whose history shows it.

``audit_record`` writes one record, inside the caller's transaction. ``audit_context`` is the
one place that names a context (``plan:<key>``, ``partnership:<key>``,
``body:<partnership>/<body>``, ``person:<user id>``): the services that file records and the
selectors that read a history both use it, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import decimal
import getpass
from typing import TYPE_CHECKING, Any, cast

from django.db import models

from cypp.accounts.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def audit_context(
    *,
    plan: Any = None,
    partnership: Any = None,
    body: Any = None,
    person: Any = None,
) -> str:
    """The context a record is filed under, from exactly one of: a plan (or its key), a
    partnership (or its key), a governance body (filed under its partnership), or a person
    (their user account, or its id)."""
    given = [name for name, value in locals().items() if value is not None]
    if len(given) != 1:
        raise TypeError(
            f"audit_context takes exactly one of plan, partnership, body, person; got {given}"
        )
    if plan is not None:
        return f"plan:{_key(plan)}"
    if partnership is not None:
        return f"partnership:{_key(partnership)}"
    if body is not None:
        return f"{bodies_context_prefix(body.partnership)}{body.key}"
    return f"person:{person if isinstance(person, int) else person.pk}"


def bodies_context_prefix(partnership: Any) -> str:
    """What the context of every governance body of ``partnership`` starts with."""
    return f"body:{_key(partnership)}/"


def _key(thing: Any) -> str:
    return thing if isinstance(thing, str) else str(thing.key)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, readable in the history."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
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


def actor_name(by: User | AnonymousUser | None) -> str:
    """The name a change is recorded by: the username of the person signed in, else (the
    command line, background work) the account running the process."""
    if by is not None and by.is_authenticated:
        return by.get_username() or getpass.getuser()
    return getpass.getuser()


# A model that moved app keeps the label its audit records always had, so that its history
# reads as one (docs/adr/0016-layers.md); ``accounts.forms_people.MOVED`` names them.
AUDIT_LABELS = {
    "accounts.partnership": "plans.partnership",
    "governance.boardpack": "reports.boardpack",
}


def audit_label(obj: models.Model) -> str:
    """The ``object_type`` of ``obj``'s audit records: ``app.model``, as it was first made."""
    label = obj._meta.label_lower
    return AUDIT_LABELS.get(label, label)


def audit_record(
    *,
    by: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    context: str = "",
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Record that ``by`` did ``action`` to ``obj``; call inside the same transaction as the
    change. ``by`` is the person acting: anyone not signed in (or ``None``, the command line
    and background work) is recorded by the name of the account running the process."""
    authenticated = by is not None and by.is_authenticated
    return AuditEvent.objects.create(
        user=cast("User", by) if authenticated else None,
        user_name=actor_name(by),
        action=action,
        object_type=audit_label(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        context=context,
        changes=changes or {},
        note=note,
    )


def audit_saved(
    *,
    by: User | AnonymousUser | None,
    obj: models.Model,
    created: bool,
    before: dict[str, Any],
    fields: list[str],
    context: str = "",
) -> None:
    """Record the creation of ``obj``, or the change of its ``fields`` from ``before``, once
    it is saved; a save that changed none of them records nothing. Call inside the same
    transaction as the save."""
    changes = changes_between(before, field_values(obj, fields))
    if created or changes:
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=obj,
            context=context,
            changes=changes,
        )
