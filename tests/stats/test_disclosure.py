"""Tests for cypp.stats.disclosure: suppression, rounding and DfE marks."""

from __future__ import annotations

import numpy as np
import pytest

from cypp.stats import publish, round_to_base, suppress, suppress_table


def test_primary_and_secondary_suppression_in_one_dimension() -> None:
    result = suppress([3, 25, 12, 40])
    assert list(result.marks) == ["c", "", "c", ""]
    assert list(result.primary) == [True, False, False, False]
    assert list(result.secondary) == [False, False, True, False]
    assert list(result.display()) == ["c", "25", "c", "40"]


def test_no_secondary_without_total_or_with_two_suppressed() -> None:
    assert list(suppress([3, 25, 12], total_published=False).marks) == ["c", "", ""]
    assert list(suppress([3, 4, 12, 30]).marks) == ["c", "c", "", ""]


def test_zeros_shown_unless_asked_and_not_chosen_as_secondary() -> None:
    assert list(suppress([0, 5, 0, 20]).marks) == ["", "c", "", "c"]
    assert list(suppress([0, 5, 20], suppress_zeros=True).marks) == ["c", "c", ""]


def test_missing_is_x() -> None:
    assert list(suppress([np.nan, 30, 40]).display()) == ["x", "30", "40"]


def test_table_with_row_and_column_totals_leaves_no_lonely_hidden_cell() -> None:
    table = np.array([[3, 20, 30], [15, 40, 50], [25, 60, 70]])
    result = suppress_table(table)
    hidden = result.marks == "c"
    assert hidden[0, 0] and result.primary[0, 0]
    for line in list(hidden) + list(hidden.T):
        assert line.sum() != 1
    # the cheapest protection: the smallest cells in row 0 and column 0, and their crossing
    assert hidden.sum() == 4
    assert hidden[0, 1] and hidden[1, 0] and hidden[1, 1]


def test_table_rows_only() -> None:
    result = suppress_table([[3, 20, 30], [15, 40, 50]], column_totals=False)
    assert result.marks.tolist() == [["c", "c", ""], ["", "", ""]]


def test_rounding_and_marks() -> None:
    np.testing.assert_array_equal(
        round_to_base([0, 1, 2.5, 7.4, 12.5, 13], 5), [0, 0, 5, 5, 15, 15]
    )
    np.testing.assert_array_equal(round_to_base([14, 15], 10), [10, 20])
    assert list(publish([0, 2, 3, 12, np.nan])) == ["0", "low", "5", "10", "x"]
    assert list(publish([2], low_mark="k")) == ["k"]
    assert list(publish([7, 8], base=None, not_applicable=[True, False])) == ["z", "8"]


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress([-1, 5])
    with pytest.raises(ValueError, match="one-dimensional"):
        suppress([[1, 2]])
    with pytest.raises(ValueError, match="threshold"):
        suppress([1, 2], threshold=0)
    with pytest.raises(ValueError, match="low_mark"):
        publish([1], low_mark="L")
