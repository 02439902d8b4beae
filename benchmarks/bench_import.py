"""Import benchmark: the whole LAIT dataset (641,070 rows) on SQLite and PostgreSQL.

For each database, two fresh processes on two fresh databases:
- raw: the same observation rows, already made, inserted the fastest plain way the
  database offers (``executemany`` for SQLite, ``COPY`` for PostgreSQL);
- import: ``observations_import`` from the Parquet file to the commit, with reading,
  validation, normalisation, area and period resolution and the batch record included.
Prints rows per second, the ratio import/raw speed (1.0 = as fast as a raw insert) and
each process's peak memory. Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_import.py``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAIT = ROOT / "demo" / "data" / "lait" / "bds_long_0.parquet"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cypp.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cypp.demo.loader import demo_geography_load

    demo_geography_load(data_dir=ROOT / "demo" / "data", say=lambda _m: None)


def child(mode: str) -> dict[str, float]:
    _setup_django()
    from django.db import connection, transaction

    from cypp.indicators import observation_writes as writes
    from cypp.indicators import services
    from cypp.indicators.models import Observation

    if mode == "import":
        start = time.perf_counter()
        report = services.observations_import(importer="lait", path=LAIT)
        seconds = time.perf_counter() - start
        rows = report.batch.rows_loaded
    else:
        # Make the very rows the importer would insert (not timed): import, read them back,
        # delete them, keeping the indicators, periods and batch they refer to.
        services.observations_import(importer="lait", path=LAIT)
        rows_out = list(Observation.objects.values_list(*writes.INSERT_COLUMNS))
        Observation.objects.all().delete()
        table = Observation._meta.db_table
        columns = ", ".join(writes.INSERT_COLUMNS)
        start = time.perf_counter()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows_out:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in writes.INSERT_COLUMNS)
                connection.connection.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows_out
                )
        seconds = time.perf_counter() - start
        rows = len(rows_out)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rows": rows, "peak_mib": peak_mib}


def _run_child(mode: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def main() -> None:
    import psycopg

    print(f"LAIT import benchmark: {LAIT.name}")
    targets: list[tuple[str, dict[str, str]]] = []
    tmp = tempfile.mkdtemp(prefix="cypp-bench-")
    for mode in ("raw", "import"):
        env = {**os.environ, "CYPP_VAR_DIR": f"{tmp}/{mode}"}
        env.pop("DATABASE_URL", None)
        targets.append((f"sqlite:{mode}", env))
    if _postgres_available():
        for mode in ("raw", "import"):
            name = f"cypp_bench_{mode}_{os.getpid()}"
            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            targets.append(
                (f"postgresql:{mode}", {**os.environ, "DATABASE_URL": f"{POSTGRES_SERVER}/{name}"})
            )
    else:
        print("PostgreSQL not reachable: measured SQLite only.")
    results: dict[str, dict[str, float]] = {}
    try:
        for label, env in targets:
            Path(env.get("CYPP_VAR_DIR", tmp)).mkdir(parents=True, exist_ok=True)
            results[label] = _run_child(label.split(":")[1], env)
    finally:
        for label, env in targets:
            if label.startswith("postgresql"):
                name = env["DATABASE_URL"].rsplit("/", 1)[1]
                with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    for database in ("sqlite", "postgresql"):
        raw, full = results.get(f"{database}:raw"), results.get(f"{database}:import")
        if not raw or not full:
            continue
        raw_speed = raw["rows"] / raw["seconds"]
        import_speed = full["rows"] / full["seconds"]
        print(
            f"  {database:10}  raw insert {raw_speed:>10,.0f} rows/s ({raw['seconds']:.2f} s)   "
            f"import {import_speed:>10,.0f} rows/s ({full['seconds']:.2f} s)   "
            f"ratio import/raw {import_speed / raw_speed:.2f}   "
            f"peak memory import {full['peak_mib']:.0f} MiB"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(child(sys.argv[2])))
    else:
        main()
