"""The table of a time-series chart: every figure it plots, period by period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from cypp.charts.base import Cell
from cypp.charts.series import Point, Series, Target
from cypp.charts.time_axis import TimeAxis


@dataclass
class _Row:
    when: dt.date | int  # the period's end on a time axis, else its position
    label: str
    period: str | None  # None for the target's own dates
    target: float | None = None


def series_table(
    *,
    axis: TimeAxis,
    series: Sequence[Series],
    target: Target | None,
    limits_of: Sequence[str] = (),
    target_after: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[list[str], list[tuple[Cell, ...]]]:
    """Every figure plotted, period by period in time order, with the words for a period
    that has no figure (its status, such as "not available (x)", or "no data").

    The series named in ``limits_of`` get columns for their 95% limits when they have any;
    the target's column follows the series named ``target_after`` (else comes last), and
    its baseline and due date have rows of their own when no period ends then.
    """
    headers = headers or {}
    # Each column: its header and how to read its cell for a period (None: the target).
    columns: list[tuple[str, Callable[[str], Cell] | None]] = []
    for s in series:
        name = headers.get(s.name, s.name)
        points = {p.period: p for p in s.points}
        columns.append((name, partial(_figure, points)))
        if s.name in limits_of and any(p.lower is not None for p in s.points):
            columns.append((f"{name} lower 95% limit", partial(_limit, points, "lower")))
            columns.append((f"{name} upper 95% limit", partial(_limit, points, "upper")))
        if target is not None and s.name == target_after:
            columns.append((headers.get(target.label, target.label), None))
    if target is not None and all(read is not None for _, read in columns):
        columns.append((headers.get(target.label, target.label), None))

    rows = [_Row(axis.ends.get(period, i), period, period) for i, period in enumerate(axis.periods)]
    if target is not None:
        marks: list[tuple[dt.date, float, str, str]] = [
            (target.due, target.value, "target due", target.due_words)
        ]
        if target.baseline_end is not None and target.baseline is not None:
            words = "start of the plan; baseline" if target.baseline_assumed else "baseline"
            marks.insert(0, (target.baseline_end, target.baseline, words, target.baseline_period))
        for when, figure, words, own_label in marks:
            row = next((r for r in rows if r.when == when), None)
            if row is None:
                rows.append(_Row(when, f"{own_label} ({words})", None, figure))
            else:
                row.label, row.target = f"{row.label} ({words})", figure
        # Only a time axis has a target, so every ``when`` here is a date.
        rows.sort(key=lambda r: r.when)
    table: list[tuple[Cell, ...]] = []
    for r in rows:
        cells: list[Cell] = [r.label]
        for _, read in columns:
            if read is None:
                cells.append(r.target)
            else:
                cells.append(None if r.period is None else read(r.period))
        table.append(tuple(cells))
    return ["Period", *(name for name, _ in columns)], table


def _figure(points: dict[str, Point], period: str) -> Cell:
    point = points.get(period)
    if point is None:
        return "no data"
    return point.value if point.value is not None else (point.note or "no data")


def _limit(points: dict[str, Point], which: str, period: str) -> Cell:
    point = points.get(period)
    if point is None:
        return None
    return point.lower if which == "lower" else point.upper
