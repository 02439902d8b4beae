"""Tests for cypp.stats.trends (Fingertips recent trend; untested direction of travel).

Sources:
* Fingertips export of indicator 90284 (fingertips_export.py; the region
  export, whose "Recent Trend" words are the right way round), column
  "Recent Trend" for 2023/24, computed by Fingertips from the latest five
  available points by weighted regression on the 95% limits (a rate, low is
  good).
* PHEindicatormethods R/TrendMarkers.R ``assign_trend_markers`` example data
  (Year 1-5, Count 1367...994, Denominator 44701...40299, Value/LL/UL).
* statsmodels' linear-by-linear association test, an independent
  implementation of the same chi-squared test for trend (scaled N/(N-1)).
* Direction of travel: changes worked out by hand (subtraction), as in the
  DfE LAIT "change from previous year" column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table

from cypp.stats import chi_squared_trend, decimal_year, direction_of_travel, recent_trend

from .fingertips_export import column, number, rows

PHE_COUNT = np.array([1367, 1332, 1199, 1023, 994.0])
PHE_DENOMINATOR = np.array([44701, 44064, 42811, 41527, 40299.0])
PHE_VALUE = [30.6, 30.2, 28, 24.6, 24.67]
PHE_LL = [28.98, 28.63, 26.44, 23.15, 23.16]
PHE_UL = [32.25, 31.9, 29.64, 26.19, 26.25]

FIRST_YEAR = 2010  # 2010/11 is period index 0 in the export


def _index(period: str) -> int:
    """Period index of a financial year such as "2019/20" (consecutive years, consecutive indices)."""
    return int(period[:4]) - FIRST_YEAR


def _series() -> dict[tuple[str, str, str, str], list[dict[str, str]]]:
    """Every series in the export, oldest first: area, sex and deprivation decile."""
    by_series: dict[tuple[str, str, str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for r in rows():
        key = (r["Area Code"], r["Sex"], r["Category Type"], r["Category"])
        assert r["Time period"] not in by_series[key]  # one row per series and period
        by_series[key][r["Time period"]] = r
    return {k: [v[p] for p in sorted(v)] for k, v in by_series.items()}


def _trend(series: list[dict[str, str]], times: list[int]):  # type: ignore[no-untyped-def]
    return recent_trend(
        values=column(series, "Value"),
        lower=column(series, "Lower CI 95.0 limit"),
        upper=column(series, "Upper CI 95.0 limit"),
        times=times,
        labels=[r["Time period"] for r in series],
        polarity="low",
    )


def _latest_five_available(series: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in series if r["Value"] and r["Lower CI 95.0 limit"]][-5:]


def test_trend_words_agree_with_fingertips_for_every_series() -> None:
    """The trend WORDS (direction, polarity and significance) agree for all 558 series.

    Every series for which the export gives a "Recent Trend" word (2023/24:
    areas, regions, England, by sex and by deprivation decile) is checked.
    Where the last five periods are all there, they are passed with their own
    period indices.  Where one is missing, Fingertips used the latest five
    available points: we pass those with consecutive indices 0-4, as
    Fingertips does (16 series).  Result: 558 of 558 agree (the 15
    "Cannot be calculated" series have fewer than five values).
    """
    last_five = [_index(p) for p in ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24")]
    checked = agree = with_gap = significant = 0
    disagreements = []
    for key, series in _series().items():
        published = series[-1]["Recent Trend"].lower()
        if not published:
            continue
        checked += 1
        recent = series[-5:]
        complete = [_index(r["Time period"]) for r in recent] == last_five and all(
            r["Value"] for r in recent
        )
        if complete:
            ours = _trend(recent, [_index(r["Time period"]) for r in recent])
        else:
            available = _latest_five_available(series)
            with_gap += published != "cannot be calculated"
            ours = _trend(available, list(range(len(available))))
        significant += published not in ("no significant change", "cannot be calculated")
        if ours.label == published:
            agree += 1
        else:
            disagreements.append((key, published, ours.label, ours.reason))
    assert disagreements == []
    assert (agree, checked) == (558, 558)
    assert with_gap == 16
    assert significant == 253


def test_trend_words_cover_every_fingertips_label_in_the_export() -> None:
    published = {s[-1]["Recent Trend"] for s in _series().values()} - {""}
    assert published == {
        "Decreasing and getting better",
        "Increasing and getting worse",
        "No significant change",
        "Cannot be calculated",
    }


def test_a_gap_in_the_period_indices_cannot_be_calculated() -> None:
    """Slough (Persons) has no 2022/23 value; with its real indices the five are not consecutive.

    Fingertips gives "Decreasing and getting better" from the latest five
    available points (2018/19 to 2023/24 without 2022/23); passing consecutive
    indices for them reproduces it (test above); passing the real indices says
    the periods are not consecutive.
    """
    slough = next(
        s
        for (code, sex, category_type, _), s in _series().items()
        if sex == "Persons" and not category_type and s[0]["Area Name"] == "Slough"
    )
    available = _latest_five_available(slough)
    assert [r["Time period"] for r in available] == [
        "2018/19",
        "2019/20",
        "2020/21",
        "2021/22",
        "2023/24",
    ]
    assert slough[-1]["Recent Trend"] == "Decreasing and getting better"
    assert _trend(available, list(range(5))).label == "decreasing and getting better"
    gap = _trend(available, [_index(r["Time period"]) for r in available])
    assert gap.label == "cannot be calculated"
    assert "not consecutive" in gap.reason


def test_england_direction_and_leap_years() -> None:
    """England 2019/20 to 2023/24: five periods ending 31 March 2020 to 2024.

    2020 and 2024 are leap years, so decimal years of the period ends are not
    equally spaced (the old bug: every such trend was "cannot be calculated");
    period indices give Fingertips' answer.
    """
    england = _series()[("E92000001", "Persons", "", "")][-5:]
    assert [r["Time period"] for r in england] == [
        "2019/20",
        "2020/21",
        "2021/22",
        "2022/23",
        "2023/24",
    ]
    values = [number(r["Value"]) for r in england]
    assert values[0] > values[-1]  # 93.6 in 2019/20 to 72.7 in 2023/24
    trend = _trend(england, [0, 1, 2, 3, 4])
    assert trend.label == "decreasing and getting better"
    assert trend.tested is True
    assert trend.slope < 0
    assert england[-1]["Recent Trend"] == "Decreasing and getting better"  # the export's label
    assert trend.reason.startswith(
        "Decreasing and getting better: over the five periods 2019/20 to 2023/24 the change "
        "is significant at 99.8%"
    )
    ends = [decimal_year(dt.date(year, 3, 31)) for year in range(2020, 2025)]
    assert not np.allclose(np.diff(ends), np.diff(ends)[0])
    by_decimal_years = _trend(england, ends)  # type: ignore[arg-type]
    assert by_decimal_years.label == "cannot be calculated"


def test_no_significant_change_example_from_fingertips() -> None:
    """Leeds: significant over 2019/20-2023/24, but its direction rests on 2019/20 alone."""
    leeds = next(
        s
        for (code, sex, category_type, _), s in _series().items()
        if sex == "Persons" and not category_type and s[0]["Area Name"] == "Leeds"
    )
    assert leeds[-1]["Recent Trend"] == "No significant change"
    trend = _trend(leeds[-5:], [9, 10, 11, 12, 13])
    assert trend.label == "no significant change"
    assert trend.statistic > 9.5495
    assert "leaving out 2019/20 reverses its direction" in trend.reason


def test_not_significant_example_from_fingertips() -> None:
    """Darlington: chi-squared just under the 99.8% point, and Fingertips agrees."""
    darlington = next(
        s
        for (code, sex, category_type, _), s in _series().items()
        if sex == "Persons" and not category_type and s[0]["Area Name"] == "Darlington"
    )
    assert darlington[-1]["Recent Trend"] == "No significant change"
    trend = _trend(darlington[-5:], [9, 10, 11, 12, 13])
    assert trend.label == "no significant change"
    assert 9.0 < trend.statistic < 9.5495
    assert "the change is not significant at 99.8%" in trend.reason


def test_chi_squared_trend_matches_statsmodels() -> None:
    t = np.arange(1.0, 6.0)
    table = Table(np.column_stack([PHE_COUNT, PHE_DENOMINATOR - PHE_COUNT]))
    result = table.test_ordinal_association(row_scores=t, col_scores=np.array([1.0, 0.0]))
    n = PHE_DENOMINATOR.sum()
    assert chi_squared_trend(PHE_COUNT, PHE_DENOMINATOR, t) == pytest.approx(
        result.zscore**2 * n / (n - 1), rel=1e-10
    )


def test_phe_example_data_both_methods() -> None:
    by_counts = recent_trend(counts=PHE_COUNT, denominators=PHE_DENOMINATOR, polarity="high")
    assert by_counts.label == "decreasing and getting worse"
    assert by_counts.method == "chi-squared test for trend"
    assert by_counts.statistic == pytest.approx(47.8967, abs=1e-4)
    by_limits = recent_trend(values=PHE_VALUE, lower=PHE_LL, upper=PHE_UL, polarity="none")
    assert by_limits.label == "decreasing"
    assert by_limits.method == "weighted regression"
    assert by_limits.statistic > 9.5495


def test_labels_follow_polarity() -> None:
    rising = {"counts": [100, 120, 140, 160, 180], "denominators": [1000] * 5}
    assert recent_trend(**rising, polarity="high").label == "increasing and getting better"
    assert recent_trend(**rising, polarity="low").label == "increasing and getting worse"
    assert recent_trend(**rising, polarity="none").label == "increasing"


def test_any_consecutive_indices_give_the_same_trend() -> None:
    rising = {"counts": [100, 120, 140, 160, 180], "denominators": [1000] * 5}
    base = recent_trend(**rising, polarity="high")
    shifted = recent_trend(**rising, polarity="high", times=[9, 10, 11, 12, 13])
    assert shifted.statistic == pytest.approx(base.statistic, rel=1e-12)
    assert shifted.label == base.label


def test_outlier_rule_and_not_significant() -> None:
    # A big jump in the last point makes the slope significant, but dropping it reverses it.
    outlier = recent_trend(
        counts=[200, 190, 180, 170, 400],
        denominators=[1000] * 5,
        polarity="high",
        labels=["2019/20", "2020/21", "2021/22", "2022/23", "2023/24"],
    )
    assert outlier.label == "no significant change"
    assert "leaving out 2023/24 reverses its direction" in outlier.reason
    assert "outlier" in outlier.reason
    flat = recent_trend(counts=[100, 101, 99, 100, 102], denominators=[1000] * 5, polarity="high")
    assert flat.label == "no significant change"
    assert flat.reason.startswith(
        "No significant change: over the last five periods the change is not significant at 99.8%"
    )


def test_uses_only_the_last_five_points() -> None:
    long = recent_trend(
        counts=[900, 800, 100, 120, 140, 160, 180], denominators=[1000] * 7, polarity="high"
    )
    assert long.label == "increasing and getting better"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"counts": [1, 2, 3, 4], "denominators": [10] * 4}, "needs 5 periods"),
        ({"counts": [1, 2, np.nan, 4, 5], "denominators": [10] * 5}, "missing"),
        (
            {"counts": [1, 2, 3, 4, 5], "denominators": [10] * 5, "times": [1, 2, 3, 5, 6]},
            "not consecutive",
        ),
        (
            {"values": [1, 2, 3, 4, 5], "lower": [0, 1, np.nan, 3, 4], "upper": [2, 3, 4, 5, 6]},
            "limit",
        ),
    ],
)
def test_cannot_be_calculated(kwargs: dict, reason: str) -> None:  # type: ignore[type-arg]
    result = recent_trend(**kwargs, polarity="high")
    assert result.label == "cannot be calculated"
    assert reason in result.reason
    assert result.tested is True


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="both counts and denominators"):
        recent_trend(counts=[1, 2, 3, 4, 5], polarity="high")
    with pytest.raises(ValueError, match="greater than denominators"):
        recent_trend(counts=[1, 2, 3, 4, 50], denominators=[10] * 5, polarity="high")
    with pytest.raises(ValueError, match="polarity"):
        recent_trend(counts=[1, 2, 3, 4, 5], denominators=[10] * 5, polarity="up")
    with pytest.raises(ValueError, match="labels"):
        recent_trend(counts=[1, 2, 3, 4, 5], denominators=[10] * 5, polarity="low", labels=["a"])


# --- Direction of travel (not tested for significance) ----------------------------------

YEARS = ["2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]


def test_direction_of_travel_sentence_and_changes() -> None:
    # By hand: 42.0 - 39.0 = 3.0 since 2023/24; 42.0 - 36.5 = 5.5 since 2020/21.
    d = direction_of_travel(values=[36.5, 38.0, 39.0, 39.0, 42.0], polarity="high", labels=YEARS)
    assert d.label == "increasing and getting better"
    assert d.tested is False
    assert d.change_since_previous == pytest.approx(3.0)
    assert d.change_over_window == pytest.approx(5.5)
    assert d.points == 5
    assert d.reason == (
        "Not tested for significance: 42.0 in 2024/25, up 3.0 on 2023/24 and up 5.5 over "
        "the last five points (2020/21 to 2024/25)."
    )


@pytest.mark.parametrize(
    ("values", "polarity", "label"),
    [
        ([10, 12, 11], "high", "increasing and getting better"),
        ([10, 12, 11], "low", "increasing and getting worse"),
        ([10, 12, 11], "none", "increasing"),
        ([12, 10, 13, 11], "high", "decreasing and getting worse"),
        ([12, 10, 13, 11], "low", "decreasing and getting better"),
        ([12, 10, 13, 11], "none", "decreasing"),
        ([12, 10, 13, 12], "high", "no change"),
    ],
)
def test_direction_label_follows_the_window_and_polarity(
    values: list[float], polarity: str, label: str
) -> None:
    """The label comes from first-to-last over the window, not the year-to-year change."""
    assert direction_of_travel(values=values, polarity=polarity).label == label


def test_direction_uses_the_last_five_and_needs_two() -> None:
    d = direction_of_travel(values=[100, 1, 2, 3, 4, 5], polarity="none")
    assert d.points == 5
    assert d.change_over_window == 4  # 5 - 1, the 100 is outside the window
    two = direction_of_travel(values=[8, 6], polarity="low", labels=["2023/24", "2024/25"])
    assert two.label == "decreasing and getting better"
    assert two.reason == (
        "Not tested for significance: 6 in 2024/25, down 2 on 2023/24 "
        "(only two values are available)."
    )
    one = direction_of_travel(values=[np.nan, 7], polarity="high")
    assert one.label == "cannot be calculated"
    assert one.points == 1
    assert one.reason.startswith("Not tested for significance")


def test_direction_skips_missing_values_and_says_so() -> None:
    d = direction_of_travel(values=[10, 11, np.nan, 14], polarity="high", labels=YEARS[:4])
    assert d.change_since_previous == 3  # 14 in 2023/24 against 11 in 2021/22
    assert d.reason == (
        "Not tested for significance: 14 in 2023/24, up 3 on 2021/22 and up 4 over the last "
        "three points (2020/21 to 2023/24)."
    )
    unlabelled = direction_of_travel(values=[10, 11, np.nan, 14], polarity="high")
    assert "up 3 on the previous available value" in unlabelled.reason


def test_direction_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="polarity"):
        direction_of_travel(values=[1, 2], polarity="up")
    with pytest.raises(ValueError, match="labels"):
        direction_of_travel(values=[1, 2], polarity="high", labels=["2024/25"])
    with pytest.raises(ValueError, match="numbers"):
        direction_of_travel(values=["a", "b"], polarity="high")
