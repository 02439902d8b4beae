"""Loading a survey file, all or nothing; reloading it; exporting it; opening, closing, waves
and licensed scales; and the commands. The counts expected are counted in the test file
(tests/voice/data/surveys/wellbeing.yaml: 3 audiences of 5, 2 and 1 questions, 2 waves)."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cypp.accounts.models import AuditEvent
from cypp.voice.definitions import SurveyRejected, survey_check
from cypp.voice.models import Answer, Audience, Question, Response, ScaleRegistration, Survey, Wave
from cypp.voice.services_surveys import (
    SurveyRefused,
    scale_register,
    survey_export,
    survey_load,
    survey_load_report,
    survey_status_set,
    wave_add,
)
from tests.voice.world import voice_world

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "data" / "surveys" / "wellbeing.yaml"
TEXT = FILE.read_text(encoding="utf-8")


def _load(text: str = TEXT, by=None) -> Survey:  # type: ignore[no-untyped-def]
    return survey_load(text=text, file_name="wellbeing.yaml", by=by)


def _answer(survey: Survey, audience: str, question: str, value: str, wave: str = "2025") -> None:
    response = Response.objects.create(
        survey=survey,
        audience=survey.audiences.get(key=audience),
        wave=survey.waves.get(key=wave),
        consent=Response.Consent.SELF,
        started_on=dt.date(2025, 3, 2),
    )
    Answer.objects.create(
        response=response,
        question=Question.objects.get(audience=response.audience, key=question),
        value=value,
    )


def _rejected(text: str, **kwargs) -> list[tuple[str | None, str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(SurveyRejected) as refused:
        survey_load(text=text, file_name="wellbeing.yaml", by=kwargs.get("by"))
    return [(p.field, p.reason) for p in refused.value.problems]


def test_a_file_loads_as_a_draft_with_its_parts_and_is_audited() -> None:
    world = voice_world()
    survey = _load(by=world.people["analyst"])
    assert survey.partnership == world.alpha
    assert survey.status == Survey.Status.DRAFT
    assert survey.languages == ["en", "cy"]
    assert survey.safeguarding_words == ["hurt myself", "hits me"]
    assert list(survey.waves.values_list("key", "opens")) == [
        ("2024", dt.date(2024, 3, 1)),
        ("2025", dt.date(2025, 3, 1)),
    ]
    counts = {a.key: a.questions.count() for a in survey.audiences.all()}
    assert counts == {"8-11": 5, "16-24": 2, "parents": 1}
    child = Audience.objects.get(survey=survey, key="8-11")
    assert child.who_agrees() == "parent"
    assert child.translations == {"cy": {"label": "Rwy'n 8 i 11"}}
    why = child.questions.get(key="why-unsafe")
    assert why.show_if == {"question": "feel-safe", "answers": ["no", "not-sure"]}
    assert child.questions.get(key="area").is_area is True
    ons = Question.objects.get(audience__survey=survey, key="life-satisfaction")
    assert ons.standard_item == "ons4-life-satisfaction" and len(ons.options) == 11
    events = AuditEvent.objects.filter(object_type="voice.survey", object_id=str(survey.pk))
    assert [(e.action, e.user_name) for e in events] == [("load", "voice-analyst")]


def test_an_identical_reload_changes_nothing_and_records_nothing() -> None:
    voice_world()
    survey = _load()
    loaded_at = survey.loaded_at
    before = AuditEvent.objects.count()
    report = survey_load_report(text=TEXT + "\n# a comment\n", file_name="again.yaml", by=None)
    assert report.changed is False and report.created is False
    assert AuditEvent.objects.count() == before
    assert Survey.objects.get(pk=survey.pk).loaded_at == loaded_at


def test_the_export_loads_back_as_the_same_survey() -> None:
    voice_world()
    survey = _load()
    exported = survey_export(survey=survey)
    assert exported.startswith("# How are you?")
    again = survey_check(exported, "export.yaml").file.model_dump(mode="json")
    assert again == survey.definition
    report = survey_load_report(text=exported, file_name="export.yaml", by=None)
    assert report.changed is False
    assert "2024-03-01" in exported and "'2025'" in exported  # a date, and a key kept as text


def test_a_reload_may_correct_wording_and_remove_unanswered_questions() -> None:
    voice_world()
    survey = _load()
    _answer(survey, "8-11", "feel-safe", "no")
    changed = TEXT.replace("Do you feel safe where you live?", "Do you feel safe at home?").replace(
        "      - key: matters\n        kind: ranking\n        text: Put these in order, most important first.\n"
        "        options:\n          - {value: school, label: School}\n"
        "          - {value: friends, label: Friends}\n          - {value: family, label: Family}\n",
        "",
    )
    assert changed.count("key: matters") == 0
    _load(changed)
    child = Audience.objects.get(survey=survey, key="8-11")
    assert child.questions.get(key="feel-safe").text == "Do you feel safe at home?"
    assert not child.questions.filter(key="matters").exists()
    assert Answer.objects.filter(question__key="feel-safe").count() == 1


def test_a_reload_that_would_lose_answers_is_refused_whole() -> None:
    voice_world()
    survey = _load()
    _answer(survey, "8-11", "feel-safe", "no")
    _answer(survey, "parents", "feel-safe", "yes", wave="2024")
    broken = (
        TEXT.replace("title: How are you?", "title: A new title")
        .replace("          - {value: not-sure, label: Not sure}\n", "")
        .replace('answers: ["no", not-sure]', 'answers: ["no"]')
        .replace(
            '  - {key: "2024", label: Spring 2024, opens: 2024-03-01, closes: 2024-04-30}\n', ""
        )
    )
    changed = (
        "question feel-safe has answers: its kind and option values cannot change (its "
        "wording and labels may); ask a new question instead"
    )
    assert sorted(_rejected(broken)) == [
        ("audiences[0].questions[1]", changed),
        ("audiences[2].questions[0]", changed),
        ("waves", "wave 2024 has responses: it cannot be removed"),
    ]
    assert Survey.objects.get(pk=survey.pk).title == "How are you?"  # nothing changed
    assert survey.waves.count() == 2


def test_what_needs_the_database_is_checked_with_its_line() -> None:
    world = voice_world()
    text = TEXT.replace("partnership: alpha", "partnership: gamma")
    assert _rejected(text)[0][0] == "survey.partnership"
    named = TEXT.replace("  anonymous: true", "  anonymous: false").replace(
        "    acknowledge_within_hours: 24",
        "    contact: voice-other\n    escalation: nobody-here\n    acknowledge_within_hours: 24",
    )
    found = dict(_rejected(named))
    assert "voice-other has no role in Alpha" in found["survey.safeguarding.contact"]
    assert found["survey.safeguarding.escalation"] == "no active account 'nobody-here'"
    fixed = named.replace("contact: voice-other", "contact: voice-dsl").replace(
        "nobody-here", "voice-escalation"
    )
    survey = _load(fixed)
    assert survey.safeguarding_contact == world.people["safeguarding"]
    assert survey.escalation_contact == world.people["escalation"]


def test_a_licensed_scale_item_needs_the_partnerships_registration() -> None:
    world = voice_world()
    item = "".join(
        [
            "      - key: optimistic\n        kind: scale\n        scale_item: swemwbs-1\n",
            "        text: (the partnership's licensed wording)\n        options:\n",
            *(f'          - {{value: "{n}", label: "{n}"}}\n' for n in range(1, 6)),
        ]
    )
    text = TEXT.replace("      - key: change\n", item + "      - key: change\n")
    found = _rejected(text)
    assert found[0][0] == "audiences[1].questions[1].scale_item"
    assert "cypp voice scale register --partnership alpha --scale swemwbs" in found[0][1]
    with pytest.raises(SurveyRefused):
        scale_register(
            partnership=world.alpha, scale="swemwbs", licence="W-1", by=world.people["viewer"]
        )
    scale_register(
        partnership=world.alpha, scale="swemwbs", licence="W-1", by=world.people["analyst"]
    )
    assert (
        Question.objects.get(audience__survey=_load(text), key="optimistic").scale_item
        == "swemwbs-1"
    )


@pytest.mark.parametrize("who", ["viewer", "contributor", "other"])
def test_only_the_partnerships_analysts_and_administrators_load_its_surveys(who: str) -> None:
    world = voice_world()
    with pytest.raises(SurveyRefused):
        _load(by=world.people[who])
    assert not Survey.objects.filter(key="how-are-you").exists()


def test_a_survey_key_is_one_partnerships() -> None:
    world = voice_world()
    _load()
    text = TEXT.replace("partnership: alpha", "partnership: beta")
    assert _rejected(text, by=world.people["other"]) == [
        ("survey.key", "another partnership's survey has this key")
    ]


def test_open_close_and_a_new_wave_are_audited_and_in_the_export() -> None:
    world = voice_world()
    survey = _load()
    analyst = world.people["analyst"]
    survey = survey_status_set(survey=survey, status="open", by=analyst)
    survey = survey_status_set(survey=survey, status="closed", by=analyst)
    changes = AuditEvent.objects.filter(object_type="voice.survey", action="update").order_by("id")
    assert [e.changes for e in changes] == [
        {"status": ["draft", "open"]},
        {"status": ["open", "closed"]},
    ]
    with pytest.raises(SurveyRefused):
        survey_status_set(survey=survey, status="open", by=world.people["viewer"])
    wave = wave_add(
        survey=survey,
        key="2026",
        label="Spring 2026",
        opens=dt.date(2026, 3, 1),
        closes=None,
        by=analyst,
    )
    assert Wave.objects.filter(survey=survey).count() == 3
    assert AuditEvent.objects.filter(object_type="voice.wave", object_id=str(wave.pk)).count() == 1
    survey.refresh_from_db()
    exported = survey_export(survey=survey)
    assert "Spring 2026" in exported
    assert survey_load_report(text=exported, file_name="x.yaml", by=None).changed is False
    with pytest.raises(SurveyRefused):
        wave_add(
            survey=survey,
            key="2026",
            label="Again",
            opens=dt.date(2026, 3, 1),
            closes=None,
            by=analyst,
        )


def test_the_commands_load_list_export_open_and_register() -> None:
    voice_world()
    out = StringIO()
    call_command("voice", "survey", "load", str(FILE), "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] is True
    out = StringIO()
    call_command("voice", "list", "--partnership", "alpha", "--json", stdout=out)
    listed = {s["key"]: s for s in json.loads(out.getvalue())}
    assert listed["how-are-you"] == {
        "key": "how-are-you",
        "title": "How are you?",
        "partnership": "alpha",
        "waves": ["2024", "2025"],
    }
    assert set(listed) == {"how-are-you", "wellbeing", "check-in"}  # the world's two too
    for item in listed.values():
        assert list(item) == ["key", "title", "partnership", "waves"]
    call_command("voice", "survey", "open", "how-are-you", stdout=StringIO())
    assert Survey.objects.get(key="how-are-you").status == "open"
    out = StringIO()
    call_command("voice", "survey", "export", "how-are-you", stdout=out)
    assert out.getvalue() == survey_export(survey=Survey.objects.get(key="how-are-you"))
    call_command(
        "voice",
        "scale",
        "register",
        "--partnership",
        "alpha",
        "--scale",
        "sdq",
        "--licence",
        "S-9",
        stdout=StringIO(),
    )
    assert ScaleRegistration.objects.get(scale="sdq").licence_reference == "S-9"


def test_the_load_command_prints_every_problem_and_changes_nothing(tmp_path: Path) -> None:
    voice_world()
    broken = tmp_path / "broken.yaml"
    broken.write_text(TEXT.replace("kind: parents", "kind: parent"), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("voice", "survey", "load", str(broken), stdout=StringIO())
    line = [
        n for n, text in enumerate(broken.read_text().splitlines(), 1) if "kind: parent" in text
    ]
    assert f"broken.yaml, line {line[0]}, audiences[2].kind: must be one of" in str(refused.value)
    assert not Survey.objects.filter(key="how-are-you").exists()
