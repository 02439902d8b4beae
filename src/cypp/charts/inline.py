"""Small charts drawn by hand as SVG: sparklines in tables (spine rows: ``spine.py``).

A scorecard has dozens of sparklines, so
these skip Vega-Lite and vl-convert (about 40 ms a chart) and write a few SVG elements
directly: microseconds each, and still images with a name a screen reader announces.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cypp.charts.base import (
    BLACK,
    BLUE,
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
