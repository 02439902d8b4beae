"""Tests for cypp.stats.disclosure: suppression, rounding and DfE marks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from cypp.stats import disclosure_audit, publish, round_to_base, suppress, suppress_table
from cypp.stats.disclosure import Disclosure


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


# --- Secondary suppression that survives a linear-programming attack --------------------
#
# The expected ranges below are worked out by hand from the row and column totals, and
# checked with an attacker written out here from scratch (``attacker_range``), never with
# ``disclosure_audit``.  The "old" patterns are what the previous rule (no line with exactly
# one hidden cell, smallest other cell hidden) produced for these tables.
# Source: Hundepool et al., "Statistical Disclosure Control" (Wiley, 2012), chapters 4-5
# (feasibility interval of a suppressed cell); GSS disclosure control policy (2014).


def attacker_range(
    table: np.ndarray,
    hidden: np.ndarray,
    cell: tuple[int, int],
    *,
    rows: bool = True,
    columns: bool = True,
) -> tuple[float, float]:
    """Lowest and highest value of ``cell`` given the published cells and totals, counts >= 0."""
    table = np.asarray(table, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    unknowns = [(int(i), int(j)) for i, j in np.argwhere(hidden)]
    equations: list[list[float]] = []
    right: list[float] = []
    n_rows, n_cols = table.shape
    if rows:
        for i in range(n_rows):
            if hidden[i].any():
                equations.append([1.0 if r == i else 0.0 for r, _ in unknowns])
                right.append(table[i].sum() - table[i][~hidden[i]].sum())
    if columns:
        for j in range(n_cols):
            if hidden[:, j].any():
                equations.append([1.0 if c == j else 0.0 for _, c in unknowns])
                right.append(table[:, j].sum() - table[:, j][~hidden[:, j]].sum())
    objective = [1.0 if u == cell else 0.0 for u in unknowns]
    if not equations:
        return 0.0, float("inf")
    low = linprog(objective, A_eq=equations, b_eq=right, bounds=(0, None), method="highs")
    high = linprog(
        [-c for c in objective], A_eq=equations, b_eq=right, bounds=(0, None), method="highs"
    )
    assert low.status == 0
    upper = float("inf") if high.status == 3 else -high.fun
    return low.fun, upper


def attacker_width(
    table: np.ndarray, hidden: np.ndarray, cell: tuple[int, int], **kw: bool
) -> float:
    lower, upper = attacker_range(table, hidden, cell, **kw)
    return upper - lower


def test_classic_two_by_two_ranges_match_hand_algebra() -> None:
    table = np.array([[3, 20], [15, 40]])
    # Hiding only the 3 gives it away: row total 23 less the published 20.
    alone = np.array([[True, False], [False, False]])
    assert attacker_range(table, alone, (0, 0)) == pytest.approx((3, 3))
    assert disclosure_audit(table, alone).width[0, 0] == 0
    result = suppress_table(table)
    assert (result.marks == "c").all()
    # All four hidden: x00 = t, x01 = 23 - t, x10 = 18 - t, x11 = 37 + t with every x >= 0,
    # so t runs from 0 to 18.
    audit = disclosure_audit(table, result.marks == "c")
    np.testing.assert_allclose(audit.lower, [[0, 5], [0, 37]])
    np.testing.assert_allclose(audit.upper, [[18, 23], [18, 55]])
    assert attacker_range(table, result.marks == "c", (0, 0)) == pytest.approx((0, 18))


def test_rectangle_whose_row_holds_only_small_cells_is_widened() -> None:
    table = np.array([[3, 1, 50], [40, 40, 50], [60, 60, 50]])
    old = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], dtype=bool)
    for line in [*old, *old.T]:
        assert line.sum() != 1  # the old rule was satisfied
    # Row 0: x00 + x01 = 54 - 50 = 4, so each small cell lies in [0, 4]: narrower than 5.
    assert attacker_range(table, old, (0, 0)) == pytest.approx((0, 4))
    assert attacker_range(table, old, (0, 1)) == pytest.approx((0, 4))
    audit = disclosure_audit(table, old)
    np.testing.assert_allclose(audit.lower[old], [0, 0, 39, 37])
    np.testing.assert_allclose(audit.upper[old], [4, 4, 43, 41])

    result = suppress_table(table)
    hidden = result.marks == "c"
    assert (hidden & old == old).all()
    assert hidden[0, 2]  # the only way to widen row 0 is to hide its large cell
    for cell in [(0, 0), (0, 1)]:
        assert attacker_width(table, hidden, cell) >= 5


def test_bridge_between_two_rectangles_pins_the_small_cell() -> None:
    table = np.array([[12, 30, 4, 90], [11, 13, 80, 90], [80, 80, 15, 16], [80, 80, 17, 18]])
    old = np.array(
        [[1, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]],
        dtype=bool,
    )
    for line in [*old, *old.T]:
        assert line.sum() != 1  # the old rule was satisfied
    # Adding the hidden parts of rows 0 and 1 and taking those of columns 0 and 1 leaves
    # only x02: (46 + 24) - (23 + 43) = 4.  The 4 is worked out exactly.
    rows_hidden = sum(table[i].sum() - table[i][~old[i]].sum() for i in (0, 1))
    cols_hidden = sum(table[:, j].sum() - table[:, j][~old[:, j]].sum() for j in (0, 1))
    assert rows_hidden - cols_hidden == 4
    assert attacker_range(table, old, (0, 2)) == pytest.approx((4, 4))

    result = suppress_table(table)
    hidden = result.marks == "c"
    assert result.primary.sum() == 1
    assert attacker_width(table, hidden, (0, 2)) >= 5


def test_rows_only_two_small_cells_in_a_row_get_a_third() -> None:
    table = np.array([[3, 1, 30], [15, 40, 50]])
    old = np.array([[1, 1, 0], [0, 0, 0]], dtype=bool)
    # x00 + x01 = 34 - 30 = 4.
    assert attacker_range(table, old, (0, 0), columns=False) == pytest.approx((0, 4))
    result = suppress_table(table, column_totals=False)
    assert result.marks.tolist() == [["c", "c", "c"], ["", "", ""]]
    # x00 + x01 + x02 = 34.
    assert attacker_range(table, result.marks == "c", (0, 0), columns=False) == pytest.approx(
        (0, 34)
    )


def test_one_dimensional_small_pair_gets_a_third_cell() -> None:
    # Old: [3, 1] hidden with the total known: x0 + x1 = 104 - 100 = 4, each in [0, 4].
    assert attacker_range(
        np.array([[3, 1, 40, 60]]), np.array([[1, 1, 0, 0]], dtype=bool), (0, 0), columns=False
    ) == pytest.approx((0, 4))
    result = suppress([3, 1, 40, 60])
    assert list(result.marks) == ["c", "c", "c", ""]
    assert list(result.secondary) == [False, False, True, False]
    # Now x0 + x1 + x2 = 44.
    audit = disclosure_audit([[3, 1, 40, 60]], [result.marks == "c"], column_totals=False)
    np.testing.assert_allclose(audit.lower[0, :3], [0, 0, 0])
    np.testing.assert_allclose(audit.upper[0, :3], [44, 44, 44])


def test_total_below_half_the_threshold_warns_and_stops() -> None:
    # Row 0 totals 3: whatever is hidden, each of its cells lies within [0, 3].
    with pytest.warns(UserWarning, match=r"\(0, 0\), \(0, 1\)"):
        result = suppress_table([[1, 2], [30, 40]])
    assert (result.marks == "c").all()
    assert attacker_range(
        np.array([[1, 2], [30, 40]]), np.ones((2, 2), bool), (0, 0)
    ) == pytest.approx((0, 3))
    with pytest.warns(UserWarning, match="position"):
        assert list(suppress([1, 2]).marks) == ["c", "c"]
    # One row with column totals: each column total is its cell.  Ends, and says so.
    with pytest.warns(UserWarning, match="narrow"):
        one_row = suppress_table([[3, 20, 30]])
    assert one_row.primary.tolist() == [[True, False, False]]


def test_audit_edges_and_bad_input() -> None:
    table = np.array([[3.0, 20.0, np.nan], [15.0, 40.0, 7.0]])
    hidden = np.array([[True, True, False], [False, False, False]])
    audit = disclosure_audit(table, hidden, column_totals=False)
    assert np.isnan(audit.lower[0, 2]) and np.isnan(audit.upper[0, 2])
    # Row 0 with the unavailable cell outside its total: x00 + x01 = 23.
    assert audit.lower[0, :2].tolist() == [0, 0] and audit.upper[0, :2].tolist() == [23, 23]
    assert audit.lower[1].tolist() == audit.upper[1].tolist() == [15, 40, 7]
    free = disclosure_audit(table, hidden, row_totals=False, column_totals=False)
    assert free.upper[0, 0] == np.inf and free.width[0, 0] == np.inf
    with pytest.raises(ValueError, match="shape"):
        disclosure_audit(table, hidden[:, :2])
    with pytest.raises(ValueError, match="true/false"):
        disclosure_audit(table, hidden.astype(int))
    with pytest.raises(ValueError, match="two-dimensional"):
        disclosure_audit([1, 2], [True, False])
    with pytest.raises(ValueError, match="negative"):
        disclosure_audit([[-1, 2]], [[True, False]])


small_or_large = st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(10, 80))


@st.composite
def tables(draw: st.DrawFn) -> np.ndarray:
    n_rows = draw(st.integers(2, 6))
    n_cols = draw(st.integers(2, 6))
    cells = draw(st.lists(small_or_large, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    return np.array(cells, dtype=float).reshape(n_rows, n_cols)


def check_protected(
    table: np.ndarray,
    result: Disclosure,
    threshold: float,
    suppress_zeros: bool,
    warned: bool,
    **totals: bool,
) -> None:
    hidden = result.marks == "c"
    expected_primary = (table < threshold) & ((table != 0) | suppress_zeros)
    assert (result.primary == expected_primary).all()
    assert (hidden >= result.primary).all() and (result.secondary == hidden & ~result.primary).all()
    assert (result.values[~hidden] == table[~hidden]).all()
    assert np.isnan(result.values[hidden]).all()
    everything = np.ones_like(hidden)
    for cell in map(tuple, np.argwhere(result.primary)):
        if attacker_width(table, hidden, cell, **totals) < threshold / 2 - 1e-6:
            # Allowed only when the totals give it away whatever is hidden - and said so.
            assert attacker_width(table, everything, cell, **totals) < threshold / 2 - 1e-6
            assert warned


@settings(max_examples=100, deadline=None)
@given(
    tables(),
    st.sampled_from([5, 10]),
    st.booleans(),
    st.sampled_from([(True, True), (True, False), (False, True)]),
)
def test_no_small_cell_can_be_narrowed_in_random_tables(
    table: np.ndarray, threshold: float, suppress_zeros: bool, totals: tuple[bool, bool]
) -> None:
    rows, columns = totals
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = suppress_table(
            table, threshold, row_totals=rows, column_totals=columns, suppress_zeros=suppress_zeros
        )
    check_protected(
        table, result, threshold, suppress_zeros, bool(caught), rows=rows, columns=columns
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(small_or_large, min_size=1, max_size=12), st.sampled_from([5, 10]), st.booleans())
def test_no_small_cell_can_be_narrowed_in_random_lines(
    counts: list[int], threshold: float, suppress_zeros: bool
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = suppress(counts, threshold, suppress_zeros=suppress_zeros)
    as_row = Disclosure(
        values=result.values[None, :],
        marks=result.marks[None, :],
        primary=result.primary[None, :],
        secondary=result.secondary[None, :],
    )
    check_protected(
        np.array([counts], dtype=float),
        as_row,
        threshold,
        suppress_zeros,
        bool(caught),
        columns=False,
    )
