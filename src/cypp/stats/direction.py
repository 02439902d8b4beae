"""Which way a series has moved, where significance cannot be tested: a direction of travel.

For a series with no confidence intervals and no counts (most of LAIT), where
Fingertips' tested trend (``cypp.stats.trends.recent_trend``) cannot be used: the change
since the previous value and over the last five (or fewer) values, and a label decided by
the sign of the change over that window, always marked ``tested=False``. It is a
description, not a significance test.

Source: the DfE Local Authority Interactive Tool (LAIT) "change from previous year" and
trend ("Increase", "Decrease", "No trend") columns
(dfe-analytical-services/local-authority-interactive-tool, ``R/fn_analysis.R``:
``calculate_change_from_prev_yr``, ``calculate_trend``); the five-value window is this
project's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cypp.stats._types import ArrayLike, FloatArray, check_polarity
from cypp.stats.trends import CANNOT, COUNT_WORDS, period_labels, series_1d, trend_label

#: Values the direction of travel looks back over, and the fewest it needs.
DIRECTION_POINTS = 5
MIN_DIRECTION_POINTS = 2
NO_CHANGE_UNTESTED = "no change"


@dataclass(frozen=True, slots=True)
class DirectionOfTravel:
    """Which way a series has moved, NOT tested for significance.

    Attributes:
        label: "increasing and getting better", "increasing and getting worse",
            "decreasing and getting better", "decreasing and getting worse",
            "increasing"/"decreasing" (polarity "none"), "no change", or
            "cannot be calculated" (fewer than two values).
        change_since_previous: latest value minus the value before it (NaN
            when not calculated).
        change_over_window: latest value minus the first value of the window
            (the last ``points`` values; NaN when not calculated).
        points: how many values the window holds (2 to 5; fewer than 2 when
            not calculated).
        reason: a plain-English sentence with the numbers, starting "Not
            tested for significance".
        tested: always False.
        method: "direction of travel".
    """

    label: str
    change_since_previous: float
    change_over_window: float
    points: int
    reason: str
    tested: bool = False
    method: str = "direction of travel"


def _decimals(values: FloatArray) -> int:
    """Decimals to print: the data's own (up to 6), kept to about 3 significant figures."""
    own = 6
    for d in range(7):
        if np.allclose(values, np.round(values, d), rtol=0, atol=1e-9 * max(1.0, 10.0**-d)):
            own = d
            break
    biggest = float(np.max(np.abs(values)))
    digits = math.floor(math.log10(biggest)) + 1 if biggest > 0 else 1
    return min(own, max(1, 3 - digits)) if own > 0 else 0


def _change(delta: float, decimals: int) -> str:
    if delta == 0:
        return "no change"
    while round(abs(delta), decimals) == 0 and decimals < 12:
        decimals += 1  # never print a real change as "up 0.0"
    return f"{'up' if delta > 0 else 'down'} {abs(delta):,.{decimals}f}"


def direction_of_travel(
    *,
    values: ArrayLike,
    polarity: str,
    labels: Sequence[str] | None = None,
) -> DirectionOfTravel:
    """Which way a series has moved, for series whose significance cannot be tested.

    ``values`` are the series, oldest first (NaN for a missing period);
    ``labels`` optional period names ("2023/24"), oldest first, used in the
    sentence.  Missing values are left out and the window is the latest five
    (or fewer) available values; at least two are needed, else the label is
    "cannot be calculated".  The change since previous is the latest value
    minus the one before it; the change over the window is the latest value
    minus the window's first value.

    The label is decided by the sign of the change over the window alone (the
    year-to-year change is reported but does not decide it): above zero
    "increasing", below zero "decreasing", exactly zero "no change"; with
    polarity "high" or "low" the words "and getting better/worse" are added.
    The result is always ``tested=False`` and its reason starts "Not tested
    for significance": a direction of travel is not a significance test, and
    a small change may be noise.

    Source: DfE Local Authority Interactive Tool (LAIT), "change from previous
    year" and trend "Increase"/"Decrease"/"No trend"
    (dfe-analytical-services/local-authority-interactive-tool ``R/fn_analysis.R``,
    ``calculate_change_from_prev_yr`` and ``calculate_trend``), extended here
    from one year to the last five values; the window rule is this project's.
    It is not Fingertips' recent trend (``recent_trend``), which is tested.
    """
    pol = check_polarity(polarity)
    v = series_1d(values, "values")
    if v is None:  # unreachable: values is required; narrows the type
        raise ValueError("values are required")
    names = period_labels(labels, len(v))
    keep = ~np.isnan(v)
    present = np.flatnonzero(keep)
    # Is a period missing between the last two available values, or after the last?
    gap = present.size >= 2 and present[-1] - present[-2] > 1
    stale = present.size >= 1 and present[-1] < keep.size - 1
    v = v[keep]
    if names is not None:
        names = [n for n, k in zip(names, keep, strict=True) if k]
    if v.size < MIN_DIRECTION_POINTS:
        return DirectionOfTravel(
            CANNOT,
            float("nan"),
            float("nan"),
            int(v.size),
            "Not tested for significance, and no direction of travel: it needs at least "
            f"{MIN_DIRECTION_POINTS} values and there {'is' if v.size == 1 else 'are'} "
            f"{'only one' if v.size == 1 else 'none'}.",
        )
    window = v[-DIRECTION_POINTS:]
    points = int(window.size)
    since_previous = float(window[-1] - window[-2])
    over_window = float(window[-1] - window[0])
    label = NO_CHANGE_UNTESTED if over_window == 0 else trend_label(over_window > 0, pol)
    places = _decimals(window)
    latest = f"{window[-1]:,.{places}f}"
    if names is not None:
        window_names = names[-DIRECTION_POINTS:]
        now = f"{latest} in {window_names[-1]}"
        previous = f"{_change(since_previous, places)} on {window_names[-2]}"
        span = f"({window_names[0]} to {window_names[-1]})"
    else:
        now = f"the latest {'available ' if stale else ''}value is {latest}"
        before = "the previous available value" if gap else "the previous value"
        previous = f"{_change(since_previous, places)} on {before}"
        span = ""
    if points == MIN_DIRECTION_POINTS:
        tail = " (only two values are available)"
    else:
        tail = f" and {_change(over_window, places)} over the last {COUNT_WORDS[points]} points" + (
            f" {span}" if span else ""
        )
    return DirectionOfTravel(
        label,
        since_previous,
        over_window,
        points,
        f"Not tested for significance: {now}, {previous}{tail}.",
    )
