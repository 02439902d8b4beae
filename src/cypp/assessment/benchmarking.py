"""An area against England, its region and its statistical neighbours, with rank and band.

Gathers one period's observations from the store and hands the arrays to ``cypp.stats``,
so the numbers are the published methods' (LAIT's ranks and quartile bands) and the
Django side only decides who is compared with whom.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from cypp import stats
from cypp.assessment import coverage
from cypp.assessment.rates import POPULATION_MAX_AGE, rates_by_area
from cypp.assessment.series import comparison_region
from cypp.geography.models import Area, AreaType, ComparatorModel
from cypp.geography.selectors import comparator_model_latest, neighbours_list
from cypp.indicators.models import Indicator, Observation, Period


@dataclass(frozen=True, slots=True)
class AreaValue:
    code: str
    name: str
    value: float | None


@dataclass(frozen=True, slots=True)
class NeighbourValue:
    code: str
    dfe_code: str | None
    name: str
    rank: int
    closeness: str
    value: float | None


@dataclass(frozen=True, slots=True)
class NeighbourSummary:
    model: str | None
    average: float | None
    count: int
    members: list[NeighbourValue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Benchmark:
    indicator: str
    area: AreaValue
    period: str
    polarity: str
    value: float | None
    england: float | None
    region: AreaValue | None
    neighbours: NeighbourSummary
    rank: int | None
    rank_of: int
    quartile_band: str | None
    quartiles: list[float | None]
    # The counts behind rank and band, and the rule when either is withheld (coverage.py).
    coverage_note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def measure_benchmark(
    a: Any, *, model: ComparatorModel | None = None, period: Period | None = None
) -> Benchmark | None:
    """The benchmark behind a measure's judgements, on what the measure is compared on.

    ``a`` is a ``MeasureAssessment``. For a count compared on a rate, every area's value is
    that rate (paired, or computed from the population), never the raw count; rank and
    band are the rating engine's, so the page, the pack and the scorecard agree.
    ``period`` is the latest figure's period when the caller already has it.
    """
    m, point = a.measure, a.benchmark_latest
    if m.indicator is None or m.area is None or point is None or not point.period_id:
        return None
    if period is None or period.pk != point.period_id:
        period = Period.objects.get(pk=point.period_id)
    basis = a.benchmark_basis
    if basis is None or not basis.computed:
        indicator = (
            Indicator.objects.get(pk=basis.indicator_id) if basis is not None else m.indicator
        )
        result = benchmark_get(indicator=indicator, area=m.area, period=period, model=model)
        values = None
    else:
        counts = _values_by_code(m.indicator, period)
        populations = _population_values(basis.indicator_id, point.end)
        values = rates_by_area(counts, populations, basis.multiplier)
        result = benchmark_get(
            indicator=m.indicator, area=m.area, period=period, model=model, values=values
        )
    return replace(
        result,
        indicator=a.benchmarked_on or result.indicator,
        polarity=a.polarity,
        rank=a.ranking.rank,
        rank_of=a.ranking.rank_of,
        quartile_band=a.ranking.band,
        coverage_note=a.ranking.coverage_note or result.coverage_note,
    )


def _values_by_code(indicator: Indicator, period: Period) -> dict[str, float]:
    rows = Observation.objects.filter(
        indicator=indicator, period=period, value__isnull=False
    ).values_list("area__code", "value")
    return {code: value for code, value in rows if value is not None}


def _population_values(indicator_id: int, end: Any) -> dict[str, float]:
    """Each area's population for the latest population period ending by ``end`` (the
    same rule as ``rates.population_for``)."""
    period = (
        Period.objects.filter(
            observations__indicator_id=indicator_id,
            end__lte=end,
            end__gte=end - POPULATION_MAX_AGE,
        )
        .order_by("-end")
        .first()
    )
    if period is None:
        return {}
    rows = Observation.objects.filter(
        indicator_id=indicator_id, period=period, value__isnull=False
    ).values_list("area__code", "value")
    return {code: value for code, value in rows if value is not None}


def benchmark_get(
    *,
    indicator: Indicator,
    area: Area,
    period: Period,
    model: ComparatorModel | None = None,
    values: dict[str, float] | None = None,
) -> Benchmark:
    """The area's value beside England, its region and its neighbours' average, with its
    rank and LAIT quartile band among all local authorities with a value in the period.

    Neighbours' average is the plain mean of the neighbours that have a value, as LAIT shows
    it; ``count`` says how many that was. Rank and band are null where the indicator makes
    no judgement (polarity "none"), the area has no value, or the file covers too few of
    England's authorities (coverage.py; ``coverage_note`` says the counts and the rule).
    """
    model = model or comparator_model_latest()
    if values is None:
        # Every row, marks too (a row without a figure still counts as reported), each with
        # the size of the national set from an uncorrelated subquery: one query.
        rows = list(
            Observation.objects.filter(indicator=indicator, period=period)
            .annotate(expected=coverage.authorities_expected_subquery())
            .values_list("area__code", "value", "area__area_type", "area__retired", "expected")
        )
        values = {code: value for code, value, *_ in rows if value is not None}
        authority_codes = {code for code, _, kind, *_ in rows if kind == AreaType.LOCAL_AUTHORITY}
        reported = sum(
            1 for _, _, kind, retired, _ in rows if kind == AreaType.LOCAL_AUTHORITY and not retired
        )
        expected = (rows[0][4] or 0) if rows else coverage.authorities_expected()
    else:
        authority_codes = set(
            Area.objects.filter(
                area_type=AreaType.LOCAL_AUTHORITY, code__in=list(values)
            ).values_list("code", flat=True)
        )
        pair = (indicator.pk, period.pk)
        reported = coverage.authorities_reported([pair])[pair]
        expected = coverage.authorities_expected()
    authorities = [code for code in values if code in authority_codes]
    la_values = np.array([values[code] for code in authorities], dtype=float)
    polarity = indicator.polarity
    ranked = coverage.authorities_ranked(
        {code: values[code] for code in authorities},
        polarity=polarity,
        quartiles_published=indicator.quartiles_published,
        expected=expected,
        reported=reported,
        period=period.label,
    )
    rank: int | None = None
    band: str | None = None
    if area.area_type == AreaType.LOCAL_AUTHORITY:
        rank, band = ranked.rank(area.code), ranked.band(area.code)
    quartiles = [_clean(float(q)) for q in stats.quartiles(la_values)] if la_values.size else []

    region = comparison_region(area)
    members: list[NeighbourValue] = []
    if model is not None:
        for link in neighbours_list(area=area, model=model):
            n = link.neighbour
            members.append(
                NeighbourValue(
                    code=n.code,
                    dfe_code=n.dfe_code,
                    name=n.name,
                    rank=link.rank,
                    closeness=link.closeness,
                    value=values.get(n.code),
                )
            )
    present = [m.value for m in members if m.value is not None]
    return Benchmark(
        indicator=indicator.reference,
        area=AreaValue(area.code, area.name, values.get(area.code)),
        period=period.label,
        polarity=polarity,
        value=values.get(area.code),
        england=values.get("E92000001"),
        region=AreaValue(region.code, region.name, values.get(region.code)) if region else None,
        neighbours=NeighbourSummary(
            model=model.key if model else None,
            average=float(np.mean(present)) if present else None,
            count=len(present),
            members=members,
        ),
        rank=rank,
        rank_of=int(la_values.size),
        quartile_band=band,
        quartiles=quartiles,
        coverage_note=ranked.note,
    )
