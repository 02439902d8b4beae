"""The real thing: a `cypp db_worker` process is killed (SIGKILL, as the out-of-memory killer
or a pulled plug would) in the middle of a board pack build, on a SQLite file database. The
pack is left "being built"; once its heartbeat is older than the limit, `cypp report recover`
marks it and its task row failed with the reason, and a new build by a new worker succeeds."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.plugins.migrated_sqlite import migrated_sqlite_copy

ROOT = Path(__file__).resolve().parents[2]
CYPP = str(ROOT / ".venv" / "bin" / "cypp")
REASON = "The worker stopped while building this pack; build it again."
# A SQLite file whatever the run uses (the worker reads it with sqlite3): CI runs it once.
pytestmark = pytest.mark.sqlite_only

# A small plan of its own (no national data needed): its pack has a cover, no measures.
SET_UP = """
import datetime as dt, django
django.setup()
from cypp.geography.models import Area
from cypp.accounts.models import Partnership
from cypp.plans.models import Plan
area = Area.objects.create(code="E06000019", name="Herefordshire", area_type="local_authority")
partnership = Partnership.objects.create(key="herefordshire", name="Herefordshire", area=area)
Plan.objects.create(key="small-plan", partnership=partnership, title="Small plan",
                    start=dt.date(2024, 4, 1), end=dt.date(2027, 3, 31))
"""
REQUEST = """
import django
django.setup()
from cypp.plans.models import Plan
from cypp.reports.services import board_pack_request
print(board_pack_request(plan=Plan.objects.get(key="small-plan"), period=None, by=None).pk)
"""
# The worker, with the PDF step made slow (a big pack on a busy machine), so the kill lands
# inside the build at a known step rather than by luck.
SLOW_WORKER = """
import time
import django
django.setup()
import cypp.reports.builds as builds
def slow_pdf(**kwargs):
    time.sleep(600)
builds.pack_pdf = slow_pdf
from cypp.manage import main
main(["db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", "-v", "0"])
"""


def _env(var_dir: Path) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CYPP_TASKS_IMMEDIATE"}
    }
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.local",
        "DJANGO_DEBUG": "0",
        "CYPP_VAR_DIR": str(var_dir),
        "CYPP_BOARD_PACK_STALLED_MINUTES": "1",
    }


def _run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        args, env=env, capture_output=True, text=True, check=False, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _make_run_recover_line() -> list[str]:
    """The `cypp report ... recover` command of `make run`, word for word from the Makefile
    (an option placed where the subcommand's parser refuses it once stopped `make run`)."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    [line] = [x.strip().lstrip("@") for x in recipe.splitlines() if " report " in x]
    return [CYPP if word == "$(CYPP)" else word for word in line.split()]


def _pack(db: Path, pk: int) -> tuple[str, int, str, str]:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT status, progress, error, task_id FROM reports_boardpack WHERE id = ?", (pk,)
        ).fetchone()
    return row


def _task_status(db: Path, task_id: str) -> str:
    with sqlite3.connect(db) as connection:
        [status] = connection.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
            (task_id.replace("-", ""),),
        ).fetchone()
    return str(status)


def test_a_killed_worker_leaves_nothing_stuck(tmp_path: Path, migrated_sqlite: Path) -> None:
    env = _env(tmp_path)
    db = migrated_sqlite_copy(migrated_sqlite, tmp_path)
    _run([sys.executable, "-c", SET_UP], env)
    pk = int(_run([sys.executable, "-c", REQUEST], env))
    assert _pack(db, pk)[:2] == ("queued", 0)

    worker = subprocess.Popen(
        [sys.executable, "-c", SLOW_WORKER],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while _pack(db, pk)[:2] != ("building", 88):  # "Making the PDF"
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, f"the build never reached the PDF: {_pack(db, pk)}"
            time.sleep(0.2)
    finally:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    status, progress, error, task_id = _pack(db, pk)
    assert (status, progress, error) == ("building", 88, "")  # stuck, as the issue found it
    assert _task_status(db, task_id) == "RUNNING"
    # Within the limit nothing is marked: the worker might only be slow.
    assert _run([CYPP, "report", "recover"], env) == "No board pack is stuck.\n"

    # A minute and a bit later (the limit is 1 minute here): the heartbeat is that old.
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1, seconds=5)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE reports_boardpack SET heartbeat_at = ? WHERE id = ?",
            (old.strftime("%Y-%m-%d %H:%M:%S.%f"), pk),
        )
    assert _run([CYPP, "report", "recover"], env) == (
        f"Marked 1 board pack(s) failed (no heartbeat for 1 minute; the worker stopped): {pk}.\n"
    )
    # `make run` recovers before it starts the worker, quietly: its line as the Makefile has it.
    assert _run(_make_run_recover_line(), env) == ""
    assert _pack(db, pk)[:3] == ("failed", 88, REASON)
    assert _task_status(db, task_id) == "FAILED"

    # Built again, by a worker that lives: the new pack is ready.
    again = int(_run([sys.executable, "-c", REQUEST], env))
    _run([CYPP, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0"], env)
    assert _pack(db, again)[:3] == ("ready", 100, "")
    assert _pack(db, pk)[0] == "failed"
