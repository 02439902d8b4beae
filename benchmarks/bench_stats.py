"""Benchmark cypp.stats on one million random areas (run: python benchmarks/bench_stats.py).

Times our vectorised ``wilson``, ``rate`` and ``compare`` against:
* statsmodels ``proportion_confint(method="wilson")`` (Wilson only: statsmodels
  has no Byar's);
* scipy ``chi2.ppf``-based exact Poisson limits for every area (for ``rate``);
* a plain Python loop of ``math`` calls, timed on a 100,000-area subset and
  scaled by 10 (said so in the output).

Each timing is the best of 3 ``time.perf_counter`` runs.  Ratios are
ours / theirs (below 1 means we are faster).  Also prints the largest
absolute difference from statsmodels and scipy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from cypp.stats import compare, disclosure_audit, rate, suppress_table, wilson

AREAS = 1_000_000
SUBSET = 100_000
REPEATS = 3


def best_of(fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def loop_wilson(x: list[float], n: list[float], z: float) -> list[tuple[float, float]]:
    z2 = z * z
    out = []
    for xi, ni in zip(x, n, strict=True):
        root = z * math.sqrt(z2 + 4 * xi * (1 - xi / ni))
        d = 2 * (ni + z2)
        out.append(((2 * xi + z2 - root) / d, (2 * xi + z2 + root) / d))
    return out


def loop_rate(x: list[float], n: list[float], z: float, mult: float) -> list[tuple[float, float]]:
    out = []
    for xi, ni in zip(x, n, strict=True):
        if xi < 10:  # exact limits need the chi-square quantile: scipy per element
            lo = stats.chi2.ppf(0.025, 2 * xi) / 2 if xi > 0 else 0.0
            up = stats.chi2.ppf(0.975, 2 * xi + 2) / 2
        else:
            lo = xi * (1 - 1 / (9 * xi) - z / (3 * math.sqrt(xi))) ** 3
            x1 = xi + 1
            up = x1 * (1 - 1 / (9 * x1) + z / (3 * math.sqrt(x1))) ** 3
        out.append((lo * mult / ni, up * mult / ni))
    return out


def loop_compare(v: list[float], lo: list[float], up: list[float], bench: float) -> list[str]:
    out = []
    for vi, li, ui in zip(v, lo, up, strict=True):
        if math.isnan(vi) or math.isnan(li) or math.isnan(ui):
            out.append("not compared")
        elif li > bench:
            out.append("worse")
        elif ui < bench:
            out.append("better")
        else:
            out.append("similar")
    return out


def report(name: str, ours: float, theirs: float, label: str) -> None:
    print(f"  {name:<44} {theirs:8.3f} s   ours/theirs = {ours / theirs:6.3f}  ({label})")


def main() -> None:
    rng = np.random.default_rng(20240601)
    n = rng.integers(1, 200_000, AREAS).astype(np.float64)
    x = np.floor(rng.random(AREAS) * n * rng.choice([0.0005, 0.01, 0.3], AREAS))
    z = NormalDist().inv_cdf(0.975)
    xs, ns = x[:SUBSET].tolist(), n[:SUBSET].tolist()
    scale = AREAS / SUBSET
    print(f"cypp.stats benchmark: {AREAS:,} random areas, best of {REPEATS}")

    print("wilson (95%)")
    t_ours, (lo, up) = best_of(lambda: wilson(x, n))
    print(f"  {'cypp.stats.wilson':<44} {t_ours:8.3f} s")
    t_sm, (slo, sup) = best_of(lambda: proportion_confint(x, n, alpha=0.05, method="wilson"))
    report("statsmodels proportion_confint(wilson)", t_ours, t_sm, "statsmodels")
    t_loop, _ = best_of(lambda: loop_wilson(xs, ns, z))
    report(f"python loop (math), {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop")
    diff = max(np.max(np.abs(lo - slo)), np.max(np.abs(up - sup)))
    print(f"  max |ours - statsmodels| = {diff:.3e}")

    print("rate (exact below 10 events, Byar's from 10; per 100,000)")
    t_ours, est = best_of(lambda: rate(x, n))
    print(f"  {'cypp.stats.rate':<44} {t_ours:8.3f} s   ({int((x < 10).sum()):,} exact)")

    def scipy_exact() -> tuple[np.ndarray, np.ndarray]:
        with np.errstate(invalid="ignore"):
            lower = np.where(x > 0, stats.chi2.ppf(0.025, 2 * x) / 2, 0.0)
        return lower * 1e5 / n, stats.chi2.ppf(0.975, 2 * x + 2) / 2 * 1e5 / n

    t_exact, (elo, eup) = best_of(scipy_exact)
    report("scipy chi2.ppf exact limits for all areas", t_ours, t_exact, "scipy exact")
    small = x < 10
    diff = max(
        np.max(np.abs(est.lower[small] - elo[small])), np.max(np.abs(est.upper[small] - eup[small]))
    )
    print(f"  max |ours - scipy exact| where count < 10 = {diff:.3e}")
    t_loop, _ = best_of(lambda: loop_rate(xs, ns, z, 1e5))
    report(
        f"python loop (math + scipy), {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop"
    )

    print("compare (95% interval vs benchmark, low is good)")
    bench = float(np.nanmedian(est.value))
    t_ours, _ = best_of(lambda: compare(est.value, est.lower, est.upper, bench, "low"))
    print(f"  {'cypp.stats.compare':<44} {t_ours:8.3f} s")
    v, lo_l, up_l = (
        est.value[:SUBSET].tolist(),
        est.lower[:SUBSET].tolist(),
        est.upper[:SUBSET].tolist(),
    )
    t_loop, _ = best_of(lambda: loop_compare(v, lo_l, up_l, bench))
    report(f"python loop, {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop")

    print("suppress_table (50 x 20 tables of counts, 10% below 10, row and column totals)")
    tables = []
    for _ in range(5):
        small_cell = rng.random((50, 20)) < 0.1
        tables.append(
            np.where(small_cell, rng.integers(0, 10, (50, 20)), rng.integers(10, 80, (50, 20)))
        )
    t_ours, results = best_of(lambda: [suppress_table(t) for t in tables])
    print(f"  {'cypp.stats.suppress_table, 5 tables':<44} {t_ours:8.3f} s")
    # The baseline: the attacker's own audit of the same published patterns, one LP pair per
    # hidden cell (what checking a pattern by hand with a solver costs).
    t_audit, _ = best_of(
        lambda: [disclosure_audit(t, r.marks == "c") for t, r in zip(tables, results, strict=True)]
    )
    report("disclosure_audit of the same patterns", t_ours, t_audit, "audit")


if __name__ == "__main__":
    main()
