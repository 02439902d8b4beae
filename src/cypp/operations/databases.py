"""The database half of a backup: one snapshot and one restore per engine.

A snapshot writes a consistent copy of the live database to a file and returns the row
counts and applied migrations *of that copy* (read in the same snapshot), so the manifest
describes exactly what the file holds even while imports are writing. A restore replaces
the live database all at once, and only after the copy has been checked against the
manifest's counts.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from cypp.errors import ApplicationError


class BackupError(ApplicationError):
    """A backup or restore that cannot go ahead; the message says why, for the person at the
    console. Nothing has been changed when it is raised."""


@dataclass(frozen=True)
class Snapshot:
    row_counts: dict[str, int]
    migrations: list[list[str]]


def database_engine() -> str:
    """'sqlite' or 'postgresql': the engine of the configured database."""
    vendor = connections["default"].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- SQLite ------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    return Path(str(settings.DATABASES["default"]["NAME"]))


def _sqlite_contents(db: sqlite3.Connection) -> Snapshot:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {t: int(db.execute(f"SELECT count(*) FROM {_quote(t)}").fetchone()[0]) for t in tables}  # noqa: S608
    migrations = (
        [list(r) for r in db.execute("SELECT app, name FROM django_migrations ORDER BY id")]
        if "django_migrations" in counts
        else []
    )
    return Snapshot(row_counts=counts, migrations=migrations)


def sqlite_snapshot(*, dest: Path) -> Snapshot:
    """Copy the live SQLite file with the online backup API.

    ``backup()`` with the default ``pages=-1`` copies every page in one step under one read
    lock, so the copy is a single point in time: an import's transaction is in it whole or
    not at all. While a writer holds its exclusive lock (committing, or spilling a large
    transaction), the step is busy and Python retries until the lock is released.
    """
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupError(f"{source_path}: there is no database file to back up.")
    source = sqlite3.connect(source_path, timeout=600)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        return _sqlite_contents(target)
    finally:
        target.close()
        source.close()


def _check_counts(found: Mapping[str, int], expected: Mapping[str, int], what: str) -> None:
    if dict(found) != dict(expected):
        differ = sorted(t for t in set(found) | set(expected) if found.get(t) != expected.get(t))
        detail = ", ".join(
            f"{t}: {found.get(t, 'missing')} rows, manifest {expected.get(t, 'missing')}"
            for t in differ[:5]
        )
        raise BackupError(f"{what} does not match its manifest ({detail}); nothing was restored.")


def sqlite_restore(*, copy: Path, row_counts: Mapping[str, int]) -> None:
    """Put ``copy`` in place of the live file by renaming it over (atomic on one filesystem).

    ``copy`` must already sit in the live file's directory. It is checked first (integrity,
    row counts). A rollback journal or write-ahead log beside the live file means some
    process is writing right now: the site and the worker must be stopped first.
    """
    live = _sqlite_path()
    db = sqlite3.connect(copy)
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The database in the backup is damaged ({check}).")
        _check_counts(_sqlite_contents(db).row_counts, row_counts, "The database in the backup")
    finally:
        db.close()
    for suffix in ("-journal", "-wal"):
        busy = live.with_name(live.name + suffix)
        if busy.exists():
            raise BackupError(
                f"{busy} exists: a process is writing to the database. Stop the site and "
                "the worker (cypp db_worker), then restore."
            )
    connections.close_all()
    live.parent.mkdir(parents=True, exist_ok=True)
    with open(copy, "rb") as f:
        os.fsync(f.fileno())
    os.replace(copy, live)


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_settings() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _pg_environment() -> dict[str, str]:
    """libpq's environment for pg_dump, pg_restore and psql: the password never goes on a
    command line, where other users could read it in the process list."""
    db = _pg_settings()
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed; PostgreSQL backups need the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


# Django's own OPTIONS that are not libpq connection parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "pool", "server_side_binding", "assume_role"}


def _pg_connect() -> Any:
    import psycopg

    db = _pg_settings()
    options = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k not in _DJANGO_ONLY_OPTIONS}
    return psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **options,
    )


def _pg_contents(cursor: Any) -> Snapshot:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts: dict[str, int] = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM public.{_quote(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    migrations: list[list[str]] = []
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM public.django_migrations ORDER BY id")
        migrations = [list(r) for r in cursor.fetchall()]
    return Snapshot(row_counts=counts, migrations=migrations)


def postgres_snapshot(*, dest: Path) -> Snapshot:
    """``pg_dump -Fc`` of the database, with the counts read in the very same snapshot.

    A repeatable-read transaction exports its snapshot and pg_dump is given it
    (``--snapshot``): the dump and the manifest's counts see the same committed data, and an
    import still running is in neither.
    """
    import psycopg

    pg_dump = _pg_tool("pg_dump")
    with _pg_connect() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            contents = _pg_contents(cursor)
            result = subprocess.run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot_id}", f"--file={dest}"],
                env=_pg_environment(), capture_output=True, text=True, check=False,
            )  # fmt: skip
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return contents


_TABLE_NAME = re.compile(r"[A-Za-z0-9_]{1,63}")


def _pg_count_checks(row_counts: Mapping[str, int]) -> str:
    """SQL that raises (so the whole restore rolls back) unless every table's count matches.

    Table names are plain identifiers (checked here) and counts whole numbers, so they can
    be written into the SQL as they are."""
    for table, count in row_counts.items():
        if not _TABLE_NAME.fullmatch(table) or not isinstance(count, int):
            raise BackupError(f"The manifest lists a table {table!r} CYPP would not have made.")
    tables = len(row_counts)
    lines = [
        "DO $cypp$ DECLARE found bigint; BEGIN",
        "  SELECT count(*) INTO found FROM pg_tables WHERE schemaname = 'public';",
        f"  IF found <> {tables} THEN RAISE EXCEPTION "
        f"'restored % tables, the backup has {tables}', found; END IF;",
    ]
    for table, count in sorted(row_counts.items()):
        lines.append(
            f'  SELECT count(*) INTO found FROM public."{table}";\n'  # noqa: S608
            f"  IF found <> {count} THEN RAISE EXCEPTION "
            f"'table {table}: restored % rows, the backup has {count}', found; END IF;"
        )
    lines.append("END $cypp$;")
    return "\n".join(lines) + "\n"


def postgres_restore(*, dump: Path, row_counts: Mapping[str, int]) -> None:
    """Replace the database's public schema with the dump's, in one transaction.

    pg_restore turns the dump into SQL; psql runs it with ``--single-transaction`` after
    dropping and recreating the schema (so tables a newer version added do not linger) and
    before checking every table's count against the manifest. Any error, including a
    count that differs, rolls the lot back and leaves the database as it was.
    """
    pg_restore, psql = _pg_tool("pg_restore"), _pg_tool("psql")
    connections.close_all()
    env = _pg_environment()
    prologue = (
        "SET lock_timeout = '30s';\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    )
    runner = subprocess.Popen(
        [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
         "--file=-"],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert runner.stdin is not None and runner.stderr is not None
    converter = subprocess.Popen(
        [pg_restore, "--no-owner", "--no-privileges", "--file=-", str(dump)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert converter.stdout is not None and converter.stderr is not None
    try:
        runner.stdin.write(prologue.encode())
        shutil.copyfileobj(converter.stdout, runner.stdin, 1 << 20)
        converted = converter.wait()
        if converted != 0:
            # Make psql stop before it commits: the restore must be all or nothing.
            runner.stdin.write(b"\nDO $$ BEGIN RAISE EXCEPTION 'pg_restore failed'; END $$;\n")
        else:
            runner.stdin.write(_pg_count_checks(row_counts).encode())
        runner.stdin.close()
    except BrokenPipeError:
        pass  # psql stopped at an error; its message is read below
    errors = runner.stderr.read().decode(errors="replace").strip()
    ran = runner.wait()
    converter.wait()
    if converter.returncode != 0:
        detail = converter.stderr.read().decode(errors="replace").strip()
        raise BackupError(f"pg_restore could not read the dump: {detail}; nothing was restored.")
    if ran != 0:
        if "lock timeout" in errors:
            errors += " (stop the site and the worker, cypp db_worker, then restore)"
        raise BackupError(f"The restore was rolled back: {errors}")
