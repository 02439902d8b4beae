"""A straight-line forecast from a series' recent values, with an honest prediction interval.

The least-squares line through the last ``FORECAST_POINTS`` (5) values - at least
``MIN_POINTS_TO_FORECAST`` (3) at different times - evaluated at a future time, with its
prediction interval ``t(n-2) * s * sqrt(1 + 1/n + (x0 - mean)^2 / Sxx)``. Only the recent
window is used, so a long series that turned recently is forecast from its recent
direction.

The interval is never narrower than the data's own uncertainty and never of zero width
(this floor is this project's rule, not Draper & Smith's): its half-width is the largest of
the regression's, half the resolution the values are recorded to (0.5 for whole numbers,
0.05 for one decimal place...), the series' year-to-year noise
``z * sd(successive differences) / sqrt(2)`` (the successive-difference estimate of the
noise about a trend), and, when given, the latest value's own confidence-interval
half-width. Three points exactly on a line forecast "16 (95% range 15.5 to 16.5)", never
"16 to 16".

Sources: Draper NR, Smith H (1998) Applied regression analysis, 3rd ed., section 3.1;
von Neumann J, Kent RH, Bellinson HR, Hart BI (1941) "The mean square successive
difference", Annals of Mathematical Statistics 12:153-162.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cypp.stats._types import FloatArray
from cypp.stats.estimate import Estimate

#: Most recent values the forecast line is fitted to.
FORECAST_POINTS = 5
#: Fewest values a straight line and its prediction interval can be fitted to.
MIN_POINTS_TO_FORECAST = 3


@dataclass(frozen=True, slots=True)
class Forecast:
    """A forecast and how it was made.

    Attributes:
        estimate: the forecast with its prediction interval (method "linear trend").
        points: how many values the line was fitted to.
        widened: True when the data's own uncertainty, not the regression, set the width.
    """

    estimate: Estimate
    points: int
    widened: bool


def resolution(values: FloatArray) -> float:
    """The step the values are recorded to: 1 for whole numbers, 0.1 for one decimal..."""
    for decimals in range(7):
        step = 10.0**-decimals
        if np.allclose(values, np.round(values, decimals), rtol=0, atol=step * 1e-6):
            return step
    return 1e-6


def linear_forecast(
    *,
    times: FloatArray,
    values: FloatArray,
    at: float,
    confidence: float = 0.95,
    own_half_width: float | None = None,
) -> Forecast | None:
    """The forecast at ``at`` from the series (oldest first, no missing values), or None
    when fewer than ``MIN_POINTS_TO_FORECAST`` values at different times are available.

    ``own_half_width`` is the latest value's confidence-interval half-width, if known.

    Source: Draper & Smith (1998) s. 3.1 (forecast and prediction interval); von Neumann
    et al. (1941) (noise floor); the floor rule is this project's (module docstring).
    """
    tw, vw = times[-FORECAST_POINTS:], values[-FORECAST_POINTS:]
    n = int(vw.size)
    if n < MIN_POINTS_TO_FORECAST or not np.ptp(tw) > 0:
        return None
    slope, intercept = np.polyfit(tw, vw, 1)
    point = float(intercept + slope * at)
    residual = vw - (intercept + slope * tw)
    dof = n - 2
    spread = float(np.sqrt((residual @ residual) / dof))
    sxx = float(((tw - tw.mean()) ** 2).sum())
    from scipy import special, stats  # imported when used: scipy.stats is slow to import

    regression = float(
        stats.t.ppf(1 - (1 - confidence) / 2, dof)
        * spread
        * np.sqrt(1 + 1 / n + (at - tw.mean()) ** 2 / sxx)
    )
    z = float(special.ndtri(1 - (1 - confidence) / 2))
    floors = [resolution(values) / 2]
    if values.size >= 3:
        floors.append(z * float(np.std(np.diff(values), ddof=1)) / math.sqrt(2))
    if own_half_width is not None and not math.isnan(own_half_width):
        floors.append(float(own_half_width))
    floor = max(floors)
    # The last term keeps the two ends distinct numbers however large the value.
    half = max(regression, floor, 4 * float(np.spacing(abs(point))))
    estimate = Estimate(point, point - half, point + half, "linear trend", confidence)
    return Forecast(estimate, n, floor >= regression)
