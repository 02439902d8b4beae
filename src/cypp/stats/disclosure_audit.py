"""The attacker's side of small-number suppression: what a published table gives away.

Given the cells published and the totals, linear programming (scipy's HiGHS) finds the
smallest and largest value each hidden cell can take, knowing that counts are never
negative: the cell's feasibility interval. ``cypp.stats.disclosure`` hides further cells
until every small cell's interval is at least half the threshold wide.

Source: Hundepool et al., "Statistical Disclosure Control" (Wiley, 2012), chapters 4 and
5 (tabular data: secondary cell suppression, the attacker's linear-programming
"feasibility interval" of a suppressed cell and the "protection interval" it must cover);
GSS "Disclosure control policy for tables produced from administrative data sources"
(2014).
"""

from __future__ import annotations

import warnings
from collections import deque
from dataclasses import dataclass

import numpy as np

from cypp.stats._types import ArrayLike, BoolArray, FloatArray, as_float_array

# How many ways of hiding one more cell are tried (cheapest first) for an
# exposed cell before settling for the one that widened its range most.
_TRIALS = 12

Cell = tuple[int, int]


@dataclass(frozen=True, slots=True)
class DisclosureAudit:
    """What an attacker can work out about each cell of a table as published.

    Attributes:
        lower: the smallest value each cell can take given everything
            published (the value itself for a published cell, NaN for a
            cell that is not available).
        upper: the largest value it can take (``inf`` when nothing bounds
            it, i.e. no total covers it).
    """

    lower: FloatArray
    upper: FloatArray

    @property
    def width(self) -> FloatArray:
        """``upper - lower``: 0 for a published (or pinned) cell, ``inf`` when unbounded."""
        return self.upper - self.lower


def _protect(line: FloatArray, hidden: BoolArray) -> int | None:
    """Index of the cell to hide so a line's total does not reveal one hidden cell."""
    if hidden.sum() != 1:
        return None
    candidates = np.flatnonzero(~hidden & ~np.isnan(line))
    if candidates.size == 0:
        return None
    # Prefer the smallest non-zero cell: an empty cell is often known to be empty.
    non_zero = candidates[line[candidates] != 0]
    pool = non_zero if non_zero.size else candidates
    return int(pool[np.argmin(line[pool])])


def _no_lonely_cell(
    values: FloatArray,
    hidden: BoolArray,
    row_totals: bool,
    column_totals: bool,
    start: Cell | None = None,
) -> None:
    """The cheap rule, in place: no line with a published total has exactly one hidden cell.

    Looks at every line, or only at the two lines through ``start`` (and then
    at the lines of whatever it hides), so a trial of one more cell is cheap.
    """
    n_rows, n_cols = hidden.shape
    queue: deque[tuple[int, int]] = deque()
    if start is None:
        queue.extend((0, i) for i in range(n_rows))
        queue.extend((1, j) for j in range(n_cols))
    else:
        queue.extend([(0, start[0]), (1, start[1])])
    while queue:  # each hit hides one more cell, so this ends
        axis, k = queue.popleft()
        if axis == 0 and row_totals:
            col = _protect(values[k], hidden[k])
            if col is not None:
                hidden[k, col] = True
                queue.append((1, col))
        elif axis == 1 and column_totals:
            row = _protect(values[:, k], hidden[:, k])
            if row is not None:
                hidden[row, k] = True
                queue.append((0, row))


class _Attacker:
    """The linear-programming attack on one table, remembering what it has solved.

    The attacker knows every published cell, every published total and that
    counts are not negative; each hidden cell is then a variable ``x >= 0``
    and each line with a published total says its hidden cells sum to the
    total less its published cells.  The grand total adds nothing: with both
    margins published it is the sum of either.  Cells that are not available
    ("x", NaN) are taken to be outside the totals - the cautious reading, as
    it gives the attacker fewer unknowns.  Hidden cells only interact through
    lines they share, so each connected group of them is solved on its own,
    and its answer is kept for as long as the group does not change.
    """

    def __init__(self, values: FloatArray, row_totals: bool, column_totals: bool) -> None:
        self.present = ~np.isnan(values)
        self.known = np.where(self.present, values, 0.0)
        self.row_totals = row_totals
        self.column_totals = column_totals
        # Rows and columns make a totally unimodular system, so with whole
        # numbers every bound is a whole number: round away solver noise.
        self.whole = bool(np.all(self.known == np.round(self.known)))
        self.tolerance = 1e-6 * max(1.0, float(self.known.sum()))
        self._solved: dict[tuple[Cell, bytes], tuple[float, float]] = {}
        # Per group, cells some solution has already put at 0: their lowest is 0.
        self._can_be_zero: dict[bytes, BoolArray] = {}

    def group(self, hidden: BoolArray, cell: Cell) -> BoolArray:
        """The hidden cells linked to ``cell`` through lines with published totals."""
        rows: BoolArray = np.zeros(hidden.shape[0], dtype=bool)
        cols: BoolArray = np.zeros(hidden.shape[1], dtype=bool)
        rows[cell[0]] = self.row_totals
        cols[cell[1]] = self.column_totals
        hidden = hidden & self.present
        while True:
            cells = hidden & (rows[:, None] | cols[None, :])
            more_rows = np.asarray(cells.any(axis=1), dtype=bool) if self.row_totals else rows
            more_cols = np.asarray(cells.any(axis=0), dtype=bool) if self.column_totals else cols
            if np.array_equal(more_rows, rows) and np.array_equal(more_cols, cols):
                return cells
            rows, cols = more_rows, more_cols

    def bounds(self, hidden: BoolArray, cell: Cell) -> tuple[float, float]:
        """The attacker's (lowest, highest) value for hidden ``cell``."""
        cells = self.group(hidden, cell)
        key = (cell, np.flatnonzero(cells).tobytes())
        if key not in self._solved:
            self._solved[key] = self._solve(cells, cell, key[1])
        return self._solved[key]

    def width(self, hidden: BoolArray, cell: Cell) -> float:
        lower, upper = self.bounds(hidden, cell)
        return upper - lower

    def swap_width(self, hidden: BoolArray, cell: Cell) -> float:
        """A quick lower bound on the width, from rectangles of hidden cells.

        With both margins published, adding ``d`` to the cell and to the
        opposite corner of a hidden rectangle and taking it from the other
        two corners keeps every total: so the cell can move up by the smaller
        of the other two corners and down by the smaller of itself and the
        opposite corner, through the best rectangle each way.  0 otherwise.
        """
        if not (self.row_totals and self.column_totals):
            return 0.0
        row, col = cell
        hidden = hidden & self.present
        rows = hidden[:, col].copy()
        cols = hidden[row].copy()
        rows[row] = cols[col] = False
        corners = hidden[np.ix_(rows, cols)]
        if not corners.any():
            return 0.0
        up = np.minimum(self.known[row, cols][None, :], self.known[rows, col][:, None])
        down = np.minimum(self.known[row, col], self.known[np.ix_(rows, cols)])
        return float(
            np.max(up, where=corners, initial=0.0) + np.max(down, where=corners, initial=0.0)
        )

    def protected(self, hidden: BoolArray, cell: Cell, need: float) -> bool:
        """Whether the attacker's range for ``cell`` is at least ``need`` wide."""
        if self.swap_width(hidden, cell) >= need - self.tolerance:
            return True
        return self.width(hidden, cell) >= need - self.tolerance

    def _solve(self, cells: BoolArray, cell: Cell, key: bytes) -> tuple[float, float]:
        from scipy.optimize import linprog  # imported when used: scipy is slow to import

        value = float(self.known[cell])
        if not cells.any():  # no published total covers it
            return 0.0, float("inf")
        n_cols = cells.shape[1]
        flat = np.flatnonzero(cells)
        row_of, col_of = np.divmod(flat, n_cols)
        lines = []
        if self.row_totals:
            lines.append(np.unique(row_of)[:, None] == row_of[None, :])
        if self.column_totals:
            lines.append(np.unique(col_of)[:, None] == col_of[None, :])
        a_eq = np.vstack(lines).astype(np.float64)
        b_eq = a_eq @ self.known.ravel()[flat]
        if flat.size == 1:
            return value, value
        if a_eq.shape[0] == 1:  # one line: each hidden cell can be anything from 0 to the rest
            return 0.0, float(b_eq[0])
        position = int(np.searchsorted(flat, cell[0] * n_cols + cell[1]))
        target = np.zeros(flat.size)
        target[position] = 1.0
        zero = self._can_be_zero.setdefault(key, self.known.ravel()[flat] == 0)
        # The true table is always feasible; should the solver still fail,
        # report the cell as pinned, which errs towards hiding more.
        lower = upper = value
        if zero[position]:
            lower = 0.0
        else:
            low = linprog(target, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            if low.status == 0:
                lower = float(low.fun)
                zero |= low.x <= self.tolerance
        high = linprog(-target, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if high.status == 0:
            upper = float(-high.fun)
            zero |= high.x <= self.tolerance
        if self.whole:
            lower, upper = float(np.round(lower)), float(np.round(upper))
        lower = min(max(lower, 0.0), value)
        return lower, max(upper, value)


def _extra_for(
    attacker: _Attacker, values: FloatArray, hidden: BoolArray, cell: Cell, need: float
) -> BoolArray | None:
    """Cells to hide next to widen an exposed primary ``cell``; None if nothing can.

    Candidates are the published cells in the cell's own lines, else in any
    line of its linked group of hidden cells (cells elsewhere cannot change
    its range).  Each is tried together with the cells the cheap rule then
    hides too, cheapest first (least value hidden; hiding a zero last, since
    an empty cell is often known to be empty): the first that makes the cell
    safe wins, else the one that widened its range most.  If none widens it,
    the cheapest is hidden anyway unless even hiding the whole table would
    not protect the cell.
    """
    now = attacker.width(hidden, cell)
    tolerance = attacker.tolerance
    row, col = cell
    # Each published total bounds the cell's range by the sum of its line.
    line_sums = []
    if attacker.row_totals:
        line_sums.append(attacker.known[row].sum())
    if attacker.column_totals:
        line_sums.append(attacker.known[:, col].sum())
    if min(line_sums) < need - tolerance:
        return None
    group = attacker.group(hidden, cell)
    own = np.zeros_like(hidden)
    if attacker.row_totals:
        own[row] = True
    if attacker.column_totals:
        own[:, col] = True
    linked = np.zeros_like(hidden)
    if attacker.row_totals:
        linked[group.any(axis=1)] = True
    if attacker.column_totals:
        linked[:, group.any(axis=0)] = True
    open_cells = ~hidden & attacker.present
    fallback: BoolArray | None = None
    for pool in (open_cells & own, open_cells & linked & ~own):
        options = []
        for i, j in zip(*np.nonzero(pool), strict=True):
            trial = hidden.copy()
            trial[i, j] = True
            _no_lonely_cell(values, trial, attacker.row_totals, attacker.column_totals, (i, j))
            added = trial & ~hidden
            lost = attacker.known[added]
            options.append((bool(np.any(lost == 0)), float(lost.sum()), int(i), int(j), added))
        if not options:
            continue
        options.sort(key=lambda option: option[:4])
        if fallback is None:
            fallback = options[0][4]
        best, best_width = None, now + tolerance
        for *_, added in options[:_TRIALS]:
            trial = hidden | added
            if attacker.protected(trial, cell, need):
                return added
            width = attacker.width(trial, cell)
            if width > best_width:
                best, best_width = added, width
        if best is not None:
            return best
    if fallback is None:  # every linked line is hidden: nothing more can help
        return None
    if attacker.width(attacker.present, cell) < need - tolerance:
        return None  # the totals alone narrow it, whatever else is hidden
    return fallback


def secondary_hidden(
    values: FloatArray,
    primary: BoolArray,
    threshold: float,
    row_totals: bool,
    column_totals: bool,
) -> tuple[BoolArray, list[Cell]]:
    """Hidden cells after secondary suppression, and primary cells the totals still expose.

    First no line with a published total keeps exactly one hidden cell; then, while the
    attacker can narrow a primary cell to less than half the threshold, one more cell is
    hidden (the cheapest that protects it).

    Source: GSS disclosure control policy (2014); Hundepool et al. (2012), ch. 4-5.
    """
    hidden = primary.copy()
    _no_lonely_cell(values, hidden, row_totals, column_totals)
    if not (row_totals or column_totals):
        return hidden, []
    attacker = _Attacker(values, row_totals, column_totals)
    need = threshold / 2
    pending = [(int(i), int(j)) for i, j in zip(*np.nonzero(primary), strict=True)]
    exposed: list[Cell] = []
    while pending:  # each turn hides one more cell or gives up on one: this ends
        # Hiding more only widens ranges, so a safe cell stays safe.
        pending = [cell for cell in pending if not attacker.protected(hidden, cell, need)]
        if not pending:
            break
        widths = {cell: attacker.width(hidden, cell) for cell in pending}
        worst = min(pending, key=lambda cell: (widths[cell], cell))
        extra = _extra_for(attacker, values, hidden, worst, need)
        if extra is None:
            exposed.append(worst)
            pending.remove(worst)
        else:
            hidden |= extra
    return hidden, sorted(exposed)


def exposed_warn(exposed: list[Cell], threshold: float, one_dimensional: bool) -> None:
    """Warn that totals alone narrow these cells, whatever else is hidden."""
    if not exposed:
        return
    if one_dimensional:
        where = "position(s) " + ", ".join(str(cell[1]) for cell in exposed)
    else:
        where = "(row, column) " + ", ".join(str(cell) for cell in exposed)
    warnings.warn(
        f"the published totals alone narrow the suppressed cell(s) at {where} to a range "
        f"narrower than {threshold / 2:g}, whatever else is hidden; suppress that "
        "line (or do not publish its total) before publishing",
        UserWarning,
        stacklevel=3,
    )


def disclosure_audit(
    values: ArrayLike,
    hidden: ArrayLike,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
) -> DisclosureAudit:
    """The range an attacker can narrow each cell of a suppressed table down to.

    ``values`` is the true two-dimensional table and ``hidden`` marks the
    cells that are not published.  The attacker knows every published cell,
    every row total (if ``row_totals``) and column total (if
    ``column_totals``) - hence the grand total when both are published - and
    that counts are not negative.  For each hidden cell the smallest and
    largest values consistent with all of that are found by linear
    programming (``scipy.optimize.linprog``, HiGHS): the cell's "feasibility
    interval".  This is the real-valued relaxation; for whole-number tables
    rows and columns form a totally unimodular system, so the bounds are
    whole numbers and the same as the integer attack's.  A cell is protected
    when its interval is wide enough (``suppress_table`` asks for at least
    half the threshold); width 0 means the cell can be worked out exactly.

    Published cells get their own value as both bounds; cells that are not
    available (NaN) get NaN and are taken to be outside the totals.  For a
    single line of cells pass ``values[None, :]`` with
    ``column_totals=False``.

    Source: Hundepool et al., "Statistical Disclosure Control" (Wiley, 2012),
    chapter 4 (secondary cell suppression: the attacker's linear programs
    giving a suppressed cell's feasibility interval, to be checked against
    its protection interval) and chapter 5 (frequency tables); GSS
    "Disclosure control policy for tables produced from administrative data
    sources" (2014) on checking that suppressed cells cannot be derived by
    differencing.
    """
    table = as_float_array(values, "values")
    if table.ndim != 2:
        raise ValueError("disclosure_audit takes a two-dimensional table; pass a line as [line]")
    mask = np.asarray(hidden)
    if mask.shape != table.shape:
        raise ValueError(f"hidden must have the table's shape {table.shape}, got {mask.shape}")
    if mask.dtype != np.bool_:
        raise ValueError("hidden must be true/false for each cell")
    if np.any(table < 0):
        raise ValueError("values must not be negative")
    attacker = _Attacker(table, row_totals, column_totals)
    lower = table.copy()
    upper = table.copy()
    for i, j in zip(*np.nonzero(mask & attacker.present), strict=True):
        lower[i, j], upper[i, j] = attacker.bounds(mask, (int(i), int(j)))
    return DisclosureAudit(lower=lower, upper=upper)
