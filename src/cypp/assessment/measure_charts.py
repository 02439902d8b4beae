"""The measure page's two charts, built from its assessment and benchmark.

The series chart puts every figure at its period's end on a time axis, so the target's
trajectory runs forward from the baseline (``measure_baseline``: its period's end and
value) to the due date. A count compared with other areas on a rate is drawn in two panels
(``charts.count_and_rate_chart``): the number with its target, and the rate beside
England, the region and the statistical neighbours, whose figures are rates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cypp import charts
from cypp.assessment.benchmarking import Benchmark
from cypp.assessment.measures import STATUS_WORDS, MeasureAssessment
from cypp.assessment.rates import RateBasis
from cypp.assessment.series import Point, series_breaks
from cypp.assessment.targets import measure_baseline
from cypp.indicators.periods import PeriodError, period_parse

NEIGHBOURS_AVERAGE = "Neighbours' average"


def measure_series_chart(a: MeasureAssessment) -> charts.Chart | None:
    """The series over time with its intervals, England, region, neighbours' average, the
    target trajectory and any break in the series (a count: its number and its rate)."""
    points = _shown(a.series)
    if not points:
        return None
    m = a.measure
    indicator = m.indicator
    decimals = indicator.decimals if indicator else 1
    name = m.area.name if m.area else m.title
    unit = (indicator.unit if indicator else m.unit) or "Value"
    basis = a.benchmark_basis
    dated = all(p.end is not None for p in points)
    # A target can only be placed on a time axis; periods with no dates get none.
    target = _target(a, whole=basis is not None and decimals == 0) if dated else None
    breaks = _breaks(a, points)
    if basis is None:
        return charts.time_series_chart(
            title=f"{m.title}: {name} over time",
            area=_series(name, points, "area"),
            comparators=_comparators(a, points),
            target=target,
            unit=unit,
            decimals=decimals,
            breaks=breaks,
        )
    # A count: the rate has a point wherever the count has one (with the count's status).
    by_key = {p.sort_key: p for p in points}
    rates = [p for p in a.benchmark_series if p.sort_key in by_key]
    rate_unit = rate_words(basis)
    return charts.count_and_rate_chart(
        title=f"{m.title}: {name} over time, the number and the {rate_unit[:1].lower()}{rate_unit[1:]}",
        count=_series(f"{name} (number)", points, "area", whole=decimals == 0),
        count_unit=unit,
        rate=_series(f"{name} (rate)", rates, "area", statuses=by_key),
        rate_unit=rate_unit,
        comparators=_comparators(a, rates),
        target=target,
        breaks=breaks,
        count_decimals=decimals,
        rate_decimals=1,
    )


def rate_words(basis: RateBasis) -> str:
    """The rate's unit as an axis title: "Rate per 10,000 children aged 0 to 17" (the source
    in brackets is left to the page's sentence about the rate)."""
    words = re.sub(r"\s*\([^)]*\)\s*$", "", basis.words).strip() or basis.words
    return words[:1].upper() + words[1:]


def _shown(points: Sequence[Point]) -> list[Point]:
    """The periods the chart shows: a figure, or a status saying why there is none."""
    return [p for p in points if p.value is not None or p.status]


def _note(p: Point | None) -> str:
    if p is None:
        return ""
    words = [STATUS_WORDS.get(p.status, p.status)] if p.status else []
    if p.provisional:
        words.append("provisional")
    return ", ".join(words)


def _series(
    name: str,
    points: Sequence[Point],
    kind: str,
    *,
    whole: bool = False,
    statuses: dict[int, Point] | None = None,
) -> charts.Series:
    """A line from assessment points: dated, indexed, and with its status in words."""

    return charts.Series(
        name=name,
        points=tuple(
            charts.Point(
                p.period,
                _whole(p.value) if whole and p.value is not None else p.value,
                p.lower,
                p.upper,
                # A rate with no status of its own says why its count has none.
                note=_note(p if p.status or statuses is None else statuses.get(p.sort_key)),
                end=p.end,
                index=p.index,
            )
            for p in points
        ),
        kind=kind,
    )


def _whole(figure: float) -> float:
    """A whole count as an integer, so the table shows "139" beside a rate's "40.4"."""
    return int(figure) if float(figure).is_integer() else figure


def _comparators(a: MeasureAssessment, points: Sequence[Point]) -> list[charts.Series]:
    """England, the region and the neighbours' average on the same basis as ``points``
    (rates, for a count), in the same periods."""
    m = a.measure
    region = a.region_name or (m.area.region.name if m.area and m.area.region else "Region")
    found = []
    for name, values, kind in (
        ("England", a.england, "england"),
        (region, a.region, "region"),
        (NEIGHBOURS_AVERAGE, a.neighbours, "neighbours"),
    ):
        series_points = tuple(
            charts.Point(p.period, values[p.sort_key], end=p.end, index=p.index)
            for p in points
            if p.sort_key in values
        )
        if series_points:
            found.append(charts.Series(name=name, points=series_points, kind=kind))
    return found


def _target(a: MeasureAssessment, *, whole: bool = False) -> charts.Target | None:
    """The plan's target at its due date, with the trajectory from the baseline when the
    baseline comes before the due date (a line drawn back in time would be a falsehood)."""
    m = a.measure
    if m.target_due is None or m.target_value is None:
        return None
    label = f"Target {m.target_value:g} by {m.target_due:%B %Y}"
    value = _whole(m.target_value) if whole else m.target_value
    baseline = measure_baseline(m, a.series)
    # A published copy whose baseline is withheld as a small number would otherwise start
    # the line from another figure than the plan's baseline.
    withheld = getattr(a, "baseline_withheld", False)
    if baseline is None or withheld or baseline.end >= m.target_due:
        return charts.Target(due=m.target_due, value=value, label=label)
    return charts.Target(
        due=m.target_due,
        value=value,
        baseline_end=baseline.end,
        baseline=_whole(baseline.value) if whole else baseline.value,
        baseline_period=baseline.period,
        label=label,
        baseline_assumed=baseline.assumed,
    )


def _breaks(a: MeasureAssessment, points: Sequence[Point]) -> list[charts.Break]:
    """The indicator's recorded breaks that fall within the figures shown."""
    indicator = a.measure.indicator
    if indicator is None or not indicator.series_breaks:
        return []
    ends = [p.end for p in points if p.end is not None]
    if not ends:
        return []
    period_type = indicator.period_type or "calendar"
    found = []
    for b in series_breaks(indicator.series_breaks, period_type):
        try:
            began = period_parse(b.period, period_type).start
        except PeriodError:
            began = b.end
        if not min(ends) < began <= max(ends):
            continue  # every figure shown is on one side of it
        shown = next((p.period for p in points if p.end == b.end), "")
        found.append(charts.Break(b.period, b.note, at=began, shown_as=shown))
    return found


def measure_neighbours_chart(a: MeasureAssessment, b: Benchmark | None) -> charts.Chart | None:
    """The area among its statistical neighbours in the latest period, England as a line."""
    if b is None or not b.neighbours.members:
        return None
    indicator = a.measure.indicator
    latest = a.latest
    area = charts.Bar(
        name=b.area.name,
        value=b.value,
        lower=latest.lower if latest else None,
        upper=latest.upper if latest else None,
        role="area",
    )
    bars = [charts.Bar(name=n.name, value=n.value, role="neighbour") for n in b.neighbours.members]
    references = []
    if b.region is not None:
        references.append(charts.Reference(b.region.name, b.region.value, "region"))
    if b.neighbours.average is not None:
        references.append(charts.Reference(NEIGHBOURS_AVERAGE, b.neighbours.average, "neighbours"))
    return charts.neighbours_chart(
        title=f"{a.measure.title}: {b.area.name} and its statistical neighbours, {b.period}",
        area=area,
        neighbours=bars,
        england=b.england,
        references=references,
        unit=indicator.unit if indicator else "",
        decimals=indicator.decimals if indicator else 1,
    )
