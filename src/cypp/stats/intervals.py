"""Confidence intervals for proportions, counts, rates and standardised rates.

These are the methods England's public health indicators are published with
(OHID Fingertips, the PHEindicatormethods R package), so a figure computed here
matches the one a council officer sees on Fingertips:

* proportions: Wilson score interval;
* counts and crude rates: exact Poisson limits below 10 events, Byar's
  approximation from 10 events;
* directly standardised rates: Dobson's method, not published below 10 events.

All functions are vectorised: pass scalars or numpy arrays (they broadcast).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cypp.stats._types import (
    ArrayLike,
    FloatArray,
    Floats,
    as_float_array,
    check_confidence,
    check_non_negative,
    check_positive,
    is_scalar_input,
    out,
)
from cypp.stats.estimate import Estimate

#: Fingertips and PHEindicatormethods switch from exact to Byar's limits at 10 events,
#: and do not publish a directly standardised rate below 10 events.
SMALL_COUNT = 10


def _z(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95."""
    from scipy import special  # imported when used: scipy is slow to import

    return float(special.ndtri(confidence + (1.0 - confidence) / 2.0))


def _wilson_arrays(
    x: FloatArray, n: FloatArray, confidence: float
) -> tuple[FloatArray, FloatArray]:
    z = _z(confidence)
    z2 = z * z
    # PHEindicatormethods' form; it gives exactly 0 at x = 0 and 1 at x = n.
    with np.errstate(invalid="ignore"):
        root = z * np.sqrt(np.maximum(z2 + 4.0 * x * (1.0 - x / n), 0.0))
    denominator = 2.0 * (n + z2)
    # Clip only the last-bit rounding that can put 1 + 2e-16 outside [0, 1].
    lower = np.clip((2.0 * x + z2 - root) / denominator, 0.0, 1.0)
    upper = np.clip((2.0 * x + z2 + root) / denominator, 0.0, 1.0)
    return lower, upper


def _proportion_inputs(
    numerator: ArrayLike, denominator: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """The numerator and denominator of a proportion as float arrays, checked: a count of
    0 or more out of a denominator above 0 that it does not exceed."""
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator")
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    if np.any(x > n):
        raise ValueError("numerator must not be greater than denominator for a proportion")
    return x, n


def wilson(
    numerator: ArrayLike, denominator: ArrayLike, confidence: float = 0.95
) -> tuple[Floats, Floats]:
    """Wilson score interval for a proportion, as fractions between 0 and 1.

    ``(2x + z^2 -/+ z * sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2))`` with ``z`` the
    two-sided normal quantile for ``confidence``.

    Source: Wilson EB (1927) J Am Stat Assoc 22:209-212; Newcombe RG (1998)
    Stat Med 17:857-872 (method 3); as implemented in PHEindicatormethods
    ``wilson_lower``/``wilson_upper`` and used by ``phe_proportion``.

    Raises:
        ValueError: negative numerator, denominator not above zero, numerator
            above denominator, or a bad confidence level.
    """
    level = check_confidence(confidence)
    x, n = _proportion_inputs(numerator, denominator)
    lower, upper = _wilson_arrays(x, n, level)
    scalar = is_scalar_input(numerator, denominator)
    return out(lower, scalar), out(upper, scalar)


def _count_limits(
    count: ArrayLike,
    confidence: float,
    limits: Callable[[FloatArray, float], tuple[FloatArray, FloatArray]],
) -> tuple[Floats, Floats]:
    """A count's confidence limits by ``limits`` (Byar's or exact), the count checked to be 0
    or more; a scalar count gives scalar limits."""
    level = check_confidence(confidence)
    x = as_float_array(count, "count")
    check_non_negative(x, "count")
    lower, upper = limits(x, level)
    scalar = is_scalar_input(count)
    return out(lower, scalar), out(upper, scalar)


def _byars_arrays(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    z = _z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * np.sqrt(x))) ** 3
        x1 = x + 1.0
        upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * np.sqrt(x1))) ** 3
    # PHEindicatormethods sets a negative (or undefined) lower limit to NA.
    lower = np.where(lower < 0, np.nan, lower)
    return lower, upper


def byars(count: ArrayLike, confidence: float = 0.95) -> tuple[Floats, Floats]:
    """Byar's approximation to the Poisson confidence limits of a count.

    Lower ``O(1 - 1/(9O) - z/(3 sqrt O))^3``; upper
    ``(O+1)(1 - 1/(9(O+1)) + z/(3 sqrt(O+1)))^3``.  A lower limit that comes out
    negative (or undefined, at 0) is NaN, as in PHEindicatormethods.

    Source: Breslow NE, Day NE (1987) Statistical methods in cancer research
    vol II, IARC; PHEindicatormethods ``byars_lower``/``byars_upper``.
    """
    return _count_limits(count, confidence, _byars_arrays)


def _exact_arrays(x: FloatArray, confidence: float) -> tuple[FloatArray, FloatArray]:
    from scipy import special

    tail = (1.0 - confidence) / 2.0
    # chi2.ppf(p, 2x) / 2 is the inverse regularised gamma function at x;
    # calling it directly is the same number without scipy.stats overhead.
    with np.errstate(invalid="ignore"):
        lower = np.where(x > 0, special.gammaincinv(np.where(x > 0, x, 1.0), tail), 0.0)
        upper = special.gammaincinv(x + 1.0, 1.0 - tail)
    lower = np.where(np.isnan(x), np.nan, lower)
    return lower, upper


def exact_poisson(count: ArrayLike, confidence: float = 0.95) -> tuple[Floats, Floats]:
    """Exact Poisson confidence limits of a count from the chi-square distribution.

    Lower ``chi2_{(1-c)/2}(2O) / 2`` (0 when O = 0), upper
    ``chi2_{1-(1-c)/2}(2O + 2) / 2``.

    Source: Garwood F (1936) Biometrika 28:437-442; APHO Technical Briefing 3
    (2008) "Commonly used public health statistics and their confidence
    intervals"; PHEindicatormethods ``phe_rate`` (method "Exact").
    """
    return _count_limits(count, confidence, _exact_arrays)


def proportion(
    numerator: ArrayLike,
    denominator: ArrayLike,
    multiplier: float = 100,
    confidence: float = 0.95,
) -> Estimate:
    """A proportion (default: a percentage) with its Wilson score interval.

    Source: PHEindicatormethods ``phe_proportion`` (Wilson score limits,
    multiplier 100 for a percentage).
    """
    level = check_confidence(confidence)
    x, n = _proportion_inputs(numerator, denominator)
    lower, upper = _wilson_arrays(x, n, level)
    scalar = is_scalar_input(numerator, denominator)
    value = x / n * multiplier
    method = np.full(value.shape, "Wilson")
    return Estimate(
        value=out(value, scalar),
        lower=out(lower * multiplier, scalar),
        upper=out(upper * multiplier, scalar),
        method=out(method, scalar),
        confidence=level,
        reason=out(np.full(value.shape, ""), scalar),
    )


def rate(
    count: ArrayLike,
    denominator: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> Estimate:
    """A crude rate per ``multiplier`` with exact limits below 10 events, Byar's from 10.

    The method used is named per element ("Exact" or "Byars").

    Source: PHEindicatormethods ``phe_rate``; APHO Technical Briefing 3 (2008);
    the method Fingertips publishes crude rates with.
    """
    level = check_confidence(confidence)
    x = as_float_array(count, "count")
    n = as_float_array(denominator, "denominator")
    check_non_negative(x, "count")
    check_positive(n, "denominator")
    x, n = np.broadcast_arrays(x, n)
    shape = x.shape
    x, n = x.ravel(), n.ravel()  # 1-D inside, so masked assignment works for scalars too
    small = x < SMALL_COUNT
    lower, upper = _byars_arrays(x, level)
    if small.any():
        # The inverse gamma function is costly: evaluate it only where it is used.
        exact_lower, exact_upper = _exact_arrays(x[small], level)
        lower[small], upper[small] = exact_lower, exact_upper
    scale = multiplier / n
    lower, upper = (lower * scale).reshape(shape), (upper * scale).reshape(shape)
    method = np.where(small, "Exact", "Byars")
    method = np.where(np.isnan(x), "", method).reshape(shape)
    scalar = is_scalar_input(count, denominator)
    return Estimate(
        value=out((x * scale).reshape(shape), scalar),
        lower=out(lower, scalar),
        upper=out(upper, scalar),
        method=out(method, scalar),
        confidence=level,
        reason=out(np.full(shape, ""), scalar),
    )


def dsr(
    counts: ArrayLike,
    populations: ArrayLike,
    standard_populations: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> Estimate:
    """Directly standardised rate with Dobson's confidence interval.

    Strata (age bands) are on the last axis, so a 2-D ``counts`` of shape
    (areas, strata) gives one rate per area.  ``DSR = sum(w_i c_i / n_i) / sum(w_i)``;
    its variance ``V = sum(w_i^2 c_i / n_i^2) / (sum w_i)^2``; with ``O`` the total
    count and ``O_L``, ``O_U`` its Byar's limits, the limits are
    ``DSR + sqrt(V / O) * (O_L - O)`` and ``DSR + sqrt(V / O) * (O_U - O)``.
    When the total count is below 10 the value and limits are NaN and
    ``reason`` says so, as Fingertips does not publish them.

    Source: Dobson AJ et al. (1991) Stat Med 10:457-462; PHEindicatormethods
    ``calculate_dsr`` (method "Dobson"); OHID technical guidance on DSRs.
    """
    level = check_confidence(confidence)
    c = as_float_array(counts, "counts")
    n = as_float_array(populations, "populations")
    w = as_float_array(standard_populations, "standard_populations")
    check_non_negative(c, "counts")
    check_positive(n, "populations")
    check_non_negative(w, "standard_populations")
    if c.ndim == 0:
        raise ValueError(
            "counts must have at least one stratum (an array, strata on the last axis)"
        )
    c, n, w = np.broadcast_arrays(c, n, w)
    total_weight = w.sum(axis=-1)
    if np.any(total_weight <= 0):
        raise ValueError("standard_populations must not sum to zero")
    total = c.sum(axis=-1)
    value = (w * c / n).sum(axis=-1) / total_weight
    variance = (w**2 * c / n**2).sum(axis=-1) / total_weight**2
    total_lower, total_upper = _byars_arrays(total, level)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(variance / total)
    lower = value + spread * (total_lower - total)
    upper = value + spread * (total_upper - total)
    small = total < SMALL_COUNT
    reason = np.where(small, "value not published: total count is below 10", "")
    value = np.where(small, np.nan, value) * multiplier
    lower = np.where(small, np.nan, lower) * multiplier
    upper = np.where(small, np.nan, upper) * multiplier
    scalar = value.ndim == 0
    return Estimate(
        value=out(value, scalar),
        lower=out(lower, scalar),
        upper=out(upper, scalar),
        method=out(np.full(value.shape, "Dobson"), scalar),
        confidence=level,
        reason=out(reason, scalar),
    )
