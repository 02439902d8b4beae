"""Tests for cypp.stats.trends (Fingertips recent trend).

Sources:
* Fingertips export of indicator 90284 (fingertips_export.py), column
  "Recent Trend" for 2023/24, computed by Fingertips over 2019/20-2023/24 by
  weighted regression on the 95% limits (a rate, low is good).
* PHEindicatormethods R/TrendMarkers.R ``assign_trend_markers`` example data
  (Year 1-5, Count 1367...994, Denominator 44701...40299, Value/LL/UL).
* statsmodels' linear-by-linear association test, an independent
  implementation of the same chi-squared test for trend (scaled N/(N-1)).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table

from cypp.stats import chi_squared_trend, recent_trend

from .fingertips_export import column, number, rows

PHE_COUNT = np.array([1367, 1332, 1199, 1023, 994.0])
PHE_DENOMINATOR = np.array([44701, 44064, 42811, 41527, 40299.0])
PHE_VALUE = [30.6, 30.2, 28, 24.6, 24.67]
PHE_LL = [28.98, 28.63, 26.44, 23.15, 23.16]
PHE_UL = [32.25, 31.9, 29.64, 26.19, 26.25]


def _series() -> dict[tuple[str, str], list[dict[str, str]]]:
    by_area: dict[tuple[str, str], dict[str, dict[str, str]]] = defaultdict(dict)
    for r in rows():
        if not r["Category Type"]:
            # England appears twice per period (with and without a parent): keep one.
            by_area[(r["Area Code"], r["Sex"])][r["Time period"]] = r
    return {k: [v[p] for p in sorted(v)] for k, v in by_area.items()}


def _trend(series: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    return recent_trend(
        values=column(series, "Value"),
        lower=column(series, "Lower CI 95.0 limit"),
        upper=column(series, "Upper CI 95.0 limit"),
        times=[int(r["Time period"][:4]) for r in series],
        polarity="low",
    )


def test_significance_agrees_with_fingertips_for_every_area() -> None:
    """Significant or not: ours and the export agree wherever both computed one.

    The export's direction words are the opposite of the data's direction for
    every significant trend (e.g. England 93.6 -> 72.7 per 10,000 is labelled
    "Increasing and getting worse"); see test_direction_follows_the_data.
    Where a value in the last five periods is missing we say "cannot be
    calculated" (as PHEindicatormethods does); the export still gave a trend.
    """
    checked = significant = 0
    for series in _series().values():
        published = series[-1]["Recent Trend"].lower()
        if not published or published == "cannot be calculated":
            continue
        ours = _trend(series)
        if ours.label == "cannot be calculated":
            assert "missing" in ours.reason
            continue
        checked += 1
        published_significant = published != "no significant change"
        assert (ours.label != "no significant change") == published_significant
        significant += published_significant
    assert checked > 400 and significant > 150


def test_direction_follows_the_data() -> None:
    england = _series()[("E92000001", "Persons")]
    values = [number(r["Value"]) for r in england[-5:]]
    assert values[0] > values[-1]  # 93.6 in 2019/20 to 72.7 in 2023/24
    trend = _trend(england)
    assert trend.label == "decreasing and getting better"
    assert trend.slope < 0
    assert england[-1]["Recent Trend"] == "Increasing and getting worse"  # the export's label


def test_no_significant_change_example_from_fingertips() -> None:
    leeds = next(
        s
        for (code, sex), s in _series().items()
        if sex == "Persons" and s[0]["Area Name"] == "Leeds"
    )
    assert leeds[-1]["Recent Trend"] == "No significant change"
    assert _trend(leeds).label == "no significant change"


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


def test_outlier_rule_and_not_significant() -> None:
    # A big jump in the last point makes the slope significant, but dropping it reverses it.
    outlier = recent_trend(
        counts=[200, 190, 180, 170, 400], denominators=[1000] * 5, polarity="high"
    )
    assert outlier.label == "no significant change"
    assert "outlier" in outlier.reason
    flat = recent_trend(counts=[100, 101, 99, 100, 102], denominators=[1000] * 5, polarity="high")
    assert flat.label == "no significant change"
    assert "not significant" in flat.reason


def test_uses_only_the_last_five_points() -> None:
    long = recent_trend(
        counts=[900, 800, 100, 120, 140, 160, 180], denominators=[1000] * 7, polarity="high"
    )
    assert long.label == "increasing and getting better"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"counts": [1, 2, 3, 4], "denominators": [10] * 4}, "fewer than 5"),
        ({"counts": [1, 2, np.nan, 4, 5], "denominators": [10] * 5}, "missing"),
        (
            {"counts": [1, 2, 3, 4, 5], "denominators": [10] * 5, "times": [1, 2, 3, 5, 6]},
            "equally spaced",
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


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="both counts and denominators"):
        recent_trend(counts=[1, 2, 3, 4, 5], polarity="high")
    with pytest.raises(ValueError, match="greater than denominators"):
        recent_trend(counts=[1, 2, 3, 4, 50], denominators=[10] * 5, polarity="high")
    with pytest.raises(ValueError, match="polarity"):
        recent_trend(counts=[1, 2, 3, 4, 5], denominators=[10] * 5, polarity="up")
