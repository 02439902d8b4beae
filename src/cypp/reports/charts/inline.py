"""Small charts drawn by hand as SVG: sparklines in tables and spine-chart rows.

A scorecard has dozens of sparklines and an area profile a spine row per indicator, so
these skip Vega-Lite and vl-convert (about 40 ms a chart) and write a few SVG elements
directly: microseconds each, and still images with a name a screen reader announces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cypp.reports.charts.base import (
    BLACK,
    BLUE,
    DARK_GREY,
    GREEN,
    LIGHT_GREY,
    RED,
    WHITE,
    YELLOW,
    number_text,
)


def _present(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def sparkline(
    values: Sequence[float | None],
    *,
    labels: Sequence[str] | None = None,
    name: str = "Trend",
    width: int = 80,
    height: int = 20,
    decimals: int | None = 1,
) -> SafeString:
    """A tiny trend line for a table cell: an SVG polyline with ``role="img"`` and an
    ``aria-label`` giving the first and last values (and their periods when ``labels`` are
    given). Missing values break the line; the last point is marked with a dot.
    """
    points = [(i, float(v)) for i, v in enumerate(values) if v is not None and _present(float(v))]
    if not points:
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="cypp-sparkline" role="img" aria-label="{}" width="{}" height="{}"'
            ' viewBox="0 0 {} {}"></svg>',
            f"{name}: no figures",
            width,
            height,
            width,
            height,
        )
    pad = 3.0
    count = max(len(values) - 1, 1)
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    spread = high - low or 1.0

    def xy(index: int, value: float) -> str:
        x = pad + (width - 2 * pad) * index / count
        y = height - pad - (height - 2 * pad) * (value - low) / spread
        return f"{x:.1f},{y:.1f}"

    # One polyline per unbroken run of values.
    runs: list[list[str]] = [[]]
    previous = None
    for index, value in points:
        if previous is not None and index != previous + 1:
            runs.append([])
        runs[-1].append(xy(index, value))
        previous = index
    lines = "".join(
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{BLUE}" stroke-width="1.5"'
        ' stroke-linejoin="round"/>'
        for run in runs
        if len(run) > 1
    )
    last_index, last_value = points[-1]
    lx, ly = xy(last_index, last_value).split(",")
    dot = f'<circle cx="{lx}" cy="{ly}" r="2.2" fill="{BLACK}"/>'
    first_index, first_value = points[0]

    def when(index: int) -> str:
        return f" in {labels[index]}" if labels is not None and index < len(labels) else ""

    label = (
        f"{name}: from {number_text(first_value, decimals)}{when(first_index)}"
        f" to {number_text(last_value, decimals)}{when(last_index)}"
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cypp-sparkline" role="img" aria-label="{}" width="{}" height="{}"'
        ' viewBox="0 0 {} {}" focusable="false">{}</svg>',
        label,
        width,
        height,
        width,
        height,
        mark_safe(lines + dot),  # noqa: S308 - numbers and constants only
    )


# Marker by comparison: shape and colour together, so neither carries the meaning alone.
MARKERS: dict[str, tuple[str, str]] = {
    "better": ("circle", GREEN),
    "similar": ("diamond", YELLOW),
    "worse": ("square", RED),
    "higher": ("triangle-up", BLUE),
    "lower": ("triangle-down", BLUE),
    "not compared": ("ring", WHITE),
}


def comparison_key(comparison: str) -> str:
    """ "better (99.8%)" and "better (95%)" draw as "better"; unknown words as not compared."""
    word = comparison.split(" (")[0].strip().lower()
    return word if word in MARKERS else "not compared"


def _marker(kind: str, x: float, y: float, fill: str) -> str:
    r = 6.0
    stroke = f'stroke="{BLACK}" stroke-width="1.5"'
    if kind == "circle" or kind == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 0.5}" fill="{fill}" {stroke}/>'
    if kind == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" fill="{fill}" {stroke}/>'
    if kind == "diamond":
        d = r * 1.2
        pts = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{fill}" {stroke}/>'
    t = r * 1.15
    if kind == "triangle-up":
        pts = f"{x:.1f},{y - t:.1f} {x + t:.1f},{y + t * 0.8:.1f} {x - t:.1f},{y + t * 0.8:.1f}"
    else:
        pts = f"{x:.1f},{y + t:.1f} {x + t:.1f},{y - t * 0.8:.1f} {x - t:.1f},{y - t * 0.8:.1f}"
    return f'<polygon points="{pts}" fill="{fill}" {stroke}/>'


@dataclass(frozen=True, slots=True)
class SpineRow:
    """One indicator's spine-chart row: the SVG and the sentence it stands for."""

    svg: SafeString
    alt: str
    marker: str

    def __html__(self) -> str:
        return str(self.svg)

    def __str__(self) -> str:
        return str(self.svg)


def spine_chart_row(
    *,
    value: float | None,
    england: float | None,
    minimum: float | None,
    q25: float | None,
    q75: float | None,
    maximum: float | None,
    comparison: str = "not compared",
    polarity: str = "none",
    name: str = "This area",
    decimals: int | None = 1,
    width: int = 240,
    height: int = 26,
) -> SpineRow:
    """A Fingertips-style spine row: the range of local authorities' values (light bar) with
    the middle half darker, England as a vertical line at the centre, and the area as a
    marker whose shape and colour both say the comparison (circle better, diamond similar,
    square worse, triangles higher/lower, ring not compared).

    As in Fingertips' spine charts the scale is centred on England and, for indicators with
    a polarity, oriented so that the worst values are on the left and the best on the right
    (for "none", lowest left); the number of units either side is the larger of England's
    distances to the minimum and the maximum.
    """
    kind = comparison_key(comparison)
    shape, fill = MARKERS[kind]
    words = comparison if comparison else "not compared"
    range_words = ""
    if None not in (minimum, q25, q75, maximum):
        range_words = (
            f" Local authorities range from {number_text(minimum, decimals)}"
            f" to {number_text(maximum, decimals)}; the middle half from"
            f" {number_text(q25, decimals)} to {number_text(q75, decimals)}."
        )
    alt = (
        f"{name} {number_text(value, decimals) if value is not None else 'no figure'}"
        f" ({words}); England {number_text(england, decimals) if england is not None else 'no figure'}."
        + range_words
    )
    pad = 10.0
    mid = width / 2
    half = (width - 2 * pad) / 2
    parts: list[str] = []
    centre = england
    extent_values = [v for v in (minimum, maximum, value) if v is not None]
    if centre is None and extent_values:
        centre = (min(extent_values) + max(extent_values)) / 2
    if centre is not None and extent_values:
        spread = max(abs(v - centre) for v in extent_values) or 1.0
        flip = polarity == "low"

        def x(v: float) -> float:
            offset = (v - centre) / spread * half
            return mid - offset if flip else mid + offset

        bar_top, bar_height = height * 0.25, height * 0.5
        if minimum is not None and maximum is not None:
            a, b = sorted((x(minimum), x(maximum)))
            parts.append(
                f'<rect x="{a:.1f}" y="{bar_top:.1f}" width="{b - a:.1f}" height="{bar_height:.1f}"'
                f' fill="{LIGHT_GREY}"/>'
            )
        if q25 is not None and q75 is not None:
            a, b = sorted((x(q25), x(q75)))
            parts.append(
                f'<rect x="{a:.1f}" y="{bar_top:.1f}" width="{b - a:.1f}" height="{bar_height:.1f}"'
                f' fill="{DARK_GREY}"/>'
            )
        if england is not None:
            parts.append(
                f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="1" y2="{height - 1}" stroke="{BLACK}"'
                ' stroke-width="2"/>'
            )
        if value is not None:
            parts.append(_marker(shape, x(value), height / 2, fill))
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cypp-spine" role="img" aria-label="{}" width="{}" height="{}"'
        ' viewBox="0 0 {} {}" focusable="false">{}</svg>',
        alt,
        width,
        height,
        width,
        height,
        mark_safe("".join(parts)),  # noqa: S308 - numbers and constants only
    )
    return SpineRow(svg=svg, alt=alt, marker=shape)
