"""Where each measure of a plan stands: latest value, target status, comparison, trend, rating.

The Django side gathers every series a plan needs in a fixed number of queries (the
measures' own areas, England, their regions, their statistical neighbours) and hands the
numbers to ``cypp.stats``; the judgements and the sentences that explain them come from
there, so a board sees the published methods' answers, not colours chosen by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cypp import stats
from cypp.geography.models import Area, Neighbour
from cypp.geography.selectors import comparator_model_latest
from cypp.indicators.models import Indicator, Observation, Status
from cypp.indicators.periods import PeriodError, period_label_key, period_parse
from cypp.plans.models import ESTIMATED, Measure, Plan
from cypp.plans.selectors import measures_for_reports

ENGLAND = "E92000001"
TREND_POINTS = 5  # Fingertips' recent trend uses the last five points


@dataclass(frozen=True, slots=True)
class Point:
    """One period of a series, as published."""

    period: str
    sort_key: int
    end: dt.date | None
    value: float | None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    status: str = ""
    provisional: bool = False

    @property
    def time(self) -> float:
        return stats.decimal_year(self.end) if self.end else float(self.sort_key // 10_000)


@dataclass(frozen=True, slots=True)
class Judgement:
    """A label and the sentence that explains it."""

    label: str
    sentence: str


@dataclass
class MeasureAssessment:
    measure: Measure
    polarity: str
    series: list[Point] = field(default_factory=list)
    england: dict[int, float] = field(default_factory=dict)  # sort key -> value
    region: dict[int, float] = field(default_factory=dict)
    neighbours: dict[int, float] = field(default_factory=dict)  # mean of neighbours
    latest: Point | None = None
    comparison: Judgement = field(default_factory=lambda: Judgement("not compared", ""))
    trend: Judgement = field(default_factory=lambda: Judgement("cannot be calculated", ""))
    target: stats.TargetStatus | None = None
    rating: stats.RagRating | None = None
    estimate_baseline: bool = False

    @property
    def status(self) -> str:
        return self.target.status if self.target else "no target"

    @property
    def latest_england(self) -> float | None:
        return self.england.get(self.latest.sort_key) if self.latest else None

    @property
    def latest_region(self) -> float | None:
        return self.region.get(self.latest.sort_key) if self.latest else None

    @property
    def latest_neighbours(self) -> float | None:
        return self.neighbours.get(self.latest.sort_key) if self.latest else None

    @property
    def trend_arrow(self) -> str:
        """An arrow for the trend, always shown beside its words (never alone)."""
        label = self.trend.label
        if label.startswith("increasing"):
            return "↑"
        if label.startswith("decreasing"):
            return "↓"
        if label == "no significant change":
            return "→"
        return ""


def _polarity(measure: Measure) -> str:
    indicator = measure.indicator
    if indicator is not None and indicator.polarity in ("high", "low"):
        return indicator.polarity
    # An indicator with no judgement (e.g. the looked-after rate) still has a direction
    # the plan chose: the target's.
    return {"increase": "high", "decrease": "low"}.get(measure.target_direction, "none")


def plan_assessments(*, plan: Plan) -> list[MeasureAssessment]:
    """Every measure of the plan, assessed, in plan order (priorities, outcomes, measures)."""
    measures = list(measures_for_reports().filter(outcome__priority__plan=plan))
    return measures_assess(measures=measures)


def measures_assess(
    *, measures: list[Measure], with_neighbours: bool = False
) -> list[MeasureAssessment]:
    """Assess the measures together: four queries however many there are.

    ``with_neighbours`` adds the statistical neighbours' average series (for the measure
    page's chart); the plan-wide pages leave it out, as it multiplies the rows read by ten
    and the ratings compare with England.
    """
    with_data = [m for m in measures if m.indicator_id and m.area_id]
    model = comparator_model_latest() if with_neighbours else None
    neighbour_links: dict[int, list[int]] = defaultdict(list)
    if model is not None and with_data:
        for area_id, neighbour_id in (
            Neighbour.objects.filter(model=model, area_id__in={m.area_id for m in with_data})
            .order_by("rank")
            .values_list("area_id", "neighbour_id")
        ):
            neighbour_links[area_id].append(neighbour_id)
    england_id = _england_id()
    area_ids: set[int] = {m.area_id for m in with_data if m.area_id} | {england_id}
    area_ids |= {m.area.region_id for m in with_data if m.area and m.area.region_id}
    area_ids |= {n for ids in neighbour_links.values() for n in ids}
    observations: dict[tuple[int, int], list[Point]] = defaultdict(list)
    if with_data:
        rows = (
            Observation.objects.filter(
                indicator_id__in={m.indicator_id for m in with_data}, area_id__in=area_ids
            )
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
            )
        )
        for indicator_id, area_id, *point in rows:
            observations[(indicator_id, area_id)].append(Point(*point))  # type: ignore[arg-type]
    return [
        _assess(m, observations, neighbour_links.get(m.area_id or 0, []), england_id)
        for m in measures
    ]


def _england_id() -> int:
    return Area.objects.filter(code=ENGLAND).values_list("id", flat=True).first() or 0


def _values(points: list[Point]) -> dict[int, float]:
    return {p.sort_key: p.value for p in points if p.value is not None}


def _assess(
    measure: Measure,
    observations: dict[tuple[int, int], list[Point]],
    neighbour_ids: list[int],
    england_id: int,
) -> MeasureAssessment:
    polarity = _polarity(measure)
    result = MeasureAssessment(measure=measure, polarity=polarity)
    result.estimate_baseline = measure.baseline_provenance in ESTIMATED
    indicator = measure.indicator
    if indicator is None or measure.area is None:
        result.series = _local_series(measure)
    else:
        result.series = observations.get((indicator.pk, measure.area.pk), [])
        result.england = _values(observations.get((indicator.pk, england_id), []))
        if measure.area.region_id:
            result.region = _values(observations.get((indicator.pk, measure.area.region_id), []))
        result.neighbours = _neighbour_means(indicator.pk, neighbour_ids, observations)
    with_value = [p for p in result.series if p.value is not None]
    result.latest = with_value[-1] if with_value else None
    result.comparison = _comparison(result, indicator)
    result.trend = _trend(with_value, polarity, indicator)
    result.target = _target(measure, with_value, polarity, indicator)
    result.rating = stats.rag(
        target=result.target,
        england=result.comparison.label if result.comparison.label != "not compared" else None,
        trend=result.trend.label,
    )
    return result


def _local_series(measure: Measure) -> list[Point]:
    points = []
    for value in measure.local_values.all():
        try:
            parsed = period_parse(value.period, "calendar")
            end, key = parsed.end, parsed.sort_key
        except PeriodError:
            end, key = None, 0
        points.append(Point(value.period, key, end, value.value))
    return sorted(points, key=lambda p: p.sort_key)


def _neighbour_means(
    indicator_id: int, neighbour_ids: list[int], observations: dict[tuple[int, int], list[Point]]
) -> dict[int, float]:
    by_period: dict[int, list[float]] = defaultdict(list)
    for neighbour_id in neighbour_ids:
        for key, value in _values(observations.get((indicator_id, neighbour_id), [])).items():
            by_period[key].append(value)
    return {key: float(np.mean(values)) for key, values in by_period.items()}


def _interval(point: Point, indicator: Indicator | None) -> tuple[float, float] | None:
    """The published 95% interval, or one computed from the published counts."""
    if point.lower is not None and point.upper is not None:
        return point.lower, point.upper
    if indicator is None or point.numerator is None or not point.denominator:
        return None
    if indicator.value_type == "proportion" and point.numerator <= point.denominator:
        low, high = stats.wilson(point.numerator, point.denominator)
        return float(low) * indicator.multiplier, float(high) * indicator.multiplier
    if indicator.value_type == "rate":
        estimate = stats.rate(point.numerator, point.denominator, multiplier=indicator.multiplier)
        return float(estimate.lower), float(estimate.upper)
    return None


def _comparison(result: MeasureAssessment, indicator: Indicator | None) -> Judgement:
    latest, england = result.latest, result.latest_england
    if latest is None or england is None or latest.value is None:
        return Judgement("not compared", "There is no figure for England to compare with.")
    interval = _interval(latest, indicator)
    if interval is None:
        return Judgement(
            "not compared",
            "No confidence interval is published or can be computed, so no test of "
            "significance against England is made.",
        )
    label = str(stats.compare(latest.value, interval[0], interval[1], england, result.polarity))
    words = {
        "better": "significantly better than",
        "worse": "significantly worse than",
        "similar": "not significantly different from",
        "higher": "significantly higher than",
        "lower": "significantly lower than",
    }
    return Judgement(
        label,
        f"{latest.period}: {latest.value:g} (95% confidence interval {interval[0]:.1f} to "
        f"{interval[1]:.1f}) is {words.get(label, label)} England's {england:g}.",
    )


def _trend(points: list[Point], polarity: str, indicator: Indicator | None) -> Judgement:
    recent = points[-TREND_POINTS:]
    if len(recent) < TREND_POINTS:
        return Judgement(
            "cannot be calculated",
            f"A trend needs {TREND_POINTS} periods of data; there are {len(recent)}.",
        )
    times = [p.time for p in recent]
    if all(p.numerator is not None and p.denominator for p in recent) and (
        indicator is not None and indicator.value_type == "proportion"
    ):
        trend = stats.recent_trend(
            counts=[float(p.numerator or 0) for p in recent],
            denominators=[float(p.denominator or 0) for p in recent],
            polarity=polarity,
            times=times,
        )
    else:
        intervals = [_interval(p, indicator) for p in recent]
        if any(i is None for i in intervals):
            return Judgement(
                "cannot be calculated",
                "The recent trend is tested for significance, which needs confidence "
                "intervals or counts for the last five periods; they are not published.",
            )
        trend = stats.recent_trend(
            values=[float(p.value) for p in recent if p.value is not None],
            lower=[i[0] for i in intervals if i],
            upper=[i[1] for i in intervals if i],
            polarity=polarity,
            times=times,
        )
    return Judgement(trend.label, trend.reason)


def _target(
    measure: Measure, points: list[Point], polarity: str, indicator: Indicator | None
) -> stats.TargetStatus | None:
    if not measure.has_target or measure.target_due is None or polarity == "none":
        return None
    target: Any = (
        measure.target_value
        if measure.target_value is not None
        else (measure.target_low, measure.target_high)
    )
    baseline_value, baseline_time = measure.baseline_value, None
    if measure.baseline_period:
        match = [
            p
            for p in points
            if period_label_key(p.period) == period_label_key(measure.baseline_period)
        ]
        if match:
            baseline_time = match[0].time
            if baseline_value is None:
                baseline_value = match[0].value
        else:
            try:
                end = period_parse(
                    measure.baseline_period,
                    indicator.period_type if indicator and indicator.period_type else "calendar",
                ).end
                baseline_time = stats.decimal_year(end)
            except PeriodError:
                baseline_time = None
    if baseline_value is None and points:
        baseline_value, baseline_time = points[0].value, points[0].time
    if baseline_value is None or baseline_time is None:
        baseline_time = stats.decimal_year(measure.outcome.priority.plan.start)
        baseline_value = baseline_value if baseline_value is not None else math.nan
    return stats.target_status(
        times=[p.time for p in points],
        values=[float(p.value) for p in points if p.value is not None],
        baseline_time=baseline_time,
        baseline_value=baseline_value,
        target=target,
        due=measure.target_due,
        polarity=polarity,
    )


STATUS_WORDS: dict[str, str] = {
    Status.CONFIDENTIAL: "suppressed (c)",
    Status.NOT_APPLICABLE: "not applicable (z)",
    Status.UNAVAILABLE: "not available (x)",
    Status.LOW_RELIABILITY: "low reliability (u)",
    Status.ROUNDS_TO_ZERO: "fewer than 0.5 (low)",
}
