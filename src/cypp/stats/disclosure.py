"""Small-number suppression and rounding for anything CYPP publishes.

Counts about children can identify them.  Before a table leaves the system:

* primary suppression hides every cell below a threshold (default 10; zeros
  are shown unless asked, since DfE publications show true zeros);
* secondary suppression hides more cells so that a hidden one cannot be
  worked out from a published total: in any row or column with a published
  total, never exactly one hidden cell - when there is one, the smallest other
  cell is hidden too, and this repeats until every row and column is safe;
* rounding to the nearest 5 (or 10) and the DfE marks say what happened: "c"
  confidential (suppressed), "low" (rounds to zero but is not zero; "k" in
  older releases), "z" not applicable, "x" not available.

Source: DfE "Explore education statistics" symbols guidance (GSS
"Symbols in tables" standard: c, low, k, x, z, u); GSS "Disclosure control
policy for tables produced from administrative data sources" (2014) on
primary and secondary suppression; DfE children's social care releases round
to the nearest 5 (e.g. "Children looked after in England") .
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cypp.stats._types import ArrayLike, BoolArray, FloatArray, StrArray, as_float_array

SUPPRESSED = "c"
LOW = "low"
LOW_LEGACY = "k"
NOT_APPLICABLE = "z"
UNAVAILABLE = "x"
MARKS = (SUPPRESSED, LOW, LOW_LEGACY, NOT_APPLICABLE, UNAVAILABLE)


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
    # Prefer the smallest non-zero cell: a shown zero is known to be zero anyway.
    non_zero = candidates[line[candidates] != 0]
    pool = non_zero if non_zero.size else candidates
    return int(pool[np.argmin(line[pool])])


def _result(values: FloatArray, primary: BoolArray, hidden: BoolArray) -> Disclosure:
    marks = np.where(hidden, SUPPRESSED, np.where(np.isnan(values), UNAVAILABLE, ""))
    return Disclosure(
        values=np.where(hidden, np.nan, values),
        marks=marks.astype("<U3"),
        primary=primary,
        secondary=hidden & ~primary,
    )


def suppress(
    counts: ArrayLike,
    threshold: float = 10,
    *,
    total_published: bool = True,
    suppress_zeros: bool = False,
) -> Disclosure:
    """Suppress a one-dimensional set of cells that has a published total.

    Cells from 1 to ``threshold - 1`` (and 0 if ``suppress_zeros``) are
    primary suppressed.  If ``total_published`` and exactly one cell is
    suppressed, the next smallest (non-zero if possible) is suppressed too, so
    the hidden one cannot be recovered by subtraction.  NaN cells are marked
    "x" (not available).

    Source: GSS disclosure control policy for administrative data tables
    (2014); DfE symbols "c" and "x".
    """
    level = _threshold(threshold)
    values = as_float_array(counts, "counts")
    if values.ndim != 1:
        raise ValueError("suppress takes a one-dimensional set of cells; use suppress_table")
    primary = _primary(values, level, suppress_zeros)
    hidden = primary.copy()
    if total_published:
        extra = _protect(values, hidden)
        if extra is not None:
            hidden[extra] = True
    return _result(values, primary, hidden)


def suppress_table(
    table: ArrayLike,
    threshold: float = 10,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    suppress_zeros: bool = False,
) -> Disclosure:
    """Suppress a two-dimensional table with published row and/or column totals.

    Primary suppression as in ``suppress``; then, repeatedly until nothing
    changes, any row (if row totals are published) or column (if column totals
    are) with exactly one hidden cell has its smallest other cell hidden.  The
    totals themselves are not changed: if a total is itself below the
    threshold, suppress that whole row or column before publishing.

    Source: GSS disclosure control policy for administrative data tables
    (2014), secondary suppression.
    """
    level = _threshold(threshold)
    values = as_float_array(table, "table")
    if values.ndim != 2:
        raise ValueError("suppress_table takes a two-dimensional table")
    primary = _primary(values, level, suppress_zeros)
    hidden = primary.copy()
    changed = True
    while changed:  # each pass hides at least one more cell, so this ends
        changed = False
        if row_totals:
            for row in range(values.shape[0]):
                col = _protect(values[row], hidden[row])
                if col is not None:
                    hidden[row, col] = changed = True
        if column_totals:
            for col in range(values.shape[1]):
                found = _protect(values[:, col], hidden[:, col])
                if found is not None:
                    hidden[found, col] = changed = True
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
