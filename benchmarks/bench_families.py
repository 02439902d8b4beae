"""Families benchmark: import and judge a synthetic cohort of 100,000 families (#16).

The cohort is made by ``cypp.families.synthetic`` (a fixed seed, SSD-shaped CSVs, the same
files on every run) in a temporary folder. Then, on SQLite and on PostgreSQL, each on fresh
databases made the way the other benchmarks make a fresh site (``site_environment()``):

- import: ``families_import`` of the whole folder, from the files to the commit (reading,
  checking, keyed hashes, matching, every row written), as ``cypp families import`` does;
- evaluate: ``families_judged`` of every family as at one date (the pages, claims and the
  summary all start there), then ``cohort_summary`` for one financial year.

Baselines, measured in the same run so that the ratios mean something on any machine:

- read: the same CSVs read with the ``csv`` module into one dict a row, nothing checked;
- plain insert: the same number of rows, made as tuples and written into the evidence
  table of another fresh database (one family, nothing checked or hashed) the fastest
  plain way, which is also how the importer writes new rows: ``executemany`` on SQLite,
  ``COPY`` on PostgreSQL. The least any import of that many rows costs;
- fetch: the rows ``families_judged`` reads (episodes, evidence, families), fetched with
  ``values_list`` into dicts a family, without judging them.

Each step runs once (not a median: a 100,000-family import takes minutes on a loaded
machine), in its own fresh process, so each process's peak is that step's: the peak of
Python's allocations (``tracemalloc``, started just before the timed step, on every step
on both sides of a ratio, so its cost is on both) and the process's peak resident memory
(``ru_maxrss``, which includes Django and the libraries: a bare process is printed as the
floor). Before every timed database step the database is vacuumed and analysed, outside
any transaction (as ``bench_import.py`` does), so neither side starts from dead rows.

Size: ``CYPP_BENCH_FAMILIES`` (default 100000; CI or a quick check: 2000). PostgreSQL:
``BENCH_POSTGRES`` (default ``postgres://postgres@127.0.0.1:5432``), databases named
``CYPP_BENCH_DB_PREFIX`` (default ``cypp_bench_families``) plus the step and the process
id, dropped afterwards; SQLite only when PostgreSQL cannot be reached, or with
``CYPP_BENCH_DATABASES=sqlite``. ``--json`` prints every figure as JSON on the last line.
Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_families.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench_pages import site_environment
from bench_steps import databases, fresh_site, postgres, step_run

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = int(os.environ.get("CYPP_BENCH_FAMILIES", "100000"))
SEED = 16  # the number: any fixed seed makes the same cohort every run
DB_PREFIX = os.environ.get("CYPP_BENCH_DB_PREFIX", "cypp_bench_families")
# Episodes start across two financial years; the summary is of the second; families are
# judged two years after the last start, when the sustain windows have passed.
FIRST_START = dt.date(2022, 4, 1)
LAST_START = dt.date(2024, 3, 31)
PERIOD = "2023-24"
AS_AT = dt.date(2026, 3, 31)
PARTNERSHIP = "bench-families"
FRAMEWORK = ROOT / "src" / "cypp" / "families" / "frameworks_shipped"
FRAMEWORK_FILE = "supporting-families-2022-25.yaml"
MiB = 1024 * 1024
TRACED = os.environ.get("CYPP_BENCH_TRACEMALLOC", "1") == "1"


# -- steps, each run in a fresh process (``--child STEP``) ---------------------------------


def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _measured(step: Any) -> dict[str, Any]:
    """Run ``step()`` once, Python's allocations traced if asked; its seconds and peaks."""
    if TRACED:
        tracemalloc.start()
    start = time.perf_counter()
    figures = step()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if TRACED else 0
    tracemalloc.stop()
    return {
        **figures,
        "seconds": seconds,
        "python_peak_mib": peak / MiB if TRACED else None,
        "process_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _vacuum_analyze() -> None:
    from bench_import import vacuum_analyze

    vacuum_analyze()


def _partnership() -> Any:
    from cypp.accounts.models import Partnership

    return Partnership.objects.get(key=PARTNERSHIP)


def step_floor(_directory: Path) -> dict[str, Any]:
    """A bare Django process: the floor under every step's resident memory."""
    _django()
    return _measured(lambda: {})


def step_generate(directory: Path) -> dict[str, Any]:
    _django()
    from cypp.families import synthetic

    def generate() -> dict[str, Any]:
        written = synthetic.synthetic_cohort_write(
            directory,
            n_families=FAMILIES,
            seed=SEED,
            first_start=FIRST_START,
            last_start=LAST_START,
        )
        return {"rows": sum(written.rows.values())}

    figures = _measured(generate)
    figures["bytes"] = sum(path.stat().st_size for path in directory.glob("*.csv"))
    return figures


def step_read(directory: Path) -> dict[str, Any]:
    """Baseline: every CSV read with the csv module into a dict a row, kept in memory."""

    def read() -> dict[str, Any]:
        tables: dict[str, list[dict[str, str]]] = {}
        for path in sorted(directory.glob("*.csv")):
            with path.open(newline="", encoding="utf-8-sig") as file:
                tables[path.name] = list(csv.DictReader(file))
        return {
            "rows": sum(len(rows) for rows in tables.values()),
            "files": {name: len(rows) for name, rows in tables.items()},
        }

    return _measured(read)


def step_prepare(_directory: Path) -> dict[str, Any]:
    """Not timed: the fresh database's tables, an area, the partnership, its framework."""
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from cypp.accounts.models import Partnership
    from cypp.families.frameworks import framework_load
    from cypp.geography.models import Area

    area = Area.objects.create(code="E06000019", name="Herefordshire", area_type="local_authority")
    partnership = Partnership.objects.create(key=PARTNERSHIP, name="Bench", area=area)
    framework_load(FRAMEWORK / FRAMEWORK_FILE, by=None, partnership=partnership)
    return {}


# The plain rows' columns: every NOT NULL column of the evidence table, nothing else.
PLAIN_COLUMNS = (
    "family_id",
    "outcome_code",
    "evidence_type",
    "date",
    "value",
    "source",
    "note",
    "row_hash",
    "recorded_at",
    "withdrawn_reason",
)


def step_plain_insert(_directory: Path) -> dict[str, Any]:
    """Baseline: as many plain rows as the CSVs hold, made as tuples inside the timed step
    and written into the evidence table (one family, nothing checked) the fastest plain way
    the database offers and the way the importer writes new rows: ``executemany`` on
    SQLite, ``COPY`` on PostgreSQL."""
    _django()
    from django.db import connection, transaction
    from django.utils import timezone

    from cypp.families.models import Evidence, Family

    rows = int(os.environ["CYPP_BENCH_ROWS"])
    family = Family.objects.create(
        partnership=_partnership(), key_hash="0" * 64, reference="F-BENCH"
    )
    day = dt.date(2023, 1, 1)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = Evidence._meta.db_table
    columns = ", ".join(PLAIN_COLUMNS)
    _vacuum_analyze()

    def plain_rows() -> Any:
        for i in range(rows):
            yield (
                family.pk,
                "education",
                "school_attendance_pct",
                day + dt.timedelta(days=i % 1000),
                float(i % 100),
                "school_attendance",
                "",
                f"{i:064x}",
                now,
                "",
            )

    def insert() -> dict[str, Any]:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in plain_rows():
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in PLAIN_COLUMNS)
                connection.connection.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", plain_rows()
                )
        return {"rows": rows}

    return _measured(insert)


def _stored() -> dict[str, int]:
    from cypp.families import models

    return {
        name: model.objects.count()
        for name, model in (
            ("professionals", models.Professional),
            ("families", models.Family),
            ("members", models.Member),
            ("episodes", models.Episode),
            ("involvements", models.Involvement),
            ("evidence", models.Evidence),
        )
    }


def step_import(directory: Path) -> dict[str, Any]:
    _django()
    from cypp.families.services_import import families_import

    partnership = _partnership()
    _vacuum_analyze()

    def load() -> dict[str, Any]:
        result = families_import(partnership, directory, by=None, synthetic=True)
        return {"rows_read": result.rows_read}

    figures = _measured(load)
    figures["stored"] = _stored()
    return figures


def step_fetch(_directory: Path) -> dict[str, Any]:
    """Baseline: the rows families_judged reads, fetched into dicts a family, not judged."""
    _django()
    from cypp.families.models import Episode, Evidence, Family

    partnership = _partnership()
    _vacuum_analyze()

    def fetch() -> dict[str, Any]:
        spells: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for family_id, start, end in (
            Episode.objects.filter(partnership=partnership, family__isnull=False)
            .values_list("family_id", "start", "end")
            .iterator(chunk_size=5000)
        ):
            spells[family_id].append((start, end))
        readings: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for family_id, *reading in (
            Evidence.objects.filter(
                family__partnership=partnership, date__lte=AS_AT, withdrawn_at__isnull=True
            )
            .values_list("family_id", "outcome_code", "evidence_type", "date", "value")
            .iterator(chunk_size=5000)
        ):
            readings[family_id].append(tuple(reading))
        families = list(
            Family.objects.filter(partnership=partnership, pk__in=list(spells))
            .values_list("pk", "reference", "lead_professional_id", "lead_agency")
            .order_by("reference")
        )
        return {"families": len(families)}

    return _measured(fetch)


def step_evaluate(_directory: Path) -> dict[str, Any]:
    _django()
    from cypp.families.evaluation import families_judged

    partnership = _partnership()
    _vacuum_analyze()

    def evaluate() -> dict[str, Any]:
        judged = families_judged(partnership, as_at=AS_AT)
        return {"families": len(judged)}

    return _measured(evaluate)


def step_summary(_directory: Path) -> dict[str, Any]:
    _django()
    from cypp.families.summary import cohort_summary

    partnership = _partnership()
    _vacuum_analyze()

    def summarise() -> dict[str, Any]:
        found = cohort_summary(partnership, PERIOD).as_json()
        return {"families_worked_with": found["families_worked_with"]}

    return _measured(summarise)


STEPS = {
    "floor": step_floor,
    "generate": step_generate,
    "read": step_read,
    "prepare": step_prepare,
    "plain_insert": step_plain_insert,
    "import": step_import,
    "fetch": step_fetch,
    "evaluate": step_evaluate,
    "summary": step_summary,
}


# -- the parent: databases, the order of the steps, the figures -----------------------------


def _run(step: str, directory: Path, env: dict[str, str]) -> dict[str, Any]:
    return step_run(__file__, step, env, str(directory))


def measure(directory: Path, databases: list[str], made: list[str]) -> dict[str, Any]:
    """Every step's figures; the folders of the sites made are added to ``made``."""
    tmp, site = site_environment("cypp-bench-families-")
    made.append(tmp)
    base_env = {**os.environ, **site}
    results: dict[str, Any] = {
        "families": FAMILIES,
        "seed": SEED,
        "period": PERIOD,
        "tracemalloc": TRACED,
    }
    results["floor"] = _run("floor", directory, base_env)
    results["generate"] = _run("generate", directory, base_env)
    results["read"] = _run("read", directory, base_env)
    rows = results["read"]["rows"]
    for database in databases:
        to_drop: list[str] = []
        try:
            # The tables, the area, the partnership and its framework once; the import's
            # site is a copy of the plain insert's, made before either writes a row.
            plain_env, plain_db = fresh_site("families", DB_PREFIX, database, "plain", made)
            to_drop = [plain_db] if plain_db else []
            _run("prepare", directory, plain_env)
            import_env, import_db = fresh_site(
                "families", DB_PREFIX, database, "import", made, plain_env
            )
            to_drop += [import_db] if import_db else []
            plain_env["CYPP_BENCH_ROWS"] = str(rows)
            found: dict[str, Any] = {}
            found["plain_insert"] = _run("plain_insert", directory, plain_env)
            found["import"] = _run("import", directory, import_env)
            for step in ("fetch", "evaluate", "summary"):
                found[step] = _run(step, directory, import_env)
            results[database] = found
        finally:
            for name in to_drop:
                postgres(f'DROP DATABASE IF EXISTS "{name}"')
    return results


def _python(figures: dict[str, Any]) -> str:
    peak = figures["python_peak_mib"]
    return "not traced" if peak is None else f"{peak:,.1f} MiB"


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "n/a" if ours is None or not theirs else f"{ours / theirs:.2f}"


def report(results: dict[str, Any]) -> None:
    read, floor = results["read"], results["floor"]
    print(
        f"Families benchmark: {results['families']:,} synthetic families (seed "
        f"{results['seed']}), {read['rows']:,} rows in {len(read['files'])} CSV files "
        f"({results['generate']['bytes'] / MiB:,.0f} MiB, made in "
        f"{results['generate']['seconds']:.1f} s)"
    )
    traced = (
        "tracemalloc on during every timed step, on both sides of each ratio (it slows "
        "Python's allocations: read the ratios)"
        if results["tracemalloc"]
        else "tracemalloc off (CYPP_BENCH_TRACEMALLOC=0): no Python peaks"
    )
    print(
        "  method: each step once (not a median), in its own fresh process; "
        f"{traced}; databases fresh, vacuumed and analysed before each timed step. "
        "Baselines of this run: read = the same CSVs read by the csv module into dicts; "
        "plain insert = as many plain rows written into the evidence table of another fresh "
        "database by executemany (SQLite) or COPY (PostgreSQL), as the importer writes; fetch = the rows the evaluation reads, fetched into dicts a family, not "
        "judged. Peak process memory is ru_maxrss, Django and libraries included"
    )
    print(
        f"  baseline read {read['rows'] / read['seconds']:>10,.0f} rows/s "
        f"({read['seconds']:.2f} s)   peak Python {_python(read)}, process "
        f"{read['process_peak_mib']:,.0f} MiB   (a bare Django process: "
        f"{floor['process_peak_mib']:,.0f} MiB)"
    )
    for database in ("sqlite", "postgresql"):
        found = results.get(database)
        if not found:
            continue
        plain, full = found["plain_insert"], found["import"]
        fetch, judged, summary = found["fetch"], found["evaluate"], found["summary"]
        import_speed = read["rows"] / full["seconds"]
        plain_speed = plain["rows"] / plain["seconds"]
        read_speed = read["rows"] / read["seconds"]
        families_speed = judged["families"] / judged["seconds"]
        fetch_speed = fetch["families"] / fetch["seconds"]
        stored = ", ".join(f"{count:,} {name}" for name, count in full["stored"].items())
        print(f"  {database}")
        print(
            f"    import      {import_speed:>10,.0f} rows/s ({full['seconds']:.1f} s)   "
            f"plain insert {plain_speed:>10,.0f} rows/s ({plain['seconds']:.1f} s)   "
            f"ratio import/plain insert {import_speed / plain_speed:.2f}, "
            f"import/read {import_speed / read_speed:.3f}"
        )
        print(
            f"                peak Python {_python(full)} (plain insert {_python(plain)}, "
            f"read {_python(read)}; ratio import/read "
            f"{_ratio(full['python_peak_mib'], read['python_peak_mib'])})   process "
            f"{full['process_peak_mib']:,.0f} MiB (plain insert "
            f"{plain['process_peak_mib']:,.0f} MiB)"
        )
        print(f"                stored: {stored}")
        print(
            f"    evaluate    {families_speed:>10,.0f} families/s ({judged['seconds']:.1f} s, "
            f"{judged['families']:,} families as at {AS_AT:%d %B %Y})   fetch only "
            f"{fetch_speed:>10,.0f} families/s ({fetch['seconds']:.1f} s)   ratio "
            f"evaluate/fetch {families_speed / fetch_speed:.2f}"
        )
        print(
            f"                peak Python {_python(judged)} (fetch {_python(fetch)}; ratio "
            f"{_ratio(judged['python_peak_mib'], fetch['python_peak_mib'])})   process "
            f"{judged['process_peak_mib']:,.0f} MiB (fetch {fetch['process_peak_mib']:,.0f} MiB)"
        )
        print(
            f"    summary     {results['period']}: {summary['seconds']:.1f} s, "
            f"{summary['families_worked_with']} families worked with, peak Python "
            f"{_python(summary)}, process {summary['process_peak_mib']:,.0f} MiB"
        )


def main(argv: list[str]) -> None:
    kept = os.environ.get("CYPP_BENCH_DIR")
    directory = Path(kept) if kept else Path(tempfile.mkdtemp(prefix="cypp-bench-families-"))
    directory.mkdir(parents=True, exist_ok=True)
    made: list[str] = []  # the sites' folders (SQLite files of up to a few GiB at full size)
    try:
        results = measure(directory, databases(), made)
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        if not kept:
            shutil.rmtree(directory, ignore_errors=True)
    if "--json" in argv:
        print(json.dumps(results))  # first: a failure to print the report loses nothing
    report(results)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(STEPS[sys.argv[2]](Path(sys.argv[3])), default=str))
    else:
        main(sys.argv[1:])
