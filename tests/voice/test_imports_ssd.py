"""The SSD ``ssd_voice_of_child`` object: the partnership's "SSD voice of the child" survey
asks the five questions in the SSD specification's words, and an extract comes in with its
row and person ids dropped.

The five descriptions are copied here from the SSD data model
(objects/ssd_voice_of_child.yml, Data to Insight, MIT licence), independently of the code.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from cypp.indicators.importers.base import ImportRejected
from cypp.voice.models import Question, Response, Survey
from cypp.voice.services_imports import ssd_survey_ensure, voice_import
from tests.voice.imports_helpers import DATA, data, database_text
from tests.voice.world import voice_world

SPEC = [
    "Has someone explained to you why people are worried for your family in a way that you "
    "can understand?",
    "Does your story with words and pictures help you to understand what has happened in your "
    "family?",
    "Do you agree with what your worker says needs to happen to keep you safe?",
    "Do you think the plan tells everyone what they need to do to keep you safe?",
    "Did writing/ drawing on the tablet help you to explain what you were thinking and what you "
    "wanted to happen?",
]


@pytest.mark.django_db
def test_the_ssd_survey_is_made_once_with_the_five_questions() -> None:
    world = voice_world()
    survey = ssd_survey_ensure(world.alpha, wave="2025", today=dt.date(2025, 6, 1))
    again = ssd_survey_ensure(world.alpha, wave="2025")
    assert (
        again.pk == survey.pk and Survey.objects.filter(key="alpha-ssd-voice-of-child").count() == 1
    )
    questions = list(Question.objects.filter(audience__survey=survey).order_by("order"))
    assert [q.text for q in questions] == SPEC
    assert {q.kind for q in questions} == {"choice"}
    assert [[o["value"] for o in q.options] for q in questions] == [["yes", "no", "not-sure"]] * 5
    wave = survey.waves.get()
    assert (wave.key, wave.opens, wave.closes) == ("2025", dt.date(2025, 6, 1), dt.date(2025, 6, 1))
    assert survey.status == "closed"  # nobody answers it in CYPP


@pytest.mark.django_db
def test_an_ssd_extract_comes_in_without_its_ids() -> None:
    world = voice_world()
    out = io.StringIO()
    call_command(
        "voice",
        "import",
        "--partnership",
        "alpha",
        "--format",
        "ssd",
        "--wave",
        "2025",
        "--json",
        str(DATA / "ssd_voice_of_child.csv"),
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert (printed["responses"], printed["answers"]) == (3, 10)
    assert printed["dropped_columns"] == ["voch_table_id", "voch_person_id"]
    stored = [
        dict(r.answers.values_list("question__key", "value"))
        for r in Response.objects.order_by("pk")
    ]
    assert stored == [
        {
            "explained-worries": "yes",
            "story-help-understand": "yes",
            "agree-worker": "no",
            "plan-safe": "not-sure",
            "tablet-help-explain": "yes",
        },
        {
            "explained-worries": "no",
            "story-help-understand": "not-sure",
            "agree-worker": "yes",
            "plan-safe": "yes",
        },
        {"explained-worries": "yes"},
    ]
    text = database_text()
    for value in ("VCZZ-000", "PZZ-7700"):
        assert value not in text
    assert world.alpha.surveys.filter(key="alpha-ssd-voice-of-child").exists()


@pytest.mark.django_db
def test_an_answer_the_ssd_cannot_mean_is_refused() -> None:
    world = voice_world()
    survey = ssd_survey_ensure(world.alpha, wave="2025")
    content = (
        data("ssd_voice_of_child.csv")
        .replace(b",U,", b",Maybe,")
        .replace(b"voch_tablet_help_explain", b"voch_extra")
    )
    with pytest.raises(ImportRejected) as rejected:
        voice_import(
            survey=survey,
            wave=survey.waves.get(),
            format="ssd",
            data=content,
            file_name="ssd.csv",
        )
    assert [(p.row, p.column, p.reason) for p in rejected.value.problems] == [
        (
            1,
            "voch_extra",
            "matches no question of the audience 'children' by its text or key; "
            "ignore the column if it is not an answer",
        ),
        (2, "plan-safe", "'Maybe' is not one of this question's options"),
    ]
