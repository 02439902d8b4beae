"""An area's series over time beside England, its region and its neighbours' average."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cypp.reports.charts.base import (
    BLACK,
    BLUE,
    DARK_GREY,
    MID_GREY,
    PINK,
    PURPLE,
    Cell,
    Chart,
    chart_with_table,
    number_text,
    ordered_unique,
)

SOLID = [1, 0]
# Line styles by kind of series: colour, dash pattern and width, so that no line is told
# from another by colour alone (and each is labelled at its end with its name).
STYLES: dict[str, tuple[str, list[int], float]] = {
    "area": (BLUE, SOLID, 3.0),
    "england": (BLACK, [6, 4], 2.0),
    "region": (PURPLE, [2, 3], 2.0),
    "neighbours": (DARK_GREY, [10, 3, 2, 3], 2.0),
    "other": (MID_GREY, [4, 2], 2.0),
    "target": (PINK, [12, 6], 2.0),
}


@dataclass(frozen=True, slots=True)
class Point:
    """One period's figure: the value, its 95% limits where published, and a note in words
    (the status when there is no value, e.g. "suppressed (c)", or "provisional")."""

    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    """A named line; ``kind`` (area, england, region, neighbours, other) sets its style."""

    name: str
    points: tuple[Point, ...]
    kind: str = "other"


@dataclass(frozen=True, slots=True)
class Target:
    """A target trajectory: a straight line from the baseline to the target at its due date."""

    baseline_period: str
    baseline: float
    due_period: str
    value: float
    label: str = "Target"


def _dodge(labels: list[dict[str, Any]], gap: float) -> None:
    """Move end labels apart vertically (in data units) so that their text does not overlap."""
    labels.sort(key=lambda item: item["y"])
    for before, after in itertools.pairwise(labels):
        if after["y"] - before["y"] < gap:
            after["y"] = before["y"] + gap


def time_series_chart(
    *,
    title: str,
    area: Series,
    comparators: Sequence[Series] = (),
    target: Target | None = None,
    periods: Sequence[str] | None = None,
    unit: str = "",
    decimals: int | None = 1,
) -> Chart:
    """A line chart of the area's series with its 95% confidence intervals as error bars where
    published, comparator lines (England, region, neighbours' average) and an optional
    dashed target trajectory; every line has its own dash pattern and its name at its end.
    """
    series = [area, *comparators]
    if periods is None:
        found = [p.period for s in series for p in s.points]
        if target is not None:
            found += [target.baseline_period, target.due_period]
        periods = ordered_unique(found)
    periods = list(periods)
    names = [s.name for s in series] + ([target.label] if target else [])
    kinds = [s.kind for s in series] + (["target"] if target else [])
    styles = [STYLES.get(kind, STYLES["other"]) for kind in kinds]

    rows: list[dict[str, Any]] = []
    for s in series:
        for p in s.points:
            if p.value is not None:
                rows.append({"period": p.period, "series": s.name, "value": p.value})
    if target is not None:
        rows.append(
            {"period": target.baseline_period, "series": target.label, "value": target.baseline}
        )
        rows.append({"period": target.due_period, "series": target.label, "value": target.value})
    intervals = [
        {"period": p.period, "lower": p.lower, "upper": p.upper}
        for p in area.points
        if p.value is not None and p.lower is not None and p.upper is not None
    ]

    figures = (
        [r["value"] for r in rows]
        + [i["lower"] for i in intervals]
        + [i["upper"] for i in intervals]
    )
    low, high = (min(figures), max(figures)) if figures else (0.0, 1.0)
    labels: list[dict[str, Any]] = []
    for name in names:
        mine = [r for r in rows if r["series"] == name]
        if mine:
            last = max(mine, key=lambda r: periods.index(r["period"]))
            labels.append({"period": last["period"], "y": last["value"], "text": name})
    _dodge(labels, gap=(high - low or abs(high) or 1.0) * 0.07)

    x = {
        "field": "period",
        "type": "ordinal",
        "title": "Period",
        "sort": periods,
        "scale": {"domain": periods},
        "axis": {"labelAngle": -45 if len(periods) > 6 else 0},
    }
    y_title = unit or "Value"
    layers: list[dict[str, Any]] = []
    if intervals:
        layers.append(
            {
                "data": {"values": intervals},
                "mark": {"type": "errorbar", "ticks": True, "color": BLUE},
                "encoding": {
                    "x": x,
                    "y": {"field": "lower", "type": "quantitative", "title": y_title},
                    "y2": {"field": "upper"},
                },
            }
        )
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"filled": True, "size": 30}},
            "encoding": {
                "x": x,
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False, "nice": True},
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": "Line",
                    "scale": {"domain": names, "range": [s[0] for s in styles]},
                    "legend": {
                        "orient": "bottom",
                        "symbolType": "stroke",
                        "symbolStrokeWidth": 3,
                        "symbolSize": 500,
                    },
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": "Line",
                    "scale": {"domain": names, "range": [s[1] for s in styles]},
                },
                "strokeWidth": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": names, "range": [s[2] for s in styles]},
                    "legend": None,
                },
            },
        }
    )
    layers.append(
        {
            "data": {"values": labels},
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 12, "color": BLACK},
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "text": {"field": "text"},
            },
        }
    )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 300,
        "layer": layers,
        "config": {"aria": False, "font": "Arial, sans-serif", "view": {"stroke": None}},
    }

    # The table: every figure plotted, period by period.
    columns = ["Period", area.name]
    has_limits = bool(intervals)
    if has_limits:
        columns += [f"{area.name} lower 95% limit", f"{area.name} upper 95% limit"]
    columns += [s.name for s in comparators]
    if target is not None:
        columns.append(target.label)
    by_series = {s.name: {p.period: p for p in s.points} for s in series}
    table_rows: list[tuple[Cell, ...]] = []
    for period in periods:

        def cell(name: str, period: str = period) -> Cell:
            point = by_series[name].get(period)
            if point is None:
                return "no data"
            return point.value if point.value is not None else (point.note or "no data")

        row: list[Cell] = [period, cell(area.name)]
        if has_limits:
            point = by_series[area.name].get(period)
            row += [point.lower if point else None, point.upper if point else None]
        row += [cell(s.name) for s in comparators]
        if target is not None:
            if period == target.baseline_period:
                row.append(target.baseline)
            elif period == target.due_period:
                row.append(target.value)
            else:
                row.append(None)
        table_rows.append(tuple(row))
    return chart_with_table(
        spec=spec,
        title=title,
        alt=_alt(title, area, comparators, target, periods, has_limits, decimals),
        columns=columns,
        rows=table_rows,
        decimals=decimals,
    )


def _alt(
    title: str,
    area: Series,
    comparators: Sequence[Series],
    target: Target | None,
    periods: Sequence[str],
    has_limits: bool,
    decimals: int | None,
) -> str:
    present = [p for p in area.points if p.value is not None]
    span = f", {periods[0]} to {periods[-1]}" if periods else ""
    sentences = [f"Line chart of {title}{span}."]
    if present:
        first, last = present[0], present[-1]
        if first is last:
            sentences.append(f"{area.name}: {number_text(last.value, decimals)} in {last.period}.")
        else:
            sentences.append(
                f"{area.name} went from {number_text(first.value, decimals)} in {first.period}"
                f" to {number_text(last.value, decimals)} in {last.period}."
            )
        others = []
        for s in comparators:
            point = next((p for p in s.points if p.period == last.period), None)
            if point is not None and point.value is not None:
                others.append(f"{s.name} {number_text(point.value, decimals)}")
        if others:
            sentences.append(f"In {last.period}: {', '.join(others)}.")
    else:
        sentences.append(f"{area.name} has no published figure in these periods.")
    if has_limits:
        sentences.append(f"Vertical bars show {area.name}'s 95% confidence intervals.")
    if target is not None:
        sentences.append(
            f"{target.label}: {number_text(target.value, decimals)} by {target.due_period},"
            f" from {number_text(target.baseline, decimals)} in {target.baseline_period}."
        )
    return " ".join(sentences)
