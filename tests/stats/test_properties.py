"""Property tests (hypothesis): limits bracket the value, widen with confidence,
are monotone in the count, and vectorised calls agree with scalar calls."""

from __future__ import annotations

from functools import partial

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cypp.stats import byars, compare, exact_poisson, proportion, quartile_band, rank, rate, wilson

counts = st.integers(min_value=0, max_value=100_000)
levels = st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998])


@st.composite
def fractions(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=1_000_000))
    return draw(st.integers(min_value=0, max_value=n)), n


@given(fractions(), levels)
def test_wilson_brackets_the_proportion(xn: tuple[int, int], confidence: float) -> None:
    x, n = xn
    lo, up = wilson(x, n, confidence)
    assert 0.0 <= lo <= x / n + 1e-12
    assert x / n - 1e-12 <= up <= 1.0


@given(fractions())
def test_wilson_widens_with_confidence(xn: tuple[int, int]) -> None:
    lo95, up95 = wilson(*xn, confidence=0.95)
    lo998, up998 = wilson(*xn, confidence=0.998)
    assert lo998 <= lo95 + 1e-15 and up95 <= up998 + 1e-15


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=9_999))
def test_wilson_monotone_in_the_numerator(n: int, x: int) -> None:
    x = min(x, n - 1)
    lo1, up1 = wilson(x, n)
    lo2, up2 = wilson(x + 1, n)
    assert lo1 <= lo2 and up1 <= up2


@given(counts, levels)
def test_count_limits_bracket_and_are_monotone(count: int, confidence: float) -> None:
    for method in (exact_poisson, byars):
        lo, up = method(count, confidence)
        lo_next, up_next = method(count + 1, confidence)
        assert np.isnan(lo) or lo <= count
        assert up >= count
        assert up <= up_next
        assert np.isnan(lo) or np.isnan(lo_next) or lo <= lo_next


@given(counts, st.floats(min_value=1, max_value=1e8))
def test_rate_brackets_and_widens(count: int, denominator: float) -> None:
    e95 = rate(count, denominator, confidence=0.95)
    e998 = rate(count, denominator, confidence=0.998)
    assert e95.lower <= e95.value * (1 + 1e-12) <= e95.upper * (1 + 1e-12)
    if not np.isnan(e998.lower):
        assert e998.lower <= e95.lower
    assert e95.upper <= e998.upper


@settings(max_examples=50)
@given(st.lists(fractions(), min_size=1, max_size=30), levels)
def test_vectorised_and_scalar_calls_agree(pairs: list[tuple[int, int]], confidence: float) -> None:
    x = np.array([p[0] for p in pairs])
    n = np.array([p[1] for p in pairs])
    lo, up = wilson(x, n, confidence)
    est = proportion(x, n, confidence=confidence)
    r = rate(x, n, confidence=confidence)
    # numpy's SIMD loops may differ from scalar ones in the last bit, hence rel=1e-14.
    same = partial(np.testing.assert_allclose, rtol=1e-14, atol=0)
    for i in range(len(pairs)):
        same(wilson(int(x[i]), int(n[i]), confidence), (lo[i], up[i]))
        one = proportion(int(x[i]), int(n[i]), confidence=confidence)
        same((one.value, one.lower, one.upper), (est.value[i], est.lower[i], est.upper[i]))
        single = rate(int(x[i]), int(n[i]), confidence=confidence)
        same((single.lower, single.upper), (r.lower[i], r.upper[i]))
        assert single.method == r.method[i]


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=1, max_size=40))
def test_rank_and_band_agree_on_the_best(values: list[float]) -> None:
    v = np.array(values)
    ranks = rank(v, "high")
    bands = quartile_band(v, "high")
    assert ranks.min() == 1
    assert ranks[np.argmax(v)] == 1
    # LAIT's bands are closed at the top: the maximum is "A" unless it equals q75.
    if v.max() > np.quantile(v, 0.75):
        assert bands[np.argmax(v)] == "A"
    assert set(bands) <= {"A", "B", "C", "D"}


@given(st.floats(0, 100), st.floats(0, 10), st.floats(0, 10), st.floats(0, 100))
def test_compare_scalar_equals_vector(
    value: float, below: float, above: float, bench: float
) -> None:
    scalar = compare(value, value - below, value + above, bench, "high")
    vector = compare([value], [value - below], [value + above], bench, "high")
    assert scalar == vector[0]
