"""The stats benchmark's baselines do the same work as ``cypp.stats.rate``.

``make bench`` prints ours/theirs for ``rate`` (benchmarks/bench_stats.py); the ratio is
like for like only if the scipy baseline and the Python loop compute the same outputs by
the same method. These tests check that, and pin the exact limits of a count of 5 to the
chi-square table (chi2 0.025 on 10 df = 3.247, chi2 0.975 on 12 df = 23.337, halved).
No timing is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_stats
from cypp.stats import rate

Z = NormalDist().inv_cdf(0.975)


def test_scipy_baseline_computes_the_same_outputs_as_ours() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(1, 200_000, 2_000).astype(np.float64)
    x = np.floor(rng.random(2_000) * n * rng.choice([0.0005, 0.01, 0.3], 2_000))
    ours = rate(x, n)
    value, lower, upper, method = bench_stats.scipy_rate(x, n, Z, 1e5)
    assert (x < 10).any() and (x >= 10).any()  # both methods are exercised
    np.testing.assert_allclose(value, ours.value, rtol=1e-12)
    np.testing.assert_allclose(lower, ours.lower, rtol=1e-9)
    np.testing.assert_allclose(upper, ours.upper, rtol=1e-9)
    assert list(method) == list(ours.method)


def test_loop_baseline_computes_the_same_outputs_as_ours() -> None:
    x, n = [0.0, 5.0, 9.0, 10.0, 250.0], [1_000.0, 50_000.0, 80_000.0, 2_000.0, 123_456.0]
    ours = rate(np.array(x), np.array(n))
    rows = bench_stats.loop_rate(x, n, Z, 1e5)
    assert [row[3] for row in rows] == list(ours.method) == ["Exact"] * 3 + ["Byars"] * 2
    for column, expected in ((0, ours.value), (1, ours.lower), (2, ours.upper)):
        np.testing.assert_allclose([row[column] for row in rows], expected, rtol=1e-9)


def test_exact_limits_of_five_match_the_chi_square_table() -> None:
    _value, lower, upper, _method = bench_stats.scipy_rate(np.array([5.0]), np.array([1e5]), Z, 1e5)
    assert lower[0] == pytest.approx(3.247 / 2, abs=5e-4)
    assert upper[0] == pytest.approx(23.337 / 2, abs=5e-4)
