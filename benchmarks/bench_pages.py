"""Page benchmark: the scorecard of a 60-measure plan and a measure page, served by gunicorn.

Pages are served on 127.0.0.1 by gunicorn (two workers x four threads, this machine's two
cores) and loaded by 16 concurrent keep-alive connections for a fixed number of requests;
the result is requests per second, the median of 3 rounds that alternate with the
baseline, a trivial Django view (/healthz) served and loaded the same way in the same run.
Each page is measured twice, both as a ratio to that one baseline:

* warm: the normal settings, every worker warmed on the page first, so report bodies
  (ADR 0005, cached by data version) and charts come from the cache: what visitors get
  between two changes of a plan or its data;
* cold: a second server, started on the same database with ``cold_cache_settings`` (every
  cache a DummyCache, nothing else changed), so every request renders its body and draws
  its charts: the first visit after a restart or a change of the data. Each worker has
  served the page once first (imports, the chart engine started): what is cold is the
  cache, not the process. The baseline view is loaded on this server too, as a check.

The load generator runs on the same two cores, and other work on the machine moves the
absolute figures: read the ratios. Run: ``make bench`` or
``.venv/bin/python benchmarks/bench_pages.py``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONNECTIONS = 16
ROUNDS = 3
# Requests per round (multiples of CONNECTIONS). A cold page is rendered in full each
# time (tens of warm requests each), so it gets fewer: two per connection.
WARM_REQUESTS = {"trivial": 1600, "scorecard": 320, "measure": 640}
COLD_REQUESTS = {"trivial": 1600, "scorecard": 32, "measure": 32}
RECONNECTS: list[str] = []  # requests asked again on a new connection (see _load)


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
    from cypp.accounts.models import Partnership
    from cypp.geography.selectors import area_get
    from cypp.indicators.models import Indicator
    from cypp.plans.models import Measure, Outcome, Plan, Priority

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


def _get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    return response.status


def _concurrently(work: Any) -> None:
    threads = [threading.Thread(target=work) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _warm_up(port: int, path: str, per_connection: int) -> None:
    """Every connection asks for ``path`` first, so each gunicorn worker has imported the
    code and started the chart renderer (~0.6 s once per process) before the timing."""

    def warm() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(per_connection):
            _get(conn, path)
        conn.close()

    _concurrently(warm)


def _load(port: int, path: str, total: int) -> float:
    """Requests per second for ``total`` requests over CONNECTIONS keep-alive connections."""
    per_connection = total // CONNECTIONS
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(per_connection):
            try:
                status = _get(conn, path)
            except (OSError, http.client.HTTPException):
                # gunicorn closes a keep-alive connection idle for 2 s; on a loaded machine
                # this thread can be that slow to send its next request. Reconnect and ask
                # again (counted), rather than losing the request from the figure.
                RECONNECTS.append(path)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = _get(conn, path)
            if status != 200:
                errors.append(f"{path}: {status}")
        conn.close()

    start = time.perf_counter()
    _concurrently(worker)
    elapsed = time.perf_counter() - start
    if errors:
        raise RuntimeError(errors[:3])
    return per_connection * CONNECTIONS / elapsed


@contextmanager
def _server(env: dict[str, str], settings: str) -> Iterator[int]:
    """gunicorn serving the app with ``settings``; yields its port once it accepts."""
    port = _free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "cypp.config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--log-level", "warning"],
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": settings,
             "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT / 'benchmarks'}"},
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _rounds(port: int, paths: dict[str, str], requests: dict[str, int]) -> dict[str, list[float]]:
    """ROUNDS rounds, each loading every path in turn, so that a change in the machine's
    load falls on the baseline and the pages alike."""
    rates: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(ROUNDS):
        for name, path in paths.items():
            rates[name].append(_load(port, path, requests[name]))
    return rates


def _line(label: str, rates: list[float], baseline: float | None) -> str:
    median = statistics.median(rates)
    ratio = f"ratio {median / baseline:5.3f}" if baseline else "baseline   "
    runs = " / ".join(f"{r:.1f}" if r < 10 else f"{r:.0f}" for r in rates)
    return f"  {label:<28} {median:8.1f} requests/s   {ratio}   rounds {runs}"


def site_environment(prefix: str) -> tuple[str, dict[str, str]]:
    """A fresh SQLite site in a temporary folder, with the local settings and no debug: the
    folder and the environment its server runs with (the page and board pack benchmarks)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    env = {
        "CYPP_VAR_DIR": tmp,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.local",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.pop("DATABASE_URL", None)
    return tmp, env


def main() -> None:
    _tmp, env = site_environment("cypp-bench-pages-")
    plan_key, measure_pk = _prepare(env)
    paths = {
        "trivial": "/healthz",
        "scorecard": f"/plans/{plan_key}/scorecard/",
        "measure": f"/plans/{plan_key}/measures/{measure_pk}/",
    }
    with _server(env, "cypp.config.settings.local") as port:
        for path in paths.values():
            _warm_up(port, path, per_connection=4)  # fills the caches on both workers
        warm = _rounds(port, paths, WARM_REQUESTS)
    with _server(env, "cold_cache_settings") as port:
        for path in paths.values():
            _warm_up(port, path, per_connection=1)  # starts the processes; caches stay empty
        cold = _rounds(port, paths, COLD_REQUESTS)
    baseline = statistics.median(warm["trivial"])
    print(
        f"Page benchmark: gunicorn, 2 workers x 4 threads, {CONNECTIONS} concurrent keep-alive "
        "connections, SQLite"
    )
    print(
        f"  method: requests/s of a fixed batch per round, median of {ROUNDS} rounds that "
        "alternate with the baseline (/healthz on the warm server, same run); ratio = page / "
        "baseline. Warm: bodies and charts cached, workers warmed on the page. Cold: a "
        "server whose caches store nothing (DummyCache), each worker started on the page "
        "once: every request renders its body and charts"
    )
    print(_line("trivial view (/healthz)", warm["trivial"], None))
    print(_line("scorecard (60), warm", warm["scorecard"], baseline))
    print(_line("scorecard (60), cold", cold["scorecard"], baseline))
    print(_line("measure page, warm", warm["measure"], baseline))
    print(_line("measure page, cold", cold["measure"], baseline))
    print(_line("check: /healthz, cold server", cold["trivial"], baseline))
    print(
        f"  requests per round: warm {WARM_REQUESTS}, cold {COLD_REQUESTS}; the load "
        "generator shares the two cores with the server: read the ratios"
    )
    print(f"  requests asked again after the server closed an idle connection: {len(RECONNECTS)}")


if __name__ == "__main__":
    main()
