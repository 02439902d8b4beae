"""`cypp backup` and `cypp restore`, run as an operator runs them, on SQLite and (when the
suite runs on it) PostgreSQL: round trips compare every row of every table and every
stored file; damaged or foreign files are refused and change nothing; a backup taken while
an import is writing holds all of the import or none of it."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import re
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.operations.sites import (
    CYPP,
    DEMO_DATA,
    ENGINES,
    ROOT,
    Site,
    site_copy,
    site_empty,
    site_with_evidence,
)


@pytest.fixture(scope="module", params=ENGINES)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    # SQLite's starts as the run's migrated file (made once a run, so asked for only here).
    migrated = request.getfixturevalue("migrated_sqlite") if request.param == "sqlite" else None
    site = site_with_evidence(
        request.param, tmp_path_factory.mktemp(f"template-{request.param}"), migrated
    )
    yield site
    site.drop()


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[list[Site]]:
    """Sites a test makes, dropped after it."""
    made: list[Site] = []
    yield made
    for site in made:
        site.drop()


def _manifest(backup: Path) -> dict[str, Any]:
    with tarfile.open(backup, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest: dict[str, Any] = json.loads(member.read())
        return manifest


def test_a_backup_restores_every_row_and_file_over_a_changed_site_and_onto_an_empty_one(
    template: Site, sites: list[Site], tmp_path: Path
) -> None:
    site = site_copy(template, tmp_path / "site", "round_trip")
    sites.append(site)
    before_rows, before_files = site.rows(), site.files()
    assert sum(map(len, before_rows.values())) > 3000  # areas, neighbour links, observations
    backup = tmp_path / "backups" / "cypp.backup"

    out = site.cypp("backup", "--out", backup).stdout
    assert str(backup) in out and "2 stored files" in out
    assert backup.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only

    manifest = _manifest(backup)
    assert manifest["format"] == "cypp-backup" and manifest["engine"] == site.engine
    assert manifest["row_counts"] == {t: len(r) for t, r in before_rows.items()}
    assert [tuple(m) for m in manifest["migrations"]] == [
        tuple(r) for r in site._query("SELECT app, name FROM django_migrations ORDER BY id")
    ]
    with tarfile.open(backup, "r:gz") as tar:
        pack = tar.extractfile("files/board-packs/pack-1.pdf")
        assert pack is not None and pack.read() == before_files["board-packs/pack-1.pdf"]
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert listed == {
        f"files/{name}": hashlib.sha256(data).hexdigest() for name, data in before_files.items()
    }

    # Change the site every way: rows gone and added, a table no backup knows, files changed.
    site.execute(
        "DELETE FROM geography_neighbour",
        "UPDATE geography_area SET name = 'Renamed'",
        "CREATE TABLE stray_table (x integer)",
    )
    (site.media / "board-packs" / "pack-1.pdf").write_bytes(b"overwritten")
    (site.media / "board-packs" / "pack-2.pdf").write_bytes(b"made after the backup")
    assert site.rows() != before_rows

    result = site.cypp("restore", backup, "--yes")
    assert "Restored" in result.stdout
    assert site.rows() == before_rows
    assert site.files() == before_files

    # A new machine: nothing there yet.
    fresh = site_empty(site.engine, tmp_path / "fresh", "round_trip_fresh")
    sites.append(fresh)
    fresh.cypp("restore", backup, "--yes")
    assert fresh.rows() == before_rows
    assert fresh.files() == before_files


def _rewrite(
    backup: Path,
    out: Path,
    *,
    manifest_edit: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    member_edit: Callable[[str, bytes], tuple[str, bytes]] | None = None,
) -> Path:
    """A copy of ``backup`` with its manifest or one member's bytes changed."""
    with tarfile.open(backup, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            stream = src.extractfile(member)
            assert stream is not None
            data = stream.read()
            name = member.name
            if name == "manifest.json" and manifest_edit:
                data = json.dumps(manifest_edit(json.loads(data))).encode()
            elif name != "manifest.json" and member_edit:
                name, data = member_edit(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return out


def _fingerprint(site: Site) -> tuple[str, dict[str, bytes]]:
    return hashlib.sha256(site.sqlite_path.read_bytes()).hexdigest(), site.files()


# Once, on SQLite, where the database is one file whose bytes show any change.
@pytest.mark.sqlite_only
@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_restore_refuses_what_is_not_a_sound_cypp_backup_of_this_engine_and_changes_nothing(
    template: Site, sites: list[Site], tmp_path: Path
) -> None:
    site = site_copy(template, tmp_path / "site", "refusals")
    sites.append(site)
    backup = tmp_path / "good.backup"
    site.cypp("backup", "--out", backup)
    site.execute("DELETE FROM geography_neighbour")  # so a wrongful restore would show
    before = _fingerprint(site)

    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    no_manifest = tmp_path / "plain.tar.gz"
    with tarfile.open(no_manifest, "w:gz") as tar:
        tar.add(text, arcname="notes.txt")

    def flip_a_byte(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "database.sqlite3":
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        return name, data

    damaged = _rewrite(backup, tmp_path / "damaged.backup", member_edit=flip_a_byte)

    def as_postgres(manifest: dict[str, Any]) -> dict[str, Any]:
        return {**manifest, "engine": "postgresql",
                "database": {**manifest["database"], "name": "database.pgdump"}}  # fmt: skip

    def rename_database(name: str, data: bytes) -> tuple[str, bytes]:
        return ("database.pgdump" if name == "database.sqlite3" else name), data

    foreign = _rewrite(
        backup, tmp_path / "postgres.backup", manifest_edit=as_postgres, member_edit=rename_database
    )
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])

    cases = [
        (text, r"not a CYPP backup"),
        (no_manifest, r"not a CYPP backup \(it does not start with manifest.json\)"),
        (damaged, r"database.sqlite3 is damaged \(its SHA-256 does not match"),
        (truncated, r"damaged"),
        (foreign, r"a backup of a postgresql database; this site uses sqlite"),
        (tmp_path / "missing.backup", r"no such file"),
    ]
    for path, message in cases:
        result = site.cypp("restore", path, "--yes", check=False)
        assert result.returncode != 0, path
        assert re.search(message, result.stderr), (path, result.stderr)
        assert str(path) in result.stderr
        assert _fingerprint(site) == before, path

    # A sound backup, but no --yes and no terminal to ask at (stdin is /dev/null).
    result = site.cypp("restore", backup, check=False)
    assert result.returncode != 0 and "pass --yes" in result.stderr
    assert _fingerprint(site) == before

    # At a terminal it asks: anything but "yes" changes nothing; "yes" restores.
    assert _restore_at_a_terminal(site, backup, "no\n") != 0
    assert _fingerprint(site) == before
    assert _restore_at_a_terminal(site, backup, "yes\n") == 0
    assert site.counts()["geography_neighbour"] == 1530 + 1560  # both DfE models' links


def _restore_at_a_terminal(site: Site, backup: Path, answer: str) -> int:
    """`cypp restore` with a pseudo-terminal for stdin, typing ``answer`` at its question."""
    primary, secondary = pty.openpty()
    try:
        process = subprocess.Popen(
            [str(CYPP), "restore", str(backup)], env=site.env(), stdin=secondary,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        os.write(primary, answer.encode())
        process.communicate(timeout=300)
        return process.returncode
    finally:
        os.close(primary)
        os.close(secondary)


def _writing_started(site: Site) -> bool:
    """The import's transaction is open: it has begun writing and not yet committed."""
    if site.engine == "sqlite":
        # Imports begin IMMEDIATE, taking the one write lock; a second writer cannot.
        probe = sqlite3.connect(site.sqlite_path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                return True
            raise
        finally:
            probe.close()
    rows = site._query(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
    )
    return bool(rows[0][0] > 0)


LAIT_OBSERVATIONS = "indicators_observation"
# An import stages its rows in short transactions, then switches them into the observations
# in one (cypp.indicators.staging): a backup may hold a half-staged import there, which no
# reader sees. Everything readers see must be all of the import or none of it.
STAGING = {"indicators_pendingimport", "indicators_stagedobservation"}


def test_a_backup_taken_while_an_import_writes_holds_all_of_it_or_none(
    template: Site, sites: list[Site], tmp_path: Path
) -> None:
    site = site_copy(template, tmp_path / "site", "mid_import")
    sites.append(site)
    before = site.counts()
    lait = DEMO_DATA / "lait"
    importing = subprocess.Popen(
        [str(CYPP), "data", "import", "lait", str(lait / "bds_long_0.parquet"),
         "--dictionary", str(lait / "lait_data_dictionary.csv")],
        env=site.env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while not _writing_started(site):
            assert importing.poll() is None, importing.communicate()
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.05)
        backup = tmp_path / "mid-import.backup"
        site.cypp("backup", "--out", backup)
        # Still writing when the backup began (it may have waited for the commit, or not).
        stdout, stderr = importing.communicate(timeout=900)
    finally:
        if importing.poll() is None:
            importing.kill()
    assert importing.returncode == 0, stderr
    # The import says how many observations it added: the stated fact to compare with.
    added = int(re.search(r"(\d+) new", stdout).group(1))  # type: ignore[union-attr]
    assert added > 600_000
    after = site.counts()
    assert after[LAIT_OBSERVATIONS] == before[LAIT_OBSERVATIONS] + added

    manifest = _manifest(backup)
    fresh = site_empty(site.engine, tmp_path / "fresh", "mid_import_fresh")
    sites.append(fresh)
    fresh.cypp("restore", backup, "--yes")
    restored = fresh.counts()
    assert restored == manifest["row_counts"]

    # All of the import or none of it, in every table readers see.
    def seen(counts: dict[str, int]) -> dict[str, int]:
        return {t: n for t, n in counts.items() if t not in STAGING}

    assert seen(restored) in (seen(before), seen(after)), {
        t: (before.get(t), restored.get(t), after.get(t))
        for t in seen(before) | seen(after)
        if not before.get(t) == restored.get(t) == after.get(t)
    }
