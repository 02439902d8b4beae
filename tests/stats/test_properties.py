"""Property tests (hypothesis): limits bracket the value, widen with confidence,
are monotone in the count, and vectorised calls agree with scalar calls; a
monotone series with separate intervals has a significant trend; a forecast
range never has zero width; a target's verdict after its due date never
depends on later values."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import partial

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cypp.stats import (
    byars,
    compare,
    exact_poisson,
    proportion,
    quartile_band,
    rank,
    rate,
    recent_trend,
    target_status,
    wilson,
)

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


# --- Trends and targets ------------------------------------------------------------------

separate_widths = st.lists(st.floats(1.0, 10.0), min_size=5, max_size=5)
gaps = st.lists(st.floats(0.001, 100.0), min_size=4, max_size=4)


@given(separate_widths, gaps, st.booleans(), st.floats(-1e3, 1e3))
def test_monotone_series_with_separate_intervals_are_never_no_significant_change(
    widths: list[float], between: list[float], rising: bool, offset: float
) -> None:
    """Five values, each interval clear of the next: always a significant direction.

    Holds for symmetric intervals whose widths differ by at most a factor of 10
    (the smallest chi-squared is then about 26, well above 9.55; see
    test_very_unequal_intervals_can_be_no_significant_change for the limit).
    """
    w = np.array(widths)
    lower = np.concatenate([[0.0], np.cumsum(w[:-1] + np.array(between))]) + offset
    upper = lower + w
    values = (lower + upper) / 2
    if not rising:
        values, lower, upper = -values, -upper, -lower
    trend = recent_trend(values=values, lower=lower, upper=upper, polarity="high")
    assert trend.label == (
        "increasing and getting better" if rising else "decreasing and getting worse"
    )


def test_very_unequal_intervals_can_be_no_significant_change() -> None:
    """The limit of the property above: one very precise value dominates the weighting.

    Intervals that do not overlap but whose widths differ 100,000-fold: the
    weighted regression (weights 1/se^2) is then decided by the narrow ones,
    which sit close together, so the rise is not significant.  This is
    Fingertips' method working as designed, not a fault.
    """
    widths = np.array([263.0, 0.001, 0.5, 330.0, 1613.0])
    lower = np.concatenate([[0.0], np.cumsum(widths[:-1] + 0.001)])
    upper = lower + widths
    trend = recent_trend(values=(lower + upper) / 2, lower=lower, upper=upper, polarity="high")
    assert np.all(upper[:-1] < lower[1:])
    assert trend.label == "no significant change"


RANGE_TEXT = re.compile(r"range (-?[\d,.e+-]+) to (-?[\d,.e+-]+)")


@st.composite
def forecast_series(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    n = draw(st.integers(min_value=3, max_value=8))
    first = draw(st.integers(min_value=1990, max_value=2020))
    if draw(st.booleans()):  # exactly on a straight line
        a = draw(st.integers(-1000, 1000)) / 10
        b = draw(st.integers(-100, 100)) / 10
        values = [a + b * i for i in range(n)]
    else:
        values = draw(st.lists(st.floats(-1e4, 1e4), min_size=n, max_size=n))
    return [float(first + i) for i in range(n)], values


@settings(max_examples=300)
@given(
    forecast_series(),
    st.integers(min_value=1, max_value=10),
    st.floats(-1e4, 1e4),
    st.sampled_from(["high", "low"]),
)
def test_the_forecast_range_never_has_zero_width(
    series: tuple[list[float], list[float]], ahead: int, goal: float, polarity: str
) -> None:
    times, values = series
    status = target_status(
        times=times,
        values=values,
        baseline_time=times[0] - 1,
        baseline_value=values[0],
        target=goal,
        due=times[-1] + ahead,
        polarity=polarity,
    )
    f = status.forecast
    assert f.lower < f.value < f.upper
    printed = RANGE_TEXT.search(status.explanation)
    assert printed is not None, status.explanation
    assert printed.group(1) != printed.group(2), status.explanation


@st.composite
def judged_series(draw: st.DrawFn) -> dict[str, object]:
    """Financial years with a due date inside period k, and two different futures after k."""
    n = draw(st.integers(min_value=1, max_value=10))
    k = draw(st.integers(min_value=0, max_value=n - 1))
    finite = st.floats(0, 1000)
    before = draw(st.lists(st.one_of(finite, st.just(math.nan)), min_size=k, max_size=k))
    at_due = draw(finite if k == n - 1 else st.one_of(finite, st.just(math.nan)))
    later = st.lists(finite, min_size=n - k - 1, max_size=n - k - 1)
    first = 2010
    due = dt.date(first + k, 4, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
    return {
        "starts": [dt.date(first + i, 4, 1) for i in range(n)],
        "times": [dt.date(first + i + 1, 3, 31) for i in range(n)],
        "head": [*before, at_due],
        "futures": (draw(later), draw(later)),
        "due": due,
        "target": draw(finite),
        "polarity": draw(st.sampled_from(["high", "low"])),
    }


@given(judged_series())
def test_the_verdict_after_the_due_date_never_depends_on_later_values(
    case: dict[str, object],
) -> None:
    results = []
    for future in case["futures"]:  # type: ignore[attr-defined]
        results.append(
            target_status(
                times=case["times"],  # type: ignore[arg-type]
                starts=case["starts"],  # type: ignore[arg-type]
                values=[*case["head"], *future],  # type: ignore[misc]
                baseline_time=dt.date(2009, 3, 31),
                baseline_value=500,
                target=case["target"],  # type: ignore[arg-type]
                due=case["due"],  # type: ignore[arg-type]
                polarity=case["polarity"],  # type: ignore[arg-type]
            )
        )
    first, second = results
    assert first.status in ("achieved", "missed", "not enough data")
    assert first.status == second.status
    assert first.judged_label == second.judged_label
    assert first.judged_value == second.judged_value or (
        math.isnan(first.judged_value) and math.isnan(second.judged_value)
    )
