"""Deleted plan parts, kept whole so that nothing a partnership wrote is lost.

When a plan file or an edit deletes a part of a plan, the part and every row that hangs
from it (a measure's commentary with its revisions, its figures, milestones and the
governance decisions linked to it; an outcome's evidence; a priority's outcomes...) are
kept as a ``DeletedItem``: the rows as Django serialises them, with their ids and times,
and the rows elsewhere that pointed at the part and were set to none. Restoring writes the
same rows back, so a commentary comes back with its revisions, ids and dates unchanged.

The rows are found by Django's own deletion collector, so whatever cascades from a part
today, or from a model added later, is kept without a list to maintain here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from cypp.accounts.audit import actor_name, audit_context, audit_record
from cypp.accounts.models import AuditEvent
from cypp.errors import ApplicationError
from cypp.plans.models import DeletedItem, Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# What a deleted part carries that people wrote or decided, in the words the refusal uses.
CARRIED_WORDS = {
    "plans.outcome": "outcomes",
    "plans.measure": "measures",
    "commentary.measurecommentary": "commentaries",
    "commentary.commentaryrevision": "commentary revisions",
    "commentary.qualitativeevidence": "pieces of evidence",
    "plans.measurevalue": "figures",
    "plans.milestone": "milestones",
    "plans.commitmentmilestone": "milestones",
    "plans.progressnote": "progress notes",
    "governance.planlink": "decisions",
}
_WORD_ORDER = list(dict.fromkeys(CARRIED_WORDS.values()))
# The ones whose loss a plan file must confirm (measures and outcomes are only counted).
MUST_CONFIRM = (
    "commentaries",
    "commentary revisions",
    "pieces of evidence",
    "figures",
    "milestones",
    "progress notes",
    "decisions",
)


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restored row keeps its microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class RestoreRefused(ApplicationError):
    """A deleted item cannot be restored as things stand; the message says why."""


class _KeepEverything(Collector):
    """Django's deletion collector, made to load every row (no fast deletes)."""

    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False


def _collect(instance: models.Model) -> _KeepEverything:
    collector = _KeepEverything(using=router.db_for_write(type(instance)))
    collector.collect([instance])
    collector.sort()
    return collector


def _collected(collector: _KeepEverything) -> list[models.Model]:
    """Every row the deletion takes, whole (the collector loads only the fields it needs),
    parents before children, as restoring must write them."""
    rows: list[models.Model] = []
    for model, instances in reversed(list(collector.data.items())):
        pks = sorted(obj.pk for obj in instances)
        rows.extend(model._base_manager.filter(pk__in=pks).order_by("pk"))
    return rows


def carried(instance: models.Model) -> dict[str, int]:
    """What deleting this part would take with it, counted by kind: ``{'figures': 5}``."""
    counts: Counter[str] = Counter()
    for model, instances in _collect(instance).data.items():
        word = CARRIED_WORDS.get(model._meta.label_lower)
        if word is not None:
            counts[word] += len(instances) - (1 if type(instance) is model else 0)
    return {word: counts[word] for word in _WORD_ORDER if counts[word]}


def carried_words(counts: dict[str, int]) -> str:
    """'2 commentaries, 5 commentary revisions and 5 figures' (singular where one)."""
    parts = [f"{n} {_singular(word) if n == 1 else word}" for word, n in counts.items()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _singular(word: str) -> str:
    for plural, one in (
        ("commentaries", "commentary"),
        ("pieces of evidence", "piece of evidence"),
        ("progress notes", "progress note"),
    ):
        if word.endswith(plural):
            return word[: -len(plural)] + one
    return word[:-1] if word.endswith("s") else word


def deleted_item_keep(
    *,
    plan: Plan,
    instance: models.Model,
    path: str = "",
    by: User | AnonymousUser | None = None,
    reason: str = "",
) -> DeletedItem:
    """Keep ``instance`` and everything its deletion takes, before the caller deletes it.

    Call inside the deleting transaction, just before ``delete()``: if the deletion is
    rolled back, so is the kept copy."""
    collector = _collect(instance)
    rows = _collected(collector)
    inside = {(type(row)._meta.label_lower, row.pk) for row in rows}
    relinks: list[dict[str, Any]] = []
    for (field, _value), batches in collector.field_updates.items():
        label = field.model._meta.label_lower
        for batch in batches:
            # A queryset of the rows set to none, or (from a related collection) the rows.
            rows_set_null = cast("Iterable[Any]", batch)
            pairs = (
                batch.values_list("pk", field.attname)
                if isinstance(batch, models.QuerySet)
                else [(obj.pk, getattr(obj, field.attname)) for obj in rows_set_null]
            )
            relinks.extend(
                {"model": label, "pk": pk, "field": field.attname, "value": value}
                for pk, value in pairs
                if (label, pk) not in inside
            )
    snapshot = {
        "root": [type(instance)._meta.label_lower, instance.pk],
        "objects": json.loads(serializers.serialize("json", rows, cls=_ExactJSONEncoder)),
        "relinks": relinks,
    }
    return DeletedItem.objects.create(
        plan=plan,
        kind=str(type(instance)._meta.verbose_name),
        key=str(getattr(instance, "key", "") or getattr(instance, "period", "") or instance.pk),
        title=str(instance)[:300],
        path=path[:500],
        carried=carried(instance),
        snapshot=snapshot,
        deleted_by=actor_name(by),
        reason=reason[:300],
    )


def deleted_items_list(
    *, plan: Plan, include_restored: bool = True
) -> models.QuerySet[DeletedItem]:
    """The plan's deleted items, newest first (without their snapshots, which can be big)."""
    items = DeletedItem.objects.filter(plan=plan).defer("snapshot")
    if not include_restored:
        items = items.filter(restored_at__isnull=True)
    return items.order_by("-deleted_at", "-id")


def _restore_problems(objects: list[Any], inside: set[tuple[str, Any]]) -> list[str]:
    """Why the rows cannot go back as they were ([] when they can). Links to rows outside
    the snapshot that have gone since are cleared where the field allows none."""
    problems: list[str] = []
    for deserialized in objects:
        obj = deserialized.object
        meta = obj._meta
        name = f"{meta.verbose_name} {getattr(obj, 'key', '') or obj.pk}"
        if type(obj)._base_manager.filter(pk=obj.pk).exists():
            problems.append(f"{name} is in CYPP already (restored before?)")
            continue
        for field in meta.concrete_fields:
            if not field.is_relation or not field.many_to_one:
                continue
            value = getattr(obj, field.attname)
            target = field.related_model
            if value is None or (target._meta.label_lower, value) in inside:
                continue
            if target._base_manager.filter(pk=value).exists():
                continue
            if field.null:
                setattr(obj, field.attname, None)  # e.g. a writer whose account has gone
            else:
                problems.append(
                    f"the {field.verbose_name} {name} belonged to is no longer there; "
                    "restore that first"
                )
        try:
            obj.validate_constraints()
        except ValidationError as error:
            problems.append(f"{name}: {' '.join(error.messages)}")
    return problems


@transaction.atomic
def deleted_item_restore(
    *, item: DeletedItem, by: User | AnonymousUser | None = None
) -> DeletedItem:
    """Put a deleted item back exactly as it was (ids, texts, dates, revisions), relink the
    rows that pointed at it, and record the restore in the plan's history. Raises
    ``RestoreRefused`` (and changes nothing) when it cannot go back as it was."""
    item = DeletedItem.objects.select_for_update().get(pk=item.pk)
    if item.restored_at is not None:
        raise RestoreRefused(
            f"{item.kind} {item.key!r} was restored on {item.restored_at:%Y-%m-%d %H:%M} "
            f"by {item.restored_by}."
        )
    objects = list(serializers.deserialize("json", json.dumps(item.snapshot["objects"])))
    inside = {(d.object._meta.label_lower, d.object.pk) for d in objects}
    problems = _restore_problems(objects, inside)
    if problems:
        raise RestoreRefused(
            f"Cannot restore {item.kind} {item.key!r}: " + "; ".join(problems) + "."
        )
    for deserialized in objects:
        deserialized.save()  # a raw save: ids and dates (even automatic ones) as they were
    for link in item.snapshot.get("relinks", []):
        model = apps.get_model(link["model"])
        model._base_manager.filter(pk=link["pk"], **{link["field"]: None}).update(
            **{link["field"]: link["value"]}
        )
    item.restored_at = timezone.now()
    item.restored_by = actor_name(by)
    item.save(update_fields=["restored_at", "restored_by"])
    label, pk = item.snapshot["root"]
    root = next(
        (d.object for d in objects if (d.object._meta.label_lower, d.object.pk) == (label, pk)),
        item,
    )
    what = carried_words(item.carried)
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=root,
        context=audit_context(plan=item.plan),
        note=f"restored {item.kind} {item.key!r} deleted on {item.deleted_at:%Y-%m-%d %H:%M} "
        f"by {item.deleted_by}" + (f", with {what}" if what else ""),
    )
    return item
