"""The families benchmark (benchmarks/bench_families.py) runs end to end at a tiny size, so
that ``make bench`` cannot rot between its runs: every step runs in its own process on
fresh databases of the engine the tests run on (CI runs them on SQLite, then on
PostgreSQL), and each side of each ratio did the work it says on the same rows. No timing
is asserted.

The expected counts are worked from the generated CSVs here, by counting their lines and
the families in ``ssd_family.csv``, not from the benchmark or the importer.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "bench_families.py"
FAMILIES = 40
FILES = {
    "ssd_person.csv",
    "ssd_family.csv",
    "ssd_early_help_episodes.csv",
    "ssd_involvements.csv",
    "ssd_professionals.csv",
    "family_outcome_evidence.csv",
}


def _environment(cohort: Path) -> tuple[dict[str, str], list[str], str | None]:
    env = {
        **os.environ,
        "CYPP_BENCH_FAMILIES": str(FAMILIES),
        "CYPP_BENCH_DIR": str(cohort),
        "CYPP_BENCH_TRACEMALLOC": "1",
    }
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env["CYPP_BENCH_DATABASES"] = "sqlite"
        return env, ["sqlite"], None
    # The PostgreSQL server the tests use; the benchmark's databases named after the test's.
    server, name = url.rsplit("/", 1)
    prefix = f"{name}_bench"
    env |= {
        "BENCH_POSTGRES": server,
        "CYPP_BENCH_DB_PREFIX": prefix,
        "CYPP_BENCH_DATABASES": "postgresql",
    }
    return env, ["postgresql"], prefix


def test_the_families_benchmark_runs_at_a_tiny_size(tmp_path):
    cohort = tmp_path / "cohort"
    env, databases, prefix = _environment(cohort)
    out = subprocess.run(
        [sys.executable, str(BENCH), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    results = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))

    # The cohort as written: one data row a line after the header (no field holds a newline).
    csvs = {path.name: path for path in cohort.glob("*.csv")}
    assert set(csvs) == FILES
    rows = {
        name: len(path.read_text(encoding="utf-8").splitlines()) - 1 for name, path in csvs.items()
    }
    with csvs["ssd_family.csv"].open(newline="", encoding="utf-8") as file:
        families = {row["fami_family_id"] for row in csv.DictReader(file)}
    assert len(families) == FAMILIES

    assert results["families"] == FAMILIES
    assert results["read"]["files"] == rows  # the read baseline read every row of every file
    assert results["read"]["rows"] == sum(rows.values())
    for database in databases:
        found = results[database]
        # The plain insert wrote as many rows as the files hold: like for like in size.
        assert found["plain_insert"]["rows"] == sum(rows.values())
        stored = found["import"]["stored"]
        assert stored["families"] == FAMILIES
        assert stored["members"] == rows["ssd_person.csv"]
        assert stored["episodes"] == rows["ssd_early_help_episodes.csv"]
        assert stored["evidence"] == rows["family_outcome_evidence.csv"]
        # Every family was fetched by the baseline and judged by ours.
        assert found["fetch"]["families"] == FAMILIES
        assert found["evaluate"]["families"] == FAMILIES
        worked_with = found["summary"]["families_worked_with"]
        assert worked_with == "c" or 0 < worked_with <= FAMILIES
        for step in ("plain_insert", "import", "fetch", "evaluate", "summary"):
            assert found[step]["seconds"] > 0
            assert found[step]["python_peak_mib"] > 0
            assert found[step]["process_peak_mib"] >= results["floor"]["process_peak_mib"] / 2
        assert f"  {database}\n    import " in out.stdout
    assert "ratio import/plain insert" in out.stdout
    assert "ratio evaluate/fetch" in out.stdout

    if prefix:  # the benchmark dropped the databases it made
        server = env["BENCH_POSTGRES"]
        with psycopg.connect(f"{server}/postgres") as conn:
            left = conn.execute(
                "SELECT count(*) FROM pg_database WHERE datname LIKE %s", (f"{prefix}%",)
            ).fetchone()
        assert left == (0,)
