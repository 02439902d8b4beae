"""The tidy importer: CYPP's own CSV for local data (docs/data-formats.md)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.tidy import TidyImporter
from cypp.indicators.models import Indicator, Observation, ObservationRevision, Source
from cypp.indicators.services import observations_import

from .conftest import FIXTURES

EXAMPLE = FIXTURES / "tidy_example.csv"


def tidy_import(path: Path, **kwargs: object):
    return observations_import(importer="tidy", path=path, **kwargs)


@pytest.mark.django_db
def test_documented_example_loads(geography: None) -> None:
    report = tidy_import(EXAMPLE)

    assert report.batch is not None and report.batch.rows_loaded == 6
    source = Source.objects.get(key="local")
    assert source.name == "Local data"
    ehcp = Indicator.objects.get(source=source, code="ehcp_20_weeks")
    assert (ehcp.title, ehcp.unit, ehcp.value_type, ehcp.multiplier) == (
        "EHC plans issued within 20 weeks",
        "% of plans issued",
        "proportion",
        100,
    )
    assert (ehcp.polarity, ehcp.decimals, ehcp.period_type) == ("high", 1, "financial")
    assert ehcp.definition.startswith("New EHC plans issued within 20 weeks, excluding")
    rows = {
        (o.area.code, o.period.label): o
        for o in Observation.objects.filter(indicator=ehcp).select_related("area", "period")
    }
    latest = rows[("E06000019", "2024-25")]
    assert (latest.value, latest.numerator, latest.denominator) == (61.5, 123, 200)
    assert (latest.lower_95, latest.upper_95, latest.provisional, latest.estimate) == (
        54.6,
        68.0,
        True,
        False,
    )
    # The DfE number 884 names Herefordshire too.
    suppressed = rows[("E06000019", "2022-23")]
    assert (suppressed.value, suppressed.status) == (None, "confidential")
    assert suppressed.value_note == "Fewer than 5 plans issued in the quarter"
    assert rows[("E92000001", "2024-25")].estimate is True
    visits = Indicator.objects.get(source=source, code="youth_club_visits")
    assert (visits.value_type, visits.multiplier, visits.decimals) == ("count", 1, 0)
    closed = Observation.objects.get(indicator=visits, period__label="2023")
    assert (closed.status, closed.value_note) == (
        "not_applicable",
        "Clubs closed for refurbishment",
    )


def test_every_status_mark_and_word() -> None:
    prepared = TidyImporter(FIXTURES / "tidy_marks.csv").prepare()

    statuses = dict(prepared.frame.select("area", "status").rows())
    assert statuses == {
        "E92000001": "confidential",  # c
        "E06000019": "unavailable",  # x
        "E10000034": "not_applicable",  # z
        "E10000016": "low_reliability",  # u
        "E06000035": "rounds_to_zero",  # low
        "E10000017": "rounds_to_zero",  # k
        "E06000008": "unavailable",  # -
        "E06000009": "confidential",  # the word, with no value
        "E12000005": "low_reliability",  # the word, with its value
        "E12000002": "rounds_to_zero",
        "E12000008": "unavailable",  # blank value, no status
        "E13000001": "",  # "published"
    }
    values = dict(prepared.frame.select("area", "value").rows())
    assert (values["E12000005"], values["E12000002"], values["E92000001"]) == (3.5, 0, None)


def test_byte_order_mark_and_shuffled_columns_change_nothing(tmp_path: Path) -> None:
    plain = TidyImporter(EXAMPLE).prepare()
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    buffer = io.BytesIO()
    frame.select(list(reversed(frame.columns))).write_csv(buffer)
    path = tmp_path / "shuffled.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue())

    again = TidyImporter(path).prepare()

    assert again.frame.equals(plain.frame)
    assert again.indicators == plain.indicators


def test_source_key_from_options() -> None:
    prepared = TidyImporter(EXAMPLE, {"source": "herefordshire"}).prepare()
    assert (prepared.source.key, prepared.source.name) == ("herefordshire", "Local data")

    with pytest.raises(ImportRejected) as caught:
        TidyImporter(EXAMPLE, {"source": "Herefordshire Council"}).prepare()
    assert caught.value.problems[0].file == "options"


def test_differing_metadata_within_an_indicator_is_a_problem(
    copy_fixture: Callable[..., Path],
) -> None:
    path = copy_fixture("tidy_example.csv", ("54.9,,no,no,,,,,,,,", "54.9,,no,no,,,,,,low,,"))

    with pytest.raises(ImportRejected) as caught:
        TidyImporter(path).prepare()

    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "polarity", "low")
    assert problem.reason == "indicator ehcp_20_weeks: polarity differs from row 2 ('high')"


@pytest.mark.django_db
def test_revised_file_and_reimport(geography: None, copy_fixture: Callable[..., Path]) -> None:
    first = tidy_import(EXAMPLE)
    again = tidy_import(EXAMPLE)
    revised = copy_fixture(
        "tidy_example.csv", ("2024-25,financial,61.5,123,", "2024-25,financial,62.0,124,")
    )

    report = tidy_import(revised)

    assert again.already_imported and again.batch == first.batch
    assert report.batch is not None
    assert (report.batch.rows_loaded, report.batch.rows_revised, report.batch.rows_unchanged) == (
        0,
        1,
        5,
    )
    assert {(c.field, c.before, c.after) for c in report.changes} == {
        ("value", 61.5, 62.0),
        ("numerator", 123.0, 124.0),
    }
    revision = ObservationRevision.objects.get(observation__indicator__code="ehcp_20_weeks")
    assert (revision.previous["value"], revision.previous["numerator"]) == (61.5, 123)
    assert Observation.objects.filter(indicator__source__key="local").count() == 6


@pytest.mark.django_db
def test_broken_file_is_rejected_and_writes_nothing(
    geography: None, tmp_path: Path, store_counts: Callable[[], dict[str, int]]
) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        "indicator,area,period,period_type,value,status,provisional,multiplier\n"
        "ok,E06000019,2024,calendar,1,,,\n"
        "ok,E06000019,2023,fiscal,2,,,\n"
        "ok,E06000019,2022,calendar,1.2.3,,,\n"
        "ok,E06000019,2021,calendar,4,secret,,\n"
        "ok,E06000019,2020,calendar,5,confidential,,\n"
        "ok,E06000019,2019,calendar,6,,maybe,\n"
        "ok,E99999999,2018,calendar,7,,,\n"
        "ok,E06000019,20xx,calendar,8,,,\n"
        ",E06000019,2017,calendar,9,,,\n"
        "other,E06000019,2017,calendar,9,,,per cent\n"
    )
    before = store_counts()

    with pytest.raises(ImportRejected) as caught:
        tidy_import(path)

    found = {(p.row, p.column): (p.value, p.reason) for p in caught.value.problems}
    assert found[(3, "period_type")][0] == "fiscal"
    assert found[(4, "value")] == ("1.2.3", "not a number nor a status mark")
    assert found[(5, "status")][0] == "secret"
    assert found[(7, "provisional")] == ("maybe", "must be yes or no")
    assert found[(10, "indicator")] == (None, "required")
    assert store_counts() == before
    # The second pass (statuses, periods, areas, metadata) runs once the cells are readable.
    path.write_text(
        "indicator,area,period,period_type,value,status,multiplier\n"
        "ok,E06000019,2020,calendar,5,confidential,\n"
        "ok,E99999999,2018,calendar,7,,\n"
        "ok,E06000019,20xx,calendar,8,,\n"
        "other,E06000019,2017,calendar,9,,per cent\n"
    )
    with pytest.raises(ImportRejected) as caught:
        tidy_import(path)
    found = {(p.row, p.column): (p.value, p.reason) for p in caught.value.problems}
    assert found[(2, "value")][1] == "a value on a row whose status says there is none"
    assert found[(3, "area")] == ("E99999999", "no area has this ONS or DfE code")
    assert found[(4, "period")][0] == "20xx"
    assert found[(5, "multiplier")] == ("per cent", "must be a whole number from 1 to 1,000,000")
    assert store_counts() == before


def test_missing_required_columns() -> None:
    with pytest.raises(ImportRejected) as caught:
        TidyImporter(FIXTURES / "ees_meta.csv").prepare()

    assert {p.column for p in caught.value.problems if p.reason.startswith("required")} == {
        "indicator",
        "area",
        "period",
        "period_type",
        "value",
    }
    # The file's own columns are named too: the tidy CSV takes no column it does not know.
    unknown = {p.column for p in caught.value.problems if p.reason.startswith("unknown column")}
    assert "time_period" in unknown
