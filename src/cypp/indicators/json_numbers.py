"""Figures as the command line's JSON prints them: to the indicator's decimals, no float noise.

Arithmetic in binary leaves noise in figures worked out from others (12.2 + 0.1 is
12.299999999999999, 0.1 * 3 is 0.30000000000000004); printed by ``json.dumps`` it looks like
a precision no source published. The keys of these outputs are contracts; only
the numbers change.
"""

from __future__ import annotations

import math
from typing import Any

#: Without the indicator's decimals, figures keep this many significant figures: more than
#: any official statistic publishes, fewer than the 15-17 where binary noise shows.
SIGNIFICANT_FIGURES = 12


def number_rounded(value: float | None, *, decimals: int | None) -> float | None:
    """``value`` rounded to ``decimals`` places (the indicator's), or to
    ``SIGNIFICANT_FIGURES`` when they are not known; NaN and infinity become None (null),
    which JSON can carry (``json.dumps`` would write NaN, which JSON readers refuse)."""
    if value is None or not math.isfinite(value):
        return None
    if isinstance(value, int):  # a whole number is printed as it is (15, not 15.0)
        return value
    if decimals is not None:
        return round(float(value), decimals)
    return float(f"{value:.{SIGNIFICANT_FIGURES}g}")


def numbers_rounded(data: Any, *, decimals: int | None) -> Any:
    """Every float in a tree of dicts and lists rounded by ``number_rounded``: for outputs
    whose floats are all figures of one indicator (a value, its averages and quartiles).
    Whole numbers (ranks, counts) and everything else are left as they are."""
    if isinstance(data, float):
        return number_rounded(data, decimals=decimals)
    if isinstance(data, dict):
        return {key: numbers_rounded(item, decimals=decimals) for key, item in data.items()}
    if isinstance(data, list | tuple):
        return [numbers_rounded(item, decimals=decimals) for item in data]
    return data
