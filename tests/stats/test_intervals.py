"""Golden tests for cypp.stats.intervals.

Sources pinned (figures copied, not code):
* Fingertips export of indicator 90284 (see fingertips_export.py): Count,
  Denominator, Value and the 95% and 99.8% limits, per 10,000.
* Newcombe RG (1998) "Two-sided confidence intervals for the single
  proportion: comparison of seven methods", Stat Med 17:857-872, Table I,
  method 3 (Wilson score, no continuity correction).
* Exact Poisson limits: Documenta Geigy Scientific Tables / Ulm K (1990)
  Am J Epidemiol 131:373-375 (95% limits for 0, 1, 2, 5, 10 events).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from cypp.stats import byars, dsr, exact_poisson, proportion, rate, wilson

from .fingertips_export import MULTIPLIER, column, rows


# Newcombe (1998) Table I, method 3 (Wilson score), 95%: x/n -> (lower, upper).
@pytest.mark.parametrize(
    ("x", "n", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998_table_1(x: int, n: int, lower: float, upper: float) -> None:
    lo, up = wilson(x, n)
    assert lo == pytest.approx(lower, abs=5e-5)
    assert up == pytest.approx(upper, abs=5e-5)


def test_wilson_matches_statsmodels_at_both_levels() -> None:
    rng = np.random.default_rng(1)
    n = rng.integers(1, 5000, 1000)
    x = rng.integers(0, n + 1)
    for confidence in (0.95, 0.998):
        lo, up = wilson(x, n, confidence)
        ref_lo, ref_up = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
        np.testing.assert_allclose(lo, ref_lo, atol=1e-12)
        np.testing.assert_allclose(up, ref_up, atol=1e-12)


# Exact 95% Poisson limits for small counts (Documenta Geigy; Ulm 1990).
@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (2, 0.2422, 7.225),
        (5, 1.623, 11.668),
        (10, 4.795, 18.390),
    ],
)
def test_exact_poisson_matches_published_table(count: int, lower: float, upper: float) -> None:
    lo, up = exact_poisson(count)
    assert lo == pytest.approx(lower, abs=6e-4)
    assert up == pytest.approx(upper, abs=6e-4)


def test_exact_poisson_is_the_chi_square_formula() -> None:
    counts = np.arange(1, 200)
    for confidence in (0.95, 0.998):
        lo, up = exact_poisson(counts, confidence)
        tail = (1 - confidence) / 2
        np.testing.assert_allclose(lo, stats.chi2.ppf(tail, 2 * counts) / 2, rtol=1e-12)
        np.testing.assert_allclose(up, stats.chi2.ppf(1 - tail, 2 * counts + 2) / 2, rtol=1e-12)


def test_byars_lower_limit_is_nan_when_negative_or_undefined() -> None:
    lo, up = byars([0, 1], confidence=0.998)
    assert np.isnan(lo).all()
    assert (up > 0).all()


# Fingertips export, England, Persons (counts are not rounded for England).
@pytest.mark.parametrize(
    ("period", "count", "denominator", "value", "l95", "u95", "l998", "u998"),
    [
        ("2010/11", 107429, 9324084, 115.2166797, 114.5287223, 115.9077445, None, None),
        ("2023/24", 72293, 9942344, 72.71223, 72.18314, 73.24423, 71.87939, 73.55181),
    ],
)
def test_rate_reproduces_fingertips_england(
    period: str,
    count: int,
    denominator: int,
    value: float,
    l95: float,
    u95: float,
    l998: float | None,
    u998: float | None,
) -> None:
    est = rate(count, denominator, multiplier=MULTIPLIER)
    assert est.method == "Byars"
    assert est.value == pytest.approx(value, rel=1e-7)
    assert est.lower == pytest.approx(l95, rel=1e-7)
    assert est.upper == pytest.approx(u95, rel=1e-7)
    if l998 is not None:
        est998 = rate(count, denominator, multiplier=MULTIPLIER, confidence=0.998)
        assert est998.lower == pytest.approx(l998, rel=1e-7)
        assert est998.upper == pytest.approx(u998, rel=1e-7)


def test_rate_reproduces_the_whole_fingertips_export() -> None:
    """Every row with a count: value and both sets of limits.

    Local authority counts in the export are rounded to the nearest 5 (HES
    disclosure control) while Fingertips computed the limits from the true
    count, so: counts that are not multiples of 5 (unrounded) must match to
    the published precision; rounded ones must lie between our limits for
    count - 2 and count + 2.
    """
    records = [r for r in rows() if r["Count"] and r["Value"]]
    count, denominator = column(records, "Count"), column(records, "Denominator")
    est = rate(count, denominator, multiplier=MULTIPLIER)
    np.testing.assert_allclose(est.value, column(records, "Value"), rtol=2e-7)
    unrounded = count % 5 != 0
    assert unrounded.sum() > 250
    for confidence, lo_name, up_name in (
        (0.95, "Lower CI 95.0 limit", "Upper CI 95.0 limit"),
        (0.998, "Lower CI 99.8 limit", "Upper CI 99.8 limit"),
    ):
        lo, up = column(records, lo_name), column(records, up_name)
        has = ~np.isnan(lo)
        ours = rate(count, denominator, multiplier=MULTIPLIER, confidence=confidence)
        exact = has & unrounded
        np.testing.assert_allclose(ours.lower[exact], lo[exact], rtol=2e-7)
        np.testing.assert_allclose(ours.upper[exact], up[exact], rtol=1e-5)
        below = rate(np.maximum(count - 2, 0), denominator, MULTIPLIER, confidence)
        above = rate(count + 2, denominator, MULTIPLIER, confidence)
        tol = 1 + 1e-6
        assert np.all(below.lower[has] <= lo[has] * tol)
        assert np.all(lo[has] <= above.lower[has] * tol)
        assert np.all(below.upper[has] <= up[has] * tol)
        assert np.all(up[has] <= above.upper[has] * tol)


def test_rate_switches_method_at_ten_events_per_element() -> None:
    est = rate([0, 9, 10, 11], 1000, multiplier=1000)
    assert list(est.method) == ["Exact", "Exact", "Byars", "Byars"]
    lo, up = exact_poisson(9)
    assert est.lower[1] == pytest.approx(lo)
    assert est.upper[1] == pytest.approx(up)
    assert est.lower[0] == 0.0


def test_proportion_is_wilson_times_multiplier() -> None:
    est = proportion(81, 263)
    assert est.value == pytest.approx(100 * 81 / 263)
    assert est.lower == pytest.approx(25.53, abs=5e-3)
    assert est.upper == pytest.approx(36.62, abs=5e-3)
    assert est.method == "Wilson"


def test_dsr_with_one_stratum_is_the_crude_rate_with_byars_limits() -> None:
    est = dsr([120], [50_000], [1000])
    crude = rate(120, 50_000)
    assert est.value == pytest.approx(crude.value)
    assert est.lower == pytest.approx(crude.lower)
    assert est.upper == pytest.approx(crude.upper)
    assert est.method == "Dobson"


def test_dsr_weights_strata_and_refuses_small_totals() -> None:
    counts = np.array([[10, 20, 30], [1, 2, 3]])
    pops = np.array([[10_000, 20_000, 10_000], [1000, 1000, 1000]])
    standard = np.array([5000, 3000, 2000])
    est = dsr(counts, pops, standard)
    expected = (standard * counts[0] / pops[0]).sum() / standard.sum() * 100_000
    assert est.value[0] == pytest.approx(expected)
    assert est.lower[0] < est.value[0] < est.upper[0]
    assert np.isnan(est.value[1]) and np.isnan(est.lower[1]) and np.isnan(est.upper[1])
    assert "below 10" in est.reason[1]
    assert est.reason[0] == ""


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson(-1, 10), "negative"),
        (lambda: wilson(11, 10), "greater than denominator"),
        (lambda: wilson(1, 0), "greater than zero"),
        (lambda: wilson(1, 10, confidence=0.05), "not an alpha"),
        (lambda: wilson(1, 10, confidence=95), "percentage"),
        (lambda: byars(-2), "negative"),
        (lambda: rate(5, 0), "greater than zero"),
        (lambda: proportion(5, 4), "greater than denominator"),
        (lambda: dsr([5, 5], [0, 10], [1, 1]), "greater than zero"),
        (lambda: wilson("a lot", 10), "numbers"),
    ],
)
def test_impossible_input_raises_value_error(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
