"""A migrated SQLite database, made once a run, for the tests that run CYPP in processes of
their own on a database file of their own (a killed worker, a backup, locks between
processes).

Migrating takes about 17 seconds (Django renders the migration state about 8,000 times);
five test files each migrated files of their own. The file is made by one `migrate` in a
process of its own, under a lock in the run's shared temporary directory, so the first test
of either xdist worker makes it and every other copies it (`migrated_sqlite_copy`). The
copy is the file a `cypp migrate` leaves, byte for byte.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_MIGRATE = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('migrate', verbosity=0)"
)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The path of a migrated SQLite database: copy it, never open it."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the run's directory, which every worker's lies in
    directory = root / "migrated-sqlite"
    directory.mkdir(exist_ok=True)
    with (directory / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / "done").exists():
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env |= {"CYPP_VAR_DIR": str(directory), "DJANGO_SETTINGS_MODULE": "cypp.config.settings.test"}  # fmt: skip
            subprocess.run([sys.executable, "-c", _MIGRATE], env=env, cwd=ROOT, check=True, timeout=900)  # fmt: skip
            (directory / "done").touch()
    return directory / "cypp.sqlite3"


def migrated_sqlite_copy(template: Path, var_dir: Path) -> Path:
    """Copy the migrated database into ``var_dir`` as ``cypp.sqlite3`` (where CYPP_VAR_DIR
    makes CYPP look), with its write-ahead log if it has one; return the copy's path."""
    var_dir.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copy(source, var_dir / f"cypp.sqlite3{suffix}")
    return var_dir / "cypp.sqlite3"
