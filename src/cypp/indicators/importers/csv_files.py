"""Reading a CSV file strictly, so that a damaged file is refused rather than half-read.

polars reads a short row as if its missing cells were blank, reads Windows-1252 bytes as
replacement characters (``utf8-lossy``) and takes a file cut mid-row for a complete one:
a truncated download then turned a 22.0 into "unavailable". So the bytes are checked
here first, with Python's ``csv`` module in strict mode, and only a sound file reaches
polars. The rules (also in ``docs/data-formats.md``):

* UTF-8, with or without a byte-order mark; anything else is refused by name
  (Windows-1252, UTF-16, binary);
* a header of distinct, named columns; at least one row under it;
* every row has as many cells as the header (extra cells that are all empty are allowed,
  as spreadsheets write them); a quote left open is refused;
* a file that does not end in a newline must end in a complete row: a short last row, or
  one with an open quote, means the file was cut off.

``row`` in every problem is the file's line where the record starts (the header is 1).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import polars as pl

from cypp.indicators.importers.base import Problem

MAX_CSV_BYTES = 1024 * 1024 * 1024
"""The largest CSV read (1 GB); the largest national file CYPP knows is about 60 MB."""

LINE_COLUMN = "_line"
"""The column ``csv_read`` adds: the line of the file each record starts on."""

MAX_PROBLEMS = 100
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_of(data: bytes | str, position: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, position) + 1  # type: ignore[arg-type]


def csv_text(path: Path, *, file: str | None = None) -> tuple[str | None, list[Problem]]:
    """The file's text if it is UTF-8 text, else None and the reason, naming the file."""
    name = file or path.name

    def refuse(
        reason: str, row: int | None = None, value: str | None = None
    ) -> tuple[None, list[Problem]]:
        return None, [Problem(name, row, None, value, reason)]

    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            return refuse(f"the file is {size:,} bytes; at most {MAX_CSV_BYTES:,} are read")
        data = path.read_bytes()
    except IsADirectoryError:
        return refuse("is a folder, not a file")
    except FileNotFoundError:
        return refuse("no such file")
    except OSError as error:
        return refuse(f"cannot be read ({error.strerror or error})")
    if not data.strip():
        return refuse("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return refuse("is UTF-16 text, not UTF-8: save it as UTF-8 CSV")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return refuse("is a spreadsheet (XLSX or XLS), not CSV: save it as UTF-8 CSV")
    if b"\x00" in data:
        return refuse(
            "contains NUL bytes: it is a binary file or UTF-16 text, not a UTF-8 CSV",
            row=_line_of(data, data.index(b"\x00")),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = _line_of(data, error.start)
        snippet = data[max(0, error.start - 20) : error.start + 20]
        try:
            shown = snippet.decode("cp1252").splitlines()[-1:]
        except UnicodeDecodeError:
            return refuse(
                f"is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read): "
                "save it as UTF-8 CSV",
                row=row,
            )
        return refuse(
            "is not UTF-8 (it looks like Windows-1252): save it as UTF-8 CSV",
            row=row,
            value=shown[0] if shown else None,
        )
    if found := _CONTROL.search(text):
        return refuse(
            f"contains a control character (U+{ord(found.group()):04X}): it is not a text CSV file",
            row=_line_of(text, found.start()),
        )
    return text, []


def csv_read(
    path: Path, *, file: str | None = None, lower: bool = False
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Every column as text (blank cells null, header names trimmed, lower-cased if
    ``lower``) plus ``_line``; or None and every problem, each naming the file and row."""
    name = file or path.name
    text, problems = csv_text(path, file=file)
    if text is None:
        return None, problems

    def add(reason: str, row: int | None = None, column: str | None = None,
            value: str | None = None) -> None:  # fmt: skip
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(name, row, column, value, reason))

    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    if "," not in first_line:
        for delimiter, word in _DELIMITERS.items():
            if delimiter in first_line:
                add(
                    f"the header has no commas: the file seems separated by {word}; "
                    "save it as comma-separated CSV",
                    row=1,
                    value=first_line[:200],
                )
                return None, problems
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if cells:  # a blank line holds nothing
                records.append((start, cells))
    except csv.Error as error:
        row = end + 1
        reason = str(error)
        if "unexpected end of data" in reason:
            reason = "a quote is left open to the end of the file: the file is cut short"
        elif "field larger than field limit" in reason:
            reason = f"a cell is longer than {csv.field_size_limit():,} characters"
        else:
            reason = f"cannot be read as CSV ({reason}): a quote in the wrong place?"
        add(reason, row=row)
        return None, problems
    if not records:
        add("the file is empty")
        return None, problems
    header_line, header = records[0]
    names = [h.lstrip("\ufeff").strip() for h in header]
    if lower:
        names = [h.lower() for h in names]
    rows = records[1:]
    if not rows:
        add("the file has a header but no rows of data", row=header_line)
        return None, problems
    width = len(names)
    ends_in_newline = text.endswith(("\n", "\r"))
    for index, (line, cells) in enumerate(rows):
        last = index == len(rows) - 1
        if len(cells) < width:
            if last and not ends_in_newline:
                reason = (
                    f"the last row has {len(cells)} of {width} cells and the file does not "
                    "end in a newline: the file is cut short"
                )
            else:
                reason = f"the row has {len(cells)} cells where the header has {width}"
            add(reason, row=line)
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            add(
                f"the row has {len(cells)} cells where the header has {width} "
                "(a comma in a value that is not quoted?)",
                row=line,
            )
    # Columns with no name: allowed (and dropped) only when every cell under them is empty.
    keep: list[int] = []
    seen: dict[str, int] = {}
    for position, column in enumerate(names):
        if not column:
            if any(position < len(c) and c[position].strip() for _, c in rows):
                add(f"column {position + 1} has values but no name in the header",
                    row=header_line)  # fmt: skip
            continue
        if column in seen:
            add(
                f"the column appears twice in the header (columns {seen[column] + 1} "
                f"and {position + 1})",
                row=header_line,
                column=column,
            )
            continue
        seen[column] = position
        keep.append(position)
    if problems:
        return None, problems
    columns: dict[str, list[Any]] = {
        names[p]: [(c[p] if p < len(c) else "") or None for _, c in rows] for p in keep
    }
    columns[LINE_COLUMN] = [line for line, _ in rows]
    schema: dict[str, pl.DataType] = {names[p]: pl.Utf8() for p in keep}
    schema[LINE_COLUMN] = pl.Int64()
    return pl.DataFrame(columns, schema=schema), []
