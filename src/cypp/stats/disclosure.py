"""Small-number suppression and rounding for anything CYPP publishes.

Counts about children can identify them.  Before a table leaves the system:

* primary suppression hides every cell below a threshold (default 10; zeros
  are shown unless asked, since DfE publications show true zeros);
* secondary suppression hides more cells until no hidden small cell can be
  worked out, or narrowed down, from the published cells and totals.  First
  the cheap rule: in any row or column with a published total, never exactly
  one hidden cell (the smallest other cell, non-zero if possible, is hidden
  too).  Then a linear-programming audit (``disclosure_audit``) works out,
  as an attacker would, the smallest and largest value each hidden small cell
  can take given everything published; while one can be pinned to a range
  narrower than half the threshold, another cell is hidden to widen it;
* rounding to the nearest 5 (or 10) and the DfE marks say what happened: "c"
  confidential (suppressed), "low" (rounds to zero but is not zero; "k" in
  older releases), "z" not applicable, "x" not available.

Source: DfE "Explore education statistics" symbols guidance (GSS
"Symbols in tables" standard: c, low, k, x, z, u); GSS "Disclosure control
policy for tables produced from administrative data sources" (2014) on
primary and secondary suppression; Hundepool et al., "Statistical Disclosure
Control" (Wiley, 2012), chapters 4 and 5 (tabular data: secondary cell
suppression, the attacker's linear-programming "feasibility interval" of a
suppressed cell and the "protection interval" it must cover); DfE children's
social care releases round to the nearest 5 (e.g. "Children looked after in
England").
"""

from __future__ import annotations

import warnings
from collections import deque
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from cypp.stats._types import ArrayLike, BoolArray, FloatArray, StrArray, as_float_array

SUPPRESSED = "c"
LOW = "low"
LOW_LEGACY = "k"
NOT_APPLICABLE = "z"
UNAVAILABLE = "x"
MARKS = (SUPPRESSED, LOW, LOW_LEGACY, NOT_APPLICABLE, UNAVAILABLE)

# How many ways of hiding one more cell are tried (cheapest first) for an
# exposed cell before settling for the one that widened its range most.
_TRIALS = 12

Cell = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Disclosure:
    """A table made safe to publish.

    Attributes:
        values: the cells, NaN where not published.
        marks: "" where published, otherwise the mark ("c", "x"...).
        primary: cells suppressed because they are below the threshold.
        secondary: cells suppressed to protect a primary one.
    """

    values: FloatArray
    marks: StrArray
    primary: BoolArray
    secondary: BoolArray

    def display(self) -> StrArray:
        """Strings to publish: the number (no decimals for whole numbers) or the mark."""
        shown = np.array([f"{v:g}" if not np.isnan(v) else "" for v in self.values.ravel()])
        shown = shown.reshape(self.values.shape)
        return np.where(self.marks != "", self.marks, shown)


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


def _threshold(threshold: float) -> float:
    if not threshold > 0:
        raise ValueError(f"threshold must be above zero, got {threshold!r}")
    return float(threshold)


def _primary(counts: FloatArray, threshold: float, suppress_zeros: bool) -> BoolArray:
    if np.any(counts < 0):
        raise ValueError("counts must not be negative")
    small = counts < threshold
    return small if suppress_zeros else small & (counts != 0)


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


def _secondary(
    values: FloatArray,
    primary: BoolArray,
    threshold: float,
    row_totals: bool,
    column_totals: bool,
) -> tuple[BoolArray, list[Cell]]:
    """Hidden cells after secondary suppression, and primary cells the totals still expose."""
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


def _warn_exposed(exposed: list[Cell], threshold: float, one_dimensional: bool) -> None:
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


def _result(values: FloatArray, primary: BoolArray, hidden: BoolArray) -> Disclosure:
    marks = np.where(hidden, SUPPRESSED, np.where(np.isnan(values), UNAVAILABLE, ""))
    return Disclosure(
        values=np.where(hidden, np.nan, values),
        marks=marks.astype("<U3"),
        primary=primary,
        secondary=hidden & ~primary,
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


def suppress(
    counts: ArrayLike,
    threshold: float = 10,
    *,
    total_published: bool = True,
    suppress_zeros: bool = False,
) -> Disclosure:
    """Suppress a one-dimensional set of cells that has a published total.

    Cells from 1 to ``threshold - 1`` (and 0 if ``suppress_zeros``) are
    primary suppressed.  If ``total_published``, more cells are hidden
    (smallest non-zero first) until every primary cell's range, as worked out
    from the total and the published cells, is at least half the threshold
    wide: never one hidden cell alone, and the hidden cells together must
    hold at least half the threshold, otherwise the total narrows each of
    them to a few values.  NaN cells are marked "x" (not available).

    If the total itself is below half the threshold nothing can protect the
    small cells: they are suppressed, a ``UserWarning`` says so, and the
    total must not be published.

    Source: GSS disclosure control policy for administrative data tables
    (2014); Hundepool et al., "Statistical Disclosure Control" (Wiley, 2012),
    chapters 4 and 5 (feasibility and protection intervals); DfE symbols "c"
    and "x".
    """
    level = _threshold(threshold)
    values = as_float_array(counts, "counts")
    if values.ndim != 1:
        raise ValueError("suppress takes a one-dimensional set of cells; use suppress_table")
    primary = _primary(values, level, suppress_zeros)
    hidden, exposed = _secondary(values[None, :], primary[None, :], level, total_published, False)
    _warn_exposed(exposed, level, one_dimensional=True)
    return _result(values, primary, hidden[0])


def suppress_table(
    table: ArrayLike,
    threshold: float = 10,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    suppress_zeros: bool = False,
) -> Disclosure:
    """Suppress a two-dimensional table with published row and/or column totals.

    Primary suppression as in ``suppress``.  Secondary suppression then:

    1. repeatedly, any row (if row totals are published) or column (if column
       totals are) with exactly one hidden cell has its smallest other cell
       (non-zero if possible) hidden;
    2. the attacker's linear programs (``disclosure_audit``) give the range
       of each primary cell; while one is narrower than half the threshold,
       the cheapest published cell in its row or column (or in a line linked
       to it through other hidden cells) that widens it is hidden, with
       step 1 applied to that cell's lines, and the audit repeated.

    Each turn hides at least one more cell, so this ends.  The totals
    themselves are not changed: if a total is so small (below half the
    threshold, or a line of one cell) that even hiding every cell leaves a
    small cell narrowed down, that cell is left as it is and a
    ``UserWarning`` names it - suppress that whole row or column (and its
    total) before publishing, as for any total below the threshold.

    Source: GSS disclosure control policy for administrative data tables
    (2014), secondary suppression; Hundepool et al., "Statistical Disclosure
    Control" (Wiley, 2012), chapters 4 and 5 (secondary cell suppression,
    auditing feasibility intervals by linear programming against protection
    intervals).
    """
    level = _threshold(threshold)
    values = as_float_array(table, "table")
    if values.ndim != 2:
        raise ValueError("suppress_table takes a two-dimensional table")
    primary = _primary(values, level, suppress_zeros)
    hidden, exposed = _secondary(values, primary, level, row_totals, column_totals)
    _warn_exposed(exposed, level, one_dimensional=False)
    return _result(values, primary, hidden)


def round_to_base(values: ArrayLike, base: float = 5) -> FloatArray:
    """Round to the nearest multiple of ``base`` (5 or 10), halves away from zero.

    DfE rounds published counts this way (2.5 -> 5, 7.4 -> 5, 12.5 -> 15).

    Source: DfE statistical releases' rounding conventions (nearest 5).
    """
    if not base > 0:
        raise ValueError(f"base must be above zero, got {base!r}")
    v = as_float_array(values, "values")
    return np.sign(v) * np.floor(np.abs(v) / base + 0.5) * base


def publish(
    values: ArrayLike,
    *,
    base: float | None = 5,
    low_mark: str = LOW,
    not_applicable: ArrayLike | None = None,
) -> StrArray:
    """Strings to publish for counts: rounded to ``base``, with DfE marks.

    NaN is "x" (not available); cells flagged in ``not_applicable`` are "z";
    a non-zero value that rounds to zero is ``low_mark`` ("low", or "k" as in
    older releases); a true zero is "0".  ``base=None`` publishes unrounded.

    Source: DfE / GSS symbols in tables (c, low, k, x, z).
    """
    if low_mark not in (LOW, LOW_LEGACY):
        raise ValueError(f'low_mark must be "low" or "k", got {low_mark!r}')
    v = as_float_array(values, "values")
    shown = v if base is None else round_to_base(v, base)
    text = np.array([f"{x:g}" if not np.isnan(x) else UNAVAILABLE for x in shown.ravel()])
    text = text.reshape(v.shape).astype("<U32")
    text = np.where((shown == 0) & (v != 0) & ~np.isnan(v), low_mark, text)
    if not_applicable is not None:
        flags = np.broadcast_to(np.asarray(not_applicable, dtype=bool), v.shape)
        text = np.where(flags, NOT_APPLICABLE, text)
    return text.astype("<U32")
