"""The tidy CSV is strict: a misspelt column, a unit outside the accepted forms, or a
polarity outside high/low/none is a problem with file, row (1 for the header), column and a
"did you mean", and the import changes nothing (docs/data-formats.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees.mapping import mapping_problems
from cypp.indicators.importers.units import unit_problem
from cypp.indicators.models import ImportBatch, Indicator, Observation
from cypp.indicators.services import observations_import

HEADER = "indicator,area,period,period_type,value,numerator,denominator,unit,polarity"
GOOD = "ehcp_20_weeks,E06000019,2024-25,financial,61.5,123,200,% of plans issued,high"

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "local.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def _refused(path: Path) -> list:
    before = (Observation.objects.count(), ImportBatch.objects.count(), Indicator.objects.count())
    with pytest.raises(ImportRejected) as caught:
        observations_import(importer="tidy", path=path)
    after = (Observation.objects.count(), ImportBatch.objects.count(), Indicator.objects.count())
    assert after == before, "a refused file changed the store"
    return caught.value.problems


def test_the_well_formed_file_loads(tmp_path):
    report = observations_import(importer="tidy", path=_write(tmp_path, HEADER, GOOD))
    assert report.batch is not None and report.batch.rows_loaded == 1


@pytest.mark.parametrize(
    ("misspelt", "meant"), [("polarty", "polarity"), ("numerater", "numerator")]
)
def test_a_misspelt_column_is_a_problem_with_did_you_mean(tmp_path, misspelt, meant):
    path = _write(tmp_path, HEADER.replace(meant, misspelt), GOOD)
    [problem] = _refused(path)
    assert (problem.file, problem.row, problem.column) == ("local.csv", 1, misspelt)
    assert f"unknown column; did you mean '{meant}'?" in problem.reason


def test_a_column_like_nothing_known_lists_what_the_format_takes(tmp_path):
    path = _write(tmp_path, HEADER + ",ward", GOOD + ",Hinton")
    [problem] = _refused(path)
    assert (problem.row, problem.column) == (1, "ward")
    assert "did you mean" not in problem.reason
    assert "the tidy CSV takes indicator, area, period" in problem.reason


def test_persons_is_not_a_unit(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace("% of plans issued", "Persons"))
    [problem] = _refused(path)
    assert (problem.row, problem.column, problem.value) == (2, "unit", "Persons")
    assert "says who is counted, not what the number is" in problem.reason


def test_a_misspelt_unit_has_did_you_mean(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace("% of plans issued", "Numbr of plans"))
    [problem] = _refused(path)
    assert (problem.row, problem.column) == (2, "unit")
    assert "did you mean 'number'?" in problem.reason


@pytest.mark.parametrize(
    "unit",
    ["%", "% of plans issued", "Percentage", "Rate per 10,000 children", "Number of visits"],
)
def test_the_accepted_unit_forms(unit):
    assert unit_problem(unit) is None


def test_a_rate_without_per_is_refused():
    assert "per how many" in (unit_problem("Rate") or "")


def test_a_misspelt_polarity_has_did_you_mean(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace(",high", ",hihg"))
    [problem] = _refused(path)
    assert (problem.row, problem.column, problem.value) == (2, "polarity", "hihg")
    assert problem.reason == "must be one of high, low, none; did you mean 'high'?"


def test_a_misspelt_period_type_has_did_you_mean(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace(",financial,", ",finacial,"))
    [problem] = _refused(path)
    assert (problem.row, problem.column) == (2, "period_type")
    assert "did you mean 'financial'?" in problem.reason


def test_every_problem_in_one_refusal(tmp_path):
    path = _write(tmp_path, HEADER.replace("polarity", "polarty") + ",numerater", GOOD + ",3")
    problems = _refused(path)
    assert sorted(p.column for p in problems) == ["numerater", "polarty"]


def test_the_ees_mapping_names_a_misspelt_key_too():
    mapping = {
        "publication": "x",
        "indicators": [{"code": "a", "value": "v", "polarty": "high", "numerater": None}],
    }
    problems = {p.column: p.reason for p in mapping_problems(mapping, "m.yaml")}
    assert "did you mean 'polarity'?" in problems["indicators[0].polarty"]
    # A misspelt key left empty is still named, never dropped.
    assert "did you mean 'numerator'?" in problems["indicators[0].numerater"]
    wrong = {"publication": "x", "indicators": [{"code": "a", "value": "v", "polarity": "hgih"}]}
    [problem] = mapping_problems(wrong, "m.yaml")
    assert problem.reason == "must be one of high, low, none; did you mean 'high'?"
