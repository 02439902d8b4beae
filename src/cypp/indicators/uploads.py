"""Files uploaded in the browser for import: where they are kept, and what format they are.

An uploaded file is written under ``CYPP_VAR_DIR/uploads`` in a directory with a random
name (the file keeps its own name, so problems and the import history name the file the
analyst chose). The directory is outside the static and media roots: nothing there is
served. The format is read from the file's first bytes when the analyst does not choose it.
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

# The largest file the upload page takes: the national LAIT file is about 40 MB, a whole
# EES publication's CSV a little over 100 MB.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_UPLOAD_WORDS = "200 MB"

EES_HEADER = ("time_period", "time_identifier", "geographic_level")
FINGERTIPS_HEADER = ("Indicator ID", "Indicator Name")
TIDY_HEADER = ("indicator", "area", "period", "period_type", "value")
PARQUET_MAGIC = b"PAR1"


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def safe_file_name(name: str) -> str:
    """The file's own name without any folder, with only plain characters (kept short)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", base).strip(" .")
    return (cleaned or "upload")[-150:]


def upload_store(*, chunks: Iterable[bytes], name: str) -> str:
    """Write an uploaded file under a new random directory; its path relative to uploads."""
    folder = secrets.token_hex(16)
    target = uploads_dir() / folder / safe_file_name(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return f"{folder}/{target.name}"


def upload_path(stored_name: str) -> Path:
    """The stored file's path; refuses any name that would leave the uploads directory."""
    root = uploads_dir().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError(f"{stored_name!r} is not an uploaded file")
    return path


def upload_remove(stored_name: str) -> None:
    """Remove an uploaded file and its random directory (after a failed or finished import)."""
    path = upload_path(stored_name)
    shutil.rmtree(path.parent, ignore_errors=True)


def format_infer(path: Path) -> str | None:
    """The importer for a file from its first bytes and header line; None if unrecognised.

    EES files begin with ``time_period,time_identifier,geographic_level``; Fingertips
    exports with ``Indicator ID,Indicator Name``; CYPP's tidy CSV has ``indicator, area,
    period, period_type, value``; LAIT's data is a Parquet file (``PAR1``).
    """
    with path.open("rb") as handle:
        return format_from_head(handle.read(64 * 1024))


def format_from_head(head: bytes) -> str | None:
    """``format_infer`` on the file's first bytes (64 KB hold any header line)."""
    if head.startswith(PARQUET_MAGIC):
        return "lait"
    line = head.decode("utf-8-sig", errors="replace").splitlines()[0] if head else ""
    columns = [c.strip().strip('"').strip() for c in line.split(",")]
    if tuple(columns[:3]) == EES_HEADER or set(EES_HEADER) <= set(columns):
        return "ees"
    if tuple(columns[:2]) == FINGERTIPS_HEADER:
        return "fingertips"
    if set(TIDY_HEADER) <= {c.lower() for c in columns}:
        return "tidy"
    return None


def saved_mapping_dirs() -> list[Path]:
    """Where saved EES mappings are read from: the demo's, and the site's own under VAR_DIR."""
    return [Path(settings.BASE_DIR) / "demo" / "mappings", Path(settings.VAR_DIR) / "mappings"]


def saved_mappings() -> dict[str, Path]:
    """Every saved mapping by its file name (the site's own win over the demo's)."""
    found: dict[str, Path] = {}
    for folder in saved_mapping_dirs():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.name] = path
    return dict(sorted(found.items()))
