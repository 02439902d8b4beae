"""The voice world builds, and the pure safeguarding rule reads answers as documented."""

from __future__ import annotations

import pytest

from cypp.voice.models import Answer, Response
from cypp.voice.safeguarding import ANSWER, WORDS, flagged, words_found
from tests.voice.world import answers_add, voice_world


@pytest.mark.django_db
def test_the_world_builds_with_answers() -> None:
    world = voice_world()
    answers_add(
        world, wave="2024", audience="12-15", answers={"area": "ross", "happy": "4"}, times=3
    )
    assert Response.objects.filter(survey=world.wellbeing).count() == 3
    assert Answer.objects.filter(response__survey=world.wellbeing).count() == 6
    who = {key: audience.who_agrees() for key, audience in world.audiences.items()}
    assert who == {"8-11": "parent", "12-15": "ask", "parents": "self", "check-in": "ask"}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Sometimes he HITS  me.", ["hits me"]),
        ("I want to hurt myself", ["hurt myself"]),
        ("I don\u2019t feel not safe", ["not safe"]),
        ("the hurtle myself race", []),
        ("", []),
    ],
)
def test_words_are_found_whole_whatever_the_case_or_spacing(text: str, found: list[str]) -> None:
    assert words_found(text, ["hurt myself", "hits me", "not safe"]) == found


def test_an_answer_is_flagged_by_its_option_or_its_words() -> None:
    assert flagged(kind="choice", value="no", safeguarding_answers=["no"], words=[]) == ANSWER
    assert flagged(kind="choice", value="yes", safeguarding_answers=["no"], words=["yes"]) is None
    assert (
        flagged(kind="free_text", value="he hits me", safeguarding_answers=[], words=["hits me"])
        == WORDS
    )
    assert flagged(kind="ranking", value="no\nyes", safeguarding_answers=["no"], words=[]) is None
