"""Malformed versions of sound files, shared by the sweep tests and the fuzz tests.

Each mutation takes a file's bytes and returns the damaged bytes; the seeds are the small
fixture files the importer tests already use (a sound file of each format).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "indicators" / "importers" / "fixtures"
DEMO_LAIT = ROOT / "demo" / "data" / "lait"

TIDY_SEED = FIXTURES / "tidy_example.csv"
FINGERTIPS_SEED = FIXTURES / "fingertips_small.csv"
EES_SEED = FIXTURES / "ees_marks.csv"
EES_MAPPING = FIXTURES / "ees_marks.yaml"


def lait_seed(folder: Path) -> tuple[Path, Path]:
    """A small LAIT extract (two measures, Herefordshire and England) and its dictionary."""
    data = pl.read_parquet(DEMO_LAIT / "bds_long_0.parquet").filter(
        pl.col("Short Desc").is_in(["LAC", "RTA"]) & pl.col("LA Number").is_in([884.0, 970.0])
    )
    parquet = folder / "bds_long_0.parquet"
    data.write_parquet(parquet)
    # The dictionary's header and the two measures' entries, quoted as the DfE writes them.
    text = (DEMO_LAIT / "lait_data_dictionary.csv").read_text(encoding="utf-8-sig")
    header, *entries = csv.reader(io.StringIO(text, newline=""))
    short = header.index("Measure_short")
    wanted = [e for e in entries if e[short] in ("LAC", "RTA")]
    assert len(wanted) >= 2, "the demo dictionary describes LAC and RTA"
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([header, *wanted])
    dictionary = folder / "lait_data_dictionary.csv"
    dictionary.write_text(out.getvalue(), encoding="utf-8")
    return parquet, dictionary


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def truncated_mid_row(data: bytes) -> bytes:
    """Cut inside the last row, as an interrupted download does."""
    lines = _lines(data.rstrip(b"\r\n"))
    last = lines[-1]
    return b"".join(lines[:-1]) + last[: max(1, len(last) // 3)]


def header_only(data: bytes) -> bytes:
    return _lines(data)[0]


def unclosed_quote(data: bytes) -> bytes:
    lines = _lines(data)
    lines[1] = b'"' + lines[1]
    return b"".join(lines)


def semicolons(data: bytes) -> bytes:
    return data.replace(b",", b";")


def binary_garbage(data: bytes) -> bytes:
    return bytes(range(256)) * 8


def huge_field(data: bytes) -> bytes:
    lines = _lines(data)
    lines[1] = b"x" * 200_000 + lines[1]
    return b"".join(lines)


def with_bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf")


def latin_1(data: bytes) -> bytes:
    """The second row with an e-acute, saved as Windows-1252 (one byte, 0xE9)."""
    lines = _lines(data)
    first_comma = lines[1].index(b",")
    lines[1] = lines[1][: first_comma + 1] + lines[1][first_comma + 1 :].replace(
        b",", b",Caf\xe9 ", 1
    )
    return b"".join(lines)


def utf_16(data: bytes) -> bytes:
    return data.decode("utf-8-sig").encode("utf-16")


def duplicate_column(data: bytes) -> bytes:
    lines = _lines(data)
    header = lines[0].rstrip(b"\r\n")
    first = header.split(b",")[0]
    lines[0] = header + b"," + first + b"\n"
    lines[1:] = [line.rstrip(b"\r\n") + b",x\n" for line in lines[1:]]
    return b"".join(lines)


def short_row(data: bytes) -> bytes:
    """A row in the middle missing its last cells (the file still ends in a newline)."""
    lines = _lines(data)
    cells = lines[1].rstrip(b"\r\n").split(b",")
    lines[1] = b",".join(cells[: len(cells) // 2]) + b"\n"
    return b"".join(lines)


MUTATIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "blank lines": lambda data: b"\n\n\n",
    "header only": header_only,
    "truncated mid-row": truncated_mid_row,
    "short row": short_row,
    "unclosed quote": unclosed_quote,
    "wrong delimiter": semicolons,
    "binary garbage": binary_garbage,
    "huge field": huge_field,
    "Latin-1": latin_1,
    "UTF-16": utf_16,
    "duplicate columns": duplicate_column,
}
