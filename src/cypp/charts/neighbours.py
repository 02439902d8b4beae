"""An area beside its statistical neighbours: sorted bars, interval whiskers, reference lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cypp.charts.base import (
    BLACK,
    BLUE,
    DARK_GREY,
    LIGHT_GREY,
    PURPLE,
    Cell,
    Chart,
    chart_with_table,
    number_text,
)

THIS_AREA = "(this area)"


@dataclass(frozen=True, slots=True)
class Bar:
    """One area's figure: value, 95% limits where published, its role and a note in words."""

    name: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    role: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """A figure drawn as a labelled vertical line across the bars (England, a region...)."""

    name: str
    value: float | None
    role: str = ""


# Reference lines: colour and dash by position (England first), labels stacked above.
_REFERENCE_STYLES = [(BLACK, [6, 4]), (PURPLE, [2, 3]), (DARK_GREY, [10, 3, 2, 3])]


def neighbours_chart(
    *,
    title: str,
    area: Bar,
    neighbours: Sequence[Bar],
    england: float | None = None,
    references: Sequence[Reference] = (),
    unit: str = "",
    decimals: int | None = 1,
) -> Chart:
    """Horizontal bars for the area and its neighbours, highest first, with whiskers for the
    95% confidence intervals where published. The area's bar is blue with a black outline and
    its label says "(this area)"; England and any other references (region, the neighbours'
    average) are dashed vertical lines with their names and figures written above the bars.
    """
    bars = [area, *neighbours]
    ordered = sorted(
        bars, key=lambda b: (b.value is None, -(b.value if b.value is not None else 0.0))
    )
    rows: list[dict[str, Any]] = []
    for bar in ordered:
        is_area = bar is area
        label = f"{bar.name} {THIS_AREA}" if is_area else bar.name
        reach = max(v for v in (bar.value, bar.upper, 0.0) if v is not None)
        text = (
            number_text(bar.value, decimals) if bar.value is not None else (bar.note or "no data")
        )
        rows.append(
            {
                "label": label,
                "value": bar.value,
                "lower": bar.lower,
                "upper": bar.upper,
                "is_area": is_area,
                "text_x": reach,
                "text": text,
            }
        )
    order = [r["label"] for r in rows]
    lines = ([Reference("England", england, "England")] if england is not None else []) + [
        r for r in references if r.value is not None
    ]
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": order,
        "axis": {"labelLimit": 260},
    }
    x_title = unit or "Value"
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "strokeWidth": 1.5},
            "encoding": {
                "y": y,
                "x": {"field": "value", "type": "quantitative", "title": x_title},
                "color": {
                    "condition": {"test": "datum.is_area", "value": BLUE},
                    "value": LIGHT_GREY,
                },
                "stroke": {
                    "condition": {"test": "datum.is_area", "value": BLACK},
                    "value": DARK_GREY,
                },
            },
        },
        {
            "data": {
                "values": [r for r in rows if r["lower"] is not None and r["upper"] is not None]
            },
            "mark": {"type": "errorbar", "ticks": True, "color": BLACK},
            "encoding": {
                "y": y,
                "x": {"field": "lower", "type": "quantitative", "title": x_title},
                "x2": {"field": "upper"},
            },
        },
        {
            "data": {"values": rows},
            "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 12, "color": BLACK},
            "encoding": {
                "y": y,
                "x": {"field": "text_x", "type": "quantitative"},
                "text": {"field": "text"},
            },
        },
    ]
    for index, line in enumerate(lines):
        colour, dash = _REFERENCE_STYLES[min(index, len(_REFERENCE_STYLES) - 1)]
        datum = {"value": line.value, "text": f"{line.name} {number_text(line.value, decimals)}"}
        layers.append(
            {
                "data": {"values": [datum]},
                "mark": {"type": "rule", "color": colour, "strokeDash": dash, "strokeWidth": 2},
                "encoding": {"x": {"field": "value", "type": "quantitative"}},
            }
        )
        layers.append(
            {
                "data": {"values": [datum]},
                "mark": {
                    "type": "text",
                    "align": "center",
                    "baseline": "bottom",
                    "fontSize": 12,
                    "color": BLACK,
                    "y": -6 - 16 * index,
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            }
        )
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 420,
        "height": {"step": 24},
        "layer": layers,
        "config": {"aria": False, "font": "Arial, sans-serif", "view": {"stroke": None}},
    }

    has_limits = any(b.lower is not None and b.upper is not None for b in bars)
    columns = ["Area", "Role", "Value"]
    if has_limits:
        columns += ["Lower 95% limit", "Upper 95% limit"]
    has_notes = any(b.note and b.value is not None for b in bars)
    if has_notes:
        columns.append("Note")
    table_rows: list[tuple[Cell, ...]] = []
    for bar in ordered:
        row: list[Cell] = [
            bar.name,
            bar.role,
            bar.value if bar.value is not None else (bar.note or "no data"),
        ]
        if has_limits:
            row += [bar.lower, bar.upper]
        if has_notes:
            row.append(bar.note if bar.value is not None else "")
        table_rows.append(tuple(row))
    for line in lines:
        row = [line.name, line.role or "Reference line", line.value]
        if has_limits:
            row += [None, None]
        if has_notes:
            row.append("")
        table_rows.append(tuple(row))
    return chart_with_table(
        spec=spec,
        title=title,
        alt=_alt(title, area, ordered, lines, decimals),
        columns=columns,
        rows=table_rows,
        decimals=decimals,
    )


def _alt(
    title: str,
    area: Bar,
    ordered: Sequence[Bar],
    lines: Sequence[Reference],
    decimals: int | None,
) -> str:
    others = len(ordered) - 1
    sentences = [
        f"Bar chart of {title}: {area.name} and {others} statistical neighbour"
        f"{'' if others == 1 else 's'}, highest first."
    ]
    present = [b for b in ordered if b.value is not None]
    if area.value is not None:
        position = next(i for i, b in enumerate(present) if b is area) + 1
        sentences.append(
            f"{area.name}: {number_text(area.value, decimals)}, {_ordinal(position)} highest"
            f" of {len(present)} with a figure."
        )
    else:
        sentences.append(f"{area.name}: {area.note or 'no figure'}.")
    neighbours = [b for b in present if b is not area]
    if neighbours:
        top, bottom = neighbours[0], neighbours[-1]
        sentences.append(
            f"Neighbours range from {number_text(bottom.value, decimals)} ({bottom.name})"
            f" to {number_text(top.value, decimals)} ({top.name})."
        )
    if lines:
        sentences.append(
            "Lines: " + ", ".join(f"{r.name} {number_text(r.value, decimals)}" for r in lines) + "."
        )
    return " ".join(sentences)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
