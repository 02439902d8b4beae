"""The Fingertips importer on the real OHID export and on small fixtures.

Published figures are pinned from demo/data/fingertips/la_hospital_admissions_2324.csv
(OHID Fingertips, indicator 90284: hospital admissions caused by unintentional and
deliberate injuries in children aged 0 to 14, crude rate per 10,000).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.fingertips import FingertipsImporter, fingertips_indicator_code
from cypp.indicators.models import Indicator, Observation, ObservationRevision, Source
from cypp.indicators.services import observations_import

from .conftest import DEMO, FIXTURES

EXPORT = DEMO / "fingertips" / "la_hospital_admissions_2324.csv"


def fingertips_import(path: Path, **kwargs: object):
    return observations_import(importer="fingertips", path=path, **kwargs)


def observation(code: str, area: str, period: str) -> Observation:
    # Fingertips writes financial years 2023/24; CYPP keeps one label per year, 2023-24.
    return Observation.objects.get(
        indicator__source__key="fingertips",
        indicator__code=code,
        area__code=area,
        period__label=period,
    )


@pytest.mark.django_db
def test_real_export_loads_with_herefordshire_2023_24(geography: None) -> None:
    report = fingertips_import(EXPORT, force=True)

    found = observation("90284", "E06000019", "2023-24")
    assert (found.value, found.lower_95, found.upper_95) == (94.49437, 84.12861, 107.3396)
    assert (found.lower_998, found.upper_998) == (78.20888, 114.628)
    assert (found.numerator, found.denominator) == (265, 28044)
    assert found.period.period_type == "financial"
    assert observation("90284-male", "E06000019", "2023-24").value == 96.51179
    assert observation("90284-female", "E06000019", "2023-24").numerator == 125
    indicator = Indicator.objects.get(source__key="fingertips", code="90284")
    assert (indicator.value_type, indicator.multiplier, indicator.unit) == (
        "rate",
        10000,
        "Rate per 10,000",
    )
    # "Better" than England falls on lower values: low is good.
    assert indicator.polarity == "low"
    assert indicator.population == "Persons, <15 yrs"
    assert Source.objects.get(key="fingertips").credit == "Source: OHID Fingertips"
    result = report.as_dict()
    assert result["rows_read"] == 7208
    assert result["rows_skipped"] == 1330 + 38
    assert any(w.startswith("1330 rows of inequality breakdowns") for w in result["warnings"])


@pytest.mark.django_db
def test_no_value_with_a_note_is_unavailable_and_keeps_the_note(geography: None) -> None:
    fingertips_import(EXPORT)

    scilly = observation("90284", "E06000053", "2023-24")
    assert (scilly.value, scilly.status) == (None, "unavailable")
    assert scilly.value_note == "Value for Cornwall and Isles of Scilly combined"


def test_small_export_periods_multipliers_and_polarity() -> None:
    prepared = FingertipsImporter(FIXTURES / "fingertips_small.csv").prepare()

    specs = {s.code: s for s in prepared.indicators}
    assert sorted(specs) == ["99997", "99998", "99999", "99999-male"]
    assert (specs["99999"].value_type, specs["99999"].multiplier) == ("proportion", 100)
    assert specs["99999"].polarity == "high"  # Worse below England, Better above
    assert specs["99999-male"].title == "Fixture proportion (Male)"
    assert (specs["99998"].value_type, specs["99998"].multiplier) == ("rate", 10000)
    assert specs["99998"].polarity == "none"  # only Higher/Lower: no judgement
    assert specs["99997"].polarity == "low"
    frame = prepared.frame
    periods = dict(frame.select("indicator", pl.struct("period", "period_type")).unique().rows())
    assert periods["99998"] == {"period": "2018-20", "period_type": "rolling"}
    assert periods["99999"] == {"period": "2019", "period_type": "calendar"}
    assert periods["99997"] == {"period": "2022/23", "period_type": "financial"}
    # England is written twice (as itself and under its parent): one row kept.
    england = frame.filter((pl.col("indicator") == "99999") & (pl.col("area") == "E92000001"))
    assert england.height == 1
    assert prepared.rows_skipped == 2  # the decile row and the repeated England row
    suppressed = frame.filter(pl.col("area") == "E06000008").row(0, named=True)
    assert suppressed["status"] == "unavailable"
    assert suppressed["value_note"] == "Value suppressed for disclosure control due to small count"
    noted = frame.filter(pl.col("area") == "E06000009").row(0, named=True)
    assert (noted["value"], noted["value_note"]) == (52, "Should be treated with caution")


def test_options_override_period_type_and_polarity() -> None:
    options = {"period_type": "academic", "polarity": "low"}
    prepared = FingertipsImporter(FIXTURES / "fingertips_small.csv", options).prepare()

    assert {s.polarity for s in prepared.indicators} == {"low"}
    types = prepared.frame.filter(pl.col("indicator") == "99997")["period_type"].unique()
    assert types.to_list() == ["academic"]


def test_inconsistent_multiplier_is_a_problem(copy_fixture: Callable[..., Path]) -> None:
    path = copy_fixture("fingertips_small.csv", (",2019,60,50.1,", ",2019,6,50.1,"))

    with pytest.raises(ImportRejected) as caught:
        FingertipsImporter(path).prepare()

    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "Value", "6.0")
    assert "multiplier is inconsistent" in problem.reason


def test_a_given_multiplier_is_not_checked(copy_fixture: Callable[..., Path]) -> None:
    # Worcestershire's count 60 of 100 made 6: the value 60 is no longer count/denominator x 100
    # (its limits still bracket it, which is checked whatever the multiplier).
    path = copy_fixture("fingertips_small.csv", (",46.3,72.4,60,100,", ",46.3,72.4,6,100,"))

    # value_type other: the fixture's rate per 100 (150 in 2022/23) is not a percentage.
    prepared = FingertipsImporter(path, {"multiplier": "100", "value_type": "other"}).prepare()

    assert {s.multiplier for s in prepared.indicators} == {100}


def test_every_status_mark_is_a_status() -> None:
    prepared = FingertipsImporter(FIXTURES / "fingertips_marks.csv").prepare()

    statuses = dict(prepared.frame.select("area", "status").rows())
    assert statuses == {
        "E92000001": "confidential",
        "E06000019": "unavailable",
        "E10000034": "not_applicable",
        "E10000016": "low_reliability",
        "E06000035": "rounds_to_zero",
        "E10000017": "rounds_to_zero",
        "E06000008": "unavailable",
        "E06000009": "",
    }
    assert prepared.frame["value"].drop_nulls().to_list() == [12.5]
    # No count or denominator: the multiplier cannot be inferred and is said to be 1.
    assert any("no count and denominator" in w for w in prepared.warnings)


def test_byte_order_mark_and_shuffled_columns_change_nothing(tmp_path: Path) -> None:
    plain = FingertipsImporter(FIXTURES / "fingertips_small.csv").prepare()
    frame = pl.read_csv(FIXTURES / "fingertips_small.csv", infer_schema=False)
    shuffled = frame.select(list(reversed(frame.columns)))
    buffer = io.BytesIO()
    shuffled.write_csv(buffer)
    path = tmp_path / "shuffled.csv"
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue())

    again = FingertipsImporter(path).prepare()

    assert again.frame.equals(plain.frame)
    assert again.indicators == plain.indicators


@pytest.mark.django_db
def test_revised_export_keeps_old_values_and_reimport_duplicates_nothing(
    geography: None, copy_fixture: Callable[..., Path]
) -> None:
    first = fingertips_import(FIXTURES / "fingertips_small.csv")
    assert fingertips_import(FIXTURES / "fingertips_small.csv").already_imported
    revised = copy_fixture(
        "fingertips_small.csv",
        (",2022/23,150,140,160,135,166,300,", ",2022/23,150,141,160,135,166,300,"),
    )

    report = fingertips_import(revised)

    assert first.batch is not None and report.batch is not None
    assert (report.batch.rows_loaded, report.batch.rows_revised) == (0, 1)
    assert report.batch.rows_unchanged == first.batch.rows_loaded - 1
    (change,) = report.changes
    assert (change.indicator, change.area, change.field, change.before, change.after) == (
        "99997",
        "E06000019",
        "lower_95",
        140.0,
        141.0,
    )
    revision = ObservationRevision.objects.get(observation__indicator__code="99997")
    assert revision.previous["lower_95"] == 140
    assert Observation.objects.filter(indicator__code__startswith="9999").count() == (
        first.batch.rows_loaded
    )


@pytest.mark.django_db
def test_broken_export_is_rejected_and_writes_nothing(
    geography: None, copy_fixture: Callable[..., Path], store_counts: Callable[[], dict[str, int]]
) -> None:
    broken = copy_fixture(
        "fingertips_small.csv",
        (",2019,40,30.5,", ",2019,forty,30.5,"),
        ("E10000034,Worcestershire", "E10009999,Nowhere"),
        (",2022/23,100,", ",2022/23 (prov) Q5,100,"),
    )
    before = store_counts()

    with pytest.raises(ImportRejected) as caught:
        fingertips_import(broken)

    problems = {(p.row, p.column, p.value): p.reason for p in caught.value.problems}
    assert problems[(4, "Value", "forty")] == "not a number"
    assert problems[(5, "Area Code", "E10009999")] == "no area has this ONS code"
    assert "not a period" in problems[(12, "Time period", "2022/23 (prov) Q5")]
    assert {p.file for p in caught.value.problems} == {"fingertips_small.csv"}
    assert store_counts() == before


def test_differing_repeats_are_a_problem(copy_fixture: Callable[..., Path]) -> None:
    path = copy_fixture(
        "fingertips_small.csv",
        (
            ",0-17 yrs,,,2019,50,48,52,47,53,500,1000,,,Similar",
            ",0-17 yrs,,,2019,50,48,52,47,53,501,1000,,,Similar",
        ),
    )

    with pytest.raises(ImportRejected) as caught:
        FingertipsImporter(path).prepare()

    assert any("differs from row 2" in p.reason for p in caught.value.problems)


def test_several_age_groups_need_the_age_option(copy_fixture: Callable[..., Path]) -> None:
    path = copy_fixture("fingertips_small.csv", ("Male,0-17 yrs", "Male,5-17 yrs"))

    with pytest.raises(ImportRejected) as caught:
        FingertipsImporter(path).prepare()
    assert "several age groups (0-17 yrs, 5-17 yrs)" in caught.value.problems[0].reason

    prepared = FingertipsImporter(path, {"age": "0-17 yrs"}).prepare()
    assert "99999-male" not in {s.code for s in prepared.indicators}


def test_indicator_codes() -> None:
    assert fingertips_indicator_code(90284, "Persons") == "90284"
    assert fingertips_indicator_code("90284", "Female") == "90284-female"
    assert fingertips_indicator_code("90284", "Not applicable") == "90284-not-applicable"
