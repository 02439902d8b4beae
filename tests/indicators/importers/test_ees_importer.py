"""The EES importer on the real DfE files and on small fixtures.

Published figures are pinned from the files in demo/data/ees (DfE, Explore Education
Statistics: "Children looked after in England including adoptions" and "Characteristics of
children in need", as bundled by dfe-analytical-services/CSC_outcomes_and_enablers@2f5d11a).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees import EesImporter, ees_inspect, load_mapping
from cypp.indicators.models import Indicator, Observation, ObservationRevision, Source
from cypp.indicators.services import observations_import

from .conftest import DEMO, FIXTURES, MAPPINGS

CLA = DEMO / "ees" / "cla_number_and_rate_per_10k_children.csv"


def ees_import(path: Path, mapping: Path | dict, **kwargs: object):
    options = {"mapping": mapping if isinstance(mapping, dict) else load_mapping(mapping)}
    return observations_import(importer="ees", path=path, options=options, **kwargs)


def observation(code: str, area: str, period: str) -> Observation:
    return Observation.objects.get(
        indicator__source__key="ees", indicator__code=code, area__code=area, period__label=period
    )


# The real files -----------------------------------------------------------------------


@pytest.mark.django_db
def test_looked_after_rate_loads_with_herefordshire_2025(geography: None) -> None:
    report = ees_import(CLA, MAPPINGS / "cla_number_and_rate_per_10k_children.yaml", force=True)

    assert report.batch is not None and report.batch.rows_read == 2505
    hereford = observation("cla_rate", "E06000019", "2025")
    assert (hereford.value, hereford.numerator, hereford.denominator) == (100, 344, 34439)
    assert hereford.period.period_type == "reporting"
    england = observation("cla_rate", "E92000001", "2025")
    assert (england.value, england.numerator, england.denominator) == (67, 81770, 12183016)
    assert observation("cla_started_rate", "E92000001", "2025").numerator == 32270
    assert observation("cla_ceased_rate", "E92000001", "2025").value == 28
    # Cumbria (909) was abolished in 2023: every later value is z, a status, never an error.
    cumbria = observation("cla_rate", "E10000006", "2025")
    assert (cumbria.value, cumbria.status) == (None, "not_applicable")
    indicator = Indicator.objects.get(source__key="ees", code="cla_rate")
    assert (indicator.value_type, indicator.multiplier, indicator.polarity) == (
        "rate",
        10000,
        "none",
    )
    assert Source.objects.get(key="ees").credit == "Source: DfE, Explore Education Statistics"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mapping", "code", "area", "period", "value", "numerator"),
    [
        # Care leavers: the published "Total in education, employment or training" row.
        ("la_care_leavers_activity", "care_leavers_eet_19_21", "E06000019", "2025", 55, 64),
        ("la_care_leavers_activity", "care_leavers_eet_17_18", "E06000019", "2025", 51, 30),
        ("la_care_leavers_activity", "care_leavers_eet_17_18", "E92000001", "2025", 64, 9430),
        ("b1_children_in_need_2013_to_2025", "cin_at31", "E92000001", "2025", 402400, None),
        ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025", "cin_rereferral_pct",
         "E92000001", "2025", 22.6, 142900),
        ("d3_cpps_subsequent_plan_2013_to_2025", "cpp_subsequent_pct", "E06000019", "2025", 32.7, 66),
        ("d5_cpps_at31march_by_duration_2013_to_2025", "cpp_at31", "E92000001", "2025", 49420, None),
        ("ons_mid-year_population_estimates_2012_to_2024", "population_0_17", "E06000019", "2024",
         34439, None),
    ],
)  # fmt: skip
def test_demo_mappings_load_the_real_files(
    geography: None,
    mapping: str,
    code: str,
    area: str,
    period: str,
    value: float,
    numerator: float | None,
) -> None:
    ees_import(DEMO / "ees" / f"{mapping}.csv", MAPPINGS / f"{mapping}.yaml")

    found = observation(code, area, period)
    assert (found.value, found.numerator, found.status) == (value, numerator, "")


@pytest.mark.django_db
def test_council_recoded_by_ons_keeps_its_history_through_the_dfe_number(geography: None) -> None:
    """The CIN files key North Yorkshire by E10000023 until 2023 and E06000065 after."""
    report = ees_import(
        DEMO / "ees" / "b1_children_in_need_2013_to_2025.csv",
        MAPPINGS / "b1_children_in_need_2013_to_2025.yaml",
        force=True,
    )

    periods = Observation.objects.filter(
        indicator__code="cin_at31", indicator__source__key="ees", area__code="E06000065"
    ).values_list("period__label", flat=True)
    assert sorted(periods) == [str(y) for y in range(2013, 2026)]
    assert any("815 North Yorkshire (E10000023" in w for w in report.as_dict()["warnings"])


# Small fixtures -----------------------------------------------------------------------


def test_fixture_starts_with_a_byte_order_mark_and_shuffled_columns() -> None:
    raw = (FIXTURES / "ees_marks.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].split(b",", 1)[0] == b"rate_per_10000"


@pytest.mark.django_db
def test_every_status_mark_is_a_status(geography: None) -> None:
    report = ees_import(FIXTURES / "ees_marks.csv", FIXTURES / "ees_marks.yaml")

    statuses = dict(
        Observation.objects.filter(indicator__code="fixture_cla_rate").values_list(
            "area__code", "status"
        )
    )
    assert statuses == {
        "E92000001": "",
        "E12000005": "confidential",  # c
        "E13000001": "unavailable",  # x (Inner London: a sub-region at Regional level)
        "E06000019": "not_applicable",  # z
        "E10000034": "low_reliability",  # u
        "E10000016": "rounds_to_zero",  # low (Kent: no new_la_code, keyed by old_la_code 886)
        "E06000035": "rounds_to_zero",  # k
        "E10000017": "unavailable",  # -
        "E06000008": "",
        "E06000009": "confidential",  # C: marks are read whatever their case
    }
    assert not Observation.objects.filter(
        indicator__code="fixture_cla_rate", status__gt="", value__isnull=False
    ).exists()
    blackburn = observation("fixture_cla_rate", "E06000008", "2025")
    assert (blackburn.value, blackburn.numerator, blackburn.denominator) == (120, 480, 40000)
    warnings = report.as_dict()["warnings"]
    assert "1 rows at other geographic levels skipped: Local authority district (1)" in warnings
    assert "1 rows not mapped: no indicator's filters select them" in warnings
    assert report.as_dict()["rows_skipped"] == 2


@pytest.mark.django_db
def test_revised_file_keeps_old_values_as_revisions(
    geography: None, copy_fixture: Callable[..., Path]
) -> None:
    mapping = FIXTURES / "ees_marks.yaml"
    ees_import(FIXTURES / "ees_marks.csv", mapping)
    revised = copy_fixture(
        "ees_marks.csv",
        ("120,Blackburn", "118,Blackburn"),
        (",c,1300000", ",c,1310000"),
    )

    report = ees_import(revised, mapping)

    assert report.batch is not None and report.batch.rows_revised == 2
    assert report.batch.rows_unchanged == 8
    changes = {(c.area, c.field): (c.before, c.after) for c in report.changes}
    assert changes == {
        ("E06000008", "value"): (120.0, 118.0),
        ("E12000005", "denominator"): (1300000.0, 1310000.0),
    }
    blackburn = observation("fixture_cla_rate", "E06000008", "2025")
    assert blackburn.value == 118
    (revision,) = ObservationRevision.objects.filter(observation=blackburn)
    assert revision.previous["value"] == 120
    assert revision.replaced_by == report.batch


@pytest.mark.django_db
def test_reimport_duplicates_nothing(geography: None) -> None:
    mapping = FIXTURES / "ees_marks.yaml"
    first = ees_import(FIXTURES / "ees_marks.csv", mapping)
    again = ees_import(FIXTURES / "ees_marks.csv", mapping)
    forced = ees_import(FIXTURES / "ees_marks.csv", mapping, force=True)

    assert again.already_imported and again.batch == first.batch
    assert forced.batch is not None
    assert (forced.batch.rows_loaded, forced.batch.rows_revised, forced.batch.rows_unchanged) == (
        0,
        0,
        10,
    )
    assert Observation.objects.filter(indicator__code="fixture_cla_rate").count() == 10


@pytest.mark.django_db
def test_broken_file_is_rejected_whole_with_every_problem(
    geography: None, copy_fixture: Callable[..., Path], store_counts: Callable[[], dict[str, int]]
) -> None:
    broken = copy_fixture(
        "ees_marks.csv",
        ("120,Blackburn", "12O,Blackburn"),  # a letter O for a zero
        ("k,Medway,Reporting year", "k,Medway,Spring term"),
        # Neither code known: a new_la_code the geography lacks falls back to old_la_code.
        (
            "E06000035,Local authority,Children looked after on 31 March each year,2025,887",
            "E06009999,Local authority,Children looked after on 31 March each year,2025,",
        ),
        (",E12000005,West Midlands,E92000001,England,c,", ",,West Midlands,E92000001,England,c,"),
    )
    before = store_counts()

    with pytest.raises(ImportRejected) as caught:
        ees_import(broken, FIXTURES / "ees_marks.yaml")

    problems = {(p.row, p.column, p.value): p for p in caught.value.problems}
    assert all(p.file == "ees_marks.csv" for p in problems.values())
    assert "not a number nor a status mark" in problems[(10, "rate_per_10000", "12O")].reason
    assert "time identifier" in problems[(8, "time_identifier", "Spring term")].reason
    assert problems[(8, "new_la_code", "E06009999")].reason == "no area has this ONS or DfE code"
    assert problems[(3, "region_code", None)].reason == "no area code on a Regional row"
    assert store_counts() == before


@pytest.mark.django_db
def test_mapping_that_does_not_fit_the_file(
    geography: None, store_counts: Callable[[], dict[str, int]]
) -> None:
    mapping = load_mapping(FIXTURES / "ees_marks.yaml")
    entry = mapping["indicators"][0]
    entry["numerator"] = "children_number"
    entry["filters"] = {"population_type": "Children adopted", "age": "0 to 4"}
    before = store_counts()

    with pytest.raises(ImportRejected) as caught:
        ees_import(FIXTURES / "ees_marks.csv", mapping)

    reasons = {(p.column, p.value): p.reason for p in caught.value.problems}
    assert "not in the file" in reasons[("children_number", None)]
    assert "not in the file" in reasons[("age", None)]
    assert "no row has this value" in reasons[("population_type", "Children adopted")]
    assert (
        "'Children looked after on 31 March each year'"
        in reasons[("population_type", "Children adopted")]
    )
    assert store_counts() == before


def test_filters_that_leave_several_rows_per_area_say_which_column_to_add() -> None:
    mapping = load_mapping(MAPPINGS / "la_care_leavers_activity.yaml")
    del mapping["indicators"][0]["filters"]["care_leaver_age"]
    mapping["indicators"] = mapping["indicators"][:1]
    importer = EesImporter(DEMO / "ees" / "la_care_leavers_activity.csv", {"mapping": mapping})

    with pytest.raises(ImportRejected) as caught:
        importer.prepare()

    assert "add a filter on care_leaver_age" in caught.value.problems[0].reason


def test_meta_file_gives_titles_units_and_decimals() -> None:
    mapping = {
        "publication": "Fixture",
        "indicators": [
            {"code": "spend_primary", "value": "spend_pct", "filters": {"phase": "Primary"}},
        ],
    }
    prepared = EesImporter(FIXTURES / "ees_meta.csv", {"mapping": mapping}).prepare()

    (spec,) = prepared.indicators
    assert (spec.title, spec.unit, spec.value_type, spec.multiplier, spec.decimals) == (
        "Share of spending",
        "%",
        "proportion",
        100,
        1,
    )
    assert spec.period_type == "financial"
    rows = prepared.frame.select("area", "period", "value", "status").rows()
    assert rows == [
        ("E92000001", "202324", 45.5, ""),
        ("E06000019", "202324", 41.25, ""),
        ("E06000019", "202223", None, "confidential"),
    ]


def test_a_filter_column_cannot_be_the_value() -> None:
    mapping = {"indicators": [{"code": "x", "title": "X", "value": "year_group"}]}

    with pytest.raises(ImportRejected) as caught:
        EesImporter(FIXTURES / "ees_meta.csv", {"mapping": mapping}).prepare()

    assert "a Filter in ees_meta.meta.csv" in caught.value.problems[0].reason


# Inspection ---------------------------------------------------------------------------


def test_inspect_without_meta_tells_filters_from_indicators() -> None:
    found = ees_inspect(CLA)

    assert found["rows"] == 2505
    assert found["meta_file"] is None
    assert found["time_periods"] == ["2021", "2022", "2023", "2024", "2025"]
    assert found["time_identifiers"] == {"Reporting year": 2505}
    assert found["geographic_levels"] == {"Local authority": 2325, "National": 15, "Regional": 165}
    assert found["filters"] == {
        "population_type": [
            "Children ceasing to be looked after each year",
            "Children looked after on 31 March each year",
            "Children starting to be looked after each year",
        ]
    }
    assert list(found["indicators"]) == ["population_estimate", "children_count", "rate_per_10000"]
    assert found["status_marks"]["rate_per_10000"] == {"z": 56, "c": 2}


def test_inspect_with_meta_takes_filters_and_labels_from_it() -> None:
    found = ees_inspect(FIXTURES / "ees_meta.csv")

    assert found["meta_file"] == "ees_meta.meta.csv"
    # year_group holds only numbers, yet the meta file says it is a filter.
    assert found["filters"] == {"phase": ["Primary", "Secondary"], "year_group": ["1"]}
    assert found["indicators"] == {
        "spend_pct": "Share of spending (unit '%', 1 dp)",
        "pupils": "Number of pupils (0 dp)",
    }
    assert found["status_marks"] == {"spend_pct": {"c": 1}, "pupils": {"c": 1}}


def test_inspect_of_a_file_that_is_not_ees(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n")

    with pytest.raises(ImportRejected) as caught:
        ees_inspect(path)

    columns = {p.column for p in caught.value.problems}
    assert columns == {"time_period", "time_identifier", "geographic_level"}


# The mapping file ---------------------------------------------------------------------


def test_every_demo_mapping_is_valid() -> None:
    for path in sorted(MAPPINGS.glob("*.yaml")):
        mapping = load_mapping(path)
        assert (DEMO / "ees" / f"{path.stem}.csv").exists(), path.name
        assert mapping["indicators"]


def test_mapping_problems_name_the_file_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "publication: Test\n"
        "colour: blue\n"
        "indicators:\n"
        "  - code: one\n"
        "    title: One\n"
        "    value: v\n"
        "    value_type: percentage\n"
        "    multiplier: ten\n"
        "    filters: [a, b]\n"
        "  - code: one\n"
        "    title: Two\n"
        "    polarity: up\n"
    )

    with pytest.raises(ImportRejected) as caught:
        load_mapping(path)

    found = {p.column: p for p in caught.value.problems}
    assert all(p.file == "bad.yaml" for p in found.values())
    assert found["colour"].row == 2 and "unknown key" in found["colour"].reason
    assert found["indicators[0].value_type"].row == 7
    assert found["indicators[0].value_type"].value == "percentage"
    assert "whole number" in found["indicators[0].multiplier"].reason
    assert "filter columns" in found["indicators[0].filters"].reason
    assert "the same code as indicators[0]" in found["indicators[1].code"].reason
    assert "value column" in found["indicators[1].value"].reason
    assert found["indicators[1].value"].row == 10  # the entry lacking it
    assert found["indicators[1].polarity"].row == 12


def test_mapping_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("indicators:\n  - code: [unclosed\n")

    with pytest.raises(ImportRejected) as caught:
        load_mapping(path)

    (problem,) = caught.value.problems
    assert problem.file == "broken.yaml" and problem.row is not None
    assert "not valid YAML" in problem.reason


def test_import_without_a_mapping() -> None:
    with pytest.raises(ImportRejected) as caught:
        EesImporter(CLA, {}).prepare()

    assert "options['mapping'] is required" in caught.value.problems[0].reason


def test_keys_written_as_null_are_left_out() -> None:
    mapping = {
        "publication": "Fixture",
        "topic": None,
        "url": None,
        "indicators": [
            {
                "code": "pupils",
                "value": "pupils",
                "lower_95": None,
                "filters": {"phase": "Primary"},
            },
        ],
    }
    prepared = EesImporter(FIXTURES / "ees_meta.csv", {"mapping": mapping}).prepare()

    (spec,) = prepared.indicators
    assert (spec.title, spec.topic, spec.methodology_url) == ("Number of pupils", "Fixture", "")
