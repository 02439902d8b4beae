"""Writes for accounts: people, their roles (every change audited), and the audit trail every
other service records its changes in."""

from __future__ import annotations

import datetime as dt
import decimal
import getpass
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction

from cypp.accounts.models import AuditEvent, Organisation, PartnershipRole, Person, Role
from cypp.accounts.selectors import access_forget

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


def _role_context(partnership: Any) -> str:
    return f"partnership:{partnership.key}"


@transaction.atomic
def partnership_role_set(
    *,
    by: User | AnonymousUser | None,
    user: User,
    partnership: Any,
    role: str,
) -> PartnershipRole:
    """Give ``user`` this role in ``partnership`` (replacing any other) and record the change.

    ``partnership`` is a ``plans.Partnership``; giving the same role again records nothing.
    """
    if role not in Role.values:
        raise ValueError(f"No role {role!r}; choose one of {', '.join(Role.values)}.")
    current = PartnershipRole.objects.filter(user=user, partnership=partnership).first()
    before = current.role if current else None
    if current is None:
        current = PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    elif current.role != role:
        current.role = role
        current.save(update_fields=["role"])
    if before != role:
        audit_record(
            user=by,
            action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
            obj=current,
            context=_role_context(partnership),
            changes={"role": [before, role]},
        )
    access_forget(user)
    return current


@transaction.atomic
def partnership_role_remove(
    *, by: User | AnonymousUser | None, user: User, partnership: Any
) -> None:
    """Take away ``user``'s role in ``partnership`` (if any) and record the change."""
    current = PartnershipRole.objects.filter(user=user, partnership=partnership).first()
    if current is not None:
        audit_record(
            user=by,
            action=AuditEvent.Action.DELETE,
            obj=current,
            context=_role_context(partnership),
            changes={"role": [current.role, None]},
        )
        current.delete()
    access_forget(user)


@transaction.atomic
def person_save(
    *,
    by: User | AnonymousUser | None,
    user: User,
    organisation: Organisation | None,
    display_name: str = "",
) -> Person:
    """Create or change a person's profile (their organisation decides what a contributor
    may edit, so a change is recorded like a role change)."""
    person = Person.objects.filter(user=user).first()
    created = person is None
    before = {} if person is None else field_values(person, _PERSON_FIELDS)
    if person is None:
        person = Person(user=user)
    person.organisation = organisation
    person.display_name = display_name
    person.save()
    changes = changes_between(before, field_values(person, _PERSON_FIELDS))
    if created or changes:
        audit_record(
            user=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=person,
            context=f"person:{user.pk}",
            changes=changes,
        )
    access_forget(user)
    return person


_PERSON_FIELDS = ["organisation", "display_name"]
