"""A measure's progress to its target, judged on the right period.

The baseline carries a period, so the trajectory runs on the time axis from the end of the
baseline period to the due date. A target whose due date has passed is judged on the
period containing the due date (or the last before it); later figures are reported as
"since then" and never change the verdict. ``cypp.stats.target_status`` does the sums.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from cypp import stats
from cypp.assessment.series import Point
from cypp.indicators.periods import PeriodError, period_label_key, period_parse
from cypp.plans.models import Measure


@dataclass(frozen=True, slots=True)
class Baseline:
    """Where the trajectory starts: a period (its label and end date) and a value."""

    period: str
    end: dt.date
    value: float
    assumed: bool = False  # True when the plan gave no period and the plan's start is used


def measure_baseline(measure: Measure, points: list[Point]) -> Baseline | None:
    """The measure's baseline: its stated period and value, filled from the series.

    With a stated period, its value is the plan's, or else the series' figure for that
    period; its time is that period's end. Without a stated period, the latest figure
    published for a period that ended by the plan's start is the baseline (or, failing
    that, the series' first figure); a value given without a period is placed at the
    plan's start and said to be assumed.
    """
    with_value = [p for p in points if p.value is not None]
    indicator = measure.indicator
    if measure.baseline_period:
        wanted = period_label_key(measure.baseline_period)
        match = next((p for p in with_value if period_label_key(p.period) == wanted), None)
        end = match.end if match else None
        if end is None:
            try:
                period_type = indicator.period_type if indicator and indicator.period_type else ""
                end = period_parse(measure.baseline_period, period_type or "calendar").end
            except PeriodError:
                end = None
        value = measure.baseline_value
        if value is None and match is not None:
            value = match.value
        if end is not None and value is not None:
            return Baseline(measure.baseline_period, end, float(value))
    start = measure.outcome.priority.plan.start
    if measure.baseline_value is not None and start is not None:
        return Baseline(f"{start:%B %Y}", start, float(measure.baseline_value), assumed=True)
    before = [p for p in with_value if p.end and start and p.end <= start]
    chosen = before[-1] if before else (with_value[0] if with_value else None)
    if chosen is None or chosen.end is None or chosen.value is None:
        return None
    return Baseline(chosen.period, chosen.end, float(chosen.value))


def measure_target(
    measure: Measure, points: list[Point], polarity: str
) -> stats.TargetStatus | None:
    """The target status, or None when the measure has no target or no direction."""
    if not measure.has_target or measure.target_due is None or polarity == "none":
        return None
    target: Any = (
        measure.target_value
        if measure.target_value is not None
        else (measure.target_low, measure.target_high)
    )
    with_value = [p for p in points if p.value is not None and p.end is not None]
    ends = [p.end for p in with_value if p.end is not None]
    baseline = measure_baseline(measure, points)
    if baseline is None or baseline.end >= measure.target_due:
        baseline_end = measure.outcome.priority.plan.start or (
            with_value[0].end if with_value else None
        )
        baseline_value = math.nan
    else:
        baseline_end, baseline_value = baseline.end, baseline.value
    if baseline_end is None or baseline_end >= measure.target_due:
        baseline_end = measure.target_due - dt.timedelta(days=365)
    return stats.target_status(
        times=ends,
        starts=[p.start or end for p, end in zip(with_value, ends, strict=True)],
        labels=[p.period for p in with_value],
        values=[float(p.value) for p in with_value if p.value is not None],
        lower=[p.lower if p.lower is not None else math.nan for p in with_value],
        upper=[p.upper if p.upper is not None else math.nan for p in with_value],
        baseline_time=baseline_end,
        baseline_value=baseline_value,
        target=target,
        due=measure.target_due,
        polarity=polarity,
    )
