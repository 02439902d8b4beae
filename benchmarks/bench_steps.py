"""What the benchmarks that run each step in its own process share (``bench_families.py``,
``bench_voice.py``): running a step as a child process and reading its figures, and the
PostgreSQL server the steps' databases are made on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def step_run(script: str, step: str, env: dict[str, str], *args: str) -> dict[str, Any]:
    """Run ``script --child step *args`` in a fresh process; its last line of output is its
    figures as JSON."""
    out = subprocess.run(
        [sys.executable, script, "--child", step, *args],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:  # say why: the child's output is otherwise lost
        raise RuntimeError(f"the {step} step failed:\n{out.stderr[-3000:]}")
    figures = dict(json.loads(out.stdout.strip().splitlines()[-1]))
    # Each step's figures as it ends, on stderr: a long run stopped half-way keeps them.
    print(f"{time.strftime('%H:%M:%S')} {step}: {json.dumps(figures)}", file=sys.stderr, flush=True)
    return figures


def postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def postgres(sql: str) -> None:
    """Run one statement on the server's ``postgres`` database, outside any transaction."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def databases() -> list[str]:
    """The databases asked for (``CYPP_BENCH_DATABASES``), PostgreSQL only if reachable."""
    asked = os.environ.get("CYPP_BENCH_DATABASES", "sqlite,postgresql").split(",")
    if "postgresql" in asked and not postgres_available():
        print("PostgreSQL not reachable: measured SQLite only.")
        asked = [name for name in asked if name != "postgresql"]
    return asked
