"""Reads for the import history: batches newest first, and what one batch changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    IndicatorRevision,
    Observation,
    ObservationRevision,
)

BATCHES_PER_PAGE = 25
# Revisions listed on a batch's page (the counts cover them all).
REVISIONS_SHOWN = 500


def import_batches_page(*, page: Any) -> Page[ImportBatch]:
    """One page of the import batches, newest first."""
    batches: QuerySet[ImportBatch] = ImportBatch.objects.select_related("source").order_by(
        "-started_at", "-pk"
    )
    return Paginator(batches, BATCHES_PER_PAGE).get_page(page)


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One value of an observation or an indicator before and after an import (what a
    batch's page lists and what an import reports)."""

    indicator: str
    area: str
    period: str
    field: str
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "area": self.area,
            "period": self.period,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class BatchDetail:
    batch: ImportBatch
    created: int  # observations the batch created that are still stored
    value_changes: list[ValueChange]
    revised_total: int
    indicator_revisions: list[IndicatorRevision]
    rollbacks: list[ImportBatch]


def import_batch_detail(*, batch: ImportBatch) -> BatchDetail:
    """What a batch changed: its observation revisions (each changed field before and
    after) and its indicator descriptions before and after."""
    revisions = ObservationRevision.objects.filter(replaced_by=batch).select_related(
        "observation__indicator__source", "observation__area", "observation__period"
    )
    revised_total = revisions.count()
    shown = list(
        revisions.order_by("observation__indicator__code", "observation_id")[:REVISIONS_SHOWN]
    )
    later: dict[int, dict[str, Any]] = {}
    for r in ObservationRevision.objects.filter(
        previous_batch=batch, observation_id__in=[r.observation_id for r in shown]
    ).order_by("replaced_at", "pk"):
        later.setdefault(r.observation_id, r.previous)
    changes = []
    for revision in shown:
        observation = revision.observation
        # The batch's own values: the observation's now, unless a later batch changed it.
        after = later.get(observation.pk) or {
            f: getattr(observation, f) for f in OBSERVATION_VALUE_FIELDS
        }
        for name in OBSERVATION_VALUE_FIELDS:
            before = revision.previous.get(name)
            if before != after.get(name):
                changes.append(
                    ValueChange(
                        indicator=observation.indicator.reference,
                        area=observation.area.name,
                        period=observation.period.label,
                        field=name,
                        before=before,
                        after=after.get(name),
                    )
                )
    return BatchDetail(
        batch=batch,
        created=Observation.objects.filter(batch=batch)
        .exclude(revisions__replaced_by=batch)
        .count(),
        value_changes=changes,
        revised_total=revised_total,
        indicator_revisions=list(
            IndicatorRevision.objects.filter(batch=batch).select_related("indicator__source")
        ),
        rollbacks=list(batch.rollbacks.all()),
    )
