"""Public site benchmark: ``cypp site build`` of the demo's public Herefordshire plan.

Our path is the whole build (``site_build``): the published judgements, every page's
charts, the open data package, the cards, and the files written to a new folder. The
baseline, in the same run on the same database, is the data alone: the plan's published
assessments with the neighbours' series (``assessments_published`` of ``plan_assessments``,
what the build starts from and what the plan's scorecard page also computes). The ratio says
what rendering and writing a whole site costs beyond judging the plan once.

Charts are cached in Django's default cache (locmem, per process); every run clears it
first, so each build draws every chart (a scheduled rebuild in a fresh process does). Each
figure is the median of 3 runs alternating baseline and build, every run printed. Uses a
throwaway SQLite database with the whole demo (``cypp demo load``), the same set-up as
``make run``. Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_site.py``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_pages import ROOT, site_environment

RUNS = 3
PLAN = "herefordshire-2018-2023"


def main() -> None:
    import os

    tmp, env = site_environment("cypp-bench-site-")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from cypp.assessment.measures import plan_assessments
    from cypp.assessment.published import assessments_published
    from cypp.demo.loader import demo_load
    from cypp.plans.models import Plan
    from cypp.publishing.site_build import site_build

    call_command("migrate", verbosity=0)
    # The demo's safeguarding alerts are e-mailed to the console on a developer's settings.
    with contextlib.redirect_stdout(io.StringIO()):
        demo_load(say=lambda _m: None)
    plan = Plan.objects.get(key=PLAN)

    def baseline() -> float:
        cache.clear()
        start = time.perf_counter()
        assessments_published(plan_assessments(plan=plan, with_neighbours=True))
        return time.perf_counter() - start

    built: list[int] = []

    def build(run: int) -> float:
        cache.clear()
        out = Path(tempfile.mkdtemp(prefix=f"site-{run}-", dir=tmp))
        start = time.perf_counter()
        result = site_build(plan_key=PLAN, out=out)
        elapsed = time.perf_counter() - start
        built.append(len(result.files))
        shutil.rmtree(out)
        return elapsed

    baseline()  # the first query of a fresh process pays for imports and connections
    baselines, builds = [], []
    for run in range(RUNS):
        baselines.append(baseline())
        builds.append(build(run))
    base, ours = statistics.median(baselines), statistics.median(builds)
    print(f"Public site benchmark: `cypp site build --plan {PLAN}` of the demo, SQLite")
    print(
        "  method: seconds, median of 3 runs alternating with the baseline (the plan's "
        "published assessments with neighbours, same process, same run); chart cache "
        "cleared before each run"
    )
    print(
        f"  baseline: the plan's published judgements   {base:7.2f} s   runs "
        + " / ".join(f"{s:.2f}" for s in baselines)
    )
    print(
        f"  site build ({built[-1]} files)                {ours:7.2f} s   ratio "
        f"{ours / base:5.1f}   runs " + " / ".join(f"{s:.2f}" for s in builds)
    )
    print("  read the ratio, not the seconds: the machine is shared")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
