"""Gathering the numbers a set of measures needs, in a fixed number of queries.

The measures' own areas, England, their comparison regions and (for the measure page's
chart) their statistical neighbours over time; then every local authority's figure for each
measure's latest period, for ranks, quartile bands and the neighbours' average. A count
compared on a rate brings its paired rate, or the population its rate is computed from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Q

from cypp.assessment import coverage, judging
from cypp.assessment.rates import (
    RateBasis,
    computed_rates,
    population_for,
    rate_basis,
    rate_references,
    rates_by_area,
)
from cypp.assessment.series import Point, as_at, comparison_region, with_indices
from cypp.geography.models import Area, AreaType, Neighbour
from cypp.geography.selectors import comparator_model_latest
from cypp.indicators.models import Indicator, Observation
from cypp.plans.models import Measure

if TYPE_CHECKING:
    import datetime as dt

    from cypp.assessment.measures import MeasureAssessment

ENGLAND = "E92000001"


@dataclass
class EvidenceStore:
    """The numbers the measures need, gathered in a fixed number of queries."""

    england_id: int
    authorities: int
    series: dict[tuple[int, int], list[Point]]
    neighbour_links: dict[int, list[int]]
    bases: dict[int, RateBasis | None]
    # (indicator, period id) -> {local authority id: value}
    authority_values: dict[tuple[int, int], dict[int, float]] = field(default_factory=dict)
    # (indicator, period id) -> current authorities with a row, a figure or a mark
    authority_rows: dict[tuple[int, int], int] = field(default_factory=dict)


def evidence_gather(
    measures: list[Measure], with_neighbours: bool, cut: dt.date | None
) -> EvidenceStore:
    """Every series the measures need, as at ``cut`` (all data when None)."""
    indicators = {m.indicator.pk: m.indicator for m in measures if m.indicator}
    references = rate_references([i for i in indicators.values() if i])
    known: dict[str, Indicator] = {}
    if references:
        keys = Q()
        for ref in references:
            source, _, code = ref.partition(":")
            keys |= Q(source__key=source, code=code)
        known = {i.reference: i for i in Indicator.objects.filter(keys).select_related("source")}
    bases = {pk: rate_basis(i, known) for pk, i in indicators.items()}
    england_id = Area.objects.filter(code=ENGLAND).values_list("id", flat=True).first() or 0
    authorities = coverage.authorities_expected()
    neighbour_links: dict[int, list[int]] = defaultdict(list)
    model = comparator_model_latest() if measures else None
    if model is not None:
        for area_id, neighbour_id in (
            Neighbour.objects.filter(model=model, area_id__in={m.area_id for m in measures})
            .order_by("rank")
            .values_list("area_id", "neighbour_id")
        ):
            neighbour_links[area_id].append(neighbour_id)
    series: dict[tuple[int, int], list[Point]] = defaultdict(list)
    if measures:
        area_ids: set[int] = {m.area_id for m in measures if m.area_id} | {england_id}
        for m in measures:
            region = comparison_region(m.area) if m.area else None
            if region is not None:
                area_ids.add(region.pk)
        if with_neighbours:
            area_ids |= {n for ids in neighbour_links.values() for n in ids}
        indicator_ids = set(indicators) | {b.indicator_id for b in bases.values() if b}
        rows = (
            Observation.objects.filter(indicator_id__in=indicator_ids, area_id__in=area_ids)
            .order_by("period__sort_key")
            .values_list(
                "indicator_id",
                "area_id",
                "period__label",
                "period__sort_key",
                "period__end",
                "value",
                "lower_95",
                "upper_95",
                "numerator",
                "denominator",
                "status",
                "provisional",
                "period__start",
                "period_id",
            )
        )
        for indicator_id, area_id, *point in rows:
            series[(indicator_id, area_id)].append(Point(*point))  # type: ignore[arg-type]
        for key, points in series.items():
            series[key] = with_indices(as_at(points, cut))
    return EvidenceStore(england_id, authorities, series, neighbour_links, bases)


def values_by_period(points: list[Point]) -> dict[int, float]:
    return {p.sort_key: p.value for p in points if p.value is not None}


def comparator_series(
    store: EvidenceStore, indicator: Indicator, basis: RateBasis | None, area_id: int
) -> list[Point]:
    """An area's series on the measure's benchmark basis (the rate, for a count)."""
    if basis is None:
        return store.series.get((indicator.pk, area_id), [])
    if not basis.computed:
        return store.series.get((basis.indicator_id, area_id), [])
    return computed_rates(
        store.series.get((indicator.pk, area_id), []),
        store.series.get((basis.indicator_id, area_id), []),
        basis.multiplier,
    )


def authorities_rank(assessments: list[MeasureAssessment], store: EvidenceStore) -> None:
    """Every local authority's value for each measure's latest benchmark period: one query."""
    wanted: set[tuple[int, int]] = set()
    for a in assessments:
        point, indicator = a.benchmark_latest, a.measure.indicator
        if point is None or indicator is None or not point.period_id:
            continue
        basis = a.benchmark_basis
        if basis is None or not basis.computed:
            wanted.add((basis.indicator_id if basis else indicator.pk, point.period_id))
        else:
            wanted.add((indicator.pk, point.period_id))
            population = _population_period(a, store)
            if population:
                wanted.add((basis.indicator_id, population))
    if wanted:
        pairs = reduce(or_, (Q(indicator_id=i, period_id=p) for i, p in wanted))
        for indicator_id, period_id, area_id, value in (
            Observation.objects.filter(
                pairs, value__isnull=False, area__area_type=AreaType.LOCAL_AUTHORITY
            )
            .values_list("indicator_id", "period_id", "area_id", "value")
            .iterator()
        ):
            if value is not None:
                store.authority_values.setdefault((indicator_id, period_id), {})[area_id] = value
        store.authority_rows.update(coverage.authorities_reported(wanted))
    for a in assessments:
        values = _authority_values(a, store)
        indicator, area, point = a.measure.indicator, a.measure.area, a.benchmark_latest
        if indicator is None or area is None or point is None:
            continue
        a.ranking = judging.ranking(
            values,
            area.pk,
            a.polarity,
            store.authorities,
            indicator.quartiles_published,
            reported=store.authority_rows.get(_ranked_pair(a)),
            period=point.period,
        )
        neighbours = [values[n] for n in store.neighbour_links.get(area.pk, []) if n in values]
        if neighbours:
            a.neighbours_average = float(np.mean(neighbours))
            a.neighbours_count = len(neighbours)


def _population_period(a: MeasureAssessment, store: EvidenceStore) -> int:
    basis, area, point = a.benchmark_basis, a.measure.area, a.benchmark_latest
    if basis is None or area is None or point is None or point.denominator is None:
        return 0
    found = population_for(store.series.get((basis.indicator_id, area.pk), []), point.end)
    return found.period_id if found else 0


def _ranked_pair(a: MeasureAssessment) -> tuple[int, int]:
    """The (indicator, period) whose file's coverage decides the rank: the compared-on
    indicator, or the count's own file when its rate is computed from a population."""
    point, indicator, basis = a.benchmark_latest, a.measure.indicator, a.benchmark_basis
    if point is None or indicator is None:
        return (0, 0)
    if basis is None or not basis.computed:
        return (basis.indicator_id if basis else indicator.pk, point.period_id)
    return (indicator.pk, point.period_id)


def _authority_values(a: MeasureAssessment, store: EvidenceStore) -> dict[int, float]:
    point, indicator, basis = a.benchmark_latest, a.measure.indicator, a.benchmark_basis
    if point is None or indicator is None:
        return {}
    if basis is None or not basis.computed:
        key = (basis.indicator_id if basis else indicator.pk, point.period_id)
        return store.authority_values.get(key, {})
    counts = store.authority_values.get((indicator.pk, point.period_id), {})
    population = store.authority_values.get((basis.indicator_id, _population_period(a, store)), {})
    return rates_by_area(counts, population, basis.multiplier)
