"""The area profile's spine chart row, coloured as Fingertips colours it.

A hand-drawn SVG per indicator (microseconds each; Vega-Lite would take 40 ms a row): the
range of local authorities' values (light bar), the middle half (darker), England as the
centre line and the area as a marker. The marker says the comparison three ways at once,
so colour never carries it alone: its colour (Fingertips' palette), its shape, and the
words in the table beside it. Without a confidence interval the marker is the area's
quartile band instead, coloured on a separate blue scale with the band's letter inside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cypp.charts.base import BLACK, DARK_GREY, LIGHT_GREY, WHITE, number_text

# Fingertips' comparison colours (fingertips.phe.org.uk legend "Compared with benchmark").
BETTER = "#92d050"
SIMILAR = "#ffc000"
WORSE = "#c00000"
LOWER = "#5555e6"
HIGHER = "#bed2ff"

# Significance against England: (shape, fill, legend words).
SIGNIFICANCE: dict[str, tuple[str, str, str]] = {
    "better": ("circle", BETTER, "Significantly better than England"),
    "similar": ("diamond", SIMILAR, "Not significantly different from England"),
    "worse": ("square", WORSE, "Significantly worse than England"),
    "higher": ("triangle-up", HIGHER, "Significantly higher than England"),
    "lower": ("triangle-down", LOWER, "Significantly lower than England"),
}
# Quartile bands where no interval allows a test: a blue scale, darkest the best quarter,
# and the letter in the marker (fill, letter colour, legend words).
BANDS: dict[str, tuple[str, str, str]] = {
    "A": ("#0b3b6f", WHITE, "Quartile band A: the best quarter of local authorities"),
    "B": ("#2f6fae", WHITE, "Quartile band B: the second-best quarter"),
    "C": ("#8db7e0", BLACK, "Quartile band C: the second-worst quarter"),
    "D": ("#dbe9f6", BLACK, "Quartile band D: the worst quarter"),
}
NOT_COMPARED = ("ring", WHITE, "Not compared (no interval and no band)")


@dataclass(frozen=True, slots=True)
class LegendItem:
    key: str
    words: str
    svg: SafeString


@dataclass(frozen=True, slots=True)
class Spine:
    """One spine row: the SVG, its text alternative and the marker's key."""

    svg: SafeString
    alt: str
    marker: str  # a SIGNIFICANCE key, "band-A".."band-D", or "not-compared"

    def __html__(self) -> str:
        return str(self.svg)

    def __str__(self) -> str:
        return str(self.svg)


def marker_key(comparison: str, band: str | None) -> str:
    """Significance when tested, else the band, else not compared."""
    word = comparison.split(" (")[0].strip().lower()
    if word in SIGNIFICANCE:
        return word
    if band in BANDS:
        return f"band-{band}"
    return "not-compared"


def _shape(key: str, x: float, y: float) -> str:
    r = 6.5
    stroke = f'stroke="{BLACK}" stroke-width="1.5"'
    if key.startswith("band-"):
        fill, ink, _ = BANDS[key[-1]]
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r + 1:.1f}" fill="{fill}" {stroke}/>'
            f'<text x="{x:.1f}" y="{y + 3.6:.1f}" text-anchor="middle" font-size="10"'
            f' font-weight="700" font-family="Arial, sans-serif" fill="{ink}">{key[-1]}</text>'
        )
    shape, fill, _ = SIGNIFICANCE.get(key, NOT_COMPARED)
    if shape in ("circle", "ring"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r - 0.5:.1f}" fill="{fill}" {stroke}/>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}"'
            f' fill="{fill}" {stroke}/>'
        )
    if shape == "diamond":
        d = r * 1.25
        pts = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{fill}" {stroke}/>'
    t = r * 1.2
    if shape == "triangle-up":
        pts = f"{x:.1f},{y - t:.1f} {x + t:.1f},{y + t * 0.8:.1f} {x - t:.1f},{y + t * 0.8:.1f}"
    else:
        pts = f"{x:.1f},{y + t:.1f} {x + t:.1f},{y - t * 0.8:.1f} {x - t:.1f},{y - t * 0.8:.1f}"
    return f'<polygon points="{pts}" fill="{fill}" {stroke}/>'


def _svg(label: str, width: int, height: int, body: str, css: str) -> SafeString:
    if not label:  # a legend key: the words beside it say what it is
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="{}" aria-hidden="true" width="{}"'
            ' height="{}" viewBox="0 0 {} {}" focusable="false">{}</svg>',
            css,
            width,
            height,
            width,
            height,
            mark_safe(body),  # noqa: S308 - numbers and constants only
        )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" role="img" aria-label="{}"'
        ' width="{}" height="{}" viewBox="0 0 {} {}" focusable="false">{}</svg>',
        css,
        label,
        width,
        height,
        width,
        height,
        mark_safe(body),  # noqa: S308 - numbers and constants only
    )


def legend_items() -> list[LegendItem]:
    """The markers of the spine chart with their words, for the legend under the table."""
    keys = [*SIGNIFICANCE, *(f"band-{b}" for b in BANDS), "not-compared"]
    items = []
    for key in keys:
        if key.startswith("band-"):
            words = BANDS[key[-1]][2]
        else:
            words = SIGNIFICANCE.get(key, NOT_COMPARED)[2]
        items.append(LegendItem(key, words, _svg("", 20, 20, _shape(key, 10, 10), "cypp-key")))
    return items


def spine_row(
    *,
    value: float | None,
    england: float | None,
    minimum: float | None,
    q25: float | None,
    q75: float | None,
    maximum: float | None,
    comparison: str,
    band: str | None,
    polarity: str,
    name: str,
    decimals: int | None = 1,
    width: int = 150,
    height: int = 24,
) -> Spine:
    """A Fingertips spine row, centred on England; worst on the left and best on the right
    where the indicator has a better direction (lowest on the left otherwise); the scale
    either side is England's larger distance to the lowest or highest authority."""
    key = marker_key(comparison, band)
    if key.startswith("band-"):
        words = f"quartile band {band}"
    elif key == "not-compared":
        words = "not compared"
    else:
        words = comparison
    figure = number_text(value, decimals) if value is not None else "no figure"
    alt = f"{name} {figure} ({words}); England " + (
        number_text(england, decimals) if england is not None else "no figure"
    )
    if None not in (minimum, q25, q75, maximum):
        alt += (
            f". Local authorities range from {number_text(minimum, decimals)} to "
            f"{number_text(maximum, decimals)}; the middle half from "
            f"{number_text(q25, decimals)} to {number_text(q75, decimals)}"
        )
    # A count's England figure is the total of every authority, far off their range: the
    # scale is then centred on the range and England is said, not drawn.
    off_scale = (
        england is not None
        and minimum is not None
        and maximum is not None
        and not minimum <= england <= maximum
    )
    if off_scale:
        alt += ". England's figure lies outside the local authorities' range and is not drawn"
        england = None
    alt += "."
    pad = 9.0
    mid, half = width / 2, (width - 2 * pad) / 2
    parts: list[str] = []
    centre = england
    extent = [v for v in (minimum, maximum, value) if v is not None and not math.isnan(v)]
    if centre is None and extent:
        centre = (min(extent) + max(extent)) / 2
    if centre is not None and extent:
        spread = max(abs(v - centre) for v in extent) or 1.0
        flip = polarity == "low"

        def x(v: float) -> float:
            offset = (v - centre) / spread * half
            return mid - offset if flip else mid + offset

        top, bar = height * 0.25, height * 0.5
        for low, high, fill in ((minimum, maximum, LIGHT_GREY), (q25, q75, DARK_GREY)):
            if low is not None and high is not None:
                a, b = sorted((x(low), x(high)))
                parts.append(
                    f'<rect x="{a:.1f}" y="{top:.1f}" width="{b - a:.1f}" height="{bar:.1f}"'
                    f' fill="{fill}"/>'
                )
        if england is not None:
            parts.append(
                f'<line x1="{mid:.1f}" x2="{mid:.1f}" y1="1" y2="{height - 1}" stroke="{BLACK}"'
                ' stroke-width="2"/>'
            )
        if value is not None:
            parts.append(_shape(key, x(value), height / 2))
    return Spine(_svg(alt, width, height, "".join(parts), "cypp-spine"), alt, key)
