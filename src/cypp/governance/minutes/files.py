"""Reading a saved minutes page: size, binary and encoding checks before any parsing."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cypp.governance.minutes.model import MinutesError

MAX_MINUTES_BYTES = 2 * 1024 * 1024
"""The largest page accepted (2 MB); an agenda item's page is a few tens of kilobytes."""

# Control characters that never appear in a text or HTML page (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "it is a PDF, not a web page; save the agenda item's page as HTML or text"),
    (
        b"PK\x03\x04",
        "it is a zip file (perhaps a Word document), not a web page; "
        "save the agenda item's page as HTML or text",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "it is an Office document, not a web page; save the agenda item's page as HTML or text",
    ),
)


def read_minutes_file(path: str | os.PathLike[str]) -> str:
    """The text of a saved minutes page, refused with `MinutesError` naming the file when
    it is missing, empty, over `MAX_MINUTES_BYTES`, binary or in an unknown encoding."""
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_MINUTES_BYTES:
            raise MinutesError(_too_big(size), file=name)
        with file.open("rb") as handle:
            data = handle.read(MAX_MINUTES_BYTES + 1)
    except MinutesError:
        raise
    except IsADirectoryError as error:
        raise MinutesError("is a folder, not a file", file=name) from error
    except FileNotFoundError as error:
        raise MinutesError("no such file", file=name) from error
    except OSError as error:
        raise MinutesError(f"cannot be read ({error.strerror or error})", file=name) from error
    return decode_minutes_bytes(data, name=name)


def decode_minutes_bytes(data: bytes, *, name: str) -> str:
    """Decode an uploaded or saved page: UTF-8 (with or without BOM), UTF-16 with a BOM,
    else Windows-1252. Refuses, naming `name`, an empty, huge or binary file."""
    if len(data) > MAX_MINUTES_BYTES:
        raise MinutesError(_too_big(len(data)), file=name)
    if not data.strip():
        raise MinutesError("the file is empty", file=name)
    for signature, reason in _SIGNATURES:
        if data.startswith(signature):
            raise MinutesError(reason, file=name)
    text = _decode(data, name=name)
    if not text.strip():
        raise MinutesError("the file is empty", file=name)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise MinutesError(_BINARY, file=name)
    return text


_BINARY = "it is a binary file, not a web page or text; save the agenda item's page as HTML or text"


def _decode(data: bytes, *, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise MinutesError(_BINARY, file=name) from error
    if b"\x00" in data:
        raise MinutesError(_BINARY, file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise MinutesError(
            "it is neither UTF-8 nor Windows-1252 text (perhaps a binary file)", file=name
        ) from error


def _too_big(size: int) -> str:
    return (
        f"the file is {size:,} bytes; a minutes page must be at most 2 MB "
        f"({MAX_MINUTES_BYTES:,} bytes)"
    )
