"""Counts compared as rates: a count is the area's own figure, but not a fair comparison.

Children in need in Herefordshire (1,574) cannot be ranked against England (402,400). A
count measure is shown as a count for its area and compared, ranked and charted against
other areas on a rate: its indicator's paired published rate when the indicator notes name
one, or a rate computed from a population in the evidence store (the count divided by the
population of the latest period that ended on or before the count's, times the multiplier,
with Byar's 95% interval as for any crude rate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from cypp import stats
from cypp.assessment.series import Point
from cypp.indicators.models import Indicator, ValueType

# A population estimate older than this is not used for a rate.
POPULATION_MAX_AGE = dt.timedelta(days=2 * 366)

K = TypeVar("K")  # an area's id or code


@dataclass(frozen=True, slots=True)
class RateBasis:
    """What a count is compared on.

    Attributes:
        reference: SOURCE:CODE of the paired rate, or of the population the rate is made from.
        indicator_id: that indicator's id.
        computed: True when the rate is computed from a population.
        multiplier: per how many (10,000 children...).
        words: the unit in words ("rate per 10,000 of Children aged 0 to 17").
    """

    reference: str
    indicator_id: int
    computed: bool
    multiplier: int
    words: str


def rate_references(indicators: list[Indicator]) -> set[str]:
    """The references a set of count indicators are compared on."""
    return {
        ref
        for i in indicators
        if i.value_type == ValueType.COUNT
        for ref in (i.rate_indicator, i.rate_population)
        if ref
    }


def rate_basis(indicator: Indicator | None, known: dict[str, Indicator]) -> RateBasis | None:
    """The rate a count indicator is compared on, if its notes name one that is stored."""
    if indicator is None or indicator.value_type != ValueType.COUNT:
        return None
    if indicator.rate_indicator and indicator.rate_indicator in known:
        paired = known[indicator.rate_indicator]
        return RateBasis(
            paired.reference, paired.pk, False, paired.multiplier, paired.unit or paired.title
        )
    if indicator.rate_population and indicator.rate_population in known:
        population = known[indicator.rate_population]
        per = indicator.rate_multiplier
        return RateBasis(
            population.reference,
            population.pk,
            True,
            per,
            f"rate per {per:,} {population.title[:1].lower()}{population.title[1:]}",
        )
    return None


def population_for(population: list[Point], end: dt.date | None) -> Point | None:
    """The latest population estimate for a period that ended on or before ``end``."""
    if end is None:
        return None
    found = None
    for p in population:
        if p.end is not None and p.end <= end and p.value:
            found = p
    if found is None or found.end is None or end - found.end > POPULATION_MAX_AGE:
        return None
    return found


def computed_rate(count: Point, population: Point | None, multiplier: int) -> Point:
    """The count as a rate per ``multiplier`` of the population, with Byar's 95% interval."""
    if count.value is None or population is None or not population.value:
        return Point(count.period, count.sort_key, count.end, None, start=count.start,
                     period_id=count.period_id, index=count.index)  # fmt: skip
    estimate = stats.rate(count.value, population.value, multiplier=multiplier)
    return Point(
        count.period,
        count.sort_key,
        count.end,
        float(estimate.value),
        float(estimate.lower),
        float(estimate.upper),
        numerator=count.value,
        denominator=population.value,
        start=count.start,
        period_id=count.period_id,
        index=count.index,
    )


def rates_by_area(
    counts: dict[K, float], populations: dict[K, float], multiplier: int
) -> dict[K, float]:
    """Each area's count per ``multiplier`` of its population (areas without one left out)."""
    return {
        area: count / populations[area] * multiplier
        for area, count in counts.items()
        if populations.get(area)
    }


def computed_rates(counts: list[Point], population: list[Point], multiplier: int) -> list[Point]:
    return [computed_rate(c, population_for(population, c.end), multiplier) for c in counts]
