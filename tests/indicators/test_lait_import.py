"""The DfE LAIT dataset through the importer and the `cypp data` command.

Facts are read from the bundled copy of the DfE's own file (demo/data/lait, from
dfe-analytical-services/local-authority-interactive-tool at commit 2e30e39).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from cypp.indicators.services import observations_import
from tests.conftest import DEMO_DATA, cli_json

LAIT = DEMO_DATA / "lait" / "bds_long_0.parquet"
DICTIONARY = str(DEMO_DATA / "lait" / "lait_data_dictionary.csv")
pytestmark = pytest.mark.django_db


def _extract(path: Path, frame: pl.DataFrame) -> Path:
    frame.write_parquet(path)
    return path


def _herefordshire_lac() -> pl.DataFrame:
    data = pl.read_parquet(LAIT)
    return data.filter((pl.col("Short Desc") == "LAC") & (pl.col("LA Number") == 884.0))


def _counts() -> tuple[int, int, int, int]:
    return (
        Observation.objects.count(),
        ImportBatch.objects.count(),
        Indicator.objects.count(),
        ObservationRevision.objects.count(),
    )


def test_herefordshire_looked_after_rate_2025_by_either_code():
    for code in ("E06000019", "884"):
        shown = cli_json(
            "data", "show", "--indicator", "lait:LAC", "--area", code, "--period", "2025"
        )
        assert shown["area"]["name"] == "Herefordshire"
        [obs] = shown["observations"]
        assert obs["value"] == 100.0
        assert obs["status"] == "published"
        assert obs["period_type"] == "reporting"
        assert obs["provenance"]["file"] == "bds_long_0.parquet"


def test_whole_series_and_metadata_from_the_dictionary():
    shown = cli_json("data", "show", "--indicator", "lait:LAC", "--area", "E06000019")
    series = {o["period"]: o["value"] for o in shown["observations"]}
    assert series == {
        "2016": 79.0, "2017": 84.0, "2018": 87.0, "2019": 96.0, "2020": 103.0,
        "2021": 92.0, "2022": 112.0, "2023": 122.0, "2024": 113.0, "2025": 100.0,
    }  # fmt: skip
    indicator = Indicator.objects.get(source__key="lait", code="LAC")
    assert indicator.polarity == "none"  # LAIT polarity "-": lower is not simply better
    assert (indicator.value_type, indicator.multiplier) == ("rate", 10_000)
    breastfeeding = Indicator.objects.get(source__key="lait", code="6wksBreast")
    assert (breastfeeding.polarity, breastfeeding.value_type) == ("high", "proportion")


def test_whole_dataset_loaded_with_nothing_lost():
    batch = ImportBatch.objects.get(importer="lait")
    assert batch.rows_read == 641_070
    # Every row but LAIT's 170 placeholder rows (year "0", value "-") is an observation.
    assert batch.rows_skipped == 170
    assert batch.rows_loaded == 640_900
    assert Observation.objects.filter(indicator__source__key="lait").count() == 640_900
    assert len(batch.file_hash) == 64 and batch.imported_by_name


def test_provisional_label_becomes_a_provisional_period():
    shown = cli_json(
        "data", "show", "--indicator", "lait:KS1P_all", "--area", "884", "--period", "2025"
    )
    [obs] = shown["observations"]
    # "2025 (prov)" of an academic-year measure: the academic year 2024/25, provisional;
    # asked for as LAIT writes it, "2025" (ADR 0014).
    assert (obs["period"], obs["value"], obs["provisional"]) == ("2024/25", 79.0, True)


def test_dash_is_a_status_not_a_number():
    shown = cli_json(
        "data", "show", "--indicator", "lait:InfMort", "--area", "884", "--period", "2022"
    )
    [obs] = shown["observations"]
    assert obs["value"] is None
    assert obs["status"] == "unavailable"


def test_retired_councils_keep_their_history():
    shown = cli_json("data", "show", "--indicator", "lait:LAC", "--area", "909")
    assert shown["area"]["retired"] is True
    assert shown["area"]["name"] == "Cumbria"


def test_reimport_of_the_same_file_changes_nothing():
    before = _counts()
    report = observations_import(importer="lait", path=LAIT)
    assert report.already_imported
    assert _counts() == before
    forced = observations_import(importer="lait", path=LAIT, force=True)
    assert forced.batch.rows_loaded == 0
    assert forced.batch.rows_revised == 0
    assert forced.batch.rows_unchanged == 640_900
    assert Observation.objects.count() == before[0]
    assert ObservationRevision.objects.count() == before[3]


def test_revised_file_keeps_old_values_as_revisions(tmp_path):
    revised = _herefordshire_lac().with_columns(
        pl.when(pl.col("Years") == "2025")
        .then(pl.lit("101"))
        .otherwise(pl.col("Values"))
        .alias("Values")
    )
    path = _extract(tmp_path / "lait_revised.parquet", revised)
    report = observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    assert report.batch.rows_revised == 1
    assert report.batch.rows_unchanged == 9
    assert [(c.area, c.period, c.field, c.before, c.after) for c in report.changes] == [
        ("E06000019", "2025", "value", 100.0, 101.0)
    ]
    shown = cli_json("data", "show", "--indicator", "lait:LAC", "--area", "884", "--period", "2025")
    [obs] = shown["observations"]
    assert obs["value"] == 101.0
    assert obs["provenance"]["file"] == "lait_revised.parquet"
    assert obs["provenance"]["revisions"] == 1
    revision = ObservationRevision.objects.get(replaced_by=report.batch)
    assert revision.previous["value"] == 100.0
    assert revision.previous_batch.file_name == "bds_long_0.parquet"


def test_shuffled_columns_load_the_same(tmp_path):
    frame = _herefordshire_lac()
    shuffled = frame.select(list(reversed(frame.columns)))
    path = _extract(tmp_path / "lait_shuffled.parquet", shuffled)
    report = observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    assert (report.batch.rows_loaded, report.batch.rows_revised) == (0, 0)
    assert report.batch.rows_unchanged == 10


def test_every_status_mark_is_a_status(tmp_path):
    marks = ["c", "x", "z", "u", "low", "k", "-", "C", " x "]
    frame = _herefordshire_lac().head(len(marks)).with_columns(pl.Series("Values", marks))
    path = _extract(tmp_path / "lait_marks.parquet", frame)
    observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    stored = {
        o.period.label: (o.value, o.status)
        for o in Observation.objects.filter(
            indicator__code="LAC", area__dfe_code="884"
        ).select_related("period")
    }
    labels = frame["Years"].to_list()
    expected = [
        "confidential", "unavailable", "not_applicable", "low_reliability", "rounds_to_zero",
        "rounds_to_zero", "unavailable", "confidential", "unavailable",
    ]  # fmt: skip
    assert [stored[label] for label in labels] == [(None, s) for s in expected]


def test_broken_file_is_rejected_whole_with_every_problem(tmp_path):
    frame = _herefordshire_lac()
    broken = pl.concat(
        [
            frame.with_columns(
                pl.when(pl.col("Years") == "2025")
                .then(pl.lit("1O0"))
                .otherwise(pl.col("Values"))
                .alias("Values")
            ),
            frame.head(1).with_columns(pl.lit(999.0).alias("LA Number")),
            frame.head(1).with_columns(pl.lit("NotAMeasure").alias("Short Desc")),
            frame.head(1).with_columns(pl.lit("sometime").alias("Years")),
        ]
    )
    path = _extract(tmp_path / "lait_broken.parquet", broken)
    before = _counts()
    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    problems = {(p.file, p.row, p.column, p.value) for p in rejected.value.problems}
    # Parquet has no header line: row N is the Nth record.
    row_2025 = frame["Years"].to_list().index("2025") + 1
    assert ("lait_broken.parquet", row_2025, "Values", "1O0") in problems
    assert ("lait_broken.parquet", 11, "LA Number", "999") in problems
    assert ("lait_broken.parquet", 12, "Short Desc", "NotAMeasure") in problems
    assert ("lait_broken.parquet", 13, "Years", "sometime") in problems
    assert all(p.reason for p in rejected.value.problems)
    assert "nothing was changed" in str(rejected.value)
    assert _counts() == before


def test_unknown_area_is_rejected_with_its_row(tmp_path):
    frame = _herefordshire_lac().head(1).with_columns(pl.lit(999.0).alias("LA Number"))
    path = _extract(tmp_path / "lait_area.parquet", frame)
    before = _counts()
    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    [problem] = rejected.value.problems
    assert (problem.row, problem.column, problem.value) == (1, "LA Number", "999")
    assert "no area" in problem.reason
    assert _counts() == before


def test_missing_dictionary_is_a_clear_problem(tmp_path):
    path = _extract(tmp_path / "lait.parquet", _herefordshire_lac())
    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer="lait", path=path)
    assert "lait_data_dictionary.csv" in str(rejected.value)
