"""Page benchmark: the scorecard of a 60-measure plan and a measure page, served by gunicorn.

Both are served on 127.0.0.1 by gunicorn (two workers, this machine's two cores) and loaded
by 16 concurrent keep-alive connections for a fixed number of requests; the result is
requests per second as a ratio to a trivial Django view (/healthz) served and loaded the
same way in the same run. Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_pages.py``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONNECTIONS = 16
REQUESTS = {"trivial": 3200, "scorecard": 320, "measure": 640}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(env: dict[str, str]) -> tuple[str, int]:
    """A fresh database with the demo evidence and a public 60-measure plan."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cypp.demo.loader import demo_evidence_load

    demo_evidence_load(data_dir=ROOT / "demo" / "data", say=lambda _m: None)
    from cypp.geography.selectors import area_get
    from cypp.indicators.models import Indicator
    from cypp.plans.models import Measure, Outcome, Partnership, Plan, Priority

    area = area_get(code="E06000019")
    partnership = Partnership.objects.create(key="bench", name="Bench", area=area)
    plan = Plan.objects.create(
        key="bench-plan", partnership=partnership, title="Sixty measures",
        start=dt.date(2020, 4, 1), end=dt.date(2026, 3, 31), public=True,
    )  # fmt: skip
    indicators = list(
        Indicator.objects.filter(
            source__key="lait", polarity__in=["high", "low"], observations__area=area
        ).distinct()[:60]
    )
    for p in range(6):
        priority = Priority.objects.create(plan=plan, key=f"p{p}", title=f"Priority {p}", order=p)
        outcome = Outcome.objects.create(priority=priority, key="o", title=f"Outcome {p}")
        for n, indicator in enumerate(indicators[p * 10 : p * 10 + 10]):
            Measure.objects.create(
                outcome=outcome, key=f"m{n}", title=indicator.title[:300], indicator=indicator,
                area=area, target_value=50.0, target_due=dt.date(2026, 3, 31),
                target_direction="increase" if indicator.polarity == "high" else "decrease",
                order=n,
            )  # fmt: skip
    first = Measure.objects.filter(outcome__priority__plan=plan).order_by("pk").first()
    assert first is not None and Measure.objects.filter(outcome__priority__plan=plan).count() == 60
    return plan.key, first.pk


def _load(port: int, path: str, total: int) -> float:
    """Requests per second for ``total`` requests over CONNECTIONS keep-alive connections."""
    per_connection = total // CONNECTIONS
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(per_connection):
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: {response.status}")
        conn.close()

    # Warm every worker first (each gunicorn process has its own cache and starts the chart
    # renderer once, ~0.6 s): the benchmark measures the steady state, not the first visit.
    def warm() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(4):
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
        conn.close()

    warmers = [threading.Thread(target=warm) for _ in range(CONNECTIONS)]
    for t in warmers:
        t.start()
    for t in warmers:
        t.join()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[:3])
    return per_connection * CONNECTIONS / elapsed


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="cypp-bench-pages-")
    env = {
        "CYPP_VAR_DIR": tmp,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.local",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.pop("DATABASE_URL", None)
    plan_key, measure_pk = _prepare(env)
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "cypp.config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--log-level", "warning"],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        trivial = _load(port, "/healthz", REQUESTS["trivial"])
        scorecard = _load(port, f"/plans/{plan_key}/scorecard/", REQUESTS["scorecard"])
        measure = _load(port, f"/plans/{plan_key}/measures/{measure_pk}/", REQUESTS["measure"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("Page benchmark: gunicorn, 2 workers x 4 threads, 16 concurrent connections, SQLite")
    print(f"  trivial view      {trivial:8.0f} requests/s")
    print(f"  scorecard (60)    {scorecard:8.0f} requests/s   ratio {scorecard / trivial:.2f}")
    print(f"  measure page      {measure:8.0f} requests/s   ratio {measure / trivial:.2f}")


if __name__ == "__main__":
    main()
