"""A partnership's colour on its public site, checked for contrast with the white text on it.

Relative luminance and contrast ratio as WCAG 2.2 defines them
(https://www.w3.org/TR/WCAG22/#dfn-relative-luminance and #dfn-contrast-ratio); the site puts
white text (the header, the partnership's name) on the colour, so the colour must reach the
4.5:1 that success criterion 1.4.3 asks of normal text.
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5


def relative_luminance(colour: str) -> float:
    """The relative luminance (0 black to 1 white) of an sRGB colour written ``#RRGGBB``,
    by WCAG 2.2's formula (its 0.04045 threshold, as the sRGB standard has it)."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"{colour!r} is not a colour written #RRGGBB.")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance over the darker's."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_with_white(colour: str) -> float:
    return contrast_ratio(colour, WHITE)
