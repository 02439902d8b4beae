"""Reads of the evidence store: what is loaded, one indicator's observations, periods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Max, Min

from cypp.geography.models import Area
from cypp.indicators.models import ImportBatch, Indicator, Observation, Period, Source
from cypp.indicators.periods import period_label_key


class UnknownIndicator(LookupError):
    pass


class UnknownPeriod(LookupError):
    pass


@dataclass(frozen=True, slots=True)
class SourceSummary:
    source: Source
    indicators: int
    observations: int
    areas: int
    first_period: str | None
    last_period: str | None
    batches: int
    last_import: ImportBatch | None


def _observation_counts(newest_batch_id: int | None) -> dict[int, dict[str, Any]]:
    """Observations, areas and first and last periods per source.

    A scan of every observation (about 2 s on PostgreSQL for the demo's 650,000, measured by
    the load test in ``benchmarks/bench_load.py``), so it is kept in the page cache under
    the newest import batch: observations change only through imports, so a new batch
    means a new key and a stale count is never read.
    """
    key = f"evidence-summary:observation-counts:{newest_batch_id}"
    cache = caches["pages"]
    counts: dict[int, dict[str, Any]] | None = cache.get(key)
    if counts is None:
        counts = {
            row["indicator__source"]: dict(row)
            for row in Observation.objects.values("indicator__source").annotate(
                n=Count("id"),
                areas=Count("area", distinct=True),
                first=Min("period__sort_key"),
                last=Max("period__sort_key"),
            )
        }
        cache.set(key, counts)
    return counts


def evidence_summary() -> list[SourceSummary]:
    """Each source with its counts; a fixed number of queries whatever the size of the store."""
    sources = list(
        Source.objects.annotate(
            n_indicators=Count("indicators", distinct=True),
            n_batches=Count("batches", distinct=True),
        ).order_by("name")
    )
    latest: dict[int, ImportBatch] = {}
    latest_ids = ImportBatch.objects.values("source").annotate(last=Max("id")).values("last")
    for batch in ImportBatch.objects.filter(id__in=latest_ids):
        latest[batch.source_id] = batch
    counts = _observation_counts(max((b.pk for b in latest.values()), default=None))
    keys = {v for row in counts.values() for v in (row["first"], row["last"])}
    labels = dict(Period.objects.filter(sort_key__in=keys).values_list("sort_key", "label"))
    summaries = []
    for source in sources:
        row = counts.get(source.pk, {})
        summaries.append(
            SourceSummary(
                source=source,
                indicators=source.n_indicators,
                observations=row.get("n", 0),
                areas=row.get("areas", 0),
                first_period=labels.get(row["first"]) if row else None,
                last_period=labels.get(row["last"]) if row else None,
                batches=source.n_batches,
                last_import=latest.get(source.pk),
            )
        )
    return summaries


def indicator_get(*, reference: str) -> Indicator:
    """The indicator named SOURCE:CODE, e.g. ``lait:LAC`` or ``fingertips:90284``."""
    source, sep, code = reference.partition(":")
    if not sep or not code:
        raise UnknownIndicator(f"{reference!r}: name an indicator as SOURCE:CODE, e.g. lait:LAC.")
    indicator = (
        Indicator.objects.select_related("source").filter(source__key=source, code=code).first()
    )
    if indicator is None:
        raise UnknownIndicator(f"No indicator {reference!r} is loaded.")
    return indicator


def period_for(*, indicator: Indicator, label: str | None) -> Period:
    """The indicator's period with this label, or its latest period when label is None."""
    periods = Period.objects.filter(observations__indicator=indicator).distinct()
    if label is None:
        latest = periods.order_by("-sort_key").first()
        if latest is None:
            raise UnknownPeriod(f"{indicator.reference} has no observations.")
        return latest
    wanted = period_label_key(label)
    for period in periods:
        if period_label_key(period.label) == wanted:
            return period
    known = ", ".join(p.label for p in periods.order_by("sort_key"))
    raise UnknownPeriod(f"{indicator.reference} has no period {label!r}; it has {known}.")


def observations_list(
    *, indicator: Indicator, area: Area, period: Period | None = None
) -> list[Observation]:
    """The area's observations of the indicator, oldest first, with period and batch."""
    query = (
        Observation.objects.filter(indicator=indicator, area=area)
        .select_related("period", "batch")
        .annotate(revision_count=Count("revisions"))
    )
    if period is not None:
        query = query.filter(period=period)
    return list(query.order_by("period__sort_key"))
