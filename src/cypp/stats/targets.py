"""Progress of a measure towards its target, in words a councillor can question.

A partnership sets a target: from a baseline (a time and a value) to a target
value, or a range to land in, by a due date.  This module draws the straight
line from baseline to target (the trajectory), fits a straight line through
the measure's own series to forecast the value at the due date with a
prediction interval, and says in one sentence which of six statuses applies:

* "achieved": the latest value already meets the target;
* "missed": the due date has passed and the latest value does not meet it;
* "on track": the forecast meets the target and the latest value is on or
  ahead of the trajectory;
* "at risk": the forecast meets the target but the latest value is behind the
  trajectory, or the forecast misses but its prediction interval still
  reaches the target;
* "off track": even the prediction interval does not reach the target;
* "not enough data": no values, or fewer than three to forecast from.

Times are ``datetime.date`` or decimal years (2024.25 is 1 April 2024, near
enough); results report decimal years.  ``compare_to_goal`` is Fingertips'
simpler "compared to goal" rule for one value.

Sources: the linear trajectory and forecast with a prediction interval are the
standard simple linear regression (Draper NR, Smith H (1998) Applied
regression analysis, 3rd ed., section 3.1); the status rules are this
project's (documented in docs/methods.md); Fingertips goal benchmarking is
OHID's "Technical Guide - RAG rating indicator values".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from cypp.stats._types import (
    ArrayLike,
    Strings,
    as_float_array,
    check_confidence,
    check_polarity,
    is_scalar_input,
    out,
)
from cypp.stats.estimate import Estimate

Time = dt.date | float
Target = float | tuple[float, float]

ACHIEVED = "achieved"
ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
MISSED = "missed"
NOT_ENOUGH_DATA = "not enough data"

BETTER_THAN_GOAL = "better than goal"
WORSE_THAN_GOAL = "worse than goal"
WITHIN_GOAL_RANGE = "within goal range"
NOT_COMPARED = "not compared"

#: Fewest points a straight line and its prediction interval can be fitted to.
MIN_POINTS_TO_FORECAST = 3


def decimal_year(time: Time) -> float:
    """A date as a decimal year (1 January 2024 is 2024.0); numbers pass through."""
    if isinstance(time, dt.datetime):
        time = time.date()
    if isinstance(time, dt.date):
        start = dt.date(time.year, 1, 1)
        length = (dt.date(time.year + 1, 1, 1) - start).days
        return time.year + (time - start).days / length
    if isinstance(time, (int, float, np.integer, np.floating)) and not isinstance(time, bool):
        return float(time)
    raise ValueError(f"a time must be a datetime.date or a decimal year, got {time!r}")


def _goal(goal: Target) -> tuple[float, float]:
    if isinstance(goal, tuple):
        if len(goal) != 2 or not goal[0] <= goal[1]:
            raise ValueError(f"a goal range must be (low, high) with low <= high, got {goal!r}")
        return float(goal[0]), float(goal[1])
    return float(goal), float(goal)


def compare_to_goal(value: ArrayLike, goal: Target, polarity: str) -> Strings:
    """Fingertips' comparison of a value with a goal (no confidence interval).

    A single goal: "better than goal" when the value meets or beats it in the
    polarity's direction, else "worse than goal".  A range goal ``(low, high)``
    (e.g. vaccination coverage 90% to 95%): with polarity "high", below ``low``
    is "worse than goal", from ``low`` up to but not including ``high`` is
    "within goal range", ``high`` or above is "better than goal" (mirrored for
    polarity "low").  Polarity "none" or a missing value is "not compared".

    Source: OHID Fingertips goal benchmarking ("Technical Guide - RAG rating
    indicator values", PHE 2017: red below the lower goal, amber between,
    green at or beyond the upper goal).
    """
    pol = check_polarity(polarity)
    low, high = _goal(goal)
    v = as_float_array(value, "value")
    labels = np.full(v.shape, NOT_COMPARED, dtype="<U17")
    if pol == "high":
        labels = np.where(
            v >= high, BETTER_THAN_GOAL, np.where(v >= low, WITHIN_GOAL_RANGE, WORSE_THAN_GOAL)
        )
    elif pol == "low":
        labels = np.where(
            v <= low, BETTER_THAN_GOAL, np.where(v <= high, WITHIN_GOAL_RANGE, WORSE_THAN_GOAL)
        )
    labels = np.where(np.isnan(v), NOT_COMPARED, labels).astype("<U17")
    return out(labels, is_scalar_input(value))  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class TargetStatus:
    """Where a measure stands against its target.

    Attributes:
        status: "achieved", "on track", "at risk", "off track", "missed" or
            "not enough data".
        explanation: one plain-English sentence saying why.
        target: the target as (low, high); equal for a single value.
        due: the due date as a decimal year.
        latest_value: the most recent value (NaN when there is none).
        latest_time: when it was measured, as a decimal year.
        expected_now: the trajectory's value at the latest time (NaN if none).
        forecast: the forecast at the due date with its prediction interval
            (method "linear trend"), NaN when it cannot be made.
    """

    status: str
    explanation: str
    target: tuple[float, float]
    due: float
    latest_value: float
    latest_time: float
    expected_now: float
    forecast: Estimate


def _fmt(x: float) -> str:
    return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"


def _when(t: float) -> str:
    """A decimal year as people say it: 2023 for a whole year, else the month (March 2018)."""
    year = int(t)
    if t == year:
        return str(year)
    start = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - start).days
    day = start + dt.timedelta(days=min(round((t - year) * length), length - 1))
    return f"{day:%B %Y}"


def _target_words(low: float, high: float) -> str:
    return (
        f"the target of {_fmt(low)}"
        if low == high
        else f"the target range {_fmt(low)}-{_fmt(high)}"
    )


def target_status(
    *,
    times: Sequence[Time] | ArrayLike,
    values: ArrayLike,
    baseline_time: Time,
    baseline_value: float,
    target: Target,
    due: Time,
    polarity: str,
    confidence: float = 0.95,
) -> TargetStatus:
    """Progress of a measure to its target: status, explanation, trajectory and forecast.

    ``times``/``values`` are the measure's series (oldest first, NaN values
    ignored); the baseline defines the trajectory's start.  ``target`` is a
    value, met when the latest value is at or beyond it in the polarity's
    direction ("high": at or above), or a range ``(low, high)``, met when the
    value is inside it.  ``polarity`` ("high" or "low") is the direction of
    improvement.  The forecast at ``due`` is the least-squares line through the
    series with a ``confidence`` prediction interval.

    Source: simple linear regression forecast and prediction interval (Draper
    & Smith 1998, s. 3.1); status rules as documented in docs/methods.md.
    """
    pol = check_polarity(polarity)
    if pol == "none":
        raise ValueError('a target needs a direction: polarity must be "high" or "low"')
    level = check_confidence(confidence)
    low, high = _goal(target)
    due_year = decimal_year(due)
    start = decimal_year(baseline_time)
    if due_year <= start:
        raise ValueError("the due date must be after the baseline")
    t = np.array([decimal_year(x) for x in np.atleast_1d(np.asarray(times, dtype=object))])
    v = as_float_array(values, "values").ravel()
    if t.shape != v.shape:
        raise ValueError("times and values must have the same length")
    keep = ~np.isnan(v)
    t, v = t[keep], v[keep]
    order = np.argsort(t, kind="stable")
    t, v = t[order], v[order]
    words = _target_words(low, high)
    nan_forecast = Estimate(np.nan, np.nan, np.nan, "linear trend", level)

    def meets(x: float) -> bool:
        if low != high:
            return low <= x <= high
        return x >= low if pol == "high" else x <= low

    if v.size == 0:
        return TargetStatus(
            NOT_ENOUGH_DATA,
            f"There are no values yet to compare with {words} due by {_when(due_year)}.",
            (low, high),
            due_year,
            np.nan,
            np.nan,
            np.nan,
            nan_forecast,
        )
    latest_t, latest_v = float(t[-1]), float(v[-1])
    # The point on the trajectory the measure has to reach: the near edge of a range.
    aim = (
        low
        if low == high
        else (low if baseline_value < low else high if baseline_value > high else baseline_value)
    )
    expected = float(
        baseline_value + (aim - baseline_value) * (latest_t - start) / (due_year - start)
    )
    now = f"The latest value ({_fmt(latest_v)} in {_when(latest_t)})"

    def result(status: str, sentence: str, forecast: Estimate = nan_forecast) -> TargetStatus:
        return TargetStatus(
            status, sentence, (low, high), due_year, latest_v, latest_t, expected, forecast
        )

    if latest_t >= due_year:
        if meets(latest_v):
            return result(ACHIEVED, f"{now} meets {words}, which was due by {_when(due_year)}.")
        return result(MISSED, f"{now} does not meet {words}, which was due by {_when(due_year)}.")
    if meets(latest_v):
        return result(ACHIEVED, f"{now} already meets {words} due by {_when(due_year)}.")
    if v.size < MIN_POINTS_TO_FORECAST or np.ptp(t) == 0:
        return result(
            NOT_ENOUGH_DATA,
            f"{now} does not yet meet {words}, and at least {MIN_POINTS_TO_FORECAST} values "
            "at different times are needed to forecast whether it will by "
            f"{_when(due_year)}.",
        )
    slope, intercept = np.polyfit(t, v, 1)
    point = float(intercept + slope * due_year)
    residual = v - (intercept + slope * t)
    dof = v.size - 2
    spread = np.sqrt((residual @ residual) / dof) if dof > 0 else 0.0
    sxx = float(((t - t.mean()) ** 2).sum())
    half = float(stats.t.ppf(1 - (1 - level) / 2, dof)) if dof > 0 else np.inf
    width = half * spread * np.sqrt(1 + 1 / v.size + (due_year - t.mean()) ** 2 / sxx)
    forecast = Estimate(point, point - width, point + width, "linear trend", level)
    better_limit = point + width if pol == "high" else point - width
    ahead = latest_v >= expected if pol == "high" else latest_v <= expected
    if low != high:
        reachable = point - width <= high and point + width >= low
        ahead = abs(latest_v - aim) <= abs(expected - aim)
    else:
        reachable = meets(better_limit)
    by = f"by {_when(due_year)}"
    interval = f"{level * 100:g}% range {_fmt(point - width)} to {_fmt(point + width)}"
    trend = f"the trend forecasts {_fmt(point)} {by} ({interval})"
    if meets(point):
        if ahead:
            return result(
                ON_TRACK,
                f"{now} is on or ahead of the trajectory ({_fmt(expected)}) and {trend}, "
                f"which meets {words}.",
                forecast,
            )
        return result(
            AT_RISK,
            f"{trend.capitalize()}, which meets {words}, but {now[0].lower() + now[1:]} "
            f"is behind the trajectory ({_fmt(expected)}).",
            forecast,
        )
    if reachable:
        return result(
            AT_RISK,
            f"{trend.capitalize()}, which misses {words}, though the range still reaches it.",
            forecast,
        )
    return result(
        OFF_TRACK,
        f"{trend.capitalize()}: even the best end of that range misses {words}.",
        forecast,
    )
