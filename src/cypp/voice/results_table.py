"""A breakdown's table (groups by a question's cells) made safe to publish beside the whole
survey's page (``cypp.voice.results``).

The attacker knows each published group's total, the whole survey's published cells, and
the wave's total. So the table audited by ``cypp.stats.suppress_table`` is the published
groups plus one row for the groups whose total is hidden (what they hold together is what
the others leave), by the published cells of the whole plus one column for the cells the
whole survey's page hides (their sum is what that page leaves). A cell in a hidden group or
a hidden column is "c" whatever the audit says; if the audit warns that a small cell stays
exposed, every cell is "c". A zero is "c" too (see ``cypp.voice.results``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from cypp.disclosure import MARK, DisclosureRule

Count = int | str


def _merged(indexes: Sequence[int], hidden: Sequence[int], values: Sequence[float]) -> list[float]:
    kept = [values[i] for i in indexes]
    return [*kept, sum(values[i] for i in hidden)] if hidden else kept


def breakdown_shown(
    table: Sequence[Sequence[int]],
    hidden_rows: Sequence[bool],
    hidden_columns: Sequence[bool],
    rule: DisclosureRule,
) -> list[list[Count]]:
    """The table's cells as published: the count, or "c"."""
    from cypp import stats

    rows, columns = len(hidden_rows), len(hidden_columns)
    shown: list[list[Count]] = [[MARK] * columns for _ in range(rows)]
    kept_rows = [i for i in range(rows) if not hidden_rows[i]]
    kept_columns = [j for j in range(columns) if not hidden_columns[j]]
    if not kept_rows or not kept_columns:
        return shown
    lost_rows = [i for i in range(rows) if hidden_rows[i]]
    lost_columns = [j for j in range(columns) if hidden_columns[j]]
    by_row = [_merged(kept_columns, lost_columns, [float(v) for v in row]) for row in table]
    reduced = [by_row[i] for i in kept_rows]
    if lost_rows:
        reduced.append([sum(by_row[i][j] for i in lost_rows) for j in range(len(by_row[0]))])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = stats.suppress_table(
            reduced,
            rule.threshold,
            row_totals=True,
            column_totals=True,
            suppress_zeros=rule.suppress_zeros,
        )
    if any(issubclass(w.category, UserWarning) for w in caught):
        return shown
    for a, i in enumerate(kept_rows):
        for b, j in enumerate(kept_columns):
            if result.marks[a][b] != MARK and table[i][j] != 0:
                shown[i][j] = int(table[i][j])
    return shown
