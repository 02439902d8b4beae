"""Benchmark cypp.stats on one million random areas (run: python benchmarks/bench_stats.py).

Each of our vectorised functions is timed against baselines that take the same inputs
(numpy arrays made beforehand, or Python lists for the loops, converted outside the
timing) and compute the same outputs by the same method:
* ``wilson``: statsmodels ``proportion_confint(method="wilson")``, lower and upper limits;
* ``rate``: the same published method written with scipy and numpy (exact limits from
  ``scipy.stats.chi2.ppf`` for counts below 10, Byar's from 10, the rate and both limits
  per 100,000 and the method's name for every area); statsmodels has no Byar's;
* a plain Python loop of ``math`` (and, for exact limits, scipy) calls computing the same
  outputs, timed on a 50,000-area subset and scaled by 20 (said so in the output).
What still differs is printed beside each figure: ours also checks its inputs (no negative
count, no zero denominator) and ``rate`` also fills an empty "reason" per area, work the
baselines skip. ``suppress_table`` has no like-for-like baseline: its ratio is to auditing
the same pattern with a solver (``disclosure_audit``), a reference cost, not the same work.

Each timing is the median of 5 ``time.perf_counter`` runs (3 for the tables); each round
runs ours and its baselines in turn, so the machine's load falls on both alike. Ratios are
ours / theirs (below 1 means we are faster). Also prints the largest absolute difference
from each baseline's outputs.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from cypp.stats import compare, disclosure_audit, rate, suppress_table, wilson

AREAS = 1_000_000
SUBSET = 50_000
REPEATS = 5
TABLE_REPEATS = 3  # a suppression run takes seconds: three keep the benchmark short
SMALL_COUNT = 10  # exact limits below, Byar's from (PHEindicatormethods, Fingertips)


def median_of(fn: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    """The median seconds of ``repeats`` runs of ``fn``, and its last result."""
    seconds, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def alternating(*fns: Callable[[], Any]) -> list[tuple[float, Any]]:
    """Each function's median seconds over REPEATS rounds and its last result; every round
    runs each function once in turn, so a change in the machine's load falls on ours and
    the baselines alike."""
    seconds: list[list[float]] = [[] for _ in fns]
    results: list[Any] = [None] * len(fns)
    for _ in range(REPEATS):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            results[i] = fn()
            seconds[i].append(time.perf_counter() - start)
    return [(statistics.median(s), r) for s, r in zip(seconds, results, strict=True)]


def loop_wilson(x: list[float], n: list[float], z: float) -> list[tuple[float, float]]:
    z2 = z * z
    out = []
    for xi, ni in zip(x, n, strict=True):
        root = z * math.sqrt(z2 + 4 * xi * (1 - xi / ni))
        d = 2 * (ni + z2)
        out.append(((2 * xi + z2 - root) / d, (2 * xi + z2 + root) / d))
    return out


def loop_rate(
    x: list[float], n: list[float], z: float, mult: float
) -> list[tuple[float, float, float, str]]:
    """Rate, lower, upper and method per area: the outputs of ``cypp.stats.rate``."""
    out = []
    for xi, ni in zip(x, n, strict=True):
        if xi < SMALL_COUNT:  # exact limits need the chi-square quantile: scipy per element
            lo = stats.chi2.ppf(0.025, 2 * xi) / 2 if xi > 0 else 0.0
            up = stats.chi2.ppf(0.975, 2 * xi + 2) / 2
            method = "Exact"
        else:
            lo = xi * (1 - 1 / (9 * xi) - z / (3 * math.sqrt(xi))) ** 3
            x1 = xi + 1
            up = x1 * (1 - 1 / (9 * x1) + z / (3 * math.sqrt(x1))) ** 3
            method = "Byars"
        scale = mult / ni
        out.append((xi * scale, lo * scale, up * scale, method))
    return out


def scipy_rate(
    x: np.ndarray, n: np.ndarray, z: float, mult: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The same method as ``cypp.stats.rate`` written with scipy and numpy: exact limits
    (``chi2.ppf``) only where the count is below 10, Byar's elsewhere, per ``mult``."""
    small = x < SMALL_COUNT
    xs = x[small]
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        x1 = x + 1
        upper = x1 * (1 - 1 / (9 * x1) + z / (3 * np.sqrt(x1))) ** 3
        lower[small] = np.where(xs > 0, stats.chi2.ppf(0.025, 2 * xs) / 2, 0.0)
    upper[small] = stats.chi2.ppf(0.975, 2 * xs + 2) / 2
    scale = mult / n
    return x * scale, lower * scale, upper * scale, np.where(small, "Exact", "Byars")


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
    print(f"  {name:<46} {theirs:8.3f} s   ours/theirs = {ours / theirs:6.3f}  ({label})")


def method(sentence: str) -> None:
    print(f"  method: {sentence}")


def main() -> None:
    rng = np.random.default_rng(20240601)
    n = rng.integers(1, 200_000, AREAS).astype(np.float64)
    x = np.floor(rng.random(AREAS) * n * rng.choice([0.0005, 0.01, 0.3], AREAS))
    z = NormalDist().inv_cdf(0.975)
    xs, ns = x[:SUBSET].tolist(), n[:SUBSET].tolist()
    scale = AREAS / SUBSET
    print(f"cypp.stats benchmark: {AREAS:,} random areas, median of {REPEATS} rounds")
    method(
        f"seconds per call over all areas, median of {REPEATS} rounds, each running ours and "
        f"its baselines in turn; loops run on the first {SUBSET:,} areas and are scaled "
        f"x{scale:g}; inputs are made before the timing (arrays for ours and numpy, lists "
        "for loops)"
    )

    print("wilson (95%): lower and upper limits of a proportion")
    (t_ours, (lo, up)), (t_sm, (slo, sup)), (t_loop, _) = alternating(
        lambda: wilson(x, n),
        lambda: proportion_confint(x, n, alpha=0.05, method="wilson"),
        lambda: loop_wilson(xs, ns, z),
    )
    print(f"  {'cypp.stats.wilson':<46} {t_ours:8.3f} s")
    report("statsmodels proportion_confint(wilson)", t_ours, t_sm, "statsmodels")
    report(f"python loop (math), {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop")
    diff = max(np.max(np.abs(lo - slo)), np.max(np.abs(up - sup)))
    print(f"  max |ours - statsmodels| = {diff:.3e}")
    method("same outputs on each side; ours also checks its inputs, the baselines do not")

    print("rate per 100,000 with 95% limits: exact below 10 events, Byar's from 10")
    (t_ours, est), (t_scipy, (sval, slo, sup, smethod)), (t_loop, _) = alternating(
        lambda: rate(x, n),
        lambda: scipy_rate(x, n, z, 1e5),
        lambda: loop_rate(xs, ns, z, 1e5),
    )
    print(f"  {'cypp.stats.rate':<46} {t_ours:8.3f} s   ({int((x < 10).sum()):,} exact)")
    report("scipy chi2.ppf + numpy, same method", t_ours, t_scipy, "scipy")
    diff = max(
        float(np.nanmax(np.abs(est.value - sval))),
        float(np.nanmax(np.abs(est.lower - slo))),
        float(np.nanmax(np.abs(est.upper - sup))),
    )
    same_method = bool(np.all(est.method == smethod))
    print(
        f"  max |ours - scipy| (rate, lower, upper) = {diff:.3e}; same method named: {same_method}"
    )
    report(
        f"python loop (math + scipy), {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop"
    )
    method(
        "each side computes the rate, both limits and the method's name for every area, "
        "exact limits only below 10 events; ours also checks its inputs and fills an empty "
        "reason per area (extra work on our side)"
    )

    print("compare (95% interval vs benchmark, low is good): a label per area")
    bench = float(np.nanmedian(est.value))
    v, lo_l, up_l = (
        est.value[:SUBSET].tolist(),
        est.lower[:SUBSET].tolist(),
        est.upper[:SUBSET].tolist(),
    )
    (t_ours, _), (t_loop, _) = alternating(
        lambda: compare(est.value, est.lower, est.upper, bench, "low"),
        lambda: loop_compare(v, lo_l, up_l, bench),
    )
    print(f"  {'cypp.stats.compare':<46} {t_ours:8.3f} s")
    report(f"python loop, {SUBSET:,} scaled x{scale:g}", t_ours, t_loop * scale, "loop")
    method("same labels on each side; ours also checks that no lower limit is above its upper")

    print(
        f"suppress_table (50 x 20 tables of counts, 10% below 10, row and column totals), "
        f"median of {TABLE_REPEATS}"
    )
    tables = []
    for _ in range(5):
        small_cell = rng.random((50, 20)) < 0.1
        tables.append(
            np.where(small_cell, rng.integers(0, 10, (50, 20)), rng.integers(10, 80, (50, 20)))
        )
    t_ours, results = median_of(lambda: [suppress_table(t) for t in tables], TABLE_REPEATS)
    print(f"  {'cypp.stats.suppress_table, 5 tables':<46} {t_ours:8.3f} s")
    # The baseline: the attacker's own audit of the same published patterns, one LP pair per
    # hidden cell (what checking a pattern by hand with a solver costs).
    t_audit, _ = median_of(
        lambda: [disclosure_audit(t, r.marks == "c") for t, r in zip(tables, results, strict=True)],
        TABLE_REPEATS,
    )
    report("disclosure_audit of the same patterns", t_ours, t_audit, "audit")
    method(
        "NOT the same work: ours chooses which cells to hide, the reference audits the chosen "
        "pattern with a solver; the ratio says what a pattern costs next to checking it"
    )


if __name__ == "__main__":
    main()
