"""What the benchmarks that run each step in its own process share (``bench_families.py``,
``bench_voice.py``): running a step as a child process and reading its figures, the
PostgreSQL server the steps' databases are made on, and fresh sites for the steps."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench_pages import site_environment

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


def fresh_site(
    benchmark: str,
    db_prefix: str,
    database: str,
    use: str,
    made: list[str],
    template: dict[str, str] | None = None,
) -> tuple[dict[str, str], str | None]:
    """A fresh site's environment for one use of one database, and the PostgreSQL database
    to drop afterwards; its folder is added to ``made``. Given a ``template`` (a prepared
    site's environment), the new database is a copy of it: migrating once, not per use
    (a migrate takes about 17 seconds)."""
    tmp, site = site_environment(f"cypp-bench-{benchmark}-{database}-{use}-")
    made.append(tmp)
    env = {**os.environ, **site}
    env.pop("DATABASE_URL", None)
    if database != "postgresql":
        if template:  # the backup API copies a database in WAL mode whole
            with (
                closing(sqlite3.connect(Path(template["CYPP_VAR_DIR"]) / "cypp.sqlite3")) as source,
                closing(sqlite3.connect(Path(tmp) / "cypp.sqlite3")) as copy,
            ):
                source.backup(copy)
        return env, None
    name = f"{db_prefix}_{use}_{os.getpid()}"
    postgres(f'DROP DATABASE IF EXISTS "{name}"')
    if template:
        source_name = template["DATABASE_URL"].rsplit("/", 1)[1]
        postgres(f'CREATE DATABASE "{name}" TEMPLATE "{source_name}"')
    else:
        postgres(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = f"{POSTGRES_SERVER}/{name}"
    return env, name
