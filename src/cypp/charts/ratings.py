"""Ratings by priority: one stacked horizontal bar per priority, drawn by hand as SVG.

A board reads the whole plan's ratings at a glance. Each rating has its own fill pattern
as well as its colour (red hatched, amber dotted, green solid, grey outlined) and every bar
is followed by its counts in words, so the chart reads the same printed in greyscale. The
chart is an image with a text alternative, and its figures are a table beside it.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape

from cypp.charts.base import BLACK, GREEN, LIGHT_GREY, RED, WHITE, YELLOW, DataTable

# The order a board reads ratings in: the worst first.
RATINGS = ("red", "amber", "green", "grey")
RATING_NAMES = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey"}
FILLS = {"red": "url(#red)", "amber": "url(#amber)", "green": GREEN, "grey": WHITE}

_PATTERNS = (
    # Red: white diagonal lines over red (a hatched bar in greyscale).
    f'<pattern id="red" width="5" height="5" patternUnits="userSpaceOnUse"'
    f' patternTransform="rotate(45)"><rect width="5" height="5" fill="{RED}"/>'
    f'<line x1="0" y1="0" x2="0" y2="5" stroke="{WHITE}" stroke-width="1.6"/></pattern>'
    # Amber: black dots over yellow (a dotted bar in greyscale).
    f'<pattern id="amber" width="4" height="4" patternUnits="userSpaceOnUse">'
    f'<rect width="4" height="4" fill="{YELLOW}"/>'
    f'<circle cx="2" cy="2" r="0.8" fill="{BLACK}"/></pattern>'
)


@dataclass(frozen=True, slots=True)
class PriorityRatings:
    """How many of one priority's measures have each rating: one bar."""

    label: str  # "Priority 1: Early help"
    counts: tuple[int, int, int, int]  # red, amber, green, grey

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def words(self) -> str:
        """ "2 red, 1 amber, 3 green, 5 grey" (ratings with none are left out)."""
        parts = [f"{n} {r}" for r, n in zip(RATINGS, self.counts, strict=True) if n]
        return ", ".join(parts) if parts else "no measures"


@dataclass(frozen=True, slots=True)
class RatingsChart:
    """The chart's SVG, its text alternative and the table of its figures."""

    title: str
    alt: str
    svg: str
    table: DataTable

    @property
    def image_src(self) -> str:
        """A data URI: the chart goes into the page and the PDF as an image with ``alt``,
        which a tagged PDF needs for its figure."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode("ascii")


def ratings_by_priority_chart(
    priorities: Sequence[PriorityRatings], *, title: str = "Measures by rating and priority"
) -> RatingsChart:
    """One bar per priority, its segments the measures rated red, amber, green and grey,
    each bar as long as the priority's number of measures, and its counts in words after it."""
    row, top, label_width, bar_width, words_width = 16, 20, 200, 190, 170
    width = label_width + bar_width + words_width
    height = top + row * max(len(priorities), 1) + 4
    most = max((p.total for p in priorities), default=0) or 1
    parts = [f"<defs>{_PATTERNS}</defs>"]
    # The legend: each rating's fill beside its name.
    x = 0.0
    for rating in RATINGS:
        parts.append(
            f'<rect x="{x:.0f}" y="2" width="12" height="10" fill="{FILLS[rating]}"'
            f' stroke="{BLACK}" stroke-width="0.8"/>'
            f'<text x="{x + 16:.0f}" y="11" font-size="10" fill="{BLACK}">{RATING_NAMES[rating]}</text>'
        )
        x += 62
    for index, p in enumerate(priorities):
        y = top + index * row
        label = p.label if len(p.label) <= 38 else p.label[:37] + "…"
        parts.append(
            f'<text x="0" y="{y + 11}" font-size="10" fill="{BLACK}">{escape(label)}</text>'
        )
        x = float(label_width)
        for rating, count in zip(RATINGS, p.counts, strict=True):
            if not count:
                continue
            w = bar_width * count / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row - 4}"'
                f' fill="{FILLS[rating]}" stroke="{BLACK}" stroke-width="0.8"/>'
            )
            x += w
        if not p.total:
            parts.append(
                f'<line x1="{label_width}" x2="{label_width}" y1="{y + 3}" y2="{y + row - 3}"'
                f' stroke="{LIGHT_GREY}"/>'
            )
        parts.append(
            f'<text x="{label_width + bar_width + 6}" y="{y + 11}" font-size="10"'
            f' fill="{BLACK}">{escape(p.words)}</text>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">'
        + "".join(parts)
        + "</svg>"
    )
    alt = (
        f"Bar chart of {title.lower()}: "
        + "; ".join(f"{p.label}: {p.words}" for p in priorities)
        + "."
        if priorities
        else f"Bar chart of {title.lower()}: the plan has no priorities yet."
    )
    table = DataTable(
        caption=f"{title}: the figures in the chart",
        columns=("Priority", "Red", "Amber", "Green", "Grey", "Measures"),
        rows=tuple((p.label, *p.counts, p.total) for p in priorities),
        decimals=0,
    )
    return RatingsChart(title=title, alt=alt, svg=svg, table=table)
