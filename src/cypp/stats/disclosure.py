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

from dataclasses import dataclass

import numpy as np

from cypp.stats._types import ArrayLike, BoolArray, FloatArray, StrArray, as_float_array
from cypp.stats.disclosure_audit import (
    exposed_warn,
    secondary_hidden,
)

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
    hidden, exposed = secondary_hidden(
        values[None, :], primary[None, :], level, total_published, False
    )
    exposed_warn(exposed, level, one_dimensional=True)
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
    hidden, exposed = secondary_hidden(values, primary, level, row_totals, column_totals)
    exposed_warn(exposed, level, one_dimensional=False)
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
