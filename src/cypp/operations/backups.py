"""CYPP backup files: what they hold, and how they are written, checked and restored.

A backup is one gzip-compressed tar archive:

    manifest.json       what this is; the first member, read before anything else
    database.sqlite3    (SQLite) a copy made with SQLite's online backup API
    database.pgdump     (PostgreSQL) pg_dump's custom format
    files/...           everything under MEDIA_ROOT: published board packs, uploaded papers

The manifest records the format and its version, the engine, CYPP's version, when the
backup was made, the applied migrations, every table's row count, and the SHA-256 and size
of every other member. A restore checks all of it before it changes anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings

from cypp.operations.databases import (
    BackupError,
    database_engine,
    postgres_restore,
    postgres_snapshot,
    sqlite_restore,
    sqlite_snapshot,
)

FORMAT = "cypp-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES_PREFIX = "files/"
_CHUNK = 1 << 20

__all__ = ["BackupError", "backup_create", "backup_restore", "backup_verify"]


def _sha256_of(stream: IO[bytes], copy_to: IO[bytes] | None = None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if copy_to is not None:
            copy_to.write(chunk)
    return digest.hexdigest(), size


def _describe(path: Path, name: str) -> dict[str, Any]:
    with open(path, "rb") as f:
        sha256, size = _sha256_of(f)
    return {"name": name, "sha256": sha256, "bytes": size}


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _cypp_version() -> str:
    try:
        return importlib.metadata.version("cypp")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_create(*, out: Path) -> dict[str, Any]:
    """Write a backup of the database and the stored files to ``out``; return its manifest.

    Safe while the site and the worker run: the database copy is one consistent snapshot
    (see cypp.operations.databases). The stored files are copied after it: a file is
    written before the row naming it is committed and never changed afterwards, so every
    file the snapshot names is in the backup. ``out`` appears only once it is complete.
    """
    engine = database_engine()
    out = Path(out)
    if out.is_dir():
        raise BackupError(f"{out} is a folder: name the backup file, e.g. {out / 'cypp.backup'}.")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".cypp-backup-", dir=out.parent) as work:
        dump = Path(work) / DATABASE_MEMBERS[engine]
        created_at = dt.datetime.now(dt.UTC)
        if engine == "sqlite":
            snapshot = sqlite_snapshot(dest=dump)
        else:
            snapshot = postgres_snapshot(dest=dump)
        media = _media_root()
        stored = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        files = [
            (path, _describe(path, FILES_PREFIX + path.relative_to(media).as_posix()))
            for path in stored
        ]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "engine": engine,
            "cypp_version": _cypp_version(),
            "created_at": created_at.isoformat(timespec="seconds"),
            "migrations": snapshot.migrations,
            "row_counts": snapshot.row_counts,
            "database": _describe(dump, DATABASE_MEMBERS[engine]),
            "files": [entry for _path, entry in files],
        }
        partial = Path(work) / "backup.partial"
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(created_at.timestamp())
            tar.addfile(info, fileobj=io.BytesIO(body))
            tar.add(dump, arcname=DATABASE_MEMBERS[engine], recursive=False)
            for path, entry in files:
                tar.add(path, arcname=entry["name"], recursive=False)
        # Personal data (names, e-mail addresses, commentary): for the owner's eyes only.
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    return manifest


@contextmanager
def _archive(path: Path) -> Iterator[tarfile.TarFile]:
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    try:
        with tarfile.open(path, "r:gz") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{path}: not a CYPP backup, or a damaged one (it cannot be read as a "
            f"compressed archive: {error})."
        ) from error


def _manifest_read(tar: tarfile.TarFile, path: Path) -> dict[str, Any]:
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError(f"{path}: not a CYPP backup (it does not start with {MANIFEST}).")
    stream = tar.extractfile(first)
    assert stream is not None
    try:
        manifest = json.loads(stream.read())
    except ValueError as error:
        raise BackupError(f"{path}: {MANIFEST} is not valid JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a CYPP backup ({MANIFEST} does not say {FORMAT!r}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path}: backup format version {manifest.get('format_version')!r}; this CYPP "
            f"reads version {FORMAT_VERSION}."
        )
    engine = manifest.get("engine")
    if (
        engine not in DATABASE_MEMBERS
        or manifest.get("database", {}).get("name") != (DATABASE_MEMBERS[engine])
    ):
        raise BackupError(f"{path}: {MANIFEST} names no database this CYPP can restore.")
    for entry in manifest.get("files", []):
        _media_relative(entry["name"], path)
    return manifest


def _media_relative(name: str, path: Path) -> PurePosixPath:
    """The path under MEDIA_ROOT of a stored file in the archive, refusing any that would
    land outside it."""
    relative = PurePosixPath(name[len(FILES_PREFIX) :])
    if (
        not name.startswith(FILES_PREFIX)
        or relative.is_absolute()
        or not relative.parts
        or any(part in {"", ".", ".."} for part in relative.parts)
    ):
        raise BackupError(f"{path}: the stored file {name!r} would land outside MEDIA_ROOT.")
    return relative


def _members(
    tar: tarfile.TarFile, manifest: dict[str, Any], path: Path
) -> Iterator[tuple[tarfile.TarInfo, IO[bytes], dict[str, Any]]]:
    """Every member after the manifest with its manifest entry; refuses extra or missing ones."""
    expected = {e["name"]: e for e in [manifest["database"], *manifest.get("files", [])]}
    seen: set[str] = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile() or member.name in seen:
            raise BackupError(f"{path}: {member.name!r} is not listed in {MANIFEST}.")
        seen.add(member.name)
        stream = tar.extractfile(member)
        assert stream is not None
        yield member, stream, entry
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"{path}: incomplete; {', '.join(missing[:3])} missing.")


def _check(entry: dict[str, Any], sha256: str, size: int, path: Path) -> None:
    if sha256 != entry["sha256"] or size != entry["bytes"]:
        raise BackupError(
            f"{path}: {entry['name']} is damaged (its SHA-256 does not match the manifest)."
        )


def backup_verify(*, path: Path) -> dict[str, Any]:
    """The manifest of the CYPP backup at ``path``, after checking every member's SHA-256."""
    path = Path(path)
    try:
        with _archive(path) as tar:
            manifest = _manifest_read(tar, path)
            for _member, stream, entry in _members(tar, manifest, path):
                sha256, size = _sha256_of(stream)
                _check(entry, sha256, size, path)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        raise BackupError(f"{path}: damaged ({error}).") from error
    return manifest


def migrations_compare(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(migrations in the backup this code does not have, migrations this code would apply
    after restoring it). The first means the backup came from a newer CYPP."""
    from django.db.migrations.loader import MigrationLoader

    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, name in manifest["migrations"]}
    ours = {(app, name) for app, name in on_disk}
    unknown = sorted(f"{a}.{n}" for a, n in applied - ours)
    pending = sorted(f"{a}.{n}" for a, n in ours - applied)
    return unknown, pending


def backup_restore(*, path: Path) -> dict[str, Any]:
    """Replace the database and the stored files with those in the backup at ``path``.

    Refuses a file that is not a CYPP backup, a damaged one, one from another engine, and
    one from a newer CYPP. The database is replaced all at once after its copy has been
    checked against the manifest (see cypp.operations.databases); then MEDIA_ROOT is
    swapped for the backup's files by renaming. Stop the site and the worker first.
    """
    path = Path(path)
    manifest = backup_verify(path=path)
    engine = database_engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"{path}: a backup of a {manifest['engine']} database; this site uses {engine}. "
            "Restore it on a site configured for the same engine."
        )
    unknown, _pending = migrations_compare(manifest)
    if unknown:
        raise BackupError(
            f"{path}: made by a newer CYPP ({manifest['cypp_version']}) with migrations this "
            f"version does not have ({', '.join(unknown[:3])}); upgrade CYPP first."
        )
    # SQLite: the copy is renamed over the live file, so it must be made beside it.
    database_dir: Path | None = None
    if engine == "sqlite":
        database_dir = Path(str(settings.DATABASES["default"]["NAME"])).parent
        database_dir.mkdir(parents=True, exist_ok=True)
    media = _media_root()
    media.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix=".cypp-restore-", dir=database_dir) as db_work,
        tempfile.TemporaryDirectory(prefix=f".{media.name}-restore-", dir=media.parent) as fw,
    ):
        copy = Path(db_work) / manifest["database"]["name"]
        new_media = Path(fw) / media.name
        new_media.mkdir()
        # Extract and check each member again: the file may have changed since it was read.
        with _archive(path) as tar:
            _manifest_read(tar, path)
            for member, stream, entry in _members(tar, manifest, path):
                if member.name == manifest["database"]["name"]:
                    target = copy
                else:
                    target = new_media.joinpath(*_media_relative(member.name, path).parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    sha256, size = _sha256_of(stream, copy_to=out)
                _check(entry, sha256, size, path)
        if engine == "sqlite":
            sqlite_restore(copy=copy, row_counts=manifest["row_counts"])
        else:
            postgres_restore(dump=copy, row_counts=manifest["row_counts"])
        replaced = Path(fw) / f"{media.name}.replaced"
        if media.exists():
            os.replace(media, replaced)
        os.replace(new_media, media)
        shutil.rmtree(replaced, ignore_errors=True)
    return manifest
