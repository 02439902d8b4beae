"""YAML files checked by typed models (``cypp.safe_yaml.model_check``): every problem names
the file, the key path, the line of that key and the reason, for the EES mapping and the
indicator notes. Lines are counted by hand from the texts below."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees.common import INDICATOR_KEYS, TOP_KEYS
from cypp.indicators.importers.ees.mapping import Mapping, MappingIndicator, mapping_problems
from cypp.indicators.models import Indicator
from cypp.indicators.notes import indicator_notes_load
from cypp.safe_yaml import YamlProblem, line_of, model_check, yaml_lines, yaml_load, yaml_path


def test_yaml_paths_and_lines() -> None:
    text = "a: 1\nlist:\n  - x: 2\n    y: 3\n  - x: 4\n"
    lines = yaml_lines(text)
    assert lines == {"(top)": 1, "a": 1, "list": 2, "list[0]": 3, "list[0].x": 3,
                     "list[0].y": 4, "list[1]": 5, "list[1].x": 5}  # fmt: skip
    assert yaml_path(("list", 1, "z")) == "list[1].z"
    assert yaml_path(()) == "(top)"
    assert line_of(lines, "list[1].z") == 5  # missing: the line of the mapping lacking it
    assert line_of(lines, "b") is None


class _Point(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    x: int
    label: str = ""


def test_model_check_words_and_lines() -> None:
    text = "x: '12'\nlabel: 3\ncolour: red\n"
    model, problems = model_check(_Point, yaml_load(text), lines=yaml_lines(text))
    assert model is None
    assert sorted(problems, key=lambda p: p.line or 0) == [
        YamlProblem("x", 1, "12", "must be a whole number"),
        YamlProblem("label", 2, 3, "must be text"),
        YamlProblem("colour", 3, None, "unknown key"),
    ]
    good, none = model_check(_Point, {"x": 1}, lines={})
    assert good == _Point(x=1) and none == []


def test_the_mapping_model_has_the_importers_keys() -> None:
    # The importer reads the entries by these names: the model and the lists must agree.
    assert set(MappingIndicator.model_fields) == INDICATOR_KEYS
    assert set(Mapping.model_fields) == TOP_KEYS


MAPPING = (
    "publication: Test\n"  # 1
    "colour: blue\n"  # 2
    "indicators:\n"  # 3
    "  - code: one\n"  # 4
    "    title: One\n"  # 5
    "    value: v\n"  # 6
    "    value_type: percentage\n"  # 7
    "    multiplier: ten\n"  # 8
    "    filters: {sex: [a, b]}\n"  # 9
    "  - code: one\n"  # 10
    "    title: Two\n"  # 11
    "    polarty: ~\n"  # 12
    "    decimals: true\n"  # 13
)


def test_mapping_problems_in_file_order_with_lines() -> None:
    problems = mapping_problems(yaml_load(MAPPING), "m.yaml", yaml_lines(MAPPING))
    got = [(p.row, p.column, p.value, p.reason) for p in problems]
    keys = "code, decimals, definition, denominator, filters, lower_95, lower_998, methodology_url, multiplier, numerator, period_type, polarity, population, title, topic, unit, upper_95, upper_998, value, value_type"
    assert got == [
        (2, "colour", None, "unknown key; the mapping takes indicators, la_code, organisation, publication, topic, url"),
        (7, "indicators[0].value_type", "percentage", "must be one of proportion, rate, count, mean, dsr, other"),
        (8, "indicators[0].multiplier", "ten", "must be a whole number from 1 to 1,000,000"),
        (9, "indicators[0].filters.sex", "['a', 'b']", "must be one value (text or number)"),
        (10, "indicators[1].value", None, "required: the name of the value column"),
        (10, "indicators[1].code", "one", "the same code as indicators[0]"),
        (12, "indicators[1].polarty", None, f"unknown key; did you mean 'polarity'? an indicator takes {keys}"),
        (13, "indicators[1].decimals", "True", "must be a whole number from 0 to 6"),
    ]  # fmt: skip


def test_a_mapping_that_is_not_a_mapping() -> None:
    [problem] = mapping_problems(["a"], "m.yaml", {"(top)": 1})
    assert (problem.row, problem.column) == (1, "(top)")
    assert (
        problem.reason == "the mapping must be a YAML mapping with 'publication' and 'indicators'"
    )


# Indicator notes (the demo's indicators are in the test database) -------------------------


def _load(tmp_path: Path, text: str) -> list[tuple[int | None, str | None, str | None, str]]:
    path = tmp_path / "notes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRejected) as rejected:
        indicator_notes_load(path=path)
    return [(p.row, p.column, p.value, p.reason) for p in rejected.value.problems]


@pytest.mark.django_db
def test_notes_problems_name_the_line_and_field(tmp_path: Path) -> None:
    before = list(Indicator.objects.values_list("pk", "rate_multiplier", "series_breaks"))
    text = (
        "indicators:\n"  # 1
        "  ees:cin_at31:\n"  # 2
        "    rate_multiplier: 0\n"  # 3
        "    rate_colour: red\n"  # 4
        "  lait:LAC:\n"  # 5
        "    series_breaks:\n"  # 6
        "      - period: '2021/22'\n"  # 7
        "        note: ' '\n"  # 8
        "  ees:no_such_thing:\n"  # 9
        "    rate_multiplier: 10\n"  # 10
        "  ees:cpp_at31:\n"  # 11
        "    rate_indicator: lait:CPP_rate\n"  # 12
        "    rate_population: ees:population_0_17\n"  # 13
        "  ees:cin_started:\n"  # 14
        "    rate_population: ees:nowhere\n"  # 15
        "    series_breaks: ~\n"  # 16
    )
    got = _load(tmp_path, text)
    both = "give a paired rate or a population to compute one from, not both"
    breaks = "expected a list of {period: ..., note: ...}, both text"
    assert sorted(got, key=lambda p: (p[0] or 0, p[1] or "")) == [
        (3, "ees:cin_at31.rate_multiplier", "0", "a rate is per a whole number above zero, e.g. 10000"),
        (4, "ees:cin_at31.rate_colour", None,
         "unknown field; known: rate_indicator, rate_population, rate_multiplier, series_breaks"),
        (8, "lait:LAC.series_breaks[0].note", " ", breaks),
        (9, "ees:no_such_thing", None, "no such indicator in the evidence store"),
        (11, "ees:cpp_at31", None, both),
        (15, "ees:cin_started.rate_population", "ees:nowhere",
         "no such indicator in the evidence store (SOURCE:CODE)"),
        (16, "ees:cin_started.series_breaks", None, breaks),
    ]  # fmt: skip
    assert list(Indicator.objects.values_list("pk", "rate_multiplier", "series_breaks")) == before


@pytest.mark.django_db
def test_notes_without_indicators(tmp_path: Path) -> None:
    assert _load(tmp_path, "notes: []\n") == [
        (None, "indicators", None, "expected `indicators:` mapping references")
    ]
    assert _load(tmp_path, "indicators: [a]\n") == [
        (1, "indicators", "['a']", "expected `indicators:` mapping references")
    ]


@pytest.mark.django_db
def test_good_notes_are_applied(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(
        "version: 1\n"  # a key of the file's own is left alone
        "indicators:\n"
        "  lait:LAC:\n"
        "    series_breaks:\n"
        "      - {period: '2021/22', note: A new definition.}\n"
        "  ees:cin_started:\n"
        "    rate_population: ees:population_0_17\n"
        "    rate_multiplier: 1000\n",
        encoding="utf-8",
    )
    report = indicator_notes_load(path=path)
    assert report.indicators == 2
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    assert lac.series_breaks == [{"period": "2021/22", "note": "A new definition."}]
    started = Indicator.objects.get(source__key="ees", code="cin_started")
    assert (started.rate_population, started.rate_multiplier) == ("ees:population_0_17", 1000)
