"""What an EES file holds, listed for the analyst before a mapping is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from cypp.indicators.importers.base import (
    ImportRejected,
    Problem,
    number,
)
from cypp.indicators.importers.csv_files import LINE_COLUMN
from cypp.indicators.importers.ees.common import (
    REQUIRED,
    STANDARD_COLUMNS,
    blank,
    csv_frame,
    is_mark,
    meta_load,
    meta_path,
)


def ees_inspect(path: Path | str) -> dict[str, Any]:
    """What an EES file holds, to write its mapping from.

    Filters and indicators come from the ``.meta.csv`` beside the file when there is one;
    otherwise every column outside the EES time and geography columns whose cells are all
    numbers or status marks is taken for an indicator, and the other columns for filters.
    Raises ImportRejected if the file cannot be read.
    """
    path = Path(path)
    data = csv_frame(path).drop(LINE_COLUMN)
    missing = [c for c in REQUIRED if c not in data.columns]
    if missing:
        raise ImportRejected(
            [Problem(path.name, 1, c, None, "required column is missing") for c in missing]
        )
    meta: dict[str, dict[str, str]] = {}
    companion = meta_path(path)
    if companion.exists():
        meta, problems = meta_load(companion)
        if problems:
            raise ImportRejected(problems)

    def counts(column: str) -> dict[str, int]:
        found = data.group_by(pl.col(column).str.strip_chars()).len().sort(column)
        return {str(k): int(n) for k, n in found.iter_rows()}

    free = [c for c in data.columns if c not in STANDARD_COLUMNS]
    if meta:
        filters = [c for c in free if meta.get(c, {}).get("col_type", "").lower() == "filter"]
        indicators = [c for c in free if meta.get(c, {}).get("col_type", "").lower() == "indicator"]
    else:
        indicators = [
            c
            for c in free
            if data.filter(~blank(pl.col(c)) & number(c).is_null() & ~is_mark(pl.col(c))).height
            == 0
        ]
        filters = [c for c in free if c not in indicators]
    marks = {}
    for column in indicators:
        cells = (
            data.filter(is_mark(pl.col(column)))[column].str.strip_chars().value_counts(sort=True)
        )
        if cells.height:
            marks[column] = {str(k): int(n) for k, n in cells.iter_rows()}
    return {
        "file": path.name,
        "meta_file": companion.name if meta else None,
        "rows": data.height,
        "time_periods": sorted(counts("time_period")),
        "time_identifiers": counts("time_identifier"),
        "geographic_levels": counts("geographic_level"),
        "filters": {
            c: sorted(v for v in data[c].str.strip_chars().unique().to_list() if v) for c in filters
        },
        "indicators": {
            c: " ".join(
                x for x in (meta.get(c, {}).get("label", ""), _unit_note(meta.get(c, {}))) if x
            )
            for c in indicators
        },
        "status_marks": marks,
    }


def _unit_note(meta: dict[str, str]) -> str:
    unit, dp = meta.get("indicator_unit", ""), meta.get("indicator_dp", "")
    parts = [f"unit {unit!r}" if unit else "", f"{dp} dp" if dp else ""]
    shown = ", ".join(p for p in parts if p)
    return f"({shown})" if shown else ""
