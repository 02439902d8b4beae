"""Every importer refuses a damaged file with a clear problem and writes nothing.

The sweep: each of the fixture files the importer tests use, damaged one way at a time
(``tests/fuzz/malformed.py``): empty, header only, cut mid-row, a short row, an open
quote, semicolons, binary, a 200,000-character cell, Windows-1252, UTF-16, a duplicated
column. Each must be refused with ``ImportRejected`` whose problems name the file (and the
row where there is one), and the evidence store must be as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.services import observations_import
from tests.fuzz.malformed import (
    EES_MAPPING,
    EES_SEED,
    FINGERTIPS_SEED,
    MUTATIONS,
    TIDY_SEED,
    lait_seed,
    with_bom,
)

from .importers.conftest import geography, store_counts  # noqa: F401

pytestmark = pytest.mark.django_db

CSV_SEEDS = {"tidy": TIDY_SEED, "fingertips": FINGERTIPS_SEED, "ees": EES_SEED}
# The row each damage is first seen on (the header is row 1; None: the file as a whole).
EXPECTED_ROW = {
    "empty": None,
    "blank lines": None,
    "header only": 1,
    "short row": 2,
    "unclosed quote": 2,
    "wrong delimiter": 1,
    "binary garbage": 1,
    "huge field": 2,
    "Latin-1": 2,
    "UTF-16": None,
    "duplicate columns": 1,
}
# What each refusal must say (a word of its reason, checked case-blind).
EXPECTED_WORDS = {
    "empty": "empty",
    "blank lines": "empty",
    "header only": "no rows",
    "truncated mid-row": "cut short",
    "short row": "cells where the header has",
    "unclosed quote": "quote",
    "wrong delimiter": "semicolons",
    "binary garbage": "binary",
    "huge field": "longer than",
    "Latin-1": "is not UTF-8 (it looks like Windows-1252): save it as UTF-8 CSV",
    "UTF-16": "UTF-16",
    "duplicate columns": "appears twice",
}


def _options(importer: str) -> dict[str, Any]:
    return {"mapping": load_mapping(EES_MAPPING)} if importer == "ees" else {}


@pytest.mark.parametrize("damage", sorted(MUTATIONS))
@pytest.mark.parametrize("importer", sorted(CSV_SEEDS))
def test_a_damaged_csv_is_refused_naming_file_row_and_reason(
    importer: str,
    damage: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    seed = CSV_SEEDS[importer]
    path = tmp_path / f"damaged-{seed.name}"
    path.write_bytes(MUTATIONS[damage](seed.read_bytes()))
    before = store_counts()

    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer=importer, path=path, options=_options(importer))

    [problem] = rejected.value.problems  # one damage, one problem, not a cascade
    assert problem.file == path.name
    assert EXPECTED_WORDS[damage].lower() in problem.reason.lower()
    if damage == "truncated mid-row":
        last_line = path.read_bytes().count(b"\n") + 1
        assert problem.row == last_line
    else:
        assert problem.row == EXPECTED_ROW[damage]
    assert store_counts() == before


@pytest.mark.parametrize("importer", sorted(CSV_SEEDS))
def test_a_byte_order_mark_is_accepted_and_reads_as_without(
    importer: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    seed = CSV_SEEDS[importer]
    plain = observations_import(importer=importer, path=seed, options=_options(importer))
    path = tmp_path / seed.name
    path.write_bytes(with_bom(seed.read_bytes()))
    again = observations_import(
        importer=importer, path=path, options=_options(importer), force=True
    )
    assert again.batch is not None and plain.batch is not None
    assert again.batch.rows_read == plain.batch.rows_read
    assert (again.batch.rows_revised, again.changes) == (0, [])


def test_a_complete_last_row_without_a_final_newline_is_accepted(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    """The documented rule: only a last row that is short or has an open quote is cut."""
    path = tmp_path / "no-final-newline.csv"
    path.write_bytes(TIDY_SEED.read_bytes().rstrip(b"\r\n"))
    report = observations_import(importer="tidy", path=path)
    assert report.batch is not None and report.batch.rows_read == 6


# LAIT: Parquet and its dictionary ------------------------------------------------------


def _lait(path: Path, dictionary: Path) -> Any:
    return observations_import(importer="lait", path=path, options={"dictionary": str(dictionary)})


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("empty file", "the file is empty"),
        ("cut in half", "cannot be read as Parquet"),
        ("binary garbage", "cannot be read as Parquet"),
        ("no rows", "the file has no rows"),
    ],
)
def test_a_damaged_lait_file_is_refused(
    damage: str,
    reason: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    parquet, dictionary = lait_seed(tmp_path)
    data = parquet.read_bytes()
    if damage == "empty file":
        parquet.write_bytes(b"")
    elif damage == "cut in half":
        parquet.write_bytes(data[: len(data) // 2])
    elif damage == "binary garbage":
        parquet.write_bytes(bytes(range(256)) * 4)
    else:
        pl.read_parquet(parquet).head(0).write_parquet(parquet)
    before = store_counts()
    with pytest.raises(ImportRejected) as rejected:
        _lait(parquet, dictionary)
    [problem] = rejected.value.problems
    assert (problem.file, reason in problem.reason) == (parquet.name, True)
    assert store_counts() == before


@pytest.mark.parametrize("damage", sorted(MUTATIONS))
def test_a_damaged_lait_dictionary_is_refused_naming_the_dictionary(
    damage: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    parquet, dictionary = lait_seed(tmp_path)
    dictionary.write_bytes(MUTATIONS[damage](dictionary.read_bytes()))
    before = store_counts()
    with pytest.raises(ImportRejected) as rejected:
        _lait(parquet, dictionary)
    assert {p.file for p in rejected.value.problems} == {dictionary.name}
    assert EXPECTED_WORDS[damage].lower() in rejected.value.problems[0].reason.lower()
    assert store_counts() == before


@pytest.mark.parametrize(
    ("column", "cells", "reason"),
    [
        ("Short Desc", [None], "required"),
        ("Years", [""], "required"),
        ("LA Number", [float("nan")], "not a DfE LA number"),
        ("LA Number", [884.5], "not a DfE LA number"),
    ],
)
def test_blank_keys_in_lait_are_refused_with_the_row(
    column: str,
    cells: list[Any],
    reason: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    parquet, dictionary = lait_seed(tmp_path)
    frame = pl.read_parquet(parquet)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit(cells[0], dtype=frame.schema[column]))
        .otherwise(pl.col(column))
        .alias(column)
    )
    frame.write_parquet(parquet)
    before = store_counts()
    with pytest.raises(ImportRejected) as rejected:
        _lait(parquet, dictionary)
    [problem] = rejected.value.problems
    assert (problem.file, problem.row, problem.column, problem.reason) == (
        parquet.name,
        3,  # the third record (Parquet has no header line)
        column,
        reason,
    )
    assert store_counts() == before
