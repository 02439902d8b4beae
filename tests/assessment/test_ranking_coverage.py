"""Ranks and quartile bands only over enough of England's local authorities."""

from __future__ import annotations

from cypp.assessment.judging import ranking


def test_a_partial_file_is_not_ranked() -> None:
    # Eleven areas' figures: "8th of 11, band C" would read as a place among all 153.
    values = {area: float(area) for area in range(1, 12)}
    result = ranking(values, 8, "high", 153, quartiles_published=True)
    assert (result.rank, result.band) == (None, None)
    assert "only 11 of 153" in result.sentence


def test_a_national_file_with_some_figures_withheld_is_ranked_as_lait_ranks() -> None:
    # 88 of 153 (breastfeeding at 6-8 weeks, 2023/24): the file has a row for all 153, 65
    # of them "-", so it covers England and is ranked and banded among those with a figure.
    values = {area: float(area) for area in range(1, 89)}
    result = ranking(values, 88, "high", 153, quartiles_published=True, reported=153)
    assert (result.rank, result.rank_of, result.band) == (1, 88, "A")
    assert "1st of 88" in result.sentence


def test_no_rank_without_a_direction() -> None:
    values = {area: float(area) for area in range(1, 154)}
    result = ranking(values, 5, "none", 153, quartiles_published=True)
    assert result.rank is None and "higher or lower is better" in result.sentence
