"""Which way a measure is going: Fingertips' tested trend, or an untested direction.

Two answers, for two kinds of series, so a board is never told a direction is
significant when nobody tested it.

``recent_trend``: Fingertips' recent trend, tested for significance.  From the
five most recent, equally spaced, non-overlapping points:

* proportions (counts and denominators): the chi-squared test for trend
  (Cochran-Armitage), with the direction from the slope of the logit of the
  proportions against time;
* anything else with 95% confidence intervals: a regression of the values on
  time weighted by ``1/se^2`` (the standard error recovered from the interval
  width), tested as ``slope^2 / var(slope)``;
* significant when the statistic exceeds the 99.8% point of chi-squared with
  one degree of freedom (9.5495);
* a significant trend is reported only if dropping any one of the five points
  never flips the slope's sign (the outlier rule);
* the direction is combined with the polarity: "increasing and getting worse"...

``times`` are period indices: 0, 1, 2, 3, 4 for five consecutive periods (any
consecutive integers; a gap in the numbering is a missing period).  Decimal
years of period ends are not equally spaced when a leap year is among them,
so they are the wrong input.

``cypp.stats.direction.direction_of_travel`` describes, without testing, a
series that has neither intervals nor counts.

Sources: OHID Fingertips "Public Health Technical Guidance - Trend markers"
(https://fingertips.phe.org.uk/static-reports/public-health-technical-guidance/Presentation/Trend_markers.html),
as implemented in PHEindicatormethods ``assign_trend_markers``,
``calculate_trend_logistic_regression`` and ``calculate_trend_weighted_regression``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from cypp.stats._types import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_confidence,
    check_non_negative,
    check_polarity,
)

#: Points used, and the significance level, of the Fingertips recent trend.
POINTS = 5
SIGNIFICANCE = 0.998


@cache
def chi_squared_threshold() -> float:
    """The chi-squared value a trend must pass, 9.5495... for 99.8% on one degree of freedom.

    Worked out when first needed, not at import: scipy.stats takes seconds to import, and
    every command and page that imports the statistics core would pay for it.
    """
    from scipy import stats

    return float(stats.chi2.ppf(SIGNIFICANCE, 1))


#: Most values an untested direction of travel looks back over, and the fewest it needs.

INCREASING_BETTER = "increasing and getting better"
INCREASING_WORSE = "increasing and getting worse"
DECREASING_BETTER = "decreasing and getting better"
DECREASING_WORSE = "decreasing and getting worse"
INCREASING = "increasing"
DECREASING = "decreasing"
NO_CHANGE = "no significant change"
#: The untested direction's word for a window that starts and ends on the same value.
CANNOT = "cannot be calculated"

COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


@dataclass(frozen=True, slots=True)
class RecentTrend:
    """The recent trend of one series, tested for significance.

    Attributes:
        label: one of the eight Fingertips labels (lower case).
        statistic: the chi-squared statistic (NaN when not calculated).
        slope: slope per period: of the logit of the proportion for
            proportions, of the value otherwise (NaN when not calculated).
        reason: a plain-English sentence saying why the label was given.
        method: "chi-squared test for trend" or "weighted regression" ("" when
            not calculated).
        tested: always True: the label's words are Fingertips' and come from a
            significance test (compare ``DirectionOfTravel.tested``).
    """

    label: str
    statistic: float
    slope: float
    reason: str
    method: str = ""
    tested: bool = True


def _cannot(reason: str, method: str = "") -> RecentTrend:
    return RecentTrend(CANNOT, float("nan"), float("nan"), reason, method)


def chi_squared_trend(counts: FloatArray, denominators: FloatArray, times: FloatArray) -> float:
    """Chi-squared test for trend in proportions (one degree of freedom).

    ``X^2 = D (D sum(c t) - C sum(d t))^2 / (C (D - C) (D sum(d t^2) - (sum d t)^2))``
    with ``C``, ``D`` the total count and denominator.

    Source: Armitage P, Berry G, Matthews JNS (2002) Statistical methods in
    medical research, 4th ed., section 15.7; PHEindicatormethods
    ``calculate_trend_logistic_regression``.
    """
    c, d, t = counts, denominators, times
    total_c, total_d = c.sum(), d.sum()
    numerator = total_d * (total_d * (c * t).sum() - total_c * (d * t).sum()) ** 2
    denominator = total_c * (total_d - total_c) * (total_d * (d * t * t).sum() - (d * t).sum() ** 2)
    return float(numerator / denominator)


def _logit_slope(counts: FloatArray, denominators: FloatArray, times: FloatArray) -> float:
    p = counts / denominators
    if np.any(p <= 0) or np.any(p >= 1):
        # The logit is infinite; the sign of the trend score says the direction.
        score = (
            denominators.sum() * (counts * times).sum()
            - counts.sum() * (denominators * times).sum()
        )
        return float(np.sign(score))
    from scipy import special

    return float(np.polyfit(times, special.logit(p), 1)[0])


def _weighted_slope(
    values: FloatArray, times: FloatArray, weights: FloatArray
) -> tuple[float, float]:
    """Slope of a weighted least squares line and its variance."""
    sw = weights.sum()
    st = (weights * times).sum()
    stt = (weights * times * times).sum()
    sv = (weights * values).sum()
    stv = (weights * times * values).sum()
    det = sw * stt - st * st
    return float((sw * stv - st * sv) / det), float(sw / det)


def trend_label(increasing: bool, polarity: str) -> str:
    if polarity == "none":
        return INCREASING if increasing else DECREASING
    if increasing:
        return INCREASING_BETTER if polarity == "high" else INCREASING_WORSE
    return DECREASING_WORSE if polarity == "high" else DECREASING_BETTER


def series_1d(x: ArrayLike | None, name: str) -> FloatArray | None:
    if x is None:
        return None
    a = as_float_array(x, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be a one-dimensional series, oldest first")
    return a


def period_labels(labels: Sequence[str] | None, length: int) -> list[str] | None:
    if labels is None:
        return None
    if isinstance(labels, str):
        raise ValueError("labels must be a list of period labels, oldest first, not one string")
    names = [str(x) for x in labels]
    if len(names) != length:
        raise ValueError(f"labels must have one entry per point ({length}), got {len(names)}")
    return names


def _span(labels: list[str] | None, count: int) -> str:
    """ "the five periods 2019/20 to 2023/24" (or "the last five periods")."""
    words = COUNT_WORDS.get(count, str(count))
    if labels:
        return f"the {words} periods {labels[0]} to {labels[-1]}"
    return f"the last {words} periods"


def recent_trend(
    *,
    counts: ArrayLike | None = None,
    denominators: ArrayLike | None = None,
    values: ArrayLike | None = None,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    polarity: str,
    times: ArrayLike | None = None,
    labels: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> RecentTrend:
    """Fingertips' significance-tested recent trend over the last five points.

    Give either ``counts`` and ``denominators`` (a proportion: chi-squared test
    for trend) or ``values`` with their ``lower`` and ``upper`` limits at
    ``confidence`` (anything else: weighted regression).  Series are oldest
    first.  ``times`` are period indices (default 0, 1, 2...): consecutive
    integers for consecutive periods, so the last five must be equally spaced;
    do not pass decimal years (leap years make them unequal).  ``labels``
    (optional period names such as "2019/20", oldest first) are used in the
    reason.  Fewer than five points, missing values or unequal spacing give
    "cannot be calculated" with the reason; the caller decides whether to
    pass the latest five available points instead (Fingertips does).

    Source: OHID Fingertips "Public Health Technical Guidance - Trend markers";
    PHEindicatormethods ``assign_trend_markers``.
    """
    pol = check_polarity(polarity)
    level = check_confidence(confidence)
    c = series_1d(counts, "counts")
    d = series_1d(denominators, "denominators")
    v = series_1d(values, "values")
    lo = series_1d(lower, "lower")
    up = series_1d(upper, "upper")
    proportion = c is not None or d is not None
    if proportion and (c is None or d is None):
        raise ValueError("a proportion's trend needs both counts and denominators")
    if proportion and v is not None:
        raise ValueError("give either counts and denominators, or values with limits, not both")
    if not proportion and (v is None or lo is None or up is None):
        raise ValueError("give counts and denominators, or values with lower and upper limits")
    series = [a for a in (c, d, v, lo, up) if a is not None]
    length = len(series[0])
    if any(len(a) != length for a in series):
        raise ValueError("every series must have the same length")
    t = np.arange(length, dtype=np.float64) if times is None else series_1d(times, "times")
    if t is None or len(t) != length:
        raise ValueError("times must have one entry per point")
    names = period_labels(labels, length)
    method = "chi-squared test for trend" if proportion else "weighted regression"
    if length < POINTS:
        return _cannot(
            f"A trend needs {POINTS} periods of data and there "
            f"{'is' if length == 1 else 'are'} only {length}, so it cannot be calculated.",
            method,
        )
    t = t[-POINTS:]
    names = names[-POINTS:] if names else None
    span = _span(names, POINTS)
    if np.any(np.isnan(t)):
        return _cannot(
            f"A period is missing from {span}, so the trend cannot be calculated.", method
        )
    steps = np.diff(t)
    if np.any(steps <= 0) or not np.allclose(steps, steps[0]):
        return _cannot(
            f"The last {POINTS} periods are not consecutive, equally spaced periods "
            "(the trend needs them equally spaced), so it cannot be calculated.",
            method,
        )
    if proportion:
        if c is None or d is None:  # unreachable: checked above; narrows types
            raise ValueError("a proportion's trend needs both counts and denominators")
        c, d = c[-POINTS:], d[-POINTS:]
        if np.any(np.isnan(c)) or np.any(np.isnan(d)):
            return _cannot(
                f"A count or denominator is missing in {span}, so the trend cannot be calculated.",
                method,
            )
        check_non_negative(c, "counts")
        if np.any(d <= 0):
            raise ValueError("denominators must be greater than zero")
        if np.any(c > d):
            raise ValueError("counts must not be greater than denominators for a proportion")
        if c.sum() == 0 or c.sum() == d.sum():
            return _cannot(
                f"Every period in {span} has a proportion of 0 or of 1, so the trend cannot "
                "be calculated.",
                method,
            )
        statistic = chi_squared_trend(c, d, t)
        slope = _logit_slope(c, d, t)

        def sub_slope(keep: np.ndarray) -> float:
            return _logit_slope(c[keep], d[keep], t[keep])

    else:
        if v is None or lo is None or up is None:  # unreachable: checked above
            raise ValueError("give values with lower and upper limits")
        v, lo, up = v[-POINTS:], lo[-POINTS:], up[-POINTS:]
        if np.any(np.isnan(v)):
            return _cannot(
                f"A value is missing in {span}, so the trend cannot be calculated.", method
            )
        if np.any(np.isnan(lo)) or np.any(np.isnan(up)):
            return _cannot(
                f"A confidence limit is missing in {span}, so the trend cannot be calculated.",
                method,
            )
        width = up - lo
        if np.any(width <= 0):
            return _cannot(
                f"A confidence interval in {span} has no width, so the trend cannot be calculated.",
                method,
            )
        from scipy import special

        z = float(special.ndtri(1 - (1 - level) / 2))
        weights = (2 * z / width) ** 2
        slope, variance = _weighted_slope(v, t, weights)
        statistic = slope * slope / variance

        def sub_slope(keep: np.ndarray) -> float:
            return _weighted_slope(v[keep], t[keep], weights[keep])[0]

    threshold = chi_squared_threshold()
    test = f"chi-squared {statistic:.2f}; it needs to be above {threshold:.2f}"
    if not statistic > threshold:
        return RecentTrend(
            NO_CHANGE,
            statistic,
            slope,
            f"No significant change: over {span} the change is not significant at 99.8% "
            f"({test}), so it could be chance.",
            method,
        )
    for i in range(POINTS):
        keep = np.arange(POINTS) != i
        if np.sign(sub_slope(keep)) != np.sign(slope):
            which = (
                names[i]
                if names
                else f"the {_ORDINALS[i + 1]} of the {COUNT_WORDS[POINTS]} periods"
            )
            return RecentTrend(
                NO_CHANGE,
                statistic,
                slope,
                f"No significant change: over {span} the change is significant at 99.8% "
                f"({test}), but leaving out {which} reverses its direction, so the "
                "direction rests on that one value (an outlier) and is not reported.",
                method,
            )
    label = trend_label(slope > 0, pol)
    return RecentTrend(
        label,
        statistic,
        slope,
        f"{label.capitalize()}: over {span} the change is significant at 99.8% "
        f"({test}), and leaving out any one period does not reverse its direction.",
        method,
    )
