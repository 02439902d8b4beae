"""A map of England's upper-tier local authorities, each filled by a category (quartile
band, or the comparison with England), drawn on the server as plain SVG.

Hand-built paths rather than a Vega-Lite geoshape: the outlines never change, so their
projected paths are made once per process and a map is a string join. Measured on this
project's machine under load: vl-convert drew the same 153 shapes as a geoshape in 1.2 s
(5 s cold) and 476 KB; these paths take 0.3 s once, then about 1 ms a map, and 224 KB. Each category has
a colour and a pattern (solid, lines, dots, cross-hatch), so colour is never the only
carrier; the legend counts the areas in each; London is repeated, enlarged, in an inset.
The chosen area is outlined in a thick black line, its neighbours in a dashed one.

Projection: equirectangular with longitude scaled by cos(53.5°), England's middle
latitude, which keeps shapes within about 4% over England's 6° of latitude.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cypp.geography.boundaries import CREDIT, Boundary, england_boundaries

WIDTH = 600.0
MARGIN = 8.0
INSET_SIZE = 150.0
_COS = math.cos(math.radians(53.5))


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of area on the map: key, words for the legend, fill colour and pattern."""

    key: str
    label: str
    colour: str
    pattern: str  # "solid", "lines", "dots", "cross", "none"
    ink: str = "#0b0c0c"  # the pattern's colour, in contrast with the fill


BAND_CATEGORIES = (
    Category("A", "Band A (the best quarter)", "#12436d", "solid"),
    Category("B", "Band B", "#2073bc", "lines", "#ffffff"),
    Category("C", "Band C", "#6fa8dc", "dots"),
    Category("D", "Band D (the worst quarter)", "#d6e6f5", "cross"),
    Category("", "No band", "#ffffff", "lines", "#505a5f"),
)
SIGNIFICANCE_CATEGORIES = (
    Category("better", "Better than England", "#00703c", "solid"),
    Category("higher", "Higher than England", "#12436d", "solid"),
    Category("similar", "Similar to England", "#ffdd00", "dots"),
    Category("worse", "Worse than England", "#d4351c", "cross", "#ffffff"),
    Category("lower", "Lower than England", "#6fa8dc", "cross"),
    Category("not compared", "Not compared", "#ffffff", "lines", "#505a5f"),
)
NO_DATA = Category("no data", "No figure", "#f3f2f1", "none")


@dataclass(frozen=True, slots=True)
class MapArea:
    code: str
    name: str
    category: str
    text: str  # what the area's tooltip says: its figure and category in words


@dataclass(frozen=True, slots=True)
class LegendItem:
    category: Category
    count: int

    @property
    def pattern_id(self) -> str:
        return _pattern_id(self.category)


@dataclass(frozen=True, slots=True)
class EnglandMap:
    """The map, its words (title, text alternative, legend) and what it could not draw."""

    title: str
    alt: str
    legend: tuple[LegendItem, ...]
    body: str
    not_drawn: tuple[str, ...] = field(default_factory=tuple)
    element_id: str = "england-map"
    subject: str = ""  # what is mapped (an indicator and period), for the file's heading

    def svg(self) -> SafeString:
        """The map for a page: an image named by its title and described by its text (the
        description apart, so that the name stays short)."""
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {_height():.0f}"'
            f' class="cypp-map__svg" role="img" focusable="false"'
            f' aria-labelledby="{self.element_id}-title"'
            f' aria-describedby="{self.element_id}-desc">'
            f'<title id="{self.element_id}-title">{escape(self.title)}</title>'
            f'<desc id="{self.element_id}-desc">{escape(self.alt)}</desc>'
        )
        return mark_safe(head + self.body + "</svg>")  # noqa: S308 - names and words escaped

    def __html__(self) -> str:
        return str(self.svg())

    def document(self, *, data_credit: str = "") -> str:
        """The map as a file: the title above, the legend, the figures' source
        (``data_credit``) and the boundaries' credit below."""
        height = _height()
        legend_rows = len(self.legend)
        full = height + 46 + 22 * legend_rows + 52 + (16 if data_credit else 0)
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0f}" height="{full:.0f}"'
            f' viewBox="0 0 {WIDTH:.0f} {full:.0f}" font-family="Arial, sans-serif">',
            f"<title>{escape(self.title)}</title><desc>{escape(self.alt)}</desc>",
            f'<rect width="{WIDTH:.0f}" height="{full:.0f}" fill="#ffffff"/>',
            f'<text x="{MARGIN}" y="24" font-size="15" font-weight="bold">'
            f"{escape(self.subject or self.title)}</text>",
            f'<g transform="translate(0 36)">{self.body}</g>',
        ]
        y = height + 56
        for item in self.legend:
            parts.append(
                f'<rect x="{MARGIN}" y="{y}" width="26" height="16" stroke="#0b0c0c"'
                f' fill="{_fill(item.category)}"/>'
                f'<text x="{MARGIN + 34}" y="{y + 13}" font-size="13">'
                f"{escape(item.category.label)}: {item.count}</text>"
            )
            y += 22
        if data_credit:
            parts.append(
                f'<text x="{MARGIN}" y="{y + 14}" font-size="11">{escape(data_credit)}</text>'
            )
            y += 16
        first, _, second = CREDIT.partition("; ")
        parts.append(
            f'<text x="{MARGIN}" y="{y + 14}" font-size="11">{escape(first)};</text>'
            f'<text x="{MARGIN}" y="{y + 30}" font-size="11">{escape(second)}.</text></svg>'
        )
        return "\n".join(parts)


# -- projection and paths, made once -------------------------------------------------------


@lru_cache(maxsize=1)
def _frame() -> tuple[float, float, float, float]:
    """Scale and offsets that fit England into WIDTH, and the height that follows."""
    xs, ys = [], []
    for b in england_boundaries():
        for polygon in b.polygons:
            for lon, lat in polygon[0]:
                xs.append(lon * _COS)
                ys.append(lat)
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = (max(ys) - min(ys)) * scale + 2 * MARGIN
    return scale, min(xs), max(ys), height


def _height() -> float:
    return _frame()[3]


def _path(
    polygons: Iterable[Sequence[Sequence[tuple[float, float]]]],
    project: tuple[float, float, float, float, float],
) -> str:
    """SVG path data, in tenths of a pixel, points closer than a pixel to the last dropped."""
    scale, x0, y0, dx, dy = project
    out = []
    for polygon in polygons:
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                x = round((lon * _COS - x0) * scale + dx, 1)
                y = round((y0 - lat) * scale + dy, 1)
                if points and abs(x - points[-1][0]) + abs(y - points[-1][1]) < 1.0:
                    continue
                points.append((x, y))
            if len(points) >= 3:
                out.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(out)


@lru_cache(maxsize=1)
def _paths() -> tuple[dict[str, str], dict[str, str], tuple[float, float, float, float]]:
    """Every authority's path on the main map, the London boroughs' in the inset, and the
    inset's box (x, y, width, height)."""
    scale, x0, y0, _ = _frame()
    main = {
        b.code: _path(b.polygons, (scale, x0, y0, MARGIN, MARGIN)) for b in england_boundaries()
    }
    london = [b for b in england_boundaries() if b.code.startswith("E09")]
    xs = [lon * _COS for b in london for p in b.polygons for lon, _ in p[0]]
    ys = [lat for b in london for p in b.polygons for _, lat in p[0]]
    inner = INSET_SIZE - 12
    inset_scale = inner / max(max(xs) - min(xs), max(ys) - min(ys))
    box = (WIDTH - INSET_SIZE - MARGIN, MARGIN + 18, INSET_SIZE, INSET_SIZE)
    inset = {
        b.code: _path(b.polygons, (inset_scale, min(xs), max(ys), box[0] + 6, box[1] + 6))
        for b in london
    }
    return main, inset, box


def boundary_codes() -> frozenset[str]:
    return frozenset(b.code for b in england_boundaries())


def boundaries_by_code() -> dict[str, Boundary]:
    return {b.code: b for b in england_boundaries()}


# -- fills ----------------------------------------------------------------------------------


def _pattern_id(category: Category) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in (category.key or "none"))
    return f"cypp-map-{slug}"


def _fill(category: Category) -> str:
    if category.pattern in ("solid", "none"):
        return category.colour
    return f"url(#{_pattern_id(category)})"


def _pattern(category: Category) -> str:
    c, ink, pid = category.colour, category.ink, _pattern_id(category)
    marks = {
        "lines": f'<path d="M0 6L6 0" stroke="{ink}" stroke-width="1.2"/>',
        "dots": f'<circle cx="3" cy="3" r="1.1" fill="{ink}"/>',
        "cross": f'<path d="M0 0L6 6M0 6L6 0" stroke="{ink}" stroke-width="0.9"/>',
    }[category.pattern]
    return (
        f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{c}"/>{marks}</pattern>'
    )


def england_map(
    *,
    title: str,
    areas: Sequence[MapArea],
    categories: Sequence[Category],
    chosen: str | None = None,
    outlined: Iterable[str] = (),
    summary: str = "",
    subject: str = "",
) -> EnglandMap:
    """The map of ``areas`` (by ONS code) filled by their ``category``; authorities on the
    map with no entry are "No figure". ``chosen`` is outlined thick, ``outlined`` dashed.

    Areas whose code has no 2023 boundary (a council that has since changed code, or an
    area that is not an upper-tier authority) are listed in ``not_drawn``.
    """
    main, inset, box = _paths()
    by_key = {c.key: c for c in categories}
    given = {a.code: a for a in areas}
    names = {b.code: b.name for b in england_boundaries()}
    not_drawn = tuple(sorted(a.name for a in areas if a.code not in main))
    outlined_set = set(outlined) - {chosen}

    counts: dict[str, int] = {}
    shapes, inset_shapes, outlines = [], [], []
    for code, d in main.items():
        entry = given.get(code)
        category = by_key.get(entry.category, NO_DATA) if entry else NO_DATA
        counts[category.key] = counts.get(category.key, 0) + 1
        tip = escape(f"{entry.name}: {entry.text}" if entry else f"{names[code]}: no figure")
        shape = (
            f'<path d="{{d}}" fill="{_fill(category)}" stroke="#ffffff" stroke-width="0.5">'
            f"<title>{tip}</title></path>"
        )
        shapes.append(shape.replace("{d}", d))
        if code in inset:
            inset_shapes.append(shape.replace("{d}", inset[code]))
        for paths in (main, inset):
            if code in paths and (code == chosen or code in outlined_set):
                dash = "" if code == chosen else ' stroke-dasharray="3 2"'
                width = "2.5" if code == chosen else "1.4"
                outlines.append(
                    f'<path d="{paths[code]}" fill="none" stroke="#0b0c0c"'
                    f' stroke-width="{width}"{dash}/>'
                )
    used = [c for c in (*categories, NO_DATA) if counts.get(c.key)]
    legend = tuple(LegendItem(c, counts[c.key]) for c in used)
    x, y, w, h = box
    body = (
        "<defs>"
        + "".join(_pattern(c) for c in used if c.pattern not in ("solid", "none"))
        + "</defs>"
        + "<g>"
        + "".join(shapes)
        + "</g>"
        + f'<text x="{x}" y="{y - 5}" font-size="12" font-family="Arial, sans-serif"'
        ' fill="#0b0c0c">London</text>'
        + f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#ffffff" stroke="#505a5f"/>'
        + "<g>"
        + "".join(inset_shapes)
        + "</g>"
        + "".join(outlines)
    )
    counted = "; ".join(f"{item.category.label}: {item.count}" for item in legend)
    alt = f"Map of England's {len(main)} upper-tier local authorities"
    alt += f": {subject}. {counted}." if subject else f". {counted}."
    if chosen and chosen in names:
        alt += f" {names[chosen]} is outlined in black"
        alt += ", its comparators in a dashed line." if outlined_set else "."
    if summary:
        alt += f" {summary}"
    if not_drawn:
        alt += " Not drawn (no 2023 boundary): " + ", ".join(not_drawn) + "."
    return EnglandMap(
        title=title, alt=alt, legend=legend, body=body, not_drawn=not_drawn, subject=subject
    )
