"""Importing a SurveyMonkey CSV export: two header rows, a ranking spread over a column an
option, and the leading identifying columns dropped, never stored.

Expected values read off tests/voice/data/imports/surveymonkey_wellbeing.csv by hand: the
ranking columns are School, Friends, Family, so ranks 3, 1, 2 are friends, family, school.
"""

from __future__ import annotations

import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.voice.models import Response
from cypp.voice.results import survey_results
from cypp.voice.services_imports import voice_import
from tests.voice.imports_helpers import data, database_text
from tests.voice.world import VoiceWorld, voice_world

IDENTIFYING = [
    "11400000991",
    "40000977",
    "192.0.2.55",
    "198.51.100.7",
    "zz.zorbafield@example.invalid",
    "Quentina",
    "Zorbafield",
    "Plimsollwick",
    "class 7Q-zz",
    "10:01:00",
]

EXPECTED = [
    {
        "area": "ross",
        "happy": "5",
        "feel-safe": "yes",
        "matters": "school\nfriends\nfamily",
        "change": "Longer lunch",
    },
    {
        "area": "hereford",
        "happy": "2",
        "feel-safe": "no",
        "why-unsafe": "I want to hurt myself",
        "matters": "friends\nfamily\nschool",
    },
    {
        "area": "leominster",
        "happy": "3",
        "feel-safe": "not-sure",
        "matters": "family\nschool\nfriends",
        "change": "More clubs",
    },
]


def _import(world: VoiceWorld, content: bytes, **extra: object) -> object:
    return voice_import(
        survey=world.wellbeing,
        wave=world.waves["2025"],
        format="surveymonkey",
        data=content,
        file_name="monkey.csv",
        audience=world.audiences["parents"],
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_a_surveymonkey_export_comes_in_and_nothing_identifying_is_stored() -> None:
    world = voice_world()
    result = _import(world, data("surveymonkey_wellbeing.csv"))
    assert (result.responses, result.answers, result.flagged) == (3, 15, 2)  # type: ignore[attr-defined]
    stored = [
        dict(r.answers.values_list("question__key", "value"))
        for r in Response.objects.order_by("pk")
    ]
    assert stored == EXPECTED
    assert set(Response.objects.values_list("audience__key", "consent")) == {
        ("parents", "imported")
    }
    text = database_text()
    assert "Longer lunch" in text
    for value in IDENTIFYING:
        assert value not in text, value


@pytest.mark.django_db
def test_imported_answers_count_in_the_results_as_any_others() -> None:
    world = voice_world()
    # Twelve made-up rows, every one "Very happy": above the threshold of 10, so shown.
    rows = ",,,,,,,,,Very happy\r\n" * 12
    content = (
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,"
        "Last Name,Custom Data 1,How do you feel about your life?\r\n"
        ",,,,,,,,,Response\r\n" + rows
    ).encode()
    _import(world, content)
    results = survey_results(survey=world.wellbeing, wave=world.waves["2025"]).as_json()
    # Twelve finished responses, all imported: the wave's total published as any other.
    assert results["responses"] == 12


@pytest.mark.django_db
def test_spread_columns_are_checked_and_named() -> None:
    world = voice_world()
    content = (
        b"Respondent ID,Put these in order: what matters most?,,,Do you feel safe at home?,,\r\n"
        b",School,Friends,Family,Yes,No,Other (please specify)\r\n"
        b"1,1,1,2,Yes,,\r\n"
        b"2,1,x,3,Yes,No,\r\n"
        b"3,1,2,3,,,at my nan's\r\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        _import(world, content)
    assert [(p.row, p.column, p.reason) for p in rejected.value.problems] == [
        (3, "Put these in order: what matters most?", "two options have the same rank"),
        (4, "Put these in order: what matters most?", "the rank 'x' is not a whole number from 1"),
        (4, "Do you feel safe at home?", "more than one option is given; this question takes one"),
        (
            5,
            "Do you feel safe at home?",
            "the write-in column 'Other (please specify)' is not one of this question's "
            "options: ignore the column to leave write-ins out",
        ),
    ]
    # The write-in column named to ignore, the rest reads.
    fixed = content.replace(b"2,1,x,3,Yes,No,", b"2,1,3,2,,No,").replace(b"1,1,1,2", b"1,2,1,3")
    result = _import(world, fixed, ignore=["Other (please specify)"])
    assert (result.responses, result.answers) == (3, 5)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_one_header_row_is_not_a_surveymonkey_export() -> None:
    world = voice_world()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, b"Respondent ID,Where do you live?\r\n")
    assert [p.reason for p in rejected.value.problems] == [
        "a SurveyMonkey export has two header rows; this file has one"
    ]
