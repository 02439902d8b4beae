"""Comparing an area's value with a benchmark (England, region, neighbours).

Fingertips compares an area with a benchmark by asking whether the area's
confidence interval contains the benchmark value: if it does, the two are
"similar"; if the whole interval is above or below, the area is "better" or
"worse" according to the indicator's polarity, or "higher"/"lower" when the
polarity makes no judgement.  An area without an interval is "not compared".

The two-level form uses the 95% and 99.8% intervals together, as Fingertips'
"95% and 99.8%" comparator does, to separate a difference that is clear at
99.8% from one that is only clear at 95%.

Source: OHID Fingertips, "Comparators briefing - technical" and the
Public Health Outcomes Framework guidance (benchmarking using confidence
intervals overlapping the reference value).
"""

from __future__ import annotations

import numpy as np

from cypp.stats._types import (
    ArrayLike,
    BoolArray,
    FloatArray,
    Polarity,
    StrArray,
    Strings,
    as_float_array,
    check_polarity,
    is_scalar_input,
    out,
)

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_COMPARED = "not compared"

# Longest label is "better (99.8%)"; fixed width keeps np.where from truncating.
_LABEL = "<U16"


def _words(polarity: Polarity) -> tuple[str, str]:
    """Label for an interval wholly above, and wholly below, the benchmark."""
    if polarity == "high":
        return BETTER, WORSE
    if polarity == "low":
        return WORSE, BETTER
    return HIGHER, LOWER


def _classify(
    lower: FloatArray, upper: FloatArray, benchmark: FloatArray, polarity: Polarity
) -> tuple[StrArray, BoolArray]:
    above_word, below_word = _words(polarity)
    missing = np.isnan(lower) | np.isnan(upper) | np.isnan(benchmark)
    # Small integer codes, then one lookup: much faster than np.where on strings.
    codes = np.zeros(np.broadcast(lower, upper, benchmark).shape, dtype=np.int8)
    codes[np.broadcast_to(lower > benchmark, codes.shape)] = 1
    codes[np.broadcast_to(upper < benchmark, codes.shape)] = 2
    codes[np.broadcast_to(missing, codes.shape)] = 3
    words = np.array([SIMILAR, above_word, below_word, NOT_COMPARED], dtype=_LABEL)
    return words[codes], np.broadcast_to(missing, codes.shape)


def compare(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    benchmark: ArrayLike,
    polarity: str,
) -> Strings:
    """Fingertips' comparison of an area's confidence interval with a benchmark value.

    Returns per element "better", "similar" or "worse" (polarity "high" or
    "low"), "higher", "similar" or "lower" (polarity "none"), and
    "not compared" when a limit or the benchmark is missing (NaN).  An
    interval that touches the benchmark is "similar".  ``value`` is accepted
    for symmetry with the published tables and to mark areas with no value as
    "not compared"; the decision uses the limits.

    Source: OHID Fingertips comparators (CI overlapping reference value),
    "Technical Guide - RAG rating indicator values" (PHE 2017).
    """
    pol = check_polarity(polarity)
    v = as_float_array(value, "value")
    lo = as_float_array(lower, "lower")
    up = as_float_array(upper, "upper")
    bench = as_float_array(benchmark, "benchmark")
    if np.any(lo > up):
        raise ValueError("lower limit must not be above the upper limit")
    labels, _ = _classify(lo, up, bench, pol)
    no_value = np.isnan(v)
    if no_value.any():
        labels = np.where(no_value, NOT_COMPARED, labels).astype(_LABEL)
    return out(np.asarray(labels), is_scalar_input(value, lower, upper, benchmark))  # type: ignore[no-any-return]


def compare_two_level(
    value: ArrayLike,
    lower95: ArrayLike,
    upper95: ArrayLike,
    lower998: ArrayLike,
    upper998: ArrayLike,
    benchmark: ArrayLike,
    polarity: str,
) -> Strings:
    """Two-level comparison with the 95% and 99.8% intervals.

    Labels (polarity "high"/"low"): "better (99.8%)" when even the 99.8%
    interval is on the better side of the benchmark, "better (95%)" when only
    the 95% interval is, "similar", "worse (95%)", "worse (99.8%)"; with
    polarity "none" the words are "higher"/"lower"; "not compared" when an
    interval or the benchmark is missing.  These are the categories of the
    Fingertips "95% and 99.8%" significance legend (darker colour for 99.8%),
    written as words.

    Source: OHID Fingertips comparator "CI overlapping reference value
    (95.0 and 99.8)"; PHE "Technical Guide - RAG rating indicator values".
    """
    pol = check_polarity(polarity)
    v = as_float_array(value, "value")
    lo95 = as_float_array(lower95, "lower95")
    up95 = as_float_array(upper95, "upper95")
    lo998 = as_float_array(lower998, "lower998")
    up998 = as_float_array(upper998, "upper998")
    bench = as_float_array(benchmark, "benchmark")
    if np.any(lo95 > up95) or np.any(lo998 > up998):
        raise ValueError("lower limit must not be above the upper limit")
    if np.any(lo998 > lo95) or np.any(up998 < up95):
        raise ValueError("the 99.8% interval must contain the 95% interval")
    at95, missing95 = _classify(lo95, up95, bench, pol)
    at998, missing998 = _classify(lo998, up998, bench, pol)
    labels = np.where(at95 == SIMILAR, SIMILAR, np.char.add(at95, " (95%)")).astype(_LABEL)
    significant998 = (at998 != SIMILAR) & ~missing998
    labels = np.where(significant998, np.char.add(at998, " (99.8%)"), labels).astype(_LABEL)
    missing = missing95 | missing998 | np.isnan(v)
    labels = np.where(missing, NOT_COMPARED, labels).astype(_LABEL)
    scalar = is_scalar_input(value, lower95, upper95, lower998, upper998, benchmark)
    return out(np.asarray(labels), scalar)  # type: ignore[no-any-return]
