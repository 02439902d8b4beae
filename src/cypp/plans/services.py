"""Writes to plans made in the browser: every change saved with who, when, before and after.

Plan files have their own loader (``cypp.plans.plan_files``); both record in the same
audit trail under the context ``plan:<key>``, so a plan's history reads as one story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model

from cypp.accounts.audit import (
    audit_context,
    audit_record,
    audit_saved,
    field_values,
)
from cypp.accounts.models import AuditEvent, Partnership
from cypp.errors import ApplicationError
from cypp.plans.deleted_items import deleted_item_keep
from cypp.plans.models import Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@transaction.atomic
def plan_part_save(
    *,
    by: User | AnonymousUser | None,
    plan: Plan,
    instance: Model,
    fields: list[str],
) -> Model:
    """Save a new or changed part of a plan (or the plan itself) and record the change.

    ``fields`` are the ones the history shows; the values before are read from the database,
    not from the edited instance, so the record says what really changed.
    """
    created = instance.pk is None
    before = (
        {} if created else field_values(type(instance)._default_manager.get(pk=instance.pk), fields)
    )
    instance.save()
    audit_saved(
        by=by,
        obj=instance,
        created=created,
        before=before,
        fields=fields,
        context=audit_context(plan=plan),
    )
    return instance


@transaction.atomic
def plan_part_delete(
    *, by: User | AnonymousUser | None, plan: Plan, instance: Model, fields: list[str]
) -> None:
    """Delete a part of a plan, keeping its last values in the history and the part itself,
    with everything hanging from it, as a restorable ``DeletedItem``."""
    before = field_values(instance, fields)
    deleted_item_keep(plan=plan, instance=instance, by=by, reason="deleted in CYPP")
    audit_record(
        by=by,
        action=AuditEvent.Action.DELETE,
        obj=instance,
        context=audit_context(plan=plan),
        # Every field, empty ones too: the history shows the whole of what was deleted.
        changes={f: [v, None] for f, v in before.items()},
    )
    instance.delete()


def audited_fields(form_fields: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    """The model fields a form edits, as the history should show them."""
    helpers = {"indicator_reference", "area_code"}
    return [f for f in form_fields if f not in helpers] + list(extra)


class RatingRulesRejected(ApplicationError, ValueError):
    """Rating rules that cannot be used; the message says which and why. Nothing is saved."""


@transaction.atomic
def partnership_rating_rules_set(
    *, by: User | AnonymousUser | None, partnership: Partnership, rules: dict[str, Any]
) -> Partnership:
    """Set how the partnership's measures are rated (``{}`` for the defaults), recorded in
    the audit trail with the rules before and after. Every rule is checked first, so a rule
    that would break every page is refused and nothing changes."""
    from cypp.stats import RagRules

    if not isinstance(rules, dict):
        raise RatingRulesRejected("rating rules are a mapping of rule: value")
    try:
        RagRules.from_mapping(rules)
    except (TypeError, ValueError) as error:
        raise RatingRulesRejected(f"rating rules refused: {error}") from error
    before = partnership.rating_rules
    if before == rules:
        return partnership
    partnership.rating_rules = rules
    partnership.save(update_fields=["rating_rules"])
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=partnership,
        context=audit_context(partnership=partnership),
        changes={"rating_rules": [before, rules]},
    )
    return partnership
