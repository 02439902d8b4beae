"""One indicator, one type of period (ADR 0014).

A series that mixes academic and financial years (or a December to February average and a
financial year) puts two different spans of time on one axis and compares them as if
they were alike. An import that would give an indicator periods of a second type is
refused, naming the file, the row, the column and both types in words.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from cypp.indicators.importers.base import Problem
from cypp.indicators.models import Observation
from cypp.indicators.periods import ParsedPeriod, period_shown, period_type_words


def periods_mixed_problems(
    *,
    frame: pl.DataFrame,
    parsed: dict[tuple[str, str], ParsedPeriod],
    file_name: str,
    source_key: str,
    column: str = "period",
) -> list[Problem]:
    """A problem for each indicator whose rows, or whose rows and stored observations, hold
    periods of more than one type. ``parsed`` maps (declared type, cell) to its period."""
    if frame.height == 0 or not parsed:
        return []
    keys = list(parsed)
    lookup = pl.DataFrame(
        {
            "period_type": [k[0] for k in keys],
            "period": [k[1] for k in keys],
            "_type": [parsed[k].period_type for k in keys],
            "_label": [parsed[k].label for k in keys],
        },
        schema=dict.fromkeys(("period_type", "period", "_type", "_label"), pl.Utf8),
    )
    first_rows = (
        frame.select("row", "indicator", "period_type", "period")
        .join(lookup, on=["period_type", "period"], how="inner")
        .group_by("indicator", "_type")
        .agg(pl.col("row").min(), pl.col("period").sort_by("row").first(), pl.col("_label").first())
        .sort("indicator", "row")
    )
    stored = _stored_types(source_key, first_rows["indicator"].unique().to_list())
    problems: list[Problem] = []
    for (code,), rows in first_rows.group_by("indicator", maintain_order=True):
        found: list[tuple[str, Any, str, str]] = [
            (t, row, cell, label)
            for t, row, cell, label in rows.select("_type", "row", "period", "_label").iter_rows()
        ]
        if len(found) > 1:
            (first_type, first_row, first_cell, first_label), *others = found
            for other_type, row, cell, label in others:
                problems.append(
                    Problem(
                        file_name,
                        row,
                        column,
                        period_shown(cell, label),
                        f"indicator {code} would mix periods of two types: "
                        f"{period_type_words(other_type)} here, "
                        f"{period_type_words(first_type)} on row {first_row} "
                        f"({period_shown(first_cell, first_label)}); one indicator has one "
                        "type of period",
                    )
                )
            continue
        period_type, row, cell, label = found[0]
        before = sorted(stored.get(code, set()) - {period_type})
        if before:
            problems.append(
                Problem(
                    file_name,
                    row,
                    column,
                    period_shown(cell, label),
                    f"indicator {code} already has periods of another type "
                    f"({', '.join(period_type_words(t) for t in before)}); this file gives it "
                    f"the {period_type_words(period_type)} {label}: one indicator has one "
                    "type of period",
                )
            )
    return problems


def _stored_types(source_key: str, codes: list[str]) -> dict[str, set[str]]:
    """The types of period each indicator's stored observations have."""
    types: dict[str, set[str]] = {}
    rows = (
        Observation.objects.filter(indicator__source__key=source_key, indicator__code__in=codes)
        .values_list("indicator__code", "period__period_type")
        .distinct()
    )
    for code, period_type in rows:
        types.setdefault(code, set()).add(period_type)
    return types
