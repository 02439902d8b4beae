"""``cypp voice results``: the issue's JSON keys, every count at least the threshold or "c",
the readable table, and refusals in words."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.voice.world import VoiceWorld, answers_add, voice_world

C = "c"


@pytest.fixture
def world(db: None) -> VoiceWorld:
    made = voice_world()
    # 2024: 11 children of 12 to 15 in Hereford, 10 feel safe and 1 does not.
    answers_add(
        made,
        wave="2024",
        audience="12-15",
        answers={"area": "hereford", "feel-safe": "yes", "happy": "4"},
        times=10,
    )
    answers_add(
        made, wave="2024", audience="12-15", answers={"area": "hereford", "feel-safe": "no"}
    )
    # 2025: 12 children of 8 to 11, all "very happy".
    answers_add(made, wave="2025", audience="8-11", answers={"happy": "5"}, times=12)
    return made


def _run(*args: str) -> str:
    out = StringIO()
    call_command("voice", "results", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_exactly_the_issues_keys(world: VoiceWorld) -> None:
    data = json.loads(_run("--survey", "wellbeing", "--wave", "2024", "--json"))
    assert list(data) == ["survey", "wave", "responses", "questions", "themes"]
    assert (data["survey"], data["wave"], data["responses"]) == ("wellbeing", "2024", 11)
    for question in data["questions"]:
        assert list(question) == ["key", "text", "answers"]
        for answer in question["answers"]:
            assert list(answer) == ["option", "count"]
            assert answer["count"] == C or answer["count"] >= 10
    happy = next(q for q in data["questions"] if q["key"] == "happy")
    assert happy["text"] == "How do you feel about your life?"
    # Raw: 10 chose 4 and 1 gave no answer: the 1 is hidden, and the 10 so it is not alone.
    assert [(a["option"], a["count"]) for a in happy["answers"]] == [
        ("1", C),
        ("2", C),
        ("3", C),
        ("4", C),
        ("5", C),
        ("no answer", C),
    ]
    feel_safe = next(q for q in data["questions"] if q["key"] == "feel-safe")
    assert {a["option"]: a["count"] for a in feel_safe["answers"]}["yes"] == C


def test_the_latest_wave_that_has_opened_by_default(world: VoiceWorld) -> None:
    data = json.loads(_run("--survey", "wellbeing", "--json"))
    assert data["wave"] == "2025"
    assert data["responses"] == 12
    happy = next(q for q in data["questions"] if q["key"] == "happy")
    assert {a["option"]: a["count"] for a in happy["answers"]}["5"] == 12


def test_a_breakdown_adds_groups(world: VoiceWorld) -> None:
    data = json.loads(_run("--survey", "wellbeing", "--wave", "2024", "--by", "area", "--json"))
    assert data["by"] == "area"
    # Every one of the 11 said Hereford: one group, its total the wave's.
    assert [(g["key"], g["label"], g["responses"]) for g in data["groups"]] == [
        ("hereford", "Hereford", 11)
    ]


def test_the_readable_table(world: VoiceWorld) -> None:
    text = _run("--survey", "wellbeing", "--wave", "2024")
    assert "How are you? (wellbeing), Spring 2024" in text
    assert "Finished responses: 11" in text
    assert "Do you feel safe at home? (feel-safe)" in text
    assert "c: fewer than 10, not published to protect children's identities." in text


def test_refusals_name_what_was_asked_for(world: VoiceWorld) -> None:
    with pytest.raises(CommandError, match="no survey with the key 'nope'"):
        _run("--survey", "nope", "--json")
    with pytest.raises(CommandError, match="no wave '2019'"):
        _run("--survey", "wellbeing", "--wave", "2019", "--json")
