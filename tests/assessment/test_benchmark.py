"""`cypp benchmark`: an area against England, its region and its neighbours, as LAIT shows it.

Expected figures are read straight from the DfE's LAIT file and neighbours model in
demo/data, independently of the importer, so the test checks the whole path.
"""

from __future__ import annotations

import csv

import numpy as np
import polars as pl
import pytest
from django.core.management.base import CommandError

from tests.conftest import DEMO_DATA, cli, cli_json

pytestmark = pytest.mark.django_db
LAIT = pl.read_parquet(DEMO_DATA / "lait" / "bds_long_0.parquet")


def _lait(measure: str, year: str) -> dict[str, float]:
    rows = LAIT.filter((pl.col("Short Desc") == measure) & (pl.col("Years") == year))
    values = {}
    for number, value in rows.select("LA Number", "Values").iter_rows():
        try:
            values[str(int(number))] = float(value)
        except ValueError:
            continue
    return values


def _neighbours_2025(dfe_code: str) -> list[str]:
    path = DEMO_DATA / "statistical-neighbours" / "sn_model_2025_wide.csv"
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["old_la_code"] == dfe_code:
                return [row[f"SN_{i}"] for i in range(1, 11)]
    raise AssertionError(dfe_code)


def test_herefordshire_looked_after_rate_2025():
    result = cli_json(
        "benchmark", "--indicator", "lait:LAC", "--area", "E06000019", "--period", "2025"
    )
    published = _lait("LAC", "2025")
    assert result["value"] == published["884"] == 100.0
    assert result["england"] == published["970"] == 67.0
    assert result["region"] == {"code": "E12000005", "name": "West Midlands", "value": 86.0}
    neighbours = result["neighbours"]
    assert neighbours["model"] == "dfe-sn-2025"
    codes = _neighbours_2025("884")
    assert [m["dfe_code"] for m in neighbours["members"]] == codes
    expected = [published[c] for c in codes if c in published]
    assert neighbours["count"] == len(expected) == 10
    assert neighbours["average"] == pytest.approx(sum(expected) / len(expected))
    # Polarity "-" in LAIT's dictionary: no rank and no band, as LAIT shows "-".
    assert (result["rank"], result["quartile_band"]) == (None, None)
    local_authorities = [v for k, v in published.items() if int(k) < 970]
    assert result["rank_of"] == len(local_authorities)


def test_rank_and_quartile_band_where_high_is_good():
    result = cli_json(
        "benchmark", "--indicator", "lait:6wksBreast", "--area", "884", "--period", "2024"
    )
    published = _lait("6wksBreast", "2024")
    mine = published["884"]
    authorities = np.array([v for k, v in published.items() if int(k) < 970])
    assert result["value"] == mine
    assert result["rank_of"] == authorities.size
    assert result["rank"] == 1 + int((authorities > mine).sum())
    assert mine > np.quantile(authorities, 0.75)  # so LAIT bands it A, the best quarter
    assert result["quartile_band"] == "A"


def test_older_model_on_request_and_text_output():
    result = cli_json(
        "benchmark",
        "--indicator",
        "lait:LAC",
        "--area",
        "884",
        "--period",
        "2025",
        "--model",
        "dfe-sn-2021",
    )
    assert result["neighbours"]["model"] == "dfe-sn-2021"
    # Cumbria, a 2021 neighbour, was abolished in 2023 and has no 2025 value.
    cumbria = [m for m in result["neighbours"]["members"] if m["dfe_code"] == "909"]
    assert cumbria and cumbria[0]["value"] is None
    assert result["neighbours"]["count"] == 9
    text = cli("benchmark", "--indicator", "lait:LAC", "--area", "884", "--period", "2025")
    assert "Herefordshire: 100" in text and "England: 67" in text
    assert "Source: DfE" in text


def test_latest_period_by_default():
    assert cli_json("benchmark", "--indicator", "lait:LAC", "--area", "884")["period"] == "2025"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "lait:NOPE", "--area", "884"], "No indicator 'lait:NOPE'"),
        (["--indicator", "LAC", "--area", "884"], "SOURCE:CODE"),
        (["--indicator", "lait:LAC", "--area", "X1"], "No area has the ONS or DfE code 'X1'"),
        (["--indicator", "lait:LAC", "--area", "884", "--period", "1990"], "has no period '1990'"),
        (["--indicator", "lait:LAC", "--area", "884", "--model", "nope"], "No comparator model"),
    ],
)
def test_clear_errors(args, message):
    with pytest.raises(CommandError, match=message):
        cli("benchmark", *args)
