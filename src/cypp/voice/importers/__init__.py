"""Answers from other tools, read and checked: no writes (``services_imports`` writes).

Three formats, one module each: a Microsoft Forms CSV export (``forms``), a SurveyMonkey CSV
export (``surveymonkey``) and the SSD ``ssd_voice_of_child`` object (``ssd``). Each turns the
file into a ``Table``: the question columns and each row's cells under them. Identifying
columns (ids, names, e-mail and IP addresses, custom data, times) are dropped as the header
is read: their cells are never copied out of the CSV reader, so nothing downstream can
store or show them. ``answers`` then matches the columns to a survey's questions and checks
every cell as the journey checks an answer.

A problem names the file, the row (the line of the file, the header is 1), the column and
the reason. It never shows an identifying column's value, nor a free-text answer (it could
name a child); it shows the value of a choice only, which is one of the survey's options
or a near miss of one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from cypp.indicators.importers.base import Problem

MAX_BYTES = 50 * 1024 * 1024
"""The largest export read (50 MB): a survey of 100,000 answers of 500 bytes."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def name_normalised(text: str) -> str:
    """A heading or option as compared: case, spacing and a trailing colon ignored."""
    return " ".join(text.split()).rstrip(":").strip().casefold()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Column:
    """One question column: ``heading`` matches a question's text or key. SurveyMonkey's
    answer columns of one question share its heading and differ by ``sub`` (the second
    header row: "Response", "Open-Ended Response", or an option's label)."""

    index: int
    heading: str
    sub: str = ""

    @property
    def name(self) -> str:
        return (
            f"{self.heading} / {self.sub}" if self.sub and self.sub != "Response" else self.heading
        )


@dataclass(slots=True)
class Table:
    file: str
    columns: list[Column] = field(default_factory=list)
    # (line of the file, the cells of ``columns`` in order): identifying cells are not here.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # the identifying headings dropped

    def problem(self, reason: str, *, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.file, row, column, None, reason))


def records(data: bytes, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The CSV's records (line, cells), read strictly: UTF-8 (with or without a byte-order
    mark), every record as wide as the header (trailing empty cells allowed), no quote left
    open. Problems never quote the file's bytes: any cell may identify someone."""

    def refused(
        reason: str, row: int | None = None
    ) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
        return [], [Problem(file, row, None, None, reason)]

    if len(data) > MAX_BYTES:
        return refused(f"the file is {len(data):,} bytes; at most {MAX_BYTES:,} are read")
    if not data.strip():
        return refused("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return refused("is UTF-16 text or a binary file, not a UTF-8 CSV: save it as UTF-8 CSV")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return refused("is a spreadsheet (XLSX or XLS), not CSV: save it as UTF-8 CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return refused("is not UTF-8 text: save it as UTF-8 CSV", line)
    if found := _CONTROL.search(text):
        line = text.count("\n", 0, found.start()) + 1
        return refused("contains a control character: it is not a text CSV file", line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    read: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            read.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        return refused("a quote is left open or a cell is malformed: the file may be cut off", line)
    read = [(n, cells) for n, cells in read if any(c.strip() for c in cells)]
    if not read:
        return refused("the file is empty")
    width = len(read[0][1])
    problems = []
    for n, cells in read[1:]:
        too_wide = len(cells) > width and any(c.strip() for c in cells[width:])
        if len(cells) < width or too_wide:
            problems.append(
                Problem(file, n, None, None, f"has {len(cells)} cells; the header has {width}")
            )
    # Short rows are padded so that readers can index them; they are refused all the same.
    return [(n, (cells + [""] * width)[:width]) for n, cells in read], problems
