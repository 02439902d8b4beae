"""Ranks and quartile bands only over the authorities an indicator covers nationally
(issue #14 item 4; docs/methods.md "Ranks and bands"; ADR 0013).

Expected ranks and bands for national files are computed here, independently of CYPP,
from the DfE's LAIT file in demo/data (``bds_long_0.parquet``) with LAIT's own method
(local-authority-interactive-tool ``R/fn_analysis.R``: ``rank(ties.method = "min")`` and
``quantile(na.rm = TRUE)`` type 7, bands closed at the top, A the best quarter).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from cypp.assessment.coverage import authorities_ranked, band_needed, rank_needed
from cypp.geography.models import Area, AreaType
from tests.conftest import DEMO_DATA, cli_json

FIXTURES = Path(__file__).parent / "fixtures"
HEREFORDSHIRE = "E06000019"


# -- the rule, on made-up figures ---------------------------------------------------------


def test_an_eleven_area_file_gets_no_band_and_says_why() -> None:
    values = {f"E0{i}": float(i) for i in range(1, 12)}
    result = authorities_ranked(
        values, polarity="high", quartiles_published=True, expected=152, period="2023/24"
    )
    assert (result.rank("E08"), result.band("E08")) == (None, None)
    assert not result.ranked and not result.banded
    # 90% of 152 is 136.8, so 137; half of 152 is 76.
    assert (band_needed(152), rank_needed(152)) == (137, 76)
    assert "only 11 of 152 local authorities have a figure for 2023/24" in result.note
    assert "(76)" in result.note and "(137)" in result.note
    assert result.coverage == pytest.approx(11 / 152)


def test_ranked_but_not_banded_between_half_and_ninety_percent() -> None:
    # 120 of 153 with a figure and no other rows: a rank among 120, no band.
    values = {i: float(i) for i in range(120)}
    result = authorities_ranked(values, polarity="low", quartiles_published=True, expected=153)
    assert result.ranked and not result.banded
    assert result.rank(0) == 1 and result.rank(119) == 120 and result.band(0) is None
    assert "Ranked among the 120 of 153" in result.note
    assert "at least 90% of England's 153 local authorities (138), and it covers 120" in (
        result.note
    )


def test_figures_withheld_in_a_national_file_are_covered() -> None:
    # A national release with a row for every authority, 65 of them "-": banded among 88.
    values = {i: float(i) for i in range(88)}
    result = authorities_ranked(
        values, polarity="high", quartiles_published=True, expected=153, reported=153
    )
    assert result.banded and result.rank_of == 88
    # Highest value is best: 87 is 1st; type 7 quartiles of 0..87 are 21.75, 43.5, 65.25.
    assert (result.rank(87), result.band(87), result.band(0)) == (1, "A", "D")
    assert (result.band(65), result.band(66)) == ("B", "A")  # a value on q75 is B, as LAIT
    assert "the other 65 in the file have no figure" in result.note


def test_ties_share_the_lowest_rank_and_no_direction_no_rank() -> None:
    values = {"a": 3.0, "b": 5.0, "c": 5.0, "d": 1.0}
    result = authorities_ranked(values, polarity="high", quartiles_published=False, expected=4)
    assert [result.rank(k) for k in "bcad"] == [1, 1, 3, 4]
    assert result.bands == {}
    none = authorities_ranked(values, polarity="none", quartiles_published=True, expected=4)
    assert none.ranks == {} and "higher or lower is better" in none.note


# -- files in the store -------------------------------------------------------------------


def _tidy(name: str) -> None:
    from cypp.indicators.services import observations_import

    report = observations_import(importer="tidy", path=FIXTURES / name)
    assert report.batch is not None, getattr(report, "problems", None)


@pytest.mark.django_db
def test_a_one_area_file_is_never_put_in_a_quarter(client) -> None:  # type: ignore[no-untyped-def]
    _tidy("one_area.csv")
    result = cli_json("benchmark", "--indicator", "local:coverage_one", "--area", HEREFORDSHIRE)
    expected = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False).count()
    assert (result["rank"], result["quartile_band"], result["rank_of"]) == (None, None, 1)
    assert f"only 1 of {expected} local authorities has a figure" in result["coverage_note"]
    html = client.get(f"/evidence/areas/{HEREFORDSHIRE}/", {"topic": "Other indicators"})
    text = html.content.decode()
    assert "Children seen within 12 weeks (one area)" in text
    assert "lowest quarter" not in text and "quarter of local authorities," not in text
    assert f"None: only 1 of England&#x27;s {expected} authorities have a figure" in text


@pytest.mark.django_db
def test_an_eleven_area_file_is_not_ranked_8th_of_11() -> None:
    _tidy("eleven_areas.csv")
    result = cli_json("benchmark", "--indicator", "local:coverage_eleven", "--area", "E08000026")
    assert (result["rank"], result["quartile_band"]) == (None, None)
    assert "only 11 of" in result["coverage_note"]


# -- national data: bands and ranks as LAIT publishes them --------------------------------

LAIT = pl.read_parquet(DEMO_DATA / "lait" / "bds_long_0.parquet")


def _lait(measure: str, year: str) -> dict[int, float]:
    """Every local authority's published figure (LA numbers below 970; '-' is no figure)."""
    rows = LAIT.filter(
        (pl.col("Short Desc") == measure) & (pl.col("Years") == year) & (pl.col("LA Number") < 970)
    )
    values = {}
    for number, value in rows.select("LA Number", "Values").iter_rows():
        try:
            values[int(number)] = float(value)
        except ValueError:
            continue
    return values


def _lait_place(values: dict[int, float], la: int) -> tuple[int, str]:
    """LAIT's rank and band for a "High" (higher is better) measure."""
    a = np.array(list(values.values()))
    mine = values[la]
    q25, q50, q75 = np.quantile(a, [0.25, 0.5, 0.75])
    band = "A" if mine > q75 else "B" if mine > q50 else "C" if mine > q25 else "D"
    return 1 + int((a > mine).sum()), band


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("measure", "year", "published"),
    [
        # Good level of development, 2024/25: Herefordshire 72.0%, 18th of 153, band A.
        ("FSP_NEW_GOODDEV", "2025", (72.0, 153, 18, "A")),
        # Child protection cases reviewed in time, 2024-25: 85.4%, below the lower quartile.
        ("RevCP", "2025", (85.4, 150, None, "D")),
    ],
)
def test_full_national_data_is_banded_as_lait_bands_it(measure, year, published) -> None:  # type: ignore[no-untyped-def]
    values = _lait(measure, year)
    rank, band = _lait_place(values, 884)
    value, count, pinned_rank, pinned_band = published
    assert (values[884], len(values), band) == (value, count, pinned_band)
    if pinned_rank is not None:
        assert rank == pinned_rank
    result = cli_json("benchmark", "--indicator", f"lait:{measure}", "--area", "884")
    assert result["value"] == value
    assert (result["rank"], result["rank_of"], result["quartile_band"]) == (rank, count, band)
    assert f"Ranked among the {count} of" in result["coverage_note"]
