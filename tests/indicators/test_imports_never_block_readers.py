"""A large import on a SQLite file never blocks readers, and a failed one leaves no trace.

These run `cypp data import` in a separate process against a SQLite file in a temporary
directory (the test database is in memory, where locking works differently), and read
the same file from this process with a short timeout while the import runs.
The file is the DfE's LAIT dataset bundled in demo/data (641,070 rows, 640,900 of them
observations; 170 placeholder rows carry no data), as in tests/indicators/test_lait_import.py.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import DEMO_DATA, ROOT
from tests.plugins.migrated_sqlite import migrated_sqlite_copy

LAIT = DEMO_DATA / "lait" / "bds_long_0.parquet"
DICTIONARY = DEMO_DATA / "lait" / "lait_data_dictionary.csv"
LAIT_OBSERVATIONS = 640_900
# SQLite's locks, whatever the run uses: CI runs it once, in the SQLite stage.
pytestmark = pytest.mark.sqlite_only
SETUP = (
    "import django; django.setup(); "
    "from pathlib import Path; from cypp.demo.loader import demo_geography_load; "
    f"demo_geography_load(data_dir=Path({str(DEMO_DATA)!r}), say=lambda _m: None)"
)
TABLES = (
    "indicators_observation",
    "indicators_observationrevision",
    "indicators_importbatch",
    "indicators_indicator",
    "indicators_period",
    "indicators_stagedobservation",
    "indicators_pendingimport",
)


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
) -> tuple[Path, dict[str, str]]:
    """A migrated SQLite file with the geography, and the environment that points at it."""
    var = tmp_path_factory.mktemp("site")
    migrated_sqlite_copy(migrated_sqlite, var)
    env = {
        **os.environ,
        "CYPP_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.test",
    }
    env.pop("DATABASE_URL", None)  # this is about SQLite's locks, whatever the run uses
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, cwd=ROOT, timeout=600)
    return var / "cypp.sqlite3", env


def _import(env: dict[str, str], path: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "cypp.manage", "data", "import", "lait", str(path)]
    command += ["--dictionary", str(DICTIONARY)]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database, timeout=5) as reader:
        return {t: reader.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def _write_lock_held(probe: sqlite3.Connection) -> bool:
    """True if another connection holds the write lock now (the probe does not wait)."""
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    probe.execute("ROLLBACK")
    return False


def test_readers_are_served_while_an_import_writes(site: tuple[Path, dict[str, str]]) -> None:
    database, env = site
    assert _counts(database)["indicators_observation"] == 0
    importing = _import(env, LAIT)
    # A reader that gives up after a quarter of a second, as a page must not hang.
    reader = sqlite3.connect(database, timeout=0.25)
    probe = sqlite3.connect(database, timeout=0, isolation_level=None)
    samples: list[tuple[bool, int]] = []
    try:
        while importing.poll() is None:
            locked = _write_lock_held(probe)
            # Raises "database is locked" if the import blocked readers: the test fails.
            (count,) = reader.execute("SELECT count(*) FROM indicators_observation").fetchone()
            samples.append((locked, count))
            time.sleep(0.02)
        out, err = importing.communicate(timeout=60)
    finally:
        if importing.poll() is None:
            importing.kill()
        reader.close()
        probe.close()
    assert importing.returncode == 0, err
    assert f"{LAIT_OBSERVATIONS} new" in out
    # Reads were answered while the import held the write lock...
    assert sum(1 for locked, _count in samples if locked) >= 3, samples[:20]
    # ...and saw the store before the import or after it, never half of it.
    assert {count for _locked, count in samples} <= {0, LAIT_OBSERVATIONS}
    counts = _counts(database)
    assert counts["indicators_observation"] == LAIT_OBSERVATIONS
    assert (counts["indicators_stagedobservation"], counts["indicators_pendingimport"]) == (0, 0)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_import_leaves_no_trace(site: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Every value of the file changed, and the very last row broken: the file is refused
    whole, naming the row, and nothing of it is stored, staged or half-switched."""
    database, env = site
    frame = pl.read_parquet(LAIT)
    number = pl.col("Values").cast(pl.Float64, strict=False)
    frame = frame.with_columns(
        pl.when(number >= 1).then(number - 1).otherwise(number + 1).cast(pl.Utf8).alias("Values")
    )
    last = frame.height  # Parquet has no header line: row N is the Nth record
    broken = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == last - 1)
        .then(pl.lit("12.O"))
        .otherwise(pl.col("Values"))
        .alias("Values")
    )
    path = tmp_path / "lait_broken_at_the_end.parquet"
    broken.write_parquet(path)
    before = _counts(database)
    importing = _import(env, path)
    _out, err = importing.communicate(timeout=600)
    assert importing.returncode != 0
    assert f"lait_broken_at_the_end.parquet, row {last}, column 'Values': value '12.O'" in err
    assert "nothing was changed" in err
    assert _counts(database) == before
