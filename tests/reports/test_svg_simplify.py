"""A chart shown on a page or in a PDF is vl-convert's drawing with only what draws nothing
taken out: every painted line, path and text is still there, in the same place and style.

The check is independent of the simplifier: it works out where each painted element lands
on the canvas (composing every ``transform`` from the root, as an SVG viewer does) in the
drawing vl-convert made and in the one shown, and compares the two lists.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.cache import cache

from cypp.charts import Point, Series, Target, neighbours_chart, time_series_chart
from cypp.charts.base import render_svg, shown_svg
from cypp.charts.neighbours import Bar, Reference
from cypp.charts.svg_simplify import svg_simplify

SVG = "{http://www.w3.org/2000/svg}"
Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# How Vega draws a circle symbol: two half circles round the origin (moved into place).
VEGA_CIRCLE = re.compile(r"^M([\d.]+),0A\1,\1,0,1,1,-\1,0A\1,\1,0,1,1,\1,0Z?$")
PAINTED = {"path", "line", "text", "rect", "circle", "polyline", "polygon"}


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _parse_transform(text: str) -> Matrix:
    matrix = IDENTITY
    for name, arguments in re.findall(r"(\w+)\(([^)]*)\)", text):
        values = [float(v) for v in re.split(r"[\s,]+", arguments.strip()) if v]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "rotate":
            r = math.radians(values[0])
            step = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
        elif name == "scale":
            step = (values[0], 0, 0, values[-1], 0, 0)
        else:
            raise AssertionError(f"transform {name} not expected from vl-convert")
        matrix = _times(matrix, step)
    return matrix


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _inherited(element: ET.Element, name: str, parent: dict[str, str]) -> str:
    return element.get(name, parent[name])


def _painted(svg: str) -> list[tuple[Any, ...]]:
    """Every element that paints, with where it lands and how it looks, in drawing order."""
    found: list[tuple[Any, ...]] = []

    def walk(element: ET.Element, ctm: Matrix, style: dict[str, str]) -> None:
        for child in element:
            tag = child.tag.removeprefix(SVG) if isinstance(child.tag, str) else ""
            if tag in {"defs", "clipPath", "title", "desc"} or child.get("display") == "none":
                continue
            m = _times(ctm, _parse_transform(child.get("transform", "")))
            own = {k: _inherited(child, k, style) for k in style}
            if tag in PAINTED:
                look = (own["fill"], own["stroke"], child.get("stroke-dasharray"))
                if tag == "path" and (not child.get("d") or own["fill"] == own["stroke"] == "none"):
                    continue  # draws nothing
                if tag == "line":
                    x1, y1 = float(child.get("x1", 0)), float(child.get("y1", 0))
                    x2, y2 = float(child.get("x2", 0)), float(child.get("y2", 0))
                    found.append((tag, look, _apply(m, x1, y1), _apply(m, x2, y2)))
                elif tag == "text":
                    x, y = float(child.get("x", 0)), float(child.get("y", 0))
                    found.append((tag, look, child.text, _apply(m, x, y), m[:4]))
                elif tag == "circle":
                    centre = _apply(m, float(child.get("cx", 0)), float(child.get("cy", 0)))
                    found.append(("circle", look, centre, float(child.get("r", 0)), m[:4]))
                elif tag == "path" and (circle := VEGA_CIRCLE.match(child.get("d", ""))):
                    found.append(("circle", look, _apply(m, 0, 0), float(circle[1]), m[:4]))
                elif tag == "path":
                    d = child.get("d", "")
                    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
                    if set(re.findall(r"[A-Za-z]", d)) <= {"M", "L", "Z"}:  # straight lines
                        pairs = zip(numbers[::2], numbers[1::2], strict=True)
                        found.append(("lines", look, tuple(_apply(m, x, y) for x, y in pairs)))
                    else:
                        found.append((tag, look, m, tuple(numbers)))
                else:
                    found.append((tag, look, tuple(sorted(child.attrib.items())), m))
            walk(child, m, own)

    root = ET.fromstring(svg)  # noqa: S314 - our own output
    walk(root, IDENTITY, {"fill": "black", "stroke": "none"})
    return found


def _same(first: Any, second: Any) -> bool:
    """Equal, with positions allowed to differ by a hundredth of a pixel (the shown drawing
    keeps three decimal places)."""
    if isinstance(first, tuple | list) and isinstance(second, tuple | list):
        return len(first) == len(second) and all(
            _same(a, b) for a, b in zip(first, second, strict=True)
        )
    if isinstance(first, float) and isinstance(second, float):
        return math.isclose(first, second, abs_tol=0.01)
    return bool(first == second)


def _count(svg: str) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter())  # noqa: S314 - our own output


def _time_series() -> Any:
    years = ["2019", "2020", "2021", "2022", "2023"]

    def series(name: str, values: list[float | None], kind: str) -> Series:
        return Series(
            name=name,
            points=tuple(
                Point(
                    y,
                    v,
                    None if v is None or kind != "area" else v - 3,
                    None if v is None or kind != "area" else v + 3,
                    end=dt.date(int(y), 3, 31),
                    index=n,
                )
                for n, (y, v) in enumerate(zip(years, values, strict=True))
            ),
            kind=kind,
        )

    return time_series_chart(
        title="Children looked after: Herefordshire over time",
        area=series("Herefordshire", [94.5, 97.1, None, 101.3, 99.8], "area"),
        comparators=[series("England", [65.0, 67.0, 67.0, 70.0, 71.0], "england")],
        target=Target(
            due=dt.date(2025, 3, 31),
            value=90.0,
            baseline_end=dt.date(2019, 3, 31),
            baseline=94.5,
            baseline_period="2019",
            label="Target 90 by March 2025",
        ),
        unit="Rate per 10,000",
        decimals=1,
        breaks=[],
    )


def _neighbours() -> Any:
    return neighbours_chart(
        title="Children looked after: Herefordshire and its statistical neighbours, 2023",
        area=Bar(name="Herefordshire", value=94.49, lower=None, upper=None, role="area"),
        neighbours=[
            Bar(name="Shropshire", value=84.13, role="neighbour"),
            Bar(name="Wiltshire", value=None, role="neighbour"),
        ],
        england=72.7,
        references=[Reference("Neighbours' average", 84.13, "neighbours")],
        unit="Rate per 10,000",
        decimals=1,
    )


@pytest.mark.parametrize("make", [_time_series, _neighbours], ids=["time series", "neighbours"])
def test_the_chart_shown_paints_everything_vl_convert_drew_in_the_same_place(make: Any) -> None:
    cache.clear()
    chart = make()
    drawn = render_svg(chart.spec)
    shown = shown_svg(chart.spec)
    painted = _painted(drawn)
    assert len(painted) > 20 and _same(_painted(shown), painted)
    assert _count(shown) < _count(drawn) * 0.8  # the point of it: fewer nodes to draw
    assert "display=" not in shown and "pointer-events" not in shown
    assert shown.count("class=") <= 1  # the root's, which the page's chart replaces
    # and the page's chart is the shown one, with its name and description
    page = str(chart.svg())
    assert _same(_painted(page), painted)


def test_what_it_leaves_alone() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<defs><clipPath id="c"><path d="M0,0h5v5h-5Z"/></clipPath></defs>'
        '<g fill="none"><g transform="translate(1.23456789,2)"><line x2="3" stroke="#000"/></g>'
        '<path d="M0,0h1v1Z"/><path style="fill: red" d="M0,0h2v2Z"/>'
        '<g clip-path="url(#c)"><path d="M0,0h3v3Z" fill="#fff"/></g></g>'
        '<text transform="translate(4,5)">A &amp; B</text>'
        '<path transform="translate(3,4)" d="M2,0A2,2,0,1,1,-2,0A2,2,0,1,1,2,0" fill="#000"/>'
        '<path transform="translate(1,1)" d="M0,0L2,2Z" stroke="#000"/></svg>'
    )
    out = svg_simplify(svg)
    root = ET.fromstring(out)  # noqa: S314 - our own output
    assert root.find(f"{SVG}defs/{SVG}clipPath/{SVG}path") is not None  # a clip path's shape
    line = root.find(f".//{SVG}line")
    assert line is not None and (line.get("x1"), line.get("y1"), line.get("x2")) == (
        "1.235",
        "2",
        "4.235",
    )
    paths = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert "M0,0h1v1Z" not in paths  # no fill, no stroke: draws nothing
    assert "M0,0h2v2Z" in paths and "M0,0h3v3Z" in paths  # styled, clipped: kept
    text = root.find(f"{SVG}text")
    assert (
        text is not None and text.text == "A & B" and (text.get("x"), text.get("y")) == ("4", "5")
    )
    circle = root.find(f"{SVG}circle")  # Vega's circle symbol
    assert circle is not None and circle.get("r") == "2"
    assert circle.get("transform") == "translate(3,4)" and circle.get("cx") is None
    assert "M1,1L3,3Z" in paths  # straight lines, moved
    assert svg_simplify("not an svg") == "not an svg"


def test_the_svg_is_unprefixed_whatever_prefix_another_library_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # WeasyPrint's PDF metadata registers namespace prefixes; a root written as <svg:svg>
    # is not a chart a browser or the page's accessible_svg understands.
    monkeypatch.setitem(ET._namespace_map, "http://www.w3.org/2000/svg", "svg")
    out = svg_simplify(
        '<svg xmlns="http://www.w3.org/2000/svg"><g><line x2="1" stroke="#000"/></g></svg>'
    )
    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "svg:" not in out
