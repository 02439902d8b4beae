"""Tests for cypp.stats.targets: status rules, explanations, forecast, goals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from scipy import stats

from cypp.stats import compare_to_goal, decimal_year, target_status

YEARS = [2020, 2021, 2022, 2023]


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


def test_on_track() -> None:
    s = _status([70, 66, 63, 59])
    assert s.status == "on track"
    assert s.explanation.startswith("The latest value (59 in 2023)")
    assert "meets the target of 50" in s.explanation
    assert s.expected_now == pytest.approx(70 - 20 * 3 / 6)


def test_at_risk_when_behind_trajectory_but_forecast_meets() -> None:
    s = _status([70, 70, 62, 60.5])
    assert s.status == "at risk"
    assert "behind the trajectory" in s.explanation


def test_off_track_and_at_risk_by_prediction_interval() -> None:
    assert _status([70, 70, 71, 70]).status == "off track"
    noisy = _status([70, 62, 72, 62])
    assert noisy.status == "at risk"
    assert "range still reaches it" in noisy.explanation


def test_achieved_missed_and_not_enough_data() -> None:
    assert _status([70, 60, 49]).status == "achieved"
    late = _status([70, 66, 63, 59], due=2023)
    assert late.status == "missed"
    assert "was due by 2023" in late.explanation
    assert _status([70, 65]).status == "not enough data"
    assert _status([]).status == "not enough data"


def test_forecast_is_the_ols_prediction_interval() -> None:
    s = _status([70, 66, 63, 59])
    fit = stats.linregress(YEARS, [70, 66, 63, 59])
    point = fit.intercept + fit.slope * 2026
    assert s.forecast.value == pytest.approx(point)
    residual = np.array([70, 66, 63, 59]) - (fit.intercept + fit.slope * np.array(YEARS))
    se = np.sqrt(residual @ residual / 2) * np.sqrt(1 + 1 / 4 + (2026 - 2021.5) ** 2 / 5)
    assert s.forecast.upper - s.forecast.value == pytest.approx(stats.t.ppf(0.975, 2) * se)


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
    assert s.status == "on track"
    assert s.target == (90, 95)
    assert "target range 90-95" in s.explanation
    assert decimal_year(dt.date(2024, 7, 2)) == pytest.approx(2024 + 183 / 366)


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


def test_explanations_name_months_not_decimal_years():
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
