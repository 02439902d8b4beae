"""Ranks, quartile bands and quantile groups across areas.

* ``quartile_band`` reproduces the A-D quartile banding of the DfE Local
  Authority Interactive Tool (LAIT): the quartiles of all areas' latest values
  (R's default ``quantile``, type 7, which is numpy's default "linear"), each
  band closed at its top (``<=``), A the best quarter.
* ``rank`` reproduces LAIT's rank: 1 is best, ties share the lowest rank,
  missing values are not ranked.
* ``quantile_group`` reproduces PHEindicatormethods ``phe_quantile`` (quintiles,
  deciles... of small areas, e.g. deprivation deciles).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cypp.stats._types import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_polarity,
)

BANDS = ("A", "B", "C", "D")
NO_BAND = ""


def quartiles(values: ArrayLike) -> FloatArray:
    """Minimum, lower quartile, median, upper quartile and maximum, ignoring NaN.

    Type 7 quantiles (R's default, numpy's "linear"), as LAIT's ``quantile(na.rm = TRUE)``.
    """
    v = as_float_array(values, "values").ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return np.full(5, np.nan)
    return np.quantile(v, [0.0, 0.25, 0.5, 0.75, 1.0], method="linear")


def quartile_band(
    values: ArrayLike, polarity: str, *, boundaries: ArrayLike | None = None
) -> np.ndarray[Any, np.dtype[np.str_]]:
    """LAIT's quartile band ("A" best to "D" worst) of each area's value.

    With polarity "low" (low is good): ``q0 <= v <= q25`` is "A",
    ``q25 < v <= q50`` "B", ``q50 < v <= q75`` "C", ``q75 < v <= q100`` "D";
    with polarity "high" the same intervals are "D", "C", "B", "A" (so a value
    exactly on the upper quartile is "B", not "A", exactly as LAIT).  The
    quartiles are those of all the values given (type 7) unless
    ``boundaries`` (the five numbers: min, q25, median, q75, max) are given.
    NaN values, and every value when polarity is "none", get "" (LAIT shows NA
    and "-" respectively; an empty string keeps the array all strings).

    Source: DfE local-authority-interactive-tool, ``R/fn_analysis.R``
    ``calculate_quartile_band`` and ``R/lait_modules/mod_la_lvl_table.R``
    (``quantile(na.rm = TRUE)`` over all local authorities).

    Raises:
        ValueError: bad polarity, or a value outside the given boundaries.
    """
    pol = check_polarity(polarity)
    v = as_float_array(values, "values")
    q = quartiles(v) if boundaries is None else as_float_array(boundaries, "boundaries")
    if q.shape != (5,):
        raise ValueError("boundaries must be five numbers: minimum, q25, median, q75, maximum")
    if np.any(np.diff(q) < 0):
        raise ValueError("boundaries must be in increasing order")
    bands = np.full(v.shape, NO_BAND, dtype="<U1")
    if pol == "none":
        return bands
    present = ~np.isnan(v)
    if np.any(present & ((v < q[0]) | (v > q[4]))):
        raise ValueError("a value lies outside the quartile boundaries")
    # Index 0..3 of the quarter each value is in, counting from the lowest values.
    quarter = np.searchsorted(q[1:4], v, side="left")
    names = np.array(BANDS if pol == "low" else BANDS[::-1])
    bands[present] = names[quarter[present]]
    return bands


def rank(values: ArrayLike, polarity: str) -> FloatArray:
    """Rank of each area, 1 the best; ties share the lowest rank; NaN is unranked.

    Polarity "high" ranks the highest value 1, "low" the lowest value 1.
    Polarity "none" makes no judgement, so nothing is ranked (all NaN), as
    LAIT shows "-".  Ranks are floats so that NaN can mark the unranked.

    Source: DfE local-authority-interactive-tool ``R/fn_analysis.R``
    ``calculate_rank`` (``rank(ties.method = "min")``).
    """
    pol = check_polarity(polarity)
    v = as_float_array(values, "values")
    if pol == "none" or v.size == 0:
        return np.full(v.shape, np.nan)
    keyed = -v if pol == "high" else v
    from scipy import stats  # imported when used: scipy.stats takes seconds to import

    ranks = stats.rankdata(keyed.ravel(), method="min", nan_policy="omit")
    return np.asarray(ranks, dtype=np.float64).reshape(v.shape)


def quantile_group(values: ArrayLike, n: int = 10, invert: bool = True) -> FloatArray:
    """PHE's quantile group (e.g. decile 1-10) of each area's value.

    With ``N`` areas that have a value and ``r`` the rank (ties share the lowest
    rank) of the value - or, when ``invert`` is true, of ``max - value`` so
    that the highest values are in group 1 - the group is
    ``floor((n + 1) - ceil(((N + 1) - r) / (N / n)))``, with 0 moved to 1.
    NaN values, and every value when there are fewer areas than groups, get
    NaN.

    Source: PHEindicatormethods ``phe_quantile`` (``R/Quantiles.R``); OHID
    "Technical Guide - Assigning Deprivation Categories".
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of groups of at least 1, got {n!r}")
    v = as_float_array(values, "values")
    present = ~np.isnan(v)
    count = int(present.sum())
    groups = np.full(v.shape, np.nan)
    if count < n:
        return groups
    adjusted = np.nanmax(v) - v if invert else v
    from scipy import stats

    r = np.asarray(stats.rankdata(adjusted[present], method="min"), dtype=np.float64)
    g = np.floor((n + 1) - np.ceil(((count + 1) - r) / (count / n)))
    groups[present] = np.where(g == 0, 1.0, g)
    return groups
