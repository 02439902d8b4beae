"""Property: whatever file an importer is given, it loads it or refuses it with
``ImportRejected`` naming the file, and a refused file changes nothing in the store.

Cases are the sound fixture files damaged at the byte level, and files built cell by cell
from plausible and implausible values (``strategies``). ``CYPP_FUZZ_EXAMPLES`` sets how many.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.services import observations_import
from tests.fuzz.conftest import FUZZ, tally
from tests.fuzz.malformed import EES_MAPPING, EES_SEED, FINGERTIPS_SEED, TIDY_SEED, lait_seed
from tests.fuzz.strategies import AREA_CELLS, NUMBER_CELLS, TEXT_CELLS, csv_bytes, damaged
from tests.indicators.importers.conftest import store_counts  # noqa: F401

pytestmark = pytest.mark.django_db

TIDY_HEADER = TIDY_SEED.read_text(encoding="utf-8").splitlines()[0].split(",")
FINGERTIPS_HEADER = FINGERTIPS_SEED.read_text(encoding="utf-8").splitlines()[0].split(",")
EES_HEADER = EES_SEED.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
PERIODS = st.sampled_from(
    [("2024", "calendar"), ("2024-25", "financial"), ("2023/24", "academic"), ("2024", "x"),
     ("2022-02-30", "calendar"), ("", ""), ("2024 Q1", "quarter"), ("2019-21", "rolling")]
)  # fmt: skip


def _check(
    importer: str,
    path: Path,
    options: dict[str, Any],
    counts: Callable[[], dict[str, int]],
) -> None:
    """Import the file; a refusal must name the file and leave the store as it was."""
    before = counts()
    try:
        with tally(importer).case((ImportRejected,)):
            observations_import(importer=importer, path=path, options=options, force=True)
    except ImportRejected as rejected:
        assert rejected.value.problems if hasattr(rejected, "value") else rejected.problems
        for problem in rejected.problems:
            assert problem.file and problem.reason
        assert counts() == before


# tidy ---------------------------------------------------------------------------------


@st.composite
def tidy_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        period, period_type = draw(PERIODS)
        cells = {
            "indicator": draw(st.sampled_from(["visits", "pct", "", "a b", "x" * 101, "rate"])),
            "area": draw(AREA_CELLS),
            "period": period,
            "period_type": period_type,
            "value": draw(NUMBER_CELLS),
            "numerator": draw(NUMBER_CELLS),
            "denominator": draw(NUMBER_CELLS),
            "lower_95": draw(NUMBER_CELLS),
            "upper_95": draw(NUMBER_CELLS),
            "status": draw(st.sampled_from(["", "c", "published", "bogus", "confidential"])),
            "provisional": draw(st.sampled_from(["", "yes", "no", "maybe"])),
            "unit": draw(st.sampled_from(["", "%", "Rate per 10,000", "Number"])),
            "value_type": draw(st.sampled_from(["", "proportion", "count", "rate", "odd"])),
            "multiplier": draw(st.sampled_from(["", "1", "100", "0", "10000", "99999999999"])),
            "decimals": draw(st.sampled_from(["", "0", "1", "6", "7", "99999999999", "-1"])),
            "note": draw(TEXT_CELLS),
        }
        rows.append([cells.get(h, "") for h in TIDY_HEADER])
    return rows


@FUZZ
@given(
    content=st.one_of(
        damaged(TIDY_SEED.read_bytes()),
        tidy_rows().map(lambda rows: csv_bytes(TIDY_HEADER, rows)),
    )
)
def test_tidy_loads_or_refuses_cleanly(
    content: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    path = tmp_path_factory.mktemp("tidy") / "local.csv"
    path.write_bytes(content)
    _check("tidy", path, {}, store_counts)


# Fingertips ---------------------------------------------------------------------------


@st.composite
def fingertips_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        cells = {
            "Indicator ID": draw(st.sampled_from(["99999", "", "abc", "1" * 30, "-5"])),
            "Indicator Name": draw(TEXT_CELLS),
            "Area Code": draw(AREA_CELLS),
            "Sex": draw(st.sampled_from(["Persons", "Male", "", "Ünknown"])),
            "Age": draw(st.sampled_from(["0-17 yrs", "<1 yr", ""])),
            "Category Type": draw(st.sampled_from(["", "", "", "Deprivation decile"])),
            "Time period": draw(st.sampled_from(["2019", "2018/19", "2018 - 20", "", "20xx"])),
            "Time period range": draw(st.sampled_from(["1y", "3y", "", "zz"])),
            "Compared to England value or percentiles": draw(
                st.sampled_from(["Better", "Worse", "Similar", ""])
            ),
            **{
                name: draw(NUMBER_CELLS)
                for name in (
                    "Value",
                    "Lower CI 95.0 limit",
                    "Upper CI 95.0 limit",
                    "Lower CI 99.8 limit",
                    "Upper CI 99.8 limit",
                    "Count",
                    "Denominator",
                )
            },
        }
        rows.append([cells.get(h, "") for h in FINGERTIPS_HEADER])
    return rows


@FUZZ
@given(
    content=st.one_of(
        damaged(FINGERTIPS_SEED.read_bytes()),
        fingertips_rows().map(lambda rows: csv_bytes(FINGERTIPS_HEADER, rows)),
    )
)
def test_fingertips_loads_or_refuses_cleanly(
    content: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    path = tmp_path_factory.mktemp("fingertips") / "fingertips.csv"
    path.write_bytes(content)
    _check("fingertips", path, {}, store_counts)


# EES ----------------------------------------------------------------------------------


@st.composite
def ees_rows(draw: st.DrawFn) -> list[list[str]]:
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        cells = {
            "rate_per_10000": draw(NUMBER_CELLS),
            "children_count": draw(NUMBER_CELLS),
            "population_estimate": draw(NUMBER_CELLS),
            "time_identifier": draw(st.sampled_from(["Reporting year", "Financial year", "", "x"])),
            "time_period": draw(st.sampled_from(["2025", "202425", "2022-02-30", "", "abc"])),
            "geographic_level": draw(
                st.sampled_from(["National", "Regional", "Local authority", "Ward", ""])
            ),
            "population_type": draw(
                st.sampled_from(["Children looked after on 31 March each year", "", "Other"])
            ),
            "country_code": draw(AREA_CELLS),
            "region_code": draw(AREA_CELLS),
            "new_la_code": draw(AREA_CELLS),
            "old_la_code": draw(AREA_CELLS),
            "la_name": draw(TEXT_CELLS),
        }
        rows.append([cells.get(h, "") for h in EES_HEADER])
    return rows


@FUZZ
@given(
    content=st.one_of(
        damaged(EES_SEED.read_bytes()),
        ees_rows().map(lambda rows: csv_bytes(EES_HEADER, rows)),
    )
)
def test_ees_loads_or_refuses_cleanly(
    content: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    path = tmp_path_factory.mktemp("ees") / "ees.csv"
    path.write_bytes(content)
    _check("ees", path, {"mapping": load_mapping(EES_MAPPING)}, store_counts)


# LAIT ---------------------------------------------------------------------------------

LAIT_NUMBERS = st.sampled_from([884.0, 970.0, 885.0, 999.0, float("nan"), 884.5, -1.0, None])


@st.composite
def lait_frames(draw: st.DrawFn) -> pl.DataFrame:
    rows = draw(st.integers(0, 6))
    values = [draw(st.one_of(st.none(), NUMBER_CELLS)) for _ in range(rows)]
    return pl.DataFrame(
        {
            "Short Desc": [
                draw(st.sampled_from(["LAC", "RTA", "NOPE", "", None])) for _ in range(rows)
            ],
            "Years": [
                draw(st.sampled_from(["2020", "2025 (prov)", "2019 (Rev)", "0", "", None, "20x"]))
                for _ in range(rows)
            ],
            "Values": values,
            "LA Number": [draw(LAIT_NUMBERS) for _ in range(rows)],
        },
        schema={
            "Short Desc": pl.Utf8,
            "Years": pl.Utf8,
            "Values": pl.Utf8,
            "LA Number": pl.Float64,
        },
    )


@pytest.fixture(scope="module")
def lait_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    folder = tmp_path_factory.mktemp("lait-seed")
    parquet, dictionary = lait_seed(folder)
    return parquet.read_bytes(), dictionary


@FUZZ
@given(data=st.data())
def test_lait_loads_or_refuses_cleanly(
    data: st.DataObject,
    lait_files: tuple[bytes, Path],
    tmp_path_factory: pytest.TempPathFactory,
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    seed, dictionary = lait_files
    path = tmp_path_factory.mktemp("lait") / "bds_long_0.parquet"
    if data.draw(st.booleans(), label="damage the bytes"):
        path.write_bytes(data.draw(damaged(seed), label="damaged parquet"))
    else:
        data.draw(lait_frames(), label="frame").write_parquet(path)
    _check("lait", path, {"dictionary": str(dictionary)}, store_counts)
