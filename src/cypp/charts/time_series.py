"""An area's series over time beside England, its region and its neighbours' average.

The figures sit on a time axis at their periods' ends (see ``time_axis``), so a target's
trajectory runs forward from its baseline to its due date; a line is never drawn across a
missing period or a break in the series; the value axis says where it starts when that is
not zero (see ``value_axis``). The text alternative and the table say all of it in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cypp.charts.base import (
    BLACK,
    BLUE,
    DARK_GREY,
    MID_GREY,
    PINK,
    PURPLE,
    Chart,
    chart_with_table,
)
from cypp.charts.series import Break, Point, Series, Target
from cypp.charts.series_table import series_table
from cypp.charts.series_words import (
    BREAK_LABEL,
    series_sentences,
    span_words,
    target_sentences,
)
from cypp.charts.time_axis import TimeAxis, iso, line_segments, time_axis
from cypp.charts.value_axis import ValueAxis, value_axis

__all__ = ["Break", "Point", "Series", "Target", "time_series_chart"]

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
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CONFIG = {"aria": False, "font": "Arial, sans-serif", "view": {"stroke": None}}


@dataclass(frozen=True, slots=True)
class Panel:
    """One set of axes: its Vega-Lite view (size and layers) and its value axis."""

    view: dict[str, Any]
    values: ValueAxis


def _dodge(labels: list[dict[str, Any]], gap: float) -> None:
    """Move labels at the same place in time apart vertically (in data units) so that their
    text does not overlap, keeping each crowd of labels centred on its lines' ends (a label
    pushed far from its line would name the wrong one)."""
    by_x: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in labels:
        by_x[item["x"]].append(item)
    for group in by_x.values():
        group.sort(key=lambda item: item["y"])
        crowds = [[item] for item in group]
        merged = True
        while merged:
            merged = False
            for n in range(len(crowds) - 1):
                if _bottom(crowds[n + 1], gap) - _bottom(crowds[n], gap) < len(crowds[n]) * gap:
                    crowds[n : n + 2] = [crowds[n] + crowds[n + 1]]
                    merged = True
                    break
        for crowd in crowds:
            bottom = _bottom(crowd, gap)
            for n, item in enumerate(crowd):
                item["y"] = bottom + n * gap


def _bottom(crowd: list[dict[str, Any]], gap: float) -> float:
    """Where the lowest label of a crowd sits when the crowd is centred on its lines."""
    centre = sum(float(item["y"]) for item in crowd) / len(crowd)
    return centre - (len(crowd) - 1) * gap / 2


def series_panel(
    *,
    area: Series,
    comparators: Sequence[Series],
    target: Target | None,
    breaks: Sequence[Break],
    axis: TimeAxis,
    unit: str,
    height: int = 300,
) -> Panel:
    """The layers of one line chart: intervals, breaks, lines, target and end labels."""
    series = [area, *comparators]
    names = [s.name for s in series] + ([target.label] if target else [])
    kinds = [s.kind for s in series] + (["target"] if target else [])
    styles = [STYLES.get(kind, STYLES["other"]) for kind in kinds]

    rows: list[dict[str, Any]] = []
    for s in series:
        for p, stretch in line_segments(s.points, axis, breaks):
            rows.append(
                {
                    "x": axis.position(p.period),
                    "period": p.period,
                    "series": s.name,
                    "value": p.value,
                    "segment": f"{s.name} {stretch}",
                }
            )
    if target is not None:
        if target.baseline_end is not None:
            rows.append(
                {
                    "x": iso(target.baseline_end),
                    "period": target.baseline_period,
                    "series": target.label,
                    "value": target.baseline,
                    "segment": target.label,
                }
            )
        rows.append(
            {
                "x": iso(target.due),
                "period": target.due_words,
                "series": target.label,
                "value": target.value,
                "segment": target.label,
            }
        )
    intervals = [
        {"x": axis.position(p.period), "lower": p.lower, "upper": p.upper}
        for p in area.points
        if p.value is not None and p.lower is not None and p.upper is not None
        and p.period in axis.periods
    ]  # fmt: skip
    values = value_axis(
        [r["value"] for r in rows]
        + [i["lower"] for i in intervals]
        + [i["upper"] for i in intervals],
        title=unit or "Value",
    )

    labels: list[dict[str, Any]] = []
    for name in names:
        mine = [r for r in rows if r["series"] == name]
        if mine:
            last = max(mine, key=lambda r: r["x"] if axis.temporal else axis.periods.index(r["x"]))
            labels.append({"x": last["x"], "y": last["value"], "text": name})
    _dodge(labels, gap=(values.end - values.start) * 0.07)

    x = axis.encoding()
    y = {
        "type": "quantitative",
        "title": values.title,
        "scale": values.scale(),
        "axis": {"values": values.ticks},
    }
    layers: list[dict[str, Any]] = []
    if intervals:
        layers.append(
            {
                "data": {"values": intervals},
                "mark": {"type": "errorbar", "ticks": True, "color": BLUE},
                "encoding": {"x": x, "y": {**y, "field": "lower"}, "y2": {"field": "upper"}},
            }
        )
    rules = [
        {"x": place, "text": BREAK_LABEL}
        for place in (axis.break_position(b) for b in breaks)
        if place is not None
    ]
    if rules:
        layers.append(
            {
                "data": {"values": rules},
                "mark": {"type": "rule", "color": DARK_GREY, "strokeDash": [3, 3]},
                "encoding": {"x": x},
            }
        )
        layers.append(
            {
                "data": {"values": rules},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "dx": 3,
                    "fontSize": 11,
                    "color": DARK_GREY,
                },
                "encoding": {"x": x, "y": {"value": -3}, "text": {"field": "text"}},
            }
        )
    layers.append(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"filled": True, "size": 30}},
            "encoding": {
                "x": x,
                "y": {**y, "field": "value"},
                # One line per unbroken stretch: gaps and breaks are never bridged.
                "detail": {"field": "segment", "type": "nominal"},
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
                    # Ordinal: Vega-Lite's default point scale would interpolate the widths.
                    "scale": {
                        "type": "ordinal",
                        "domain": names,
                        "range": [s[2] for s in styles],
                    },
                    "legend": None,
                },
            },
        }
    )
    layers.append(
        {
            "data": {"values": labels},
            "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 12, "color": BLACK},
            "encoding": {"x": x, "y": {**y, "field": "y"}, "text": {"field": "text"}},
        }
    )
    if target is not None and target.baseline_end is not None:
        # The trajectory's start says what it is: the baseline, in the target's words.
        layers.append(
            {
                "data": {
                    "values": [
                        {"x": iso(target.baseline_end), "y": target.baseline, "text": "Baseline"}
                    ]
                },
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "top",
                    "dx": 6,
                    "dy": 6,
                    "fontSize": 11,
                    "color": BLACK,
                },
                "encoding": {"x": x, "y": {**y, "field": "y"}, "text": {"field": "text"}},
            }
        )
    return Panel({"width": 560, "height": height, "layer": layers}, values)


def time_series_chart(
    *,
    title: str,
    area: Series,
    comparators: Sequence[Series] = (),
    target: Target | None = None,
    periods: Sequence[str] | None = None,
    unit: str = "",
    decimals: int | None = 1,
    breaks: Sequence[Break] = (),
    table_only: Sequence[Series] = (),
) -> Chart:
    """A line chart of the area's series with its 95% confidence intervals as error bars where
    published, comparator lines (England, region, neighbours' average), an optional dashed
    target trajectory and a labelled rule at each break in the series; every line has its
    own dash pattern and its name at its end.

    ``table_only`` series are listed in the table but not drawn (a count beside its rate).
    """
    axis = time_axis([area, *comparators], periods=periods, target=target, breaks=breaks)
    panel = series_panel(
        area=area, comparators=comparators, target=target, breaks=breaks, axis=axis, unit=unit
    )
    spec: dict[str, Any] = {"$schema": SCHEMA, **panel.view, "config": CONFIG}
    columns, rows = series_table(
        axis=axis,
        series=[area, *comparators, *table_only],
        target=target,
        limits_of=[area.name],
    )
    sentences = [f"Line chart of {title}{span_words(axis)}."]
    sentences += series_sentences(
        area=area, comparators=comparators, axis=axis, decimals=decimals, breaks=breaks
    )
    sentences += target_sentences(target, decimals)
    sentences.append(panel.values.sentence)
    return chart_with_table(
        spec=spec,
        title=title,
        alt=" ".join(s for s in sentences if s),
        columns=columns,
        rows=rows,
        decimals=decimals,
    )
