"""Golden tests for cypp.stats.ranking.

Sources:
* DfE local-authority-interactive-tool, tests/testthat/test-fn_analysis.R:
  ``calculate_quartile_band`` with quartile boundaries 0/25/50/75/100 and
  ``calculate_rank`` cases (figures copied).
* PHEindicatormethods R/Quantiles.R ``phe_quantile`` (the formula; worked
  examples below computed by hand from it).
"""

from __future__ import annotations

import numpy as np
import pytest

from cypp.stats import quantile_group, quartile_band, quartiles, rank

LAIT_BOUNDARIES = [0, 25, 50, 75, 100]


def test_lait_bands_within_each_quartile() -> None:
    # test-fn_analysis.R, test 1: 10, 30, 60, 80 -> A B C D (Low), D C B A (High)
    values = [10, 30, 60, 80]
    assert list(quartile_band(values, "low", boundaries=LAIT_BOUNDARIES)) == ["A", "B", "C", "D"]
    assert list(quartile_band(values, "high", boundaries=LAIT_BOUNDARIES)) == ["D", "C", "B", "A"]


def test_lait_bands_on_the_boundaries() -> None:
    # test-fn_analysis.R, test 2: 0, 25, 50, 75, 100 (Low) -> A A B C D
    values = [0, 25, 50, 75, 100]
    assert list(quartile_band(values, "low", boundaries=LAIT_BOUNDARIES)) == [
        "A",
        "A",
        "B",
        "C",
        "D",
    ]
    # LAIT's High bands use the same closed-at-the-top intervals, mirrored.
    assert list(quartile_band(values, "high", boundaries=LAIT_BOUNDARIES)) == [
        "D",
        "D",
        "C",
        "B",
        "A",
    ]


def test_lait_band_of_missing_value_and_no_polarity() -> None:
    # test-fn_analysis.R, test 3: NA -> NA (here ""); polarity "-" -> "-" (here "")
    assert quartile_band([np.nan, 10], "high", boundaries=LAIT_BOUNDARIES)[0] == ""
    assert list(quartile_band([10, 30], "none")) == ["", ""]


def test_lait_band_outside_boundaries_is_an_error() -> None:
    # test-fn_analysis.R, test 4: -10 and 110 are "Error" in LAIT; here ValueError.
    with pytest.raises(ValueError, match="outside"):
        quartile_band([-10], "low", boundaries=LAIT_BOUNDARIES)


def test_quartiles_are_type_7() -> None:
    # R: quantile(c(1, 2, 3, 4, 10)) gives 1, 2, 3, 4, 10; quantile(1:4) gives 1, 1.75, 2.5, 3.25, 4
    np.testing.assert_allclose(quartiles([1, 2, 3, 4, 10]), [1, 2, 3, 4, 10])
    np.testing.assert_allclose(quartiles([4, 1, np.nan, 3, 2]), [1, 1.75, 2.5, 3.25, 4])


def test_bands_from_all_values() -> None:
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8, np.nan])
    assert list(quartile_band(values, "high")) == ["D", "D", "C", "C", "B", "B", "A", "A", ""]


def test_lait_rank_cases() -> None:
    # test-fn_analysis.R calculate_rank tests 1, 2, 3, 5
    np.testing.assert_array_equal(rank([10, 20, 30, 40, 50], "low"), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(rank([10, 20, 20, 30, 40], "high"), [5, 3, 3, 2, 1])
    np.testing.assert_array_equal(
        rank([10, np.nan, 30, 20, np.nan], "low"), [1, np.nan, 3, 2, np.nan]
    )
    assert np.isnan(rank([np.nan, np.nan, np.nan], "low")).all()
    assert np.isnan(rank([1, 2], "none")).all()


def test_phe_quantile_deciles_and_inversion() -> None:
    values = np.arange(1.0, 21.0)  # 20 areas, 2 per decile
    inverted = quantile_group(values, 10)  # invert=True: highest values in group 1
    np.testing.assert_array_equal(inverted, np.repeat(np.arange(10, 0, -1), 2))
    direct = quantile_group(values, 10, invert=False)
    np.testing.assert_array_equal(direct, np.repeat(np.arange(1, 11), 2))


def test_phe_quantile_uneven_groups_ties_and_missing() -> None:
    # N = 7 quintiles, ranks 1..7 (invert=False): floor(6 - ceil((8 - r) / 1.4))
    values = [1, 2, 3, 4, 5, 6, 7]
    np.testing.assert_array_equal(quantile_group(values, 5, invert=False), [1, 1, 2, 3, 3, 4, 5])
    # ties share the lowest rank, so share a group; NaN gets no group
    tied = quantile_group([1, 1, 3, np.nan, 5, 6, 7, 8], 5, invert=False)
    assert tied[0] == tied[1] and np.isnan(tied[3])
    # fewer areas than groups: no groups (PHE warns)
    assert np.isnan(quantile_group([1, 2, 3], 5)).all()
    with pytest.raises(ValueError, match="whole number"):
        quantile_group([1, 2], 0)
