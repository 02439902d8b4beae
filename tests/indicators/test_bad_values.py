"""The crashes and silent losses found by feeding the importers malformed files (issue #12),
each now a clear refusal that names the file, row, column and reason and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.importers.fingertips import FingertipsImporter
from cypp.indicators.models import Indicator, Observation
from cypp.indicators.services import observations_import
from tests.fuzz.malformed import EES_MAPPING, EES_SEED, FINGERTIPS_SEED, TIDY_SEED

from .importers.conftest import geography, store_counts  # noqa: F401

pytestmark = pytest.mark.django_db
HEADER = "indicator,area,period,period_type,value,numerator,denominator,lower_95,upper_95,unit,value_type,multiplier,decimals"


def _refused(importer: str, path: Path, **options: object) -> list[Problem]:
    with pytest.raises(ImportRejected) as rejected:
        observations_import(importer=importer, path=path, options=dict(options))
    return rejected.value.problems


def _tidy(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "local.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


# The tracebacks ---------------------------------------------------------------------------


def test_a_fingertips_export_cut_mid_row_is_refused_and_changes_nothing(
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    observations_import(importer="fingertips", path=FINGERTIPS_SEED)
    before = store_counts()
    values_before = list(Observation.objects.order_by("pk").values_list("value", "status"))
    text = FINGERTIPS_SEED.read_text(encoding="utf-8").rstrip("\n")
    path = tmp_path / FINGERTIPS_SEED.name
    # Cut inside the last row's Value cell ("...,2019,6" of "...,2019,60,50.1,...").
    cut = text.rindex(",2019,") + len(",2019,") + 1
    path.write_text(text[:cut], encoding="utf-8")
    lines = text[:cut].count("\n") + 1

    [problem] = _refused("fingertips", path)

    assert (problem.file, problem.row) == (path.name, lines)
    assert "the file is cut short" in problem.reason
    assert store_counts() == before
    assert list(Observation.objects.order_by("pk").values_list("value", "status")) == values_before


def test_a_blank_fingertips_indicator_id_is_named_not_a_crash(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    lines = FINGERTIPS_SEED.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("99999,", ",", 1)
    path = tmp_path / "blank-id.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    [problem] = _refused("fingertips", path)

    assert (problem.file, problem.row, problem.column) == (path.name, 4, "Indicator ID")
    assert "not a Fingertips indicator ID" in problem.reason


def test_one_area_by_both_its_codes_in_a_tidy_file_is_refused(
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    """Herefordshire is E06000019 to ONS and 884 to the DfE: two rows, one observation."""
    path = _tidy(
        tmp_path,
        "visits,E06000019,2024,calendar,10,,,,,,count,,",
        "visits,884,2024,calendar,12,,,,,,count,,",
    )
    before = store_counts()
    [problem] = _refused("tidy", path)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        path.name,
        3,
        "area",
        "884",
    )
    assert problem.reason == (
        "the same indicator (visits), area and period (2024) as row 2 "
        "(E06000019 and 884 both name E06000019)"
    )
    assert store_counts() == before


def test_one_area_by_both_its_codes_in_an_ees_file_is_refused(
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    text = EES_SEED.read_text(encoding="utf-8-sig").rstrip("\n")
    # A second Herefordshire row naming it only by its DfE number.
    extra = (
        "12,Herefordshire,Reporting year,,Local authority,"
        "Children looked after on 31 March each year,2025,884,E12000005,West Midlands,"
        "E92000001,England,5,34439"
    )
    path = tmp_path / "both-codes.csv"
    path.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    before = store_counts()
    [problem] = _refused("ees", path, mapping=load_mapping(EES_MAPPING))
    assert (problem.file, problem.row, problem.value) == (path.name, text.count("\n") + 2, "884")
    assert "(E06000019 and 884 both name E06000019)" in problem.reason
    assert store_counts() == before


@pytest.mark.parametrize("decimals", ["99999999999", "7", "-1", "1.5", "²"])
def test_tidy_decimals_are_a_whole_number_from_0_to_6(
    decimals: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    path = _tidy(tmp_path, f"visits,E06000019,2024,calendar,10,,,,,,count,,{decimals}")
    [problem] = _refused("tidy", path)
    assert (problem.row, problem.column, problem.value) == (2, "decimals", decimals)
    assert problem.reason == "must be a whole number from 0 to 6"


def test_ees_mapping_decimals_are_bounded(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        EES_MAPPING.read_text().replace("decimals: 0", "decimals: 99999999999"),
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        load_mapping(mapping)
    [problem] = rejected.value.problems
    assert (problem.file, problem.column, problem.value) == (
        "mapping.yaml",
        "indicators[0].decimals",
        "99999999999",
    )
    assert problem.reason == "must be a whole number from 0 to 6"
    assert problem.row == EES_MAPPING.read_text().splitlines().index("    decimals: 0") + 1


# Impossible values ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "given", "reason"),
    [
        ("rate,E06000019,2024,calendar,5,-3,100,,,Rate per 10,rate,10,", "numerator", "-3",
         "a count cannot be negative"),
        ("rate,E06000019,2024,calendar,5,3,-100,,,Rate per 10,rate,10,", "denominator", "-100",
         "a count cannot be negative"),
        ("kids,E06000019,2024,calendar,-4,,,,,,count,,", "value", "-4",
         "a count cannot be negative"),
        ("pct,E06000019,2024,calendar,50,120,100,,,%,proportion,100,", "numerator", "120",
         "the numerator is above the denominator, impossible for a percentage"),
        ("pct,E06000019,2024,calendar,120,,,,,%,proportion,100,", "value", "120",
         "a percentage must be from 0 to 100"),
        ("pct,E06000019,2024,calendar,-0.5,,,,,%,proportion,100,", "value", "-0.5",
         "a percentage must be from 0 to 100"),
        ("pct,E06000019,2024,calendar,50,,,55,60,%,proportion,100,", "lower_95", "55",
         "the lower 95% limit is above the value 50"),
        ("pct,E06000019,2024,calendar,50,,,40,45,%,proportion,100,", "upper_95", "45",
         "the upper 95% limit is below the value 50"),
    ],
)  # fmt: skip
def test_impossible_values_are_refused_naming_row_field_and_reason(
    row: str,
    column: str,
    given: str,
    reason: str,
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    path = _tidy(tmp_path, "ok,E06000019,2023,calendar,1,,,,,,count,,", row)
    before = store_counts()
    [problem] = _refused("tidy", path)
    indicator = row.split(",")[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        path.name,
        3,
        column,
        given,
    )
    assert problem.reason == f"indicator {indicator}: {reason}"
    assert store_counts() == before


def test_fingertips_impossible_limits_name_the_fingertips_column(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    lines = FINGERTIPS_SEED.read_text(encoding="utf-8").splitlines()
    # Herefordshire 2019: value 40, 95% limits 30.5 to 50.2; make the lower limit 45.
    assert ",40,30.5,50.2," in lines[3]
    lines[3] = lines[3].replace(",40,30.5,50.2,", ",40,45,50.2,")
    path = tmp_path / "limits.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [problem] = _refused("fingertips", path)
    assert (problem.row, problem.column, problem.value) == (4, "Lower CI 95.0 limit", "45")
    assert "the lower 95% limit is above the value 40" in problem.reason


def test_a_value_equal_to_its_limits_is_possible(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    """A count of 0 publishes value 0 with a lower limit of 0: not a problem."""
    path = _tidy(tmp_path, "pct,E06000019,2024,calendar,0,0,40,0,8.8,%,proportion,100,")
    report = observations_import(importer="tidy", path=path)
    assert report.batch is not None and report.batch.rows_loaded == 1


# Encodings -----------------------------------------------------------------------------


def test_windows_1252_is_refused_by_name_never_stored_with_replacement_characters(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    path = tmp_path / "notes.csv"
    header = "indicator,area,period,period_type,value,note,title"
    path.write_bytes(
        (header + "\nvisits,E06000019,2024,calendar,10,Caf\u00e9 closed,Visits\n").encode("cp1252")
    )
    [problem] = _refused("tidy", path)
    assert problem.file == path.name and problem.row == 2
    assert problem.reason == "is not UTF-8 (it looks like Windows-1252): save it as UTF-8 CSV"
    assert "Café closed" in str(problem.value)
    assert not Observation.objects.filter(value_note__contains="\ufffd").exists()
    assert not Indicator.objects.filter(code="visits", source__key="local").exists()


def test_utf8_with_accents_is_stored_as_written(
    tmp_path: Path,
    geography: None,  # noqa: F811
) -> None:
    path = tmp_path / "notes.csv"
    header = "indicator,area,period,period_type,value,note,title"
    path.write_text(
        header + "\nvisits,E06000019,2024,calendar,10,Café closed – £5 fee,Visits\n",
        encoding="utf-8",
    )
    observations_import(importer="tidy", path=path)
    note = Observation.objects.get(indicator__code="visits", indicator__source__key="local")
    assert note.value_note == "Café closed – £5 fee"


def test_a_tidy_row_cut_short_no_longer_turns_a_value_unavailable(
    tmp_path: Path,
    geography: None,  # noqa: F811
    store_counts: Callable[[], dict[str, int]],  # noqa: F811
) -> None:
    """The silent loss of issue #12: the row's value cell is missing, not blank."""
    observations_import(importer="tidy", path=TIDY_SEED)
    before = store_counts()
    text = TIDY_SEED.read_text(encoding="utf-8").rstrip("\n")
    last = text.rsplit("\n", 1)[1]
    path = tmp_path / TIDY_SEED.name
    path.write_text(text[: len(text) - len(last)] + last.split(",", 3)[0] + ",E06000019,2023")
    [problem] = _refused("tidy", path)
    assert problem.row == 7 and "cut short" in problem.reason
    assert store_counts() == before


@pytest.mark.parametrize(("column", "row"), [("Sex", 3), ("Age", 3)])
def test_a_fingertips_row_without_sex_or_age_is_named_not_a_crash(
    column: str,
    row: int,
    tmp_path: Path,
) -> None:
    """Found by the fuzz test: a blank Sex or Age crashed the importer's description step."""
    header, *lines = FINGERTIPS_SEED.read_text(encoding="utf-8").splitlines()
    position = header.split(",").index(column)
    cells = lines[1].split(",")
    cells[position] = ""
    lines[1] = ",".join(cells)
    path = tmp_path / "blank.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        FingertipsImporter(path).prepare()
    [problem] = rejected.value.problems
    assert (problem.file, problem.row, problem.column, problem.reason) == (
        path.name,
        row,
        column,
        "required",
    )
