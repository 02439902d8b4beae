"""Import benchmark: the whole LAIT dataset (641,070 rows) on SQLite and PostgreSQL.

For each database, three fresh processes on three fresh databases:
- raw: the same observation rows, already made, inserted the fastest plain way the
  database offers (``executemany`` for SQLite, ``COPY`` for PostgreSQL);
- import: ``observations_import`` from the Parquet file to the commit, with reading,
  validation, normalisation, area and period resolution and the batch record included.
- reimport: the first import, then a copy of the file with every numeric value changed by
  one (547,187 of them), so that each of those observations is revised: its old values
  kept as a revision, the new ones written. The re-import is timed against the first.
Before every timed step, on both sides of each ratio, the database is vacuumed and its
planner statistics refreshed, outside any transaction: ``VACUUM ANALYZE`` on PostgreSQL
(the raw insert's table has just been emptied by a DELETE, which leaves dead rows),
``VACUUM`` then ``ANALYZE`` on SQLite (which leaves free pages). Each step runs once
(a full import takes minutes on a loaded machine): a single run, not a median.
Prints rows per second, the ratio import/raw speed (1.0 = as fast as a raw insert), the
re-import's values per second and its ratio to the first import, and each process's peak
memory, with the method in a sentence beside the figures.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_import.py``.
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAIT = ROOT / "demo" / "data" / "lait" / "bds_long_0.parquet"
DICTIONARY = LAIT.with_name("lait_data_dictionary.csv")
MODES = ("raw", "import", "reimport")
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cypp.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cypp.demo.loader import demo_geography_load

    demo_geography_load(data_dir=ROOT / "demo" / "data", say=lambda _m: None)


def vacuum_analyze() -> None:
    """Leave no dead rows or free pages and fresh planner statistics before a timed step.

    Run in autocommit (VACUUM cannot run inside a transaction), on whichever database the
    step uses, before both sides of a ratio so that neither starts from a worse table.
    """
    from django.db import connection

    if not connection.get_autocommit():
        raise RuntimeError("VACUUM needs autocommit: do not call this inside atomic()")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("VACUUM")
            cursor.execute("ANALYZE")


def child(mode: str) -> dict[str, float]:
    _setup_django()
    from django.db import connection, transaction

    from cypp.indicators import observation_writes as writes
    from cypp.indicators import services
    from cypp.indicators.models import Observation

    if mode == "reimport":
        return _reimport(services)
    if mode == "import":
        vacuum_analyze()
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
        vacuum_analyze()  # the DELETE left dead rows (PostgreSQL) or free pages (SQLite)
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


def revised_copy(directory: Path) -> Path:
    """The LAIT file with every numeric value changed by one, as a revised file would be.

    One down (one up below 1) keeps each value whole if it was, and a percentage within
    0 to 100, so the file stays valid and every numeric value is revised.
    """
    import polars as pl

    frame = pl.read_parquet(LAIT)
    number = pl.col("Values").cast(pl.Float64, strict=False)
    revised = frame.with_columns(
        pl.when(number.is_not_null())
        .then(pl.when(number >= 1).then(number - 1).otherwise(number + 1).cast(pl.Utf8))
        .otherwise(pl.col("Values"))
        .alias("Values")
    )
    path = directory / "bds_long_0_revised.parquet"
    revised.write_parquet(path)
    return path


def _reimport(services: Any) -> dict[str, float]:
    vacuum_analyze()
    start = time.perf_counter()
    first = services.observations_import(importer="lait", path=LAIT)
    first_seconds = time.perf_counter() - start
    revised = revised_copy(Path(os.environ["CYPP_BENCH_DIR"]))
    vacuum_analyze()
    start = time.perf_counter()
    report = services.observations_import(
        importer="lait", path=revised, options={"dictionary": str(DICTIONARY)}
    )
    seconds = time.perf_counter() - start
    return {
        "first_seconds": first_seconds,
        "first_rows": first.batch.rows_loaded,
        "seconds": seconds,
        "rows": report.batch.rows_revised,
        "values": len(report.changes),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(mode: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:  # say why: the child's output is otherwise lost
        raise RuntimeError(f"the {mode} step failed:\n{out.stderr[-3000:]}")
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
    for mode in MODES:
        env = {**os.environ, "CYPP_VAR_DIR": f"{tmp}/{mode}", "CYPP_BENCH_DIR": tmp}
        env.pop("DATABASE_URL", None)
        targets.append((f"sqlite:{mode}", env))
    if _postgres_available():
        for mode in MODES:
            name = f"cypp_bench_{mode}_{os.getpid()}"
            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            targets.append(
                (
                    f"postgresql:{mode}",
                    {
                        **os.environ,
                        "DATABASE_URL": f"{POSTGRES_SERVER}/{name}",
                        "CYPP_BENCH_DIR": tmp,
                    },
                )
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
    print(
        "  method: one run of each step (not a median), each in a fresh process on a fresh "
        "database; raw = the importer's own rows inserted by executemany (SQLite) or COPY "
        "(PostgreSQL) into the emptied table; import = observations_import from the file to "
        "the commit; the database vacuumed and analysed before every timed step, both sides"
    )
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
    print(
        "  method: one run; the first import and the re-import of a copy with every numeric "
        "value changed by one, in one process, each timed after the database is vacuumed and "
        "analysed; ratio = re-import seconds / first import seconds"
    )
    for database in ("sqlite", "postgresql"):
        again = results.get(f"{database}:reimport")
        if not again:
            continue
        print(
            f"  {database:10}  first import {again['first_rows']:,.0f} rows "
            f"{again['first_seconds']:.2f} s ({again['first_rows'] / again['first_seconds']:,.0f}"
            f" rows/s)   re-import {again['rows']:,.0f} rows revised, {again['values']:,.0f} "
            f"values changed {again['seconds']:.2f} s ({again['values'] / again['seconds']:,.0f}"
            f" values/s)   ratio re-import/first {again['seconds'] / again['first_seconds']:.2f}"
            f"   peak memory {again['peak_mib']:.0f} MiB"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(child(sys.argv[2])))
    else:
        main()
