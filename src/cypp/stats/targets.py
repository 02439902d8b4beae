"""Progress of a measure towards its target, judged honestly, in words a councillor can question.

A partnership sets a target: from a baseline (a time and a value) to a target
value, or a range to land in, by a due date.  This module draws the straight
line from baseline to target (the trajectory), and either judges the target
on the period it was due (once the data has reached the due date) or
forecasts the value at the due date from the recent trend with a prediction
interval, and says in plain English which of six statuses applies.

Once the data reaches the due date (a period ends on or after it):

* the target is judged on the value for the period containing the due date
  (``start <= due <= end``; of several, the one ending first), or else on the
  last period ending before the due date: "achieved" or "missed", fixed for
  good.  Values for later periods are reported in the explanation ("Since
  then: 72 in 2024/25.") and never change the verdict;
* with no period on or before the due date: "not enough data".

Before the due date (the data stops short of it):

* the forecast is ``cypp.stats.forecast.linear_forecast``: the straight line
  through the last five available values (at least three) at the due date,
  with a prediction interval never narrower than the data's own uncertainty.
  The x-axis is the period ends as decimal years: regression does not need
  exactly equal spacing, so the leap-year jitter of decimal years (under 0.003
  of a year) is irrelevant, and a missing period simply leaves a wider gap;
* "on track": the whole prediction interval meets the target (even its worse
  end) and the latest value is not behind the trajectory;
* "at risk": the point forecast meets the target but the interval straddles
  it, or the latest value is behind the trajectory, or the point forecast
  misses but the better end of the interval still reaches the target;
* "off track": even the better end of the interval misses the target;
* a latest value that already meets the target before it is due is "on
  track" (not "achieved": the target is judged at the due date), unless the
  forecast's point at the due date misses the target, which is "at risk"
  (it may slip back).  With too few values to forecast it stays "on track";
* "not enough data": no values, or the latest does not meet the target and
  there are fewer than three values to forecast from.

Times are ``datetime.date`` or decimal years (2024.25 is 1 April 2024, near
enough); ``times`` are period ends and the optional ``starts`` period starts.
Because decimal years and "due by April" stand for dates only approximately,
a period ending up to a week (``TOLERANCE_YEARS``) before the due date counts
as ending at it: a target due 1 April 2018 is judged on 2017/18.
Explanations name periods by their ``labels`` ("2017/18") when given, else as
months ("March 2018").  ``compare_to_goal`` is Fingertips' simpler "compared
to goal" rule for one value.

Sources: the forecast and prediction interval are the standard simple linear
regression (Draper NR, Smith H (1998) Applied regression analysis, 3rd ed.,
section 3.1); the noise floor uses the successive-difference estimate (von
Neumann J, Kent RH, Bellinson HR, Hart BI (1941) "The mean square successive
difference", Annals of Mathematical Statistics 12:153-162); the status rules
and the floor are this project's; Fingertips goal benchmarking is OHID's
"Technical Guide - RAG rating indicator values".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cypp.stats._types import (
    ArrayLike,
    FloatArray,
    Strings,
    as_float_array,
    check_confidence,
    check_polarity,
    is_scalar_input,
    out,
)
from cypp.stats.estimate import Estimate
from cypp.stats.forecast import MIN_POINTS_TO_FORECAST, linear_forecast

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

#: A period ending this close before the due date counts as ending at it (one week).
TOLERANCE_YEARS = 7 / 365.25

_COUNT_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def decimal_year(time: Time) -> float:
    """A date as a decimal year (1 January 2024 is 2024.0); numbers pass through.

    Source: the calendar (the fraction is days elapsed over days in that year).
    """
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
        status: "achieved", "missed" (the data has reached the due date),
            "on track", "at risk", "off track" (forecast before the due date)
            or "not enough data".
        explanation: plain-English sentences saying why, naming periods.
        target: the target as (low, high); equal for a single value.
        due: the due date as a decimal year.
        latest_value: the most recent value (NaN when there is none).
        latest_time: the end of its period, as a decimal year (NaN if none).
        expected_now: the trajectory's value at the latest time (NaN if none;
            the target itself once the latest time is past the due date).
        forecast: the forecast at the due date with its prediction interval
            (method "linear trend"), NaN when none was made (too few values,
            or the due date has been reached).
        judged_label: the period the verdict was judged on, once the due date
            has been reached (its label, or the month of its end); "" if none.
        judged_time: the end of that period as a decimal year (NaN if none).
        judged_value: its value (NaN if none).
        latest_label: the latest period's label, or the month of its end.
        forecast_points: how many of the latest values the forecast used (0
            when there is no forecast).
    """

    status: str
    explanation: str
    target: tuple[float, float]
    due: float
    latest_value: float
    latest_time: float
    expected_now: float
    forecast: Estimate
    judged_label: str = ""
    judged_time: float = math.nan
    judged_value: float = math.nan
    latest_label: str = ""
    forecast_points: int = 0


def _fmt(x: float) -> str:
    return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"


def _fmt_range(low: float, high: float) -> str:
    """ "15.5 to 16.5": with enough decimals that the printed width is roughly the true one.

    So a narrow range is never printed as "16 to 16", nor 1,299.5 to 1,300.5 as
    "1,300 to 1,300".
    """
    a, b = _fmt(low), _fmt(high)
    width = high - low
    decimals = 0
    while width > 0 and decimals < 12:
        shown = float(b.replace(",", "")) - float(a.replace(",", ""))
        if abs(shown - width) <= 0.2 * width:
            break
        decimals += 1
        a, b = f"{low:,.{decimals}f}", f"{high:,.{decimals}f}"
    return f"{a} to {b}"


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


def _years(x: Sequence[Time] | ArrayLike | None, name: str) -> FloatArray | None:
    if x is None:
        return None
    items = np.atleast_1d(np.asarray(x, dtype=object))
    if items.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional series, oldest first")
    return np.array([decimal_year(item) for item in items], dtype=np.float64)


def target_status(
    *,
    times: Sequence[Time] | ArrayLike,
    values: ArrayLike,
    baseline_time: Time,
    baseline_value: float,
    target: Target,
    due: Time,
    polarity: str,
    starts: Sequence[Time] | ArrayLike | None = None,
    labels: Sequence[str] | None = None,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    confidence: float = 0.95,
) -> TargetStatus:
    """Progress of a measure to its target: status, explanation, trajectory and forecast.

    ``times`` are the ends of the measure's periods (dates or decimal years)
    and ``values`` their values (NaN values are ignored); ``starts`` the
    periods' starts (optional: without them a period is taken to be the
    instant it ends); ``labels`` the periods' names such as "2017/18"
    (optional, used in the explanation); ``lower``/``upper`` each value's
    confidence limits at ``confidence`` (optional, used to keep the forecast
    interval at least as wide as the latest value's own).  The baseline
    defines the trajectory's start.  ``target`` is a value, met when a value
    is at or beyond it in the polarity's direction ("high": at or above), or
    a range ``(low, high)``, met when the value is inside it.  ``polarity``
    ("high" or "low") is the direction of improvement.  The module docstring
    gives the rules: once the data reaches the due date the verdict is fixed
    by the period containing it; before, the forecast from the last five
    values at ``confidence`` decides.

    Source: simple linear regression forecast and prediction interval (Draper
    & Smith 1998, s. 3.1); successive-difference noise (von Neumann et al.
    1941); the interval floor and the status rules are this project's
    (module docstring, docs/methods.md).
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
    ends = _years(times, "times")
    v = as_float_array(values, "values")
    if ends is None or v.ndim != 1 or ends.shape != v.shape:
        raise ValueError("times and values must be one-dimensional with the same length")
    begins = _years(starts, "starts")
    if begins is None:
        begins = ends.copy()
    elif begins.shape != v.shape:
        raise ValueError("starts must have one entry per value")
    if labels is not None and isinstance(labels, str):
        raise ValueError("labels must be a list of period labels, oldest first, not one string")
    names = None if labels is None else [str(x) for x in labels]
    if names is not None and len(names) != v.size:
        raise ValueError("labels must have one entry per value")
    if (lower is None) != (upper is None):
        raise ValueError("give both lower and upper limits, or neither")
    lo = None if lower is None else as_float_array(lower, "lower")
    up = None if upper is None else as_float_array(upper, "upper")
    if lo is not None and up is not None:
        if lo.shape != v.shape or up.shape != v.shape:
            raise ValueError("lower and upper must have one entry per value")
        if np.any(lo > up):
            raise ValueError("a lower limit must not be above its upper limit")

    keep = ~np.isnan(v)
    if np.any(np.isnan(ends[keep])) or np.any(np.isnan(begins[keep])):
        raise ValueError("every value needs the time its period ends (and starts, if given)")
    if np.any(begins[keep] > ends[keep]):
        raise ValueError("a period must not start after it ends")
    order = np.flatnonzero(keep)[np.argsort(ends[keep], kind="stable")]
    t, s, v = ends[order], begins[order], v[order]
    half_ci = None if lo is None or up is None else (up[order] - lo[order]) / 2
    period = [names[i] for i in order] if names is not None else [_when(x) for x in t]

    words = _target_words(low, high)
    by = f"by {_when(due_year)}"
    nan_forecast = Estimate(np.nan, np.nan, np.nan, "linear trend", level)

    def meets(x: float) -> bool:
        if low != high:
            return low <= x <= high
        return x >= low if pol == "high" else x <= low

    if v.size == 0:
        return TargetStatus(
            NOT_ENOUGH_DATA,
            f"There are no values yet to compare with {words} due {by}.",
            (low, high),
            due_year,
            math.nan,
            math.nan,
            math.nan,
            nan_forecast,
        )
    latest_t, latest_v, latest_name = float(t[-1]), float(v[-1]), period[-1]
    # The point on the trajectory the measure has to reach: the near edge of a range.
    aim = (
        low
        if low == high
        else (low if baseline_value < low else high if baseline_value > high else baseline_value)
    )
    share = min(max((latest_t - start) / (due_year - start), 0.0), 1.0)
    expected = float(baseline_value + (aim - baseline_value) * share)

    def result(
        status: str,
        sentence: str,
        forecast: Estimate = nan_forecast,
        judged: int | None = None,
        points: int = 0,
    ) -> TargetStatus:
        return TargetStatus(
            status,
            sentence,
            (low, high),
            due_year,
            latest_v,
            latest_t,
            expected,
            forecast,
            "" if judged is None else period[judged],
            math.nan if judged is None else float(t[judged]),
            math.nan if judged is None else float(v[judged]),
            latest_name,
            points,
        )

    # --- The data has reached the due date: judge on the due period, for good.
    if latest_t >= due_year - TOLERANCE_YEARS:
        containing = np.flatnonzero((s <= due_year) & (t >= due_year - TOLERANCE_YEARS))
        before = np.flatnonzero(t < due_year - TOLERANCE_YEARS)
        judged = (
            int(containing[np.argmin(t[containing])])
            if containing.size
            else int(before[-1])
            if before.size
            else None
        )
        since = ""
        later = np.flatnonzero(t > t[judged]) if judged is not None else np.arange(v.size)
        if later.size:
            since = f" Since then: {_fmt(latest_v)} in {latest_name}."
            if judged is not None and meets(latest_v) != meets(float(v[judged])):
                since += (
                    " That meets the target, but only after it was due."
                    if meets(latest_v)
                    else " That no longer meets the target."
                )
        due_words = f"{words[0].upper()}{words[1:]} was due {by}."
        if judged is None:
            return result(
                NOT_ENOUGH_DATA,
                f"{due_words} There is no value for a period on or before that date, so "
                f"whether it was met cannot be judged.{since}",
            )
        value = float(v[judged])
        verdict = "which meets it" if meets(value) else "which does not meet it"
        if containing.size:
            which = (
                "the period that includes the due date"
                if starts is not None
                else "the period ending at the due date"
            )
            sentence = (
                f"{due_words} The value for {period[judged]} ({which}) was {_fmt(value)}, "
                f"{verdict}."
            )
        else:
            sentence = (
                f"{due_words} No value covers that date; the last before it was "
                f"{_fmt(value)} in {period[judged]}, {verdict}."
            )
        return result(ACHIEVED if meets(value) else MISSED, sentence + since, judged=judged)

    # --- Before the due date: forecast from the recent window.
    now = f"The latest value ({_fmt(latest_v)} in {latest_name})"
    trajectory_known = not math.isnan(expected)
    if low != high:
        ahead = abs(latest_v - aim) <= abs(expected - aim)
    else:
        ahead = latest_v >= expected if pol == "high" else latest_v <= expected
    ahead = ahead or not trajectory_known
    behind = (
        f"{now[0].lower()}{now[1:]} is behind the trajectory from the baseline to the "
        f"target ({_fmt(expected)} expected by {latest_name})"
    )

    made = linear_forecast(
        times=t,
        values=v,
        at=due_year,
        confidence=level,
        own_half_width=None if half_ci is None else float(half_ci[-1]),
    )
    if made is None:
        if meets(latest_v):
            return result(
                ON_TRACK,
                f"{now} already meets {words}, which is due {by}; there are too few values "
                f"to forecast whether it will still meet it then (at least "
                f"{MIN_POINTS_TO_FORECAST} are needed).",
            )
        return result(
            NOT_ENOUGH_DATA,
            f"{now} does not yet meet {words}, and at least {MIN_POINTS_TO_FORECAST} values "
            f"for different periods are needed to forecast whether it will {by}.",
        )
    forecast, n = made.estimate, made.points
    point, half = float(forecast.value), float(forecast.value - forecast.lower)
    worse_end = point - half if pol == "high" else point + half
    better_end = point + half if pol == "high" else point - half
    if low != high:
        whole_meets = low <= point - half and point + half <= high
        reachable = point - half <= high and point + half >= low
    else:
        whole_meets = meets(worse_end)
        reachable = meets(better_end)

    window = (
        f"the last {_COUNT_WORDS[n]} values ({period[-n]} to {latest_name})"
        if n < v.size
        else f"the {_COUNT_WORDS[n]} values ({period[-n]} to {latest_name})"
    )
    widened = ", at least as wide as the values' own uncertainty" if made.widened else ""
    interval = f"{level * 100:g}% range {_fmt_range(point - half, point + half)}{widened}"
    trend = f"a straight line through {window} forecasts {_fmt(point)} {by} ({interval})"
    Trend = trend[0].upper() + trend[1:]

    def done(status: str, sentence: str) -> TargetStatus:
        return result(status, sentence, forecast, points=n)

    if meets(latest_v):
        if meets(point):
            return done(ON_TRACK, f"{now} already meets {words}, which is due {by}, and {trend}.")
        return done(
            AT_RISK,
            f"{now} already meets {words}, which is due {by}, but {trend}, which would miss it.",
        )
    if whole_meets:
        if ahead:
            on_path = (
                f"{now} is on or ahead of the trajectory ({_fmt(expected)}) and "
                if trajectory_known
                else f"{now} does not yet meet {words}, but "
            )
            return done(ON_TRACK, f"{on_path}{trend}: the whole range meets {words}.")
        return done(AT_RISK, f"{Trend}, and the whole range meets {words}, but {behind}.")
    if meets(point):
        also = "" if ahead else f"; also, {behind}"
        return done(
            AT_RISK,
            f"{Trend}, which meets {words}, but the range includes values that miss it{also}.",
        )
    if reachable:
        return done(AT_RISK, f"{Trend}, which misses {words}, though the range still reaches it.")
    return done(OFF_TRACK, f"{Trend}: even the better end of that range misses {words}.")
