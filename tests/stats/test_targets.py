"""Tests for cypp.stats.targets: judging at the due date, forecast, status rules, goals.

Golden values are independent calculations, never the code under test:
* the forecast line and its prediction interval: ``scipy.stats.linregress`` /
  ``numpy.polyfit`` on the last five values and the textbook interval
  ``t(n-2) * s * sqrt(1 + 1/n + (x0 - mean)^2 / Sxx)`` (Draper & Smith 1998, s. 3.1);
* the interval floor: the project's rule written out by hand in the test
  (half the recording step; ``z * sd(successive differences) / sqrt(2)``;
  the latest value's own confidence-interval half-width);
* periods and dates: the calendar (a financial year runs 1 April to 31 March).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from scipy import stats

from cypp.stats import compare_to_goal, decimal_year, target_status
from cypp.stats.forecast import FORECAST_POINTS, MIN_POINTS_TO_FORECAST

YEARS = [2020, 2021, 2022, 2023]
Z95 = stats.norm.ppf(0.975)


def _status(values: list[float], target: float | tuple[float, float] = 50, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "times": YEARS[: len(values)],
        "values": values,
        "baseline_time": 2020,
        "baseline_value": values[0] if values else 70,
        "target": target,
        "due": 2026,
        "polarity": "low",
    }
    args.update(kw)
    return target_status(**args)  # type: ignore[arg-type]


def _financial_years(first: int, last: int) -> dict[str, list]:  # type: ignore[type-arg]
    """Financial years first/first+1 .. last/last+1: starts 1 April, ends 31 March, labels."""
    years = range(first, last + 1)
    return {
        "starts": [dt.date(y, 4, 1) for y in years],
        "times": [dt.date(y + 1, 3, 31) for y in years],
        "labels": [f"{y}/{str(y + 1)[2:]}" for y in years],
    }


def _ols_interval(t: np.ndarray, v: np.ndarray, x0: float) -> tuple[float, float]:
    """Point forecast and prediction-interval half-width, from the textbook formula."""
    fit = stats.linregress(t, v)
    point = fit.intercept + fit.slope * x0
    residual = v - (fit.intercept + fit.slope * t)
    n = len(t)
    s = math.sqrt(residual @ residual / (n - 2))
    sxx = ((t - t.mean()) ** 2).sum()
    half = stats.t.ppf(0.975, n - 2) * s * math.sqrt(1 + 1 / n + (x0 - t.mean()) ** 2 / sxx)
    return point, half


# --- Once the data reaches the due date: judged on the due period, for good -------------

# 2014/15 .. 2024/25: 82 in 2017/18 (due 31 March 2018), 72 in 2024/25.
JUDGED = [70, 72, 74, 82, 79, 78, 75, 74, 73, 71, 72]


def test_past_due_judged_on_the_period_containing_the_due_date() -> None:
    periods = _financial_years(2014, 2024)
    s = target_status(
        **periods,
        values=JUDGED,
        baseline_time=dt.date(2014, 3, 31),
        baseline_value=68,
        target=80,
        due=dt.date(2018, 3, 31),
        polarity="high",
    )
    assert s.status == "achieved"
    assert (s.judged_label, s.judged_value) == ("2017/18", 82)
    assert s.judged_time == pytest.approx(decimal_year(dt.date(2018, 3, 31)))
    assert s.latest_label == "2024/25" and s.latest_value == 72
    assert s.explanation == (
        "The target of 80 was due by March 2018. The value for 2017/18 (the period that "
        "includes the due date) was 82, which meets it. Since then: 72 in 2024/25. "
        "That no longer meets the target."
    )
    assert math.isnan(s.forecast.value)


def test_the_old_bug_is_gone_a_later_value_is_never_judged_against_an_old_due_date() -> None:
    """Was: "72 in August 2025 does not meet the target of 80, which was due by March 2018"."""
    s = target_status(
        times=[2016.5, 2017.5, 2018.2, 2025.6],
        values=[70, 75, 81, 72],
        baseline_time=2015.0,
        baseline_value=68,
        target=80,
        due=dt.date(2018, 3, 31),
        polarity="high",
    )
    assert s.status == "achieved"
    assert s.judged_value == 81 and s.judged_label == "March 2018"
    assert "72 in August 2025 does not meet" not in s.explanation
    assert s.explanation.endswith("Since then: 72 in August 2025. That no longer meets the target.")


def test_due_2022_missed_then_met_in_2025_stays_missed() -> None:
    periods = _financial_years(2017, 2024)
    values = [60, 62, 64, 66, 68, 70, 75, 82]  # 2021/22 (due 31 March 2022): 68; 2024/25: 82
    s = target_status(
        **periods,
        values=values,
        baseline_time=dt.date(2017, 3, 31),
        baseline_value=58,
        target=80,
        due=dt.date(2022, 3, 31),
        polarity="high",
    )
    assert s.status == "missed"
    assert (s.judged_label, s.judged_value) == ("2021/22", 68)
    assert s.explanation == (
        "The target of 80 was due by March 2022. The value for 2021/22 (the period that "
        "includes the due date) was 68, which does not meet it. Since then: 82 in 2024/25. "
        "That meets the target, but only after it was due."
    )


def test_due_date_inside_a_period_and_without_starts() -> None:
    periods = _financial_years(2014, 2024)
    common = {
        "values": JUDGED,
        "baseline_time": dt.date(2014, 3, 31),
        "baseline_value": 68,
        "target": 80,
        "due": dt.date(2018, 12, 31),
        "polarity": "high",
    }
    # With starts: 31 December 2018 lies in 2018/19 (1 April 2018 - 31 March 2019): 79.
    with_starts = target_status(**periods, **common)  # type: ignore[arg-type]
    assert (with_starts.status, with_starts.judged_label) == ("missed", "2018/19")
    # Without starts a period is the instant it ends: the last ending before is 2017/18.
    without = target_status(times=periods["times"], labels=periods["labels"], **common)  # type: ignore[arg-type]
    assert (without.status, without.judged_label) == ("achieved", "2017/18")
    assert "No value covers that date; the last before it was 82 in 2017/18" in without.explanation


def test_missing_due_period_uses_the_last_before_and_none_before_is_not_enough_data() -> None:
    periods = _financial_years(2014, 2024)
    values = [float(v) for v in JUDGED]
    values[4] = math.nan  # no value for 2018/19
    s = target_status(
        **periods,
        values=values,
        baseline_time=dt.date(2014, 3, 31),
        baseline_value=68,
        target=80,
        due=dt.date(2018, 12, 31),
        polarity="high",
    )
    assert (s.status, s.judged_label, s.judged_value) == ("achieved", "2017/18", 82)
    early = target_status(
        **periods,
        values=JUDGED,
        baseline_time=dt.date(2010, 3, 31),
        baseline_value=60,
        target=80,
        due=dt.date(2013, 3, 31),
        polarity="high",
    )
    assert early.status == "not enough data"
    assert math.isnan(early.judged_value) and early.judged_label == ""
    assert early.explanation == (
        "The target of 80 was due by March 2013. There is no value for a period on or before "
        "that date, so whether it was met cannot be judged. Since then: 72 in 2024/25."
    )


def test_due_at_the_start_of_april_is_judged_on_the_year_ending_31_march() -> None:
    """A period ending up to a week before the due date counts as reaching it."""
    periods = _financial_years(2014, 2024)
    s = target_status(
        **periods,
        values=JUDGED,
        baseline_time=dt.date(2014, 3, 31),
        baseline_value=68,
        target=80,
        due=dt.date(2018, 4, 1),
        polarity="high",
    )
    assert (s.status, s.judged_label) == ("achieved", "2017/18")


def test_missed_on_the_last_period() -> None:
    late = _status([70, 66, 63, 59], due=2023)
    assert late.status == "missed"
    assert late.judged_label == "2023"
    assert late.explanation.startswith("The target of 50 was due by 2023. The value for 2023")


# --- Before the due date: forecast from the last five values ---------------------------


def test_constants() -> None:
    assert (FORECAST_POINTS, MIN_POINTS_TO_FORECAST) == (5, 3)


def test_fifteen_year_series_is_forecast_from_the_last_five_only() -> None:
    t = np.arange(2010.0, 2025.0)
    v = np.array([40, 41, 39, 40, 41, 40, 39, 41, 40, 40, 45, 50, 54, 59, 63.0])
    s = target_status(
        times=t,
        values=v,
        baseline_time=2019,
        baseline_value=40,
        target=75,
        due=2027,
        polarity="high",
    )
    slope, intercept = np.polyfit(t[-5:], v[-5:], 1)
    assert s.forecast.value == pytest.approx(intercept + slope * 2027, rel=1e-9)
    # By hand: mean 54.2 in 2022, slope 45/10 = 4.5 a year, so 54.2 + 4.5 * 5 = 76.7.
    assert s.forecast.value == pytest.approx(76.7, abs=1e-9)
    whole_slope, whole_intercept = np.polyfit(t, v, 1)
    assert whole_intercept + whole_slope * 2027 < 65  # what the whole series would say
    assert s.forecast_points == 5
    _, ols_half = _ols_interval(t[-5:], v[-5:], 2027)
    noise = Z95 * np.std(np.diff(v), ddof=1) / math.sqrt(2)
    assert s.forecast.upper - s.forecast.value == pytest.approx(max(ols_half, noise, 0.5))
    assert "a straight line through the last five values (2020 to 2024)" in s.explanation.lower()


def test_forecast_is_the_ols_prediction_interval_when_that_is_wider() -> None:
    s = _status([70, 66, 63, 59])
    point, half = _ols_interval(np.array(YEARS, dtype=float), np.array([70, 66, 63, 59.0]), 2026)
    assert s.forecast.value == pytest.approx(point)
    assert s.forecast.upper - s.forecast.value == pytest.approx(half)
    assert s.forecast.value - s.forecast.lower == pytest.approx(half)
    assert s.forecast.method == "linear trend" and s.forecast.confidence == 0.95


def test_a_perfectly_straight_line_never_gives_a_zero_width_range() -> None:
    """4, 8, 12 forecast 16 exactly; the range is the values' recording step, not 16 to 16."""
    s = target_status(
        times=[2021, 2022, 2023],
        values=[4, 8, 12],
        baseline_time=2020,
        baseline_value=0,
        target=20,
        due=2024,
        polarity="high",
    )
    assert s.forecast.value == pytest.approx(16)
    assert (s.forecast.lower, s.forecast.upper) == pytest.approx((15.5, 16.5))
    assert "(95% range 15.5 to 16.5, at least as wide as the values' own uncertainty)" in (
        s.explanation
    )
    assert "16 to 16" not in s.explanation
    assert s.status == "off track"


def test_the_range_is_at_least_the_latest_values_own_interval() -> None:
    s = target_status(
        times=[2021, 2022, 2023, 2024],
        values=[40.0, 42.0, 44.0, 46.0],
        lower=[37.0, 39.5, 41.0, 42.5],
        upper=[43.0, 44.5, 47.0, 49.5],
        baseline_time=2020,
        baseline_value=38,
        target=45,
        due=2026,
        polarity="high",
    )
    assert s.forecast.value == pytest.approx(50)
    assert (s.forecast.lower, s.forecast.upper) == pytest.approx((46.5, 53.5))  # 46 +/- 3.5
    assert s.status == "on track"


def test_on_track_needs_the_whole_range() -> None:
    s = _status([70, 65, 61, 56])
    point, half = _ols_interval(np.array(YEARS, dtype=float), np.array([70, 65, 61, 56.0]), 2026)
    assert point + half < 50  # even the worse end meets the target
    assert s.status == "on track"
    assert s.explanation.startswith(
        "The latest value (56 in 2023) is on or ahead of the trajectory"
    )
    assert s.expected_now == pytest.approx(70 - 20 * 3 / 6)


def test_at_risk_when_the_range_straddles_the_target() -> None:
    s = _status([70, 66, 63, 59])
    point, half = _ols_interval(np.array(YEARS, dtype=float), np.array([70, 66, 63, 59.0]), 2026)
    assert point < 50 < point + half
    assert s.status == "at risk"
    assert "which meets the target of 50, but the range includes values that miss it" in (
        s.explanation
    )


def test_at_risk_when_behind_the_trajectory() -> None:
    # 71, 66, 61 is exactly straight: 46 +/- 0.5 in 2026 meets 50, but 61 is behind 60.
    s = target_status(
        times=[2021, 2022, 2023],
        values=[71, 66, 61],
        baseline_time=2020,
        baseline_value=70,
        target=50,
        due=2026,
        polarity="low",
    )
    assert s.status == "at risk"
    assert (
        "the whole range meets the target of 50, but the latest value (61 in 2023) is behind"
        in (s.explanation)
    )


def test_off_track_and_at_risk_by_the_better_end() -> None:
    assert _status([70, 70, 71, 70]).status == "off track"
    noisy = _status([70, 62, 72, 62])
    assert noisy.status == "at risk"
    assert "range still reaches it" in noisy.explanation


def test_already_meets_before_the_due_date_is_on_track_not_achieved() -> None:
    s = _status([70, 60, 49])
    assert s.status == "on track"
    assert s.explanation.startswith(
        "The latest value (49 in 2022) already meets the target of 50, which is due by 2026"
    )
    slipping = _status([40, 44, 48])  # meets now, heading the wrong way
    assert slipping.status == "at risk"
    assert "which would miss it" in slipping.explanation
    two = _status([70, 49])
    assert two.status == "on track"
    assert "too few values to forecast" in two.explanation


def test_not_enough_data() -> None:
    assert _status([70, 65]).status == "not enough data"
    assert _status([]).status == "not enough data"


def test_range_target_and_dates() -> None:
    s = target_status(
        times=[dt.date(2021, 4, 1), dt.date(2022, 4, 1), dt.date(2023, 4, 1)],
        values=[80, 83, 86],
        baseline_time=dt.date(2021, 4, 1),
        baseline_value=80,
        target=(90, 95),
        due=dt.date(2025, 4, 1),
        polarity="high",
    )
    # Exactly straight: 92.0 +/- 0.5 (the whole-number step) lies inside 90-95.
    assert (s.forecast.lower, s.forecast.upper) == pytest.approx((91.5, 92.5), abs=0.01)
    assert s.status == "on track"
    assert s.target == (90, 95)
    assert "target range 90-95" in s.explanation
    assert decimal_year(dt.date(2024, 7, 2)) == pytest.approx(2024 + 183 / 366)


def test_explanations_use_labels_and_months() -> None:
    periods = _financial_years(2019, 2023)
    s = target_status(
        **periods,
        values=[70, 66, 63, 59, 55],
        baseline_time=dt.date(2019, 3, 31),
        baseline_value=72,
        target=50,
        due=dt.date(2027, 3, 31),
        polarity="low",
    )
    assert "(55 in 2023/24)" in s.explanation
    assert "the five values (2019/20 to 2023/24)" in s.explanation
    assert "by March 2027" in s.explanation


def test_explanations_name_months_not_decimal_years() -> None:
    """A target due 31 March 2018 reads "March 2018", never "2018.25"."""
    status = target_status(
        times=[],
        values=[],
        baseline_time=2015.0,
        baseline_value=60.0,
        target=80.0,
        due=dt.date(2018, 3, 31),
        polarity="high",
    )
    assert "due by March 2018" in status.explanation


def test_unknown_baseline_skips_the_trajectory() -> None:
    s = _status([70, 65, 61, 56], baseline_value=math.nan)
    assert s.status == "on track"
    assert "trajectory" not in s.explanation
    assert math.isnan(s.expected_now)


def test_compare_to_goal_single_and_range() -> None:
    assert compare_to_goal(96, 95, "high") == "better than goal"
    assert compare_to_goal(95, 95, "high") == "better than goal"
    assert compare_to_goal(94, 95, "high") == "worse than goal"
    coverage = compare_to_goal([85, 90, 92, 95, 97, np.nan], (90, 95), "high")
    assert list(coverage) == [
        "worse than goal",
        "within goal range",
        "within goal range",
        "better than goal",
        "better than goal",
        "not compared",
    ]
    assert compare_to_goal(10, (10, 20), "low") == "better than goal"
    assert compare_to_goal(25, (10, 20), "low") == "worse than goal"
    assert compare_to_goal(5, 10, "none") == "not compared"


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="direction"):
        _status([70, 66, 63], polarity="none")
    with pytest.raises(ValueError, match="after the baseline"):
        _status([70, 66, 63], due=2019)
    with pytest.raises(ValueError, match="low <= high"):
        compare_to_goal(5, (10, 2), "high")
    with pytest.raises(ValueError, match="decimal year"):
        decimal_year("2024")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same length"):
        _status([70, 66, 63], times=[2020, 2021])
    with pytest.raises(ValueError, match="start after it ends"):
        _status([70, 66, 63], starts=[2021, 2021, 2022], times=[2020, 2021, 2022])
    with pytest.raises(ValueError, match="labels"):
        _status([70, 66, 63], labels=["2020"])
    with pytest.raises(ValueError, match="both lower and upper"):
        _status([70, 66, 63], lower=[60, 60, 60])
    with pytest.raises(ValueError, match="lower limit"):
        _status([70, 66, 63], lower=[60, 70, 60], upper=[80, 68, 80])
