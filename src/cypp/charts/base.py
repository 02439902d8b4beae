"""The ``Chart``: a Vega-Lite specification with its words and its numbers.

One builder, many renderers: a builder returns a frozen ``Chart`` holding the
specification, a title, a text alternative naming the key figures and the table of every
figure plotted. The page renders the SVG (made on the server by vl-convert, cached by a
hash of the specification, with what draws nothing taken out so that a PDF prints it
faster) followed by the table; a CSV or a board pack reads the same table.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cypp.charts.svg_simplify import svg_simplify

Cell = str | float | int | None

CACHE_PREFIX = "cypp:chart-svg:"
SHOWN_CACHE_PREFIX = "cypp:chart-svg-shown:"
CACHE_SECONDS = 60 * 60 * 24

# GOV.UK Frontend colours; every line also has its own dash pattern and a text label.
BLUE = "#1d70b8"
BLACK = "#0b0c0c"
DARK_GREY = "#505a5f"
MID_GREY = "#6f777b"
LIGHT_GREY = "#b1b4b6"
PURPLE = "#912b88"
GREEN = "#00703c"
RED = "#d4351c"
YELLOW = "#ffdd00"
PINK = "#d53880"
WHITE = "#ffffff"


def number_text(
    value: float | int | None, decimals: int | None = 1, *, grouping: bool = True
) -> str:
    """A figure as shown on a page: fixed decimals, thousands separated."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if grouping else str(value)
    places = 1 if decimals is None else decimals
    return f"{value:,.{places}f}" if grouping else f"{value:.{places}f}"


@dataclass(frozen=True, slots=True)
class DataTable:
    """Columns and rows of every figure a chart plots (numbers, or words for a missing one)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    decimals: int | None = 1

    @property
    def numeric(self) -> tuple[bool, ...]:
        """Whether each column holds figures (right-aligned on the page)."""
        flags = []
        for index in range(len(self.columns)):
            cells = [row[index] for row in self.rows]
            flags.append(any(isinstance(c, int | float) and not isinstance(c, bool) for c in cells))
        return tuple(flags)

    def cell_text(self, cell: Cell, *, grouping: bool = True) -> str:
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            return number_text(cell, self.decimals, grouping=grouping)
        return "" if cell is None else str(cell)

    @property
    def display_rows(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells as (text, numeric) pairs, for the HTML table."""
        numeric = self.numeric
        return [[(self.cell_text(c), numeric[i]) for i, c in enumerate(row)] for row in self.rows]

    @property
    def headers(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    def csv_rows(self) -> list[list[str]]:
        """The header and the rows as a CSV shows them: the same rounding, no separators."""
        body = [[self.cell_text(c, grouping=False) for c in row] for row in self.rows]
        return [list(self.columns), *body]


def spec_key(spec: dict[str, Any]) -> str:
    """A stable hash of a specification: the cache key of its SVG."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _vegalite_to_svg(spec: dict[str, Any]) -> str:
    """Render with vl-convert (no browser, no network); about 40 ms a chart."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def render_svg(spec: dict[str, Any]) -> str:
    """The plain SVG of a specification, from the cache when the same chart was drawn before."""
    key = CACHE_PREFIX + spec_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = _vegalite_to_svg(spec)
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def shown_svg(spec: dict[str, Any]) -> str:
    """The SVG a page or a PDF shows: vl-convert's without what draws nothing
    (``svg_simplify``), cached by the specification like ``render_svg``.

    A separate entry from ``render_svg``'s, which keeps Vega's own structure for whoever
    reads the drawing's marks by their classes; only this one is kept for a chart shown.
    """
    key = SHOWN_CACHE_PREFIX + spec_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = svg_simplify(_vegalite_to_svg(spec))
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


_ROOT = re.compile(r"<svg\b([^>]*)>")
_STYLE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""")
# Vega's own ARIA roles on inner groups (some composite marks keep them even with
# ``config.aria`` false): inside an image they are noise, and axe reports nested images.
_INNER_ARIA = re.compile(r"""\s(?:role|aria-[a-z-]+)=(?:"[^"]*"|'[^']*')""")
_ROOT_DROP = re.compile(r"""\s(?:class|role|aria-[a-z]+|focusable)=(?:"[^"]*"|'[^']*')""")
# CSS properties that SVG also accepts as presentation attributes.
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "display",
    "visibility",
    "pointer-events",
}


def _style_to_attributes(match: re.Match[str]) -> str:
    """An SVG ``style="..."`` (refused by a strict CSP) as presentation attributes."""
    declarations = match.group(1) if match.group(1) is not None else match.group(2)
    attributes = []
    for declaration in declarations.split(";"):
        name, sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if sep and name in _PRESENTATION and value:
            attributes.append(f' {name}="{escape(value)}"')
    return "".join(attributes)


def accessible_svg(svg: str, *, title: str, description: str, element_id: str) -> str:
    """The SVG as an image with a name and a description a screen reader announces.

    Adds ``role="img"`` and ``aria-labelledby`` pointing at a ``<title>`` and ``<desc>``
    (their text escaped), and turns any ``style`` attribute into presentation attributes so
    that a Content Security Policy without ``'unsafe-inline'`` styles does not break it.
    """
    match = _ROOT.search(svg)
    if match is None:
        raise ValueError("not an SVG document")
    attributes = _ROOT_DROP.sub("", match.group(1))
    attributes = _STYLE.sub(_style_to_attributes, attributes)
    head = (
        f'<svg{attributes} class="cypp-chart__svg" role="img" focusable="false"'
        f' aria-labelledby="{element_id}-title {element_id}-desc">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
        f'<desc id="{element_id}-desc">{escape(description)}</desc>'
    )
    body = _STYLE.sub(_style_to_attributes, svg[match.end() :])
    body = _INNER_ARIA.sub("", body)
    return head + body


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: its Vega-Lite specification, title, text alternative and data table."""

    spec: dict[str, Any]
    title: str
    alt: str
    table: DataTable
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return spec_key(self.spec)

    @property
    def element_id(self) -> str:
        return "chart-" + self.key[:12]

    def svg(self) -> SafeString:
        """The accessible SVG, rendered once per distinct specification (cached)."""
        return mark_safe(  # noqa: S308 - vl-convert output with escaped title and description
            accessible_svg(
                shown_svg(self.spec),
                title=self.title,
                description=self.alt,
                element_id=self.element_id,
            )
        )

    def __html__(self) -> str:
        return str(self.svg())


def chart_with_table(
    *,
    spec: dict[str, Any],
    title: str,
    alt: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Cell, ...]],
    decimals: int | None,
) -> Chart:
    """A chart and the table of every figure it plots, captioned after the chart."""
    table = DataTable(
        caption=f"{title}: the figures in the chart",
        columns=tuple(columns),
        rows=tuple(rows),
        decimals=decimals,
    )
    return Chart(spec=spec, title=title, alt=alt, table=table)
