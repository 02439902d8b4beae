"""Golden tests for cypp.stats.comparison.

Source: the Fingertips export of indicator 90284 (fingertips_export.py): its
"Compared to England value or percentiles" column, computed by Fingertips from
each area's 95% interval and the England value of the same period and sex
(polarity: low is good).
"""

from __future__ import annotations

import numpy as np
import pytest

from cypp.stats import compare, compare_two_level

from .fingertips_export import column, rows


def _england() -> dict[tuple[str, str], float]:
    return {
        (r["Time period"], r["Sex"]): float(r["Value"])
        for r in rows()
        if r["Area Type"] == "England" and not r["Category Type"] and r["Value"]
    }


@pytest.mark.parametrize(
    ("area", "period", "published"),
    [
        ("Leeds", "2010/11", "worse"),
        ("Leeds", "2017/18", "similar"),
        ("Leeds", "2023/24", "better"),
        ("Middlesbrough", "2011/12", "worse"),
    ],
)
def test_named_areas_match_fingertips(area: str, period: str, published: str) -> None:
    record = next(
        r
        for r in rows()
        if r["Area Name"] == area
        and r["Time period"] == period
        and r["Sex"] == "Persons"
        and not r["Category Type"]
    )
    benchmark = _england()[(period, "Persons")]
    label = compare(
        float(record["Value"]),
        float(record["Lower CI 95.0 limit"]),
        float(record["Upper CI 95.0 limit"]),
        benchmark,
        "low",
    )
    assert label == published
    assert record["Compared to England value or percentiles"].lower() == published


def test_whole_export_matches_fingertips_compared_to_england() -> None:
    england = _england()
    records = [r for r in rows() if r["Area Type"] != "England" and not r["Category Type"]]
    benchmark = np.array([england.get((r["Time period"], r["Sex"]), np.nan) for r in records])
    labels = compare(
        column(records, "Value"),
        column(records, "Lower CI 95.0 limit"),
        column(records, "Upper CI 95.0 limit"),
        benchmark,
        "low",
    )
    published = np.array([r["Compared to England value or percentiles"].lower() for r in records])
    assert len(records) > 5000
    assert set(published) == {"better", "similar", "worse", "not compared"}
    np.testing.assert_array_equal(labels, published)


def test_polarity_changes_the_words_not_the_decision() -> None:
    args = ([10.0, 5.0, 7.0, 7.0], [9.0, 4.0, 6.0, np.nan], [11.0, 6.0, 8.0, 8.0], 7.5)
    assert list(compare(*args, "high")) == ["better", "worse", "similar", "not compared"]
    assert list(compare(*args, "low")) == ["worse", "better", "similar", "not compared"]
    assert list(compare(*args, "none")) == ["higher", "lower", "similar", "not compared"]


def test_interval_touching_benchmark_is_similar() -> None:
    assert compare(5.0, 4.0, 6.0, 6.0, "high") == "similar"
    assert compare(5.0, 4.0, 6.0, 4.0, "high") == "similar"


def test_two_level_separates_95_and_998() -> None:
    # value, 95% interval, 99.8% interval against benchmark 10, high is good
    labels = compare_two_level(
        [14, 12, 10, 8, 6, 12],
        [13, 11, 9, 7, 5, np.nan],
        [15, 13, 11, 9, 7, 13],
        [12, 9, 8, 6, 4, 10],
        [16, 15, 12, 11, 8, 14],
        10,
        "high",
    )
    assert list(labels) == [
        "better (99.8%)",
        "better (95%)",
        "similar",
        "worse (95%)",
        "worse (99.8%)",
        "not compared",
    ]
    assert compare_two_level(14, 13, 15, 12, 16, 10, "none") == "higher (99.8%)"
    assert compare_two_level(14, 13, 15, 12, 16, 10, "low") == "worse (99.8%)"


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="polarity"):
        compare(1, 0, 2, 1, "good")
    with pytest.raises(ValueError, match="lower limit"):
        compare(1, 3, 2, 1, "high")
    with pytest.raises(ValueError, match="contain"):
        compare_two_level(1, 0, 2, 0.5, 3, 1, "high")
