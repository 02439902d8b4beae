"""How measurable a plan is: for every outcome, what stops the board seeing progress.

Worcestershire's scrutiny board asked of its draft plan "how could success be measured?"
(no data, no targets). This check answers that for any plan: per outcome, whether anything
measures it; per measure, six checks, each gap as a code and a sentence a councillor can
act on. Reads only, in a fixed number of queries however many measures the plan has.

The score (documented in docs/plan-files.md): each measure scores the share of the six
checks it passes; each outcome scores its best measure (0 with no measure); the plan's
score is the mean over its outcomes, as a percentage rounded half up to a whole number
(0 for a plan with no outcomes).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Prefetch

from cypp.indicators.models import Observation
from cypp.plans.models import ESTIMATED, Measure, Outcome, Plan, Priority, Provenance

CHECKS = 6


@dataclass(frozen=True, slots=True)
class Gap:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class MeasureCheck:
    key: str
    title: str
    gaps: tuple[Gap, ...]

    @property
    def passed(self) -> int:
        return CHECKS - len(self.gaps)

    @property
    def score(self) -> Fraction:
        return Fraction(self.passed, CHECKS)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "passed": self.passed,
            "checks": CHECKS,
            "gaps": [g.as_dict() for g in self.gaps],
        }


@dataclass(frozen=True, slots=True)
class OutcomeCheck:
    priority: str
    key: str
    title: str
    measures: tuple[MeasureCheck, ...]

    @property
    def score(self) -> Fraction:
        return max((m.score for m in self.measures), default=Fraction(0))

    @property
    def percent(self) -> int:
        return percent(self.score)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        if self.measures:
            return ()
        return (
            Gap(
                "no_measure",
                "Nothing measures this outcome yet, so nobody can tell whether it is improving.",
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "priority": self.priority,
            "key": self.key,
            "title": self.title,
            "score": percent(self.score),
            "gaps": [g.as_dict() for g in self.gaps],
            "measures": [m.as_dict() for m in self.measures],
        }


@dataclass(frozen=True, slots=True)
class Measurability:
    plan: str
    outcomes: tuple[OutcomeCheck, ...]

    @property
    def score(self) -> int:
        """The mean of the outcomes' scores, as a whole percentage (0 with no outcomes)."""
        if not self.outcomes:
            return 0
        return percent(sum((o.score for o in self.outcomes), Fraction(0)) / len(self.outcomes))

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "score": self.score,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }


def percent(share: Fraction) -> int:
    """A share as a whole percentage, rounded half up (exact: no float rounding)."""
    hundredths = share * 100
    return int(hundredths + Fraction(1, 2)) if hundredths >= 0 else -percent(-share)


def plan_measurability(*, plan: Plan) -> Measurability:
    """Every outcome of the plan with the gaps of each of its measures."""
    measures = Measure.objects.select_related("area").annotate(n_values=Count("local_values"))
    outcomes = Outcome.objects.prefetch_related(Prefetch("measures", queryset=measures))
    priorities = list(
        Priority.objects.filter(plan=plan).prefetch_related(Prefetch("outcomes", queryset=outcomes))
    )
    all_measures = [m for p in priorities for o in p.outcomes.all() for m in o.measures.all()]
    data = _LatestData.for_measures(all_measures)
    return Measurability(
        plan=plan.key,
        outcomes=tuple(
            OutcomeCheck(
                priority=p.key,
                key=o.key,
                title=o.title,
                measures=tuple(
                    MeasureCheck(key=m.key, title=m.title, gaps=tuple(_gaps(m, data)))
                    for m in o.measures.all()
                ),
            )
            for p in priorities
            for o in p.outcomes.all()
        ),
    )


class _LatestData:
    """Each indicator's latest period, and which areas have a value in it: two queries."""

    def __init__(self) -> None:
        self.latest: dict[int, tuple[int, str]] = {}  # indicator -> (period id, label)
        self.present: set[tuple[int, int, int]] = set()  # (indicator, area, period)

    @classmethod
    def for_measures(cls, measures: list[Measure]) -> _LatestData:
        data = cls()
        indicators = {m.indicator_id for m in measures if m.indicator_id}
        areas = {m.area_id for m in measures if m.area_id}
        if not indicators:
            return data
        best: dict[int, tuple[int, int, str]] = {}
        periods = (
            Observation.objects.filter(indicator_id__in=indicators)
            .values_list("indicator_id", "period_id", "period__sort_key", "period__label")
            .distinct()
        )
        for indicator_id, period_id, sort_key, label in periods:
            if indicator_id not in best or sort_key > best[indicator_id][0]:
                best[indicator_id] = (sort_key, period_id, label)
        data.latest = {i: (period_id, label) for i, (_, period_id, label) in best.items()}
        data.present = set(
            Observation.objects.filter(
                indicator_id__in=indicators,
                area_id__in=areas,
                period_id__in={period_id for period_id, _ in data.latest.values()},
                value__isnull=False,
            ).values_list("indicator_id", "area_id", "period_id")
        )
        return data


def _gaps(m: Measure, data: _LatestData) -> list[Gap]:
    gaps = []
    if m.baseline_value is None:
        gaps.append(
            Gap("no_baseline", "There is no starting figure (baseline) to show progress from.")
        )
    if not m.has_target:
        gaps.append(Gap("no_target", "There is no target, so success has not been defined."))
    if m.target_due is None:
        gaps.append(Gap("no_due_date", "There is no date by which the target should be met."))
    if not m.has_owner:
        gaps.append(
            Gap("no_owner", "No organisation, subgroup or named lead is responsible for it.")
        )
    latest = _latest_data_gap(m, data)
    if latest is not None:
        gaps.append(latest)
    if m.baseline_provenance in ESTIMATED and m.has_target:
        kind = Provenance(m.baseline_provenance).label.lower()
        gaps.append(
            Gap(
                "estimate_as_baseline",
                f"The target is set against a baseline that is an estimate ({kind}), not a "
                "measured figure; say so wherever it is shown, or replace it with measured data.",
            )
        )
    return gaps


def _latest_data_gap(m: Measure, data: _LatestData) -> Gap | None:
    if m.indicator_id is None:
        if getattr(m, "n_values", 0):
            return None
        return Gap(
            "no_latest_data",
            "It has no indicator and no figures have been entered, so there is nothing to "
            "show progress with.",
        )
    if m.indicator_id not in data.latest:
        return Gap("no_latest_data", "No data for its indicator has been loaded yet.")
    period_id, label = data.latest[m.indicator_id]
    if (m.indicator_id, m.area_id, period_id) in data.present:
        return None
    place = m.area.name if m.area else "The area"
    return Gap(
        "no_latest_data",
        f"{place} has no figure for {label}, the latest period of this indicator.",
    )
