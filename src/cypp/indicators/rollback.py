"""Rolling back an import batch: the evidence store as it was before, with nothing lost.

``import_batch_rollback`` restores the observations the batch revised to their previous
values (and the batch they came from), removes the observations it created, and restores
the indicator descriptions it changed, all in one transaction. It refuses when a later
batch has changed any of those observations or descriptions since: roll that one back
first. The rolled-back batch stays in the history, marked with who and when; the rollback
is itself a batch (``rollback_of``) holding a revision for every value it restored, a
revision for every description, and the observations it removed with their values.
Indicators and periods the batch created are kept: plans may already name them.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cypp.errors import ApplicationError
from cypp.indicators.indicator_revisions import jsonable
from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    IndicatorRevision,
    Observation,
    ObservationRevision,
)

ROLLBACK_IMPORTER = "rollback"
_DEFAULTS: dict[str, Any] = {
    "status": "",
    "provisional": False,
    "estimate": False,
    "value_note": "",
}


class RollbackRefused(ApplicationError):
    """The batch cannot be rolled back; the message says why in the user's words."""


def import_batch_rollback_refusal(*, batch: ImportBatch) -> str:
    """Why this batch cannot be rolled back now ("" if it can)."""
    if batch.status == ImportBatch.Status.ROLLED_BACK:
        when = f" on {batch.rolled_back_at:%d %B %Y at %H:%M}" if batch.rolled_back_at else ""
        return f"This batch was already rolled back{when}."
    if batch.status == ImportBatch.Status.ROLLBACK:
        return "A rollback cannot itself be rolled back: import the file again instead."
    later = (
        ObservationRevision.objects.filter(previous_batch=batch)
        .exclude(observation__batch=batch)
        .values_list("replaced_by_id", flat=True)
        .distinct()
    )
    touched = sorted(set(later))
    if touched:
        count = (
            ObservationRevision.objects.filter(previous_batch=batch)
            .exclude(observation__batch=batch)
            .values("observation_id")
            .distinct()
            .count()
        )
        return (
            f"{count} of this batch's observations were changed since by later "
            f"batch{'es' if len(touched) > 1 else ''} {', '.join(str(t) for t in touched)}: "
            "roll those back first."
        )
    described = IndicatorRevision.objects.filter(batch=batch).values_list("indicator_id", flat=True)
    later_descriptions = (
        IndicatorRevision.objects.filter(indicator_id__in=list(described), batch_id__gt=batch.pk)
        .exclude(
            Q(batch__status=ImportBatch.Status.ROLLED_BACK)
            | Q(batch__status=ImportBatch.Status.ROLLBACK)
        )
        .values_list("batch_id", flat=True)
        .distinct()
    )
    if later_descriptions:
        names = ", ".join(str(b) for b in sorted(set(later_descriptions)))
        return (
            f"Later batch {names} changed the description of an indicator this batch "
            "changed: roll that back first."
        )
    return ""


def import_batch_rollback(*, batch: ImportBatch, by: Any) -> ImportBatch:
    """Undo one import batch in one transaction; the rollback batch that records it.

    Raises RollbackRefused (nothing changed) when a later batch changed the same rows or
    indicator descriptions, or the batch is already rolled back or is a rollback.
    """
    who = by.get_username() if getattr(by, "is_authenticated", False) else ""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        refusal = import_batch_rollback_refusal(batch=batch)
        if refusal:
            raise RollbackRefused(refusal)
        now = timezone.now()
        undo = ImportBatch.objects.create(
            source_id=batch.source_id,
            importer=ROLLBACK_IMPORTER,
            file_name=batch.file_name,
            file_hash="",
            options={"rollback_of": batch.pk},
            imported_by=by if who else None,
            imported_by_name=who,
            started_at=now,
            finished_at=now,
            status=ImportBatch.Status.ROLLBACK,
            rollback_of=batch,
        )
        restored = _observations_restore(batch=batch, undo=undo, now=now)
        removed = _observations_remove(batch=batch)
        described = _descriptions_restore(batch=batch, undo=undo, now=now)
        undo.rows_revised = restored
        undo.removed = removed
        undo.indicators_revised = described
        undo.finished_at = timezone.now()
        undo.save(update_fields=["rows_revised", "removed", "indicators_revised", "finished_at"])
        batch.status = ImportBatch.Status.ROLLED_BACK
        batch.rolled_back_at = now
        batch.rolled_back_by_name = who
        batch.save(update_fields=["status", "rolled_back_at", "rolled_back_by_name"])
    return undo


def _observations_restore(*, batch: ImportBatch, undo: ImportBatch, now: Any) -> int:
    """Put back the values the batch replaced; keep the batch's own as revisions of undo."""
    revisions = list(
        ObservationRevision.objects.filter(replaced_by=batch).select_related("observation")
    )
    observations, kept = [], []
    for revision in revisions:
        observation = revision.observation
        current = {f: getattr(observation, f) for f in OBSERVATION_VALUE_FIELDS}
        kept.append(
            ObservationRevision(
                observation=observation,
                previous=jsonable(current),
                previous_batch=batch,
                replaced_by=undo,
                replaced_at=now,
            )
        )
        for name in OBSERVATION_VALUE_FIELDS:
            value = revision.previous.get(name, _DEFAULTS.get(name))
            setattr(
                observation,
                name,
                _DEFAULTS.get(name) if value is None and name in _DEFAULTS else value,
            )
        observation.batch_id = revision.previous_batch_id or undo.pk
        observations.append(observation)
    ObservationRevision.objects.bulk_create(kept, batch_size=1000)
    Observation.objects.bulk_update(
        observations, [*OBSERVATION_VALUE_FIELDS, "batch"], batch_size=1000
    )
    return len(observations)


def _observations_remove(*, batch: ImportBatch) -> list[list[Any]]:
    """Delete the observations the batch created; their values, for the rollback's record."""
    created = Observation.objects.filter(batch=batch).exclude(revisions__replaced_by=batch)
    columns = ["indicator__source__key", "indicator__code", "area__code", "period__label"]
    removed = [list(row) for row in created.values_list(*columns, *OBSERVATION_VALUE_FIELDS)]
    Observation.objects.filter(pk__in=list(created.values_list("pk", flat=True))).delete()
    return removed


def _descriptions_restore(*, batch: ImportBatch, undo: ImportBatch, now: Any) -> int:
    """Give each indicator the description it had before the batch; keep the batch's own."""
    revisions = list(IndicatorRevision.objects.filter(batch=batch).select_related("indicator"))
    kept = []
    for revision in revisions:
        indicator = revision.indicator
        current = {f: getattr(indicator, f) for f in revision.previous}
        for name, value in revision.previous.items():
            setattr(indicator, name, value)
        indicator.save(update_fields=list(revision.previous))
        kept.append(
            IndicatorRevision(
                indicator=indicator,
                previous=jsonable(current),
                current=dict(revision.previous),
                batch=undo,
                revised_at=now,
            )
        )
    IndicatorRevision.objects.bulk_create(kept)
    return len(kept)
