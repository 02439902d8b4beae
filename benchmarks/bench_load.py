"""Load test: the deployment as documented (gunicorn, production settings, PostgreSQL,
whitenoise) under 16 concurrent keep-alive connections for five minutes.

Half the connections are the demo analyst, signed in through the sign-in form; half are
anonymous visitors of the public plan. Each walks the same mix of pages in a loop: home, a
plan, plan on a page, scorecard, a measure page, an area's evidence profile, /healthz and a
static file. The first pass after gunicorn starts is reported on its own (cold: empty
caches, charts not yet rendered), then the rest (warm). Any error, or any status other
than 2xx or 3xx, is printed and makes the run fail. Throughput is printed as a ratio to
/healthz loaded the same way in the same run, as the other benchmarks do.

Run: ``make bench``, or ``CYPP_LOAD_SECONDS=60 .venv/bin/python benchmarks/bench_load.py``.
Environment: CYPP_LOAD_SECONDS (default 300), CYPP_LOAD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/cypp_bench_load: created, migrated and loaded with the
demo if needed, reused if present), CYPP_LOAD_WORKERS and CYPP_LOAD_THREADS (gunicorn's,
default 2 and 4: this machine's two cores).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
CONNECTIONS = 16
SECONDS = float(os.environ.get("CYPP_LOAD_SECONDS", "300"))
BASELINE_SECONDS = min(20.0, max(5.0, SECONDS / 10))
DATABASE_URL = os.environ.get(
    "CYPP_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cypp_bench_load"
)
WORKERS = os.environ.get("CYPP_LOAD_WORKERS", "2")
THREADS = os.environ.get("CYPP_LOAD_THREADS", "4")
ANALYST = ("analyst", "cypp-demo-analyst")  # the demo's published password (README)


def _database_prepare(env: dict[str, str]) -> None:
    """Create the bench database if missing; migrate and load the demo (both idempotent)."""
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    for command in (["migrate", "--noinput", "-v0"], ["demo", "load"], ["collectstatic", "--noinput", "-v0"]):  # fmt: skip
        subprocess.run([str(BIN / "cypp"), *command], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)  # fmt: skip


def _pages(env: dict[str, str]) -> list[str]:
    """The mix: a public demo plan's pages, with a measure and an area that exist."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        row = conn.execute(
            "SELECT p.key, min(m.id), a.code FROM plans_plan p "
            "JOIN plans_priority pr ON pr.plan_id = p.id "
            "JOIN plans_outcome o ON o.priority_id = pr.id "
            "JOIN plans_measure m ON m.outcome_id = o.id "
            "JOIN geography_area a ON a.id = m.area_id "
            "WHERE p.public GROUP BY p.key, a.code ORDER BY count(m.id) DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit("No public demo plan with measures: did `cypp demo load` run?")
    key, measure, area = row
    static = "/static/govuk/govuk-frontend.min.css"
    return [
        "/",
        f"/plans/{key}/",
        f"/plans/{key}/on-a-page/",
        f"/plans/{key}/scorecard/",
        f"/plans/{key}/measures/{measure}/",
        f"/evidence/areas/{area}/",
        "/healthz",
        static,
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _sign_in(port: int) -> str:
    """A session cookie for the demo analyst, got through the sign-in form like a browser."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/account/sign-in/", headers={"Host": "127.0.0.1"})
    page = conn.getresponse()
    body = page.read().decode()
    csrf = _cookies(page).get("csrftoken", "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if page.status != 200 or not csrf or token is None:
        raise SystemExit(f"The sign-in page did not offer a form (status {page.status}).")
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": ANALYST[0],
                      "password": ANALYST[1]})  # fmt: skip
    conn.request("POST", "/account/sign-in/", body=form, headers={
        "Host": "127.0.0.1", "Cookie": f"csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    })  # fmt: skip
    answer = conn.getresponse()
    answer_body = answer.read()
    session = _cookies(answer).get("sessionid")
    conn.close()
    if answer.status != 302 or not session:
        raise SystemExit(
            f"Signing in as {ANALYST[0]} failed (status {answer.status}): {answer_body[:300]!r}"
        )
    return session


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(path, []).append(seconds)

    def all(self) -> list[float]:
        return [s for values in self.latencies.values() for s in values]


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))]


def _connection(
    port: int, paths: list[str], session: str | None, seconds: float | None, results: Results,
    start: threading.Barrier,
) -> None:  # fmt: skip
    """One keep-alive connection walking ``paths``: once if ``seconds`` is None, else in a
    loop for that long after every connection is open."""
    headers = {"Host": "127.0.0.1"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start.wait()
    until = None if seconds is None else time.perf_counter() + seconds
    offset = 0
    while True:
        for path in paths[offset:] + paths[:offset]:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                with results.lock:
                    results.errors.append(f"{path}: {type(error).__name__}: {error}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            results.add(path, time.perf_counter() - began)
            if not 200 <= response.status < 400:
                with results.lock:
                    results.errors.append(f"{path}: HTTP {response.status}")
        if until is None or time.perf_counter() >= until:
            break
        offset = (offset + 1) % len(paths)  # so the connections do not move in step
    conn.close()


def _run(
    port: int, plan: list[tuple[list[str], str | None]], seconds: float | None
) -> tuple[Results, float]:
    """All connections at once; (their results, seconds from the start to the last reply)."""
    results = Results()
    start = threading.Barrier(len(plan) + 1)
    threads = [
        threading.Thread(target=_connection, args=(port, paths, session, seconds, results, start))
        for paths, session in plan
    ]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return results, time.perf_counter() - began


def _report(name: str, results: Results, elapsed: float, baseline: float | None) -> float:
    values = results.all()
    rate = len(values) / elapsed
    ratio = f"   ratio {rate / baseline:.3f}" if baseline else ""
    print(
        f"  {name:<22} {len(values):7d} requests {rate:8.1f} requests/s   p50 "
        f"{_percentile(values, 50) * 1000:7.1f} ms   p95 {_percentile(values, 95) * 1000:7.1f} ms"
        f"{ratio}"
    )
    return rate


def main() -> int:
    var = tempfile.mkdtemp(prefix="cypp-bench-load-")
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": DATABASE_URL,
        "SECURE_SSL_REDIRECT": "false",
        "CYPP_VAR_DIR": var,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    prepared = time.perf_counter()
    _database_prepare(env)
    print(f"Database {urlsplit(DATABASE_URL).path.lstrip('/')} ready in "
          f"{time.perf_counter() - prepared:.0f} s (migrate, demo load, collectstatic)")  # fmt: skip
    pages = _pages(env)
    port = _free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "cypp.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", WORKERS, "--threads", THREADS, "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        sessions = [_sign_in(port) for _ in range(CONNECTIONS // 2)]
        plan: list[tuple[list[str], str | None]] = [
            (pages, sessions[i // 2] if i % 2 == 0 else None) for i in range(CONNECTIONS)
        ]
        cold, cold_elapsed = _run(port, plan, None)
        warm, warm_elapsed = _run(port, plan, SECONDS)
        healthz, healthz_elapsed = _run(
            port, [(["/healthz"], None) for _ in range(CONNECTIONS)], BASELINE_SECONDS
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(var, ignore_errors=True)
    print(
        f"Load test: gunicorn {WORKERS} workers x {THREADS} threads, production settings, "
        f"PostgreSQL, {CONNECTIONS} connections ({CONNECTIONS // 2} signed in), "
        f"{SECONDS:.0f} s warm"
    )
    print(
        f"  method: one run (not a median); requests/s = replies / seconds from the first "
        f"request to the last reply; cold = each connection's first walk of the mix after "
        f"gunicorn starts (empty caches), warm = {SECONDS:.0f} s of walking it, baseline = "
        f"/healthz alone for {BASELINE_SECONDS:.0f} s on the same server just after; "
        "latencies are nearest-rank percentiles; the load generator shares the machine"
    )
    baseline = _report("/healthz (baseline)", healthz, healthz_elapsed, None)
    _report("cold: first pass", cold, cold_elapsed, baseline)
    _report("warm: mixed pages", warm, warm_elapsed, baseline)
    for path in pages:
        values = warm.latencies.get(path, [])
        if values:
            print(
                f"    {path:<40} p50 {_percentile(values, 50) * 1000:7.1f} ms   "
                f"p95 {_percentile(values, 95) * 1000:7.1f} ms   (cold "
                f"{max(cold.latencies.get(path, [0.0])) * 1000:7.1f} ms max)"
            )
    errors = cold.errors + warm.errors + healthz.errors
    print(f"  errors: {len(errors)}")
    for error in errors[:20]:
        print(f"    {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
