"""/healthz says 503, with the reason, when the database cannot answer; 200 when it can.

The site's connection is pointed at SQLite files in a temporary directory (healthy, locked
by a writer, not a database, missing) and at a PostgreSQL port where nothing listens.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.db.utils import load_backend

# The options the site runs SQLite with (settings.base.database_from_environment).
SITE_SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


@contextmanager
def site_database(database: dict[str, Any], blocker: Any) -> Iterator[None]:
    """The site's default connection pointed at another database for the duration."""
    settings_dict = connections.configure_settings({"default": database})["default"]
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    original = connections["default"]
    connections["default"] = wrapper
    try:
        with blocker.unblock():
            yield
    finally:
        with blocker.unblock():
            wrapper.close()
        connections["default"] = original


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": SITE_SQLITE_OPTIONS,
    }


def _rollback_journal_file(path: Path) -> None:
    """A database file in SQLite's default journal mode, where a writer locks readers out."""
    with sqlite3.connect(path) as made:
        made.execute("CREATE TABLE note (text TEXT)")
        made.execute("INSERT INTO note VALUES ('kept')")
    made.close()


@pytest.mark.django_db
def test_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_ok_on_a_healthy_sqlite_file(client, tmp_path, django_db_blocker):
    path = tmp_path / "site.sqlite3"
    _rollback_journal_file(path)
    with site_database(_sqlite(path), django_db_blocker):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_503_within_seconds_when_a_writer_holds_the_database(client, tmp_path, django_db_blocker):
    path = tmp_path / "site.sqlite3"
    _rollback_journal_file(path)
    # An exclusive lock in rollback-journal mode is what a long import held before
    # WAL (issue #12): every reader waits for it.
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("INSERT INTO note VALUES ('pending')")
    try:
        with site_database(_sqlite(path), django_db_blocker):
            started = time.monotonic()
            response = client.get("/healthz")
            waited = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "database unavailable: database is locked\n"
    # Two seconds of waiting, not the site's thirty.
    assert 1.5 <= waited < 10


def test_503_when_the_file_is_not_a_database(client, tmp_path, django_db_blocker):
    path = tmp_path / "site.sqlite3"
    path.write_bytes(b"These are minutes of a board meeting, not a database.\n" * 100)
    with site_database(_sqlite(path), django_db_blocker):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode() == "database unavailable: file is not a database\n"


def test_503_when_the_file_is_missing_and_none_is_created(client, tmp_path, django_db_blocker):
    path = tmp_path / "gone" / "site.sqlite3"
    with site_database(_sqlite(path), django_db_blocker):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode() == "database unavailable: unable to open database file\n"
    assert not path.exists()


def test_503_when_the_postgresql_server_cannot_be_reached(client, django_db_blocker):
    # Port 9 (discard) on the loopback: nothing listens, so the connection is refused.
    unreachable = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "cypp",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "9",
        "OPTIONS": {"connect_timeout": 2},
    }
    with site_database(unreachable, django_db_blocker):
        response = client.get("/healthz")
    assert response.status_code == 503
    text = response.content.decode()
    assert text.startswith("database unavailable: ")
    assert "Connection refused" in text or "connection refused" in text
