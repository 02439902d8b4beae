"""Where each measure of a plan stands, as at a date: the one rating engine.

Every page, the board pack, the exports and the command line read their judgements from
here, so they always agree. The Django side gathers every series a plan needs in a fixed
number of queries (the measures' own areas, England, their regions, their statistical
neighbours and every local authority for the latest period) and hands the numbers to
``cypp.stats``; the judgements and the sentences that explain them come from there.

"As at" a date means only observations whose period had ended by then; a board pack uses
its reporting period's end, so rebuilding a past pack tells the same story.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from cypp import stats
from cypp.assessment import judging
from cypp.assessment.gathering import (
    ENGLAND,
    EvidenceStore,
    authorities_rank,
    comparator_series,
    evidence_gather,
    values_by_period,
)
from cypp.assessment.judging import Judgement, Ranking
from cypp.assessment.rates import RateBasis
from cypp.assessment.series import (
    Point,
    as_at,
    comparison_region,
    series_breaks,
    since_last_break,
    with_indices,
)
from cypp.assessment.targets import measure_target
from cypp.indicators.models import Status
from cypp.indicators.periods import PeriodError, period_parse
from cypp.plans.models import ESTIMATED, Measure, Plan
from cypp.plans.selectors import measures_for_reports

__all__ = [
    "ENGLAND",
    "STATUS_WORDS",
    "AsAt",
    "Judgement",
    "MeasureAssessment",
    "Point",
    "measures_assess",
    "plan_assessments",
]


@dataclass(frozen=True, slots=True)
class AsAt:
    """The date judgements are made as at, and the reporting period it is the end of."""

    end: dt.date
    period: str = ""


@dataclass
class MeasureAssessment:
    measure: Measure
    polarity: str
    as_at: AsAt | None = None
    series: list[Point] = field(default_factory=list)
    # What the measure is compared with other areas on: its own series, or a rate for a count.
    benchmark_series: list[Point] = field(default_factory=list)
    benchmark_basis: RateBasis | None = None
    england: dict[int, float] = field(default_factory=dict)  # sort key -> value
    region: dict[int, float] = field(default_factory=dict)
    region_name: str = ""
    neighbours: dict[int, float] = field(default_factory=dict)  # mean of neighbours
    latest: Point | None = None
    benchmark_latest: Point | None = None
    comparison: Judgement = field(default_factory=lambda: Judgement("not compared", ""))
    neighbours_average: float | None = None
    neighbours_count: int = 0
    neighbours_comparison: Judgement = field(default_factory=lambda: Judgement("not compared", ""))
    ranking: Ranking = field(default_factory=lambda: Ranking(None, 0, None, ""))
    trend: Judgement = field(
        default_factory=lambda: Judgement("cannot be calculated", "", tested=False)
    )
    target: stats.TargetStatus | None = None
    rating: stats.RagRating | None = None
    exception_reasons: list[str] = field(default_factory=list)
    estimate_baseline: bool = False

    @property
    def status(self) -> str:
        return self.target.status if self.target else "no target"

    @property
    def exception(self) -> bool:
        return bool(self.exception_reasons)

    @property
    def benchmarked_on(self) -> str | None:
        """SOURCE:CODE of what the measure was compared on (a rate's, for a count)."""
        if self.benchmark_basis is not None:
            return self.benchmark_basis.reference
        return self.measure.indicator.reference if self.measure.indicator else None

    @property
    def latest_england(self) -> float | None:
        point = self.benchmark_latest
        return self.england.get(point.sort_key) if point else None

    @property
    def latest_region(self) -> float | None:
        point = self.benchmark_latest
        return self.region.get(point.sort_key) if point else None

    @property
    def latest_neighbours(self) -> float | None:
        return self.neighbours_average

    @property
    def trend_arrow(self) -> str:
        """An arrow for the trend, always shown beside its words (never alone)."""
        label = self.trend.label
        if label.startswith("increasing"):
            return "↑"
        if label.startswith("decreasing"):
            return "↓"
        if label in ("no significant change", "no change"):
            return "→"
        return ""


def _polarity(measure: Measure) -> str:
    indicator = measure.indicator
    if indicator is not None and indicator.polarity in ("high", "low"):
        return indicator.polarity
    # An indicator with no judgement (e.g. the looked-after rate) still has a direction
    # the plan chose: the target's.
    return {"increase": "high", "decrease": "low"}.get(measure.target_direction, "none")


def plan_assessments(
    *, plan: Plan, as_at: AsAt | None = None, with_neighbours: bool = False
) -> list[MeasureAssessment]:
    """Every measure of the plan, assessed, in plan order (priorities, outcomes, measures);
    ``with_neighbours`` as for ``measures_assess``."""
    measures = list(measures_for_reports().filter(outcome__priority__plan=plan))
    return measures_assess(measures=measures, with_neighbours=with_neighbours, as_at=as_at)


def measures_assess(
    *, measures: list[Measure], with_neighbours: bool = False, as_at: AsAt | None = None
) -> list[MeasureAssessment]:
    """Assess the measures together, as at a date: a fixed number of queries however many.

    ``with_neighbours`` adds the statistical neighbours' average series over time (for the
    measure page's chart); the neighbours' average in the latest period is always there.
    """
    with_data = [m for m in measures if m.indicator_id and m.area_id]
    store = evidence_gather(with_data, with_neighbours, as_at.end if as_at else None)
    assessments = [_assess(m, store, with_neighbours, as_at) for m in measures]
    authorities_rank(assessments, store)
    for a in assessments:
        _judge(a)
    return assessments


def _assess(
    measure: Measure, store: EvidenceStore, with_neighbours: bool, end: AsAt | None
) -> MeasureAssessment:
    result = MeasureAssessment(measure=measure, polarity=_polarity(measure), as_at=end)
    result.estimate_baseline = measure.baseline_provenance in ESTIMATED
    indicator, area = measure.indicator, measure.area
    if indicator is None or area is None:
        result.series = with_indices(as_at(_local_series(measure), end.end if end else None))
        result.benchmark_series = result.series
    else:
        basis = store.bases.get(indicator.pk)
        result.benchmark_basis = basis
        result.series = store.series.get((indicator.pk, area.pk), [])
        result.benchmark_series = comparator_series(store, indicator, basis, area.pk)
        result.england = values_by_period(
            comparator_series(store, indicator, basis, store.england_id)
        )
        region = comparison_region(area)
        if region is not None:
            result.region_name = region.name
            result.region = values_by_period(comparator_series(store, indicator, basis, region.pk))
        if with_neighbours:
            by_period: dict[int, list[float]] = defaultdict(list)
            for n in store.neighbour_links.get(area.pk, []):
                for key, value in values_by_period(
                    comparator_series(store, indicator, basis, n)
                ).items():
                    by_period[key].append(value)
            result.neighbours = {k: float(np.mean(v)) for k, v in by_period.items()}
    with_value = [p for p in result.series if p.value is not None]
    result.latest = with_value[-1] if with_value else None
    if result.latest is not None:
        result.benchmark_latest = next(
            (
                p
                for p in reversed(result.benchmark_series)
                if p.value is not None and p.sort_key <= result.latest.sort_key
            ),
            None,
        )
    return result


def _judge(a: MeasureAssessment) -> None:
    """Trend, comparisons, target, rating and exception of one gathered measure."""
    m = a.measure
    indicator = m.indicator
    decimals = indicator.decimals if indicator else 1
    if a.benchmark_basis is not None:
        decimals = 1  # a rate made from a count, however the count is written
    point = a.benchmark_latest
    a.comparison = judging.compare_with(
        point, indicator, a.latest_england, a.polarity, "England", decimals
    )
    if a.benchmark_basis is not None:
        a.comparison = _on_rate(a.comparison, a.benchmark_basis)
    a.neighbours_comparison = judging.compare_with(
        point,
        indicator,
        a.neighbours_average,
        a.polarity,
        "the statistical neighbours' average",
        decimals,
    )
    # The trend of a count compared on a rate is the rate's: it has an interval to test.
    trend_series = a.benchmark_series if a.benchmark_basis is not None else a.series
    breaks = series_breaks(indicator.series_breaks, indicator.period_type) if indicator else []
    trend_series, since = since_last_break(trend_series, breaks)
    trend = judging.trend(trend_series, a.polarity, indicator)
    a.trend = Judgement(trend.label, trend.sentence + since, trend.tested)
    a.target = measure_target(m, a.series, a.polarity)
    rules = _rules(m)
    a.rating = _rating(a, decimals, rules)
    a.exception_reasons = _exception_reasons(a, rules)


def _on_rate(judgement: Judgement, basis: RateBasis) -> Judgement:
    return Judgement(
        judgement.label,
        f"Compared on the {basis.words} ({basis.reference}). {judgement.sentence}",
        judgement.tested,
    )


def _rating(a: MeasureAssessment, decimals: int | None, rules: stats.RagRules) -> stats.RagRating:
    clauses: dict[str, str] = {}
    judged = a.polarity in ("high", "low")  # "similar" judges nothing without a direction
    england = a.comparison.label if judged and a.comparison.label != "not compared" else None
    point = a.benchmark_latest
    if england and point is not None and a.latest_england is not None:
        what = f"the {a.benchmark_basis.words} of " if a.benchmark_basis else ""
        clauses["england"] = (
            f"{what}{judging.number(point.value, decimals)} in {point.period} is "
            f"{judging.COMPARED_WORDS.get(england.split(' (')[0], england)} England's "
            f"{judging.number(a.latest_england, decimals)}"
        )
    neighbours = (
        a.neighbours_comparison.label
        if judged and a.neighbours_comparison.label != "not compared"
        else None
    )
    if a.ranking.band:
        clauses["band"] = f"it is {a.ranking.sentence}"
    if a.trend.label != "cannot be calculated":
        clauses["trend"] = (
            f"the recent trend is {a.trend.label}"
            if a.trend.tested
            else f"the direction of travel is {a.trend.label} (not tested for significance)"
        )
    if a.target is not None:
        clauses["target"] = f"progress to target is {a.target.status}"
    rating = stats.rag(
        target=a.target,
        england=england,
        neighbours=neighbours,
        quartile_band=a.ranking.band,
        trend=a.trend.label,
        trend_tested=a.trend.tested,
        rules=rules,
        clauses=clauses,
    )
    if rating.colour == "grey" and a.latest is None:
        return stats.RagRating(
            "grey", "Grey: not rated, as there is no figure for this measure yet.", "none"
        )
    if rating.colour == "grey" and a.polarity == "none":
        # Say the true reason: there are figures, but nothing says which way is better.
        return stats.RagRating(
            "grey",
            "Grey: not rated, as neither the indicator nor the plan says whether higher or "
            "lower is better (set the target's direction to rate it).",
            "none",
        )
    return rating


def _rules(measure: Measure) -> stats.RagRules:
    partnership = measure.outcome.priority.plan.partnership
    return stats.RagRules.from_mapping(partnership.rating_rules)


def _exception_reasons(a: MeasureAssessment, rules: stats.RagRules) -> list[str]:
    """Every red measure, and (by default) every significantly worsening trend."""
    reasons = []
    if a.rating is not None and a.rating.colour == "red":
        reasons.append(a.rating.reason)
    if rules.worsening_trend_is_exception and judging.is_worsening(a.trend):
        reasons.append(f"Recent trend: {a.trend.label} (statistically significant)")
    return reasons


def _local_series(measure: Measure) -> list[Point]:
    points = []
    for value in measure.local_values.all():
        try:
            parsed = period_parse(value.period, "calendar")
            start, end, key = parsed.start, parsed.end, parsed.sort_key
        except PeriodError:
            start, end, key = None, None, 0
        points.append(Point(value.period, key, end, value.value, start=start))
    return sorted(points, key=lambda p: p.sort_key)


STATUS_WORDS: dict[str, str] = {
    Status.CONFIDENTIAL: "suppressed (c)",
    Status.NOT_APPLICABLE: "not applicable (z)",
    Status.UNAVAILABLE: "not available (x)",
    Status.LOW_RELIABILITY: "low reliability (u)",
    Status.ROUNDS_TO_ZERO: "fewer than 0.5 (low)",
}
