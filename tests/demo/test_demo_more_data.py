"""The second batch of real files in the demo: EYFSP, SEN2, absence of children in need,
pupil attendance and the indices of deprivation by district.

The session's evidence store holds the whole demo files (``tests/conftest.py`` loads the
demo evidence). Each expected figure is read here with the ``csv`` module from an extract
in ``fixtures/more_data/``: the header and the rows for Herefordshire (E06000019),
Worcestershire (E10000034), the West Midlands (E12000005) and England (E92000001), byte for
byte as published (see ``demo/data/README.md``), never through the importers.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from cypp.geography.models import Area, AreaType
from cypp.geography.selectors import area_districts, area_get
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.models import Observation
from cypp.indicators.services import observations_import
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "more_data"
MAPPINGS = ROOT / "demo" / "mappings"
AREAS = {
    "E06000019": "Herefordshire",
    "E10000034": "Worcestershire",
    "E12000005": "West Midlands",
    "E92000001": "England",
}
# The DfE's status marks and what each says (EES "Symbols" guidance), written here so the
# test does not take them from the code under test.
MARKS = {
    "c": "confidential",
    "x": "unavailable",
    "z": "not_applicable",
    "k": "rounds_to_zero",
    "low": "rounds_to_zero",
}
WORCESTERSHIRE_DISTRICTS = {
    "E07000234": "Bromsgrove",
    "E07000235": "Malvern Hills",
    "E07000236": "Redditch",
    "E07000237": "Worcester",
    "E07000238": "Wychavon",
    "E07000239": "Wyre Forest",
}

pytestmark = pytest.mark.django_db


def _rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _area(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return row["country_code"]
    if level == "Regional":
        return row["region_code"]
    return row["new_la_code"]


def _academic(time_period: str) -> str:
    """EES 202122 -> 2021/22, the academic-year label CYPP writes."""
    return f"{time_period[:4]}/{time_period[4:]}"


def _stored(reference: str, area: str) -> dict[str, Observation]:
    source, _, code = reference.partition(":")
    return {
        o.period.label: o
        for o in Observation.objects.filter(
            indicator__source__key=source, indicator__code=code, area__code=area
        ).select_related("period")
    }


def _check(observation: Observation, cell: str, *, scale: float = 1.0) -> None:
    """The stored value is the cell's number, or no value and the mark's status."""
    text = cell.strip()
    if text.lower() in MARKS:
        assert observation.value is None
        assert observation.status == MARKS[text.lower()]
    else:
        assert observation.value == pytest.approx(float(text) * scale, abs=1e-9)
        assert observation.status == ""


# --- each file imports ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("importer", "name"),
    [
        ("ees", "1_eyfsp_headline_measures_2022.csv"),
        ("ees", "sen2_mi.csv"),
        ("ees", "absence_la.csv"),
        ("ees", "EES_ytd_data.csv"),
        ("iod", "indices_of_deprivation_2025_lad.csv"),
    ],
)
def test_each_extract_imports_and_agrees_with_the_whole_demo_file(importer: str, name: str) -> None:
    """The extract's rows are the demo file's rows: importing them changes nothing."""
    options: dict[str, Any] = {}
    if importer == "ees":
        options["mapping"] = load_mapping(MAPPINGS / f"{name.removesuffix('.csv')}.yaml")
    report = observations_import(importer=importer, path=FIXTURES / name, options=options)
    result = report.as_dict()
    assert not report.already_imported
    assert result["rows_loaded"] == 0
    assert result["rows_revised"] == 0


# --- EYFSP: good level of development, 2021/22 ---------------------------------------


def test_good_level_of_development_is_the_published_all_children_figure() -> None:
    rows = [
        r
        for r in _rows("1_eyfsp_headline_measures_2022.csv")
        if r["geographic_level"] != "Local authority district"
        and (r["characteristic_type"], r["characteristic"], r["gender"]) == ("Total",) * 3
    ]
    assert {_area(r) for r in rows} == set(AREAS)
    for row in rows:
        observation = _stored("ees:eyfsp_gld_pct", _area(row))["2021/22"]
        _check(observation, row["gld_percentage"])
        assert observation.numerator == float(row["gld_number"])
        assert observation.denominator == float(row["children_number"])
    # The published figures, as the DfE's release states them.
    assert _stored("ees:eyfsp_gld_pct", "E06000019")["2021/22"].value == 71.8
    assert _stored("ees:eyfsp_gld_pct", "E92000001")["2021/22"].value == 65.2


def test_the_district_level_of_the_eyfsp_file_is_skipped() -> None:
    """The file's fourth level, Local authority district, is left out knowingly: the county
    figure is at the LA level, and Herefordshire's district row repeats its LA row."""
    districts = [
        r for r in _rows("1_eyfsp_headline_measures_2022.csv")
        if r["geographic_level"] == "Local authority district"
    ]  # fmt: skip
    assert {r["lad_code"] for r in districts} >= set(WORCESTERSHIRE_DISTRICTS)
    assert not Observation.objects.filter(
        indicator__code="eyfsp_gld_pct", area__code__in=list(WORCESTERSHIRE_DISTRICTS)
    ).exists()
    herefordshire = [r for r in districts if r["lad_code"] == "E06000019"]
    assert herefordshire[0]["gld_percentage"] == "71.800000"
    assert len(_stored("ees:eyfsp_gld_pct", "E06000019")) == 1


def test_lait_and_the_dfe_file_agree_on_2021_22() -> None:
    """LAIT's FSP_NEW_GOODDEV labels the same year "2022": the same figures."""
    for code in ("E06000019", "E10000034"):
        dfe = _stored("ees:eyfsp_gld_pct", code)["2021/22"].value
        stored = _stored("lait:FSP_NEW_GOODDEV", code)
        lait = [stored[label].value for label in ("2022", "2021/22") if label in stored]
        assert lait == [dfe]


# --- SEN2: new EHC plans issued within 20 weeks --------------------------------------


def test_ehc_plans_within_20_weeks_read_twelve_decimals_leading_spaces_and_marks() -> None:
    rows = _rows("sen2_mi.csv")
    cells = [r["inc_exc_20week_rate"] for r in rows] + [r["no_exc_20week_rate"] for r in rows]
    # The quirks are in the extract: 12 decimals before 2022, a leading space in 2022, marks.
    assert "85.700000000000" in cells or any(c.endswith(".000000000000") for c in cells)
    assert any(c.startswith(" ") and c.strip() for c in cells)
    assert any(c.strip() in MARKS for c in cells)
    assert {_area(r) for r in rows} == set(AREAS)
    checked = 0
    for row in rows:
        for reference, column in (
            ("ees:ehc_20wk_incl_exceptions_pct", "inc_exc_20week_rate"),
            ("ees:ehc_20wk_excl_exceptions_pct", "no_exc_20week_rate"),
        ):
            _check(_stored(reference, _area(row))[row["time_period"]], row[column])
            checked += 1
    assert checked == 4 * 9 * 2  # four areas, 2014 to 2022, two rates
    herefordshire_2022 = _stored("ees:ehc_20wk_incl_exceptions_pct", "E06000019")["2022"]
    assert herefordshire_2022.value == 74.691  # " 74.691" in the file
    assert herefordshire_2022.numerator == 121
    worcestershire_2014 = _stored("ees:ehc_20wk_excl_exceptions_pct", "E10000034")["2014"]
    assert (worcestershire_2014.value, worcestershire_2014.status) == (None, "not_applicable")


# --- absence of children in need, on a plan, looked after ----------------------------


def test_absence_of_children_in_need_is_the_all_schools_headline() -> None:
    groups = {
        "CINO at 31 March": "cin",
        "CPPO at 31 March": "cpp",
        "CLA 12 months at 31 March": "cla",
    }
    rows = _rows("absence_la.csv")
    assert {r["phase_type_grouping"] for r in rows} == {"Total"}
    checked = 0
    for row in rows:
        prefix = groups[row["social_care_group"]]
        label = _academic(row["time_period"])
        overall = _stored(f"ees:{prefix}_absence_overall_pct", _area(row))[label]
        _check(overall, row["pt_overall"])
        persistent = _stored(f"ees:{prefix}_absence_persistent_pct", _area(row))[label]
        _check(persistent, row["pt_pupils_pa_10_exact"])
        checked += 1
    assert checked == 4 * 3 * 7
    # 2019/20 was not published (x): a status, never a number.
    pandemic = _stored("ees:cin_absence_overall_pct", "E06000019")["2019/20"]
    assert (pandemic.value, pandemic.status) == (None, "unavailable")
    assert _stored("ees:cin_absence_overall_pct", "E06000019")["2024/25"].value == 19.7


# --- pupil attendance 2024/25, year to date, by phase -------------------------------


def test_attendance_is_by_phase_and_no_local_authority_total_is_made() -> None:
    rows = _rows("EES_ytd_data.csv")
    phases = {"Primary": "primary", "Secondary": "secondary", "Special": "special"}
    for row in rows:
        if row["education_phase"] == "Total":
            continue
        reference = f"ees:attendance_ytd_absence_{phases[row['education_phase']]}_pct"
        observation = _stored(reference, _area(row))["2024/25"]
        _check(observation, row["overall_absence_perc"])
        # Independently: sessions missed over sessions possible.
        share = 100 * float(row["overall_absence"]) / float(row["possible_sessions"])
        assert observation.value == pytest.approx(share, abs=1e-6)
    # Local authorities have no Total row, so no all-schools figure is stored for any area.
    la_phases = {r["education_phase"] for r in rows if r["geographic_level"] == "Local authority"}
    assert la_phases == {"Primary", "Secondary", "Special"}
    assert not Observation.objects.filter(indicator__code__contains="attendance_ytd_absence_total")


def test_no_total_is_made_because_the_file_cannot_reproduce_the_dfe_total() -> None:
    """Why each phase stays its own indicator. The regional Total row's session counts are
    the sums of its phases', yet its published rate is neither sessions missed over sessions
    possible nor the mean of the phases' rates: a total made for a local authority from this
    file would not be the DfE's figure."""
    rows = [r for r in _rows("EES_ytd_data.csv") if _area(r) == "E12000005"]
    by_phase = {r["education_phase"]: r for r in rows}
    phases = [by_phase[p] for p in ("Primary", "Secondary", "Special")]
    missed = sum(int(r["overall_absence"]) for r in phases)
    possible = sum(int(r["possible_sessions"]) for r in phases)
    total = by_phase["Total"]
    assert (missed, possible) == (int(total["overall_absence"]), int(total["possible_sessions"]))
    published = float(total["overall_absence_perc"])  # 6.940627052
    assert abs(100 * missed / possible - published) > 0.02  # 6.9643: sessions-weighted
    mean = sum(float(r["overall_absence_perc"]) for r in phases) / 3
    assert abs(mean - published) > 1  # 8.83: a plain average misleads more
    for phase in phases:  # each phase's rate is its own sessions missed over possible
        share = 100 * int(phase["overall_absence"]) / int(phase["possible_sessions"])
        assert share == pytest.approx(float(phase["overall_absence_perc"]), abs=1e-8)


# --- indices of deprivation 2025, by district ----------------------------------------


def test_districts_sit_under_their_county() -> None:
    worcestershire = area_get(code="E10000034")
    districts = area_districts(area=worcestershire)
    assert {d.code: d.name for d in districts} == WORCESTERSHIRE_DISTRICTS
    assert {d.area_type for d in districts} == {AreaType.DISTRICT}
    assert {d.region.code for d in districts if d.region} == {"E12000005"}
    herefordshire = area_get(code="E06000019")
    assert area_districts(area=herefordshire) == [herefordshire]  # a unitary: both tiers
    assert area_districts(area=area_get(code="E12000005")) == []
    # England's 296 lower-tier areas: 164 districts of 21 counties, the rest both tiers.
    assert Area.objects.filter(area_type=AreaType.DISTRICT).count() == 164
    assert Area.objects.filter(area_type=AreaType.DISTRICT, county=None).count() == 0


def test_deprivation_is_by_district_and_no_county_figure_is_invented() -> None:
    rows = _rows("indices_of_deprivation_2025_lad.csv")
    domains = {
        "Index of Multiple Deprivation": "imd",
        "Income Deprivation Affecting Children": "idaci",
    }
    assert {r["area_code"] for r in rows} == {*WORCESTERSHIRE_DISTRICTS, "E06000019"}
    for row in rows:
        prefix = domains[row["index_domain"]]
        for suffix, column, scale in (
            ("average_score", "average_score", 1.0),
            ("average_rank", "average_rank", 1.0),
            ("most_deprived_10pct", "proportion_bottom_decile", 100.0),
        ):
            observation = _stored(f"iod:{prefix}_{suffix}", row["area_code"])["2025"]
            _check(observation, row[column], scale=scale)
    assert not Observation.objects.filter(
        indicator__source__key="iod", area__code="E10000034"
    ).exists()
    assert not Observation.objects.filter(
        indicator__source__key="iod", area__area_type__in=[AreaType.REGION, AreaType.ENGLAND]
    ).exists()
    # Herefordshire, a unitary, has its own figure: the published IDACI average score.
    idaci = _stored("iod:idaci_average_score", "E06000019")["2025"]
    assert idaci.value == 0.315
    assert idaci.value_note == "Ranked 155 among England's districts (1 is the most deprived)."
    wyre_forest = _stored("iod:idaci_most_deprived_10pct", "E07000239")["2025"]
    expected = [
        r for r in rows
        if r["area_code"] == "E07000239" and r["index_domain"].startswith("Income Deprivation A")
    ]  # fmt: skip
    assert wyre_forest.value == pytest.approx(100 * float(expected[0]["proportion_bottom_decile"]))


def test_a_file_of_another_area_type_is_refused_whole(tmp_path: Path) -> None:
    from cypp.indicators.importers.base import ImportRejected

    lines = (FIXTURES / "indices_of_deprivation_2025_lad.csv").read_text().splitlines()
    lines[1] = lines[1].replace("Local Authority District (2024)", "Upper Tier Local Authority")
    lines[2] = lines[2].replace(",0.", ",zero.", 1) if ",0." in lines[2] else lines[2] + "x"
    path = tmp_path / "iod.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer="iod", path=path)
    problems = rejected.value.problems
    assert any(p.row == 2 and p.column == "area_type" for p in problems)
    assert any(p.row == 3 for p in problems)
    assert not Observation.objects.filter(batch__file_name="iod.csv").exists()
