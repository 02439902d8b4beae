"""The journey's services: starting, answering (checks, skip logic, area, help, alerts in
the answer's transaction), save and return, and sending."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_save

from cypp.voice.models import Answer, Question, Response, SafeguardingAlert, Survey
from cypp.voice.services_journey import (
    JourneyError,
    answers_save,
    response_finish,
    response_resume,
    response_start,
    resume_code_issue,
)
from tests.voice.world import VoiceWorld, voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> VoiceWorld:
    return voice_world()


def _start(world: VoiceWorld, audience: str = "12-15", **extra: Any) -> Response:
    survey = world.audiences[audience].survey
    wave = world.waves["check-in" if survey == world.check_in else "2025"]
    return response_start(
        survey=survey,
        audience=world.audiences[audience],
        wave=wave,
        language=extra.pop("language", "en"),
        consent=extra.pop("consent", "self"),
        **extra,
    )


def _stored(response: Response) -> dict[str, str]:
    return dict(Answer.objects.filter(response=response).values_list("question__key", "value"))


def test_a_response_starts_with_a_date_and_nothing_that_says_who(world: VoiceWorld) -> None:
    response = _start(world)
    response.refresh_from_db()
    assert response.status == "started"
    assert response.wave == world.waves["2025"]
    assert response.respondent_name == ""
    assert response.resume_code_sha256 == ""


def test_consent_follows_the_age(world: VoiceWorld) -> None:
    # 8 to 11: only a parent or carer may agree online.
    with pytest.raises(JourneyError):
        _start(world, "8-11", consent="self")
    assert _start(world, "8-11", consent="parent").consent == "parent"
    # 12 to 15 spans 13: either, as the child says.
    assert _start(world, "12-15", consent="parent").consent == "parent"
    # Run in a setting: only the setting's basis.
    Survey.objects.filter(pk=world.wellbeing.pk).update(consent_basis="setting")
    world.wellbeing.refresh_from_db()
    with pytest.raises(JourneyError):
        _start(world, "12-15", consent="self")
    assert _start(world, "12-15", consent="setting").consent == "setting"


def test_a_closed_wave_a_closed_survey_and_an_unknown_language_are_refused(
    world: VoiceWorld,
) -> None:
    with pytest.raises(JourneyError):
        response_start(
            survey=world.wellbeing,
            audience=world.audiences["12-15"],
            wave=world.waves["2024"],  # closed on 30 April 2024
            language="en",
            consent="self",
        )
    with pytest.raises(JourneyError):
        _start(world, language="fr")
    assert _start(world, language="cy").language == "cy"
    Survey.objects.filter(pk=world.wellbeing.pk).update(status="closed")
    world.wellbeing.refresh_from_db()
    with pytest.raises(JourneyError):
        _start(world)


def test_an_anonymous_survey_refuses_a_name_and_a_named_one_keeps_it(world: VoiceWorld) -> None:
    with pytest.raises(JourneyError):
        _start(world, respondent_name="Sam")
    assert Response.objects.filter(survey=world.wellbeing).count() == 0
    named = _start(world, "check-in", respondent_name="Sam Jones")
    named.refresh_from_db()
    assert named.respondent_name == "Sam Jones"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("area", "cardiff"),  # not one of the options
        ("happy", "6"),  # not a point on the scale
        ("happy", "very happy"),
        ("matters", "school\nfriends"),  # not every option
        ("matters", "school\nschool\nfamily"),  # one twice
        ("matters", "school\nfriends\nfamily\npets"),
        ("change", "x" * 2001),
        ("no-such-question", "1"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_saved(
    world: VoiceWorld, key: str, value: str
) -> None:
    response = _start(world)
    with pytest.raises(JourneyError):
        answers_save(response=response, answers={"happy": "4", key: value})
    assert _stored(response) == {}


def test_good_answers_of_every_kind_are_saved(world: VoiceWorld) -> None:
    response = _start(world)
    flagged = answers_save(
        response=response,
        answers={
            "area": "ross",
            "happy": "5",
            "matters": "family\r\nschool\nfriends",
            "change": "  " + "y" * 2000 + " ",
        },
    )
    assert flagged == []
    assert _stored(response) == {
        "area": "ross",
        "happy": "5",
        "matters": "family\nschool\nfriends",
        "change": "y" * 2000,
    }
    response.refresh_from_db()
    assert response.area == "ross"
    assert response.help_shown is False
    # An empty answer takes an answer away; the area goes with it.
    answers_save(response=response, answers={"area": ""})
    response.refresh_from_db()
    assert response.area == ""
    assert "area" not in _stored(response)


def test_skip_logic_drops_the_answer_to_a_question_no_longer_asked(world: VoiceWorld) -> None:
    response = _start(world)
    answers_save(response=response, answers={"feel-safe": "not-sure"})
    answers_save(response=response, answers={"why-unsafe": "my street is dark"})
    assert _stored(response) == {"feel-safe": "not-sure", "why-unsafe": "my street is dark"}
    answers_save(response=response, answers={"feel-safe": "yes"})
    assert _stored(response) == {"feel-safe": "yes"}
    # An answer to a question not asked is not kept.
    answers_save(response=response, answers={"why-unsafe": "nothing"})
    assert _stored(response) == {"feel-safe": "yes"}


def test_an_unsafe_answer_shows_help_and_on_an_anonymous_survey_raises_no_alert(
    world: VoiceWorld,
) -> None:
    response = _start(world)
    flagged = answers_save(
        response=response, answers={"feel-safe": "no", "change": "He hits me a lot"}
    )
    assert sorted(flagged) == ["change", "feel-safe"]
    response.refresh_from_db()
    assert response.help_shown is True
    assert SafeguardingAlert.objects.count() == 0


def test_a_named_surveys_unsafe_answer_raises_an_alert_once(world: VoiceWorld) -> None:
    response = _start(world, "check-in", respondent_name="Sam")
    assert answers_save(response=response, answers={"feel-safe": "no"}) == ["feel-safe"]
    alert = SafeguardingAlert.objects.get()
    assert (alert.response, alert.question.key, alert.reason, alert.said) == (
        response,
        "feel-safe",
        "answer",
        "No",
    )
    assert alert.contact == world.people["safeguarding"]
    assert alert.due_at - alert.raised_at == dt.timedelta(hours=4)
    # The same answer given again (the child went Back) raises no second alert.
    assert answers_save(response=response, answers={"feel-safe": "no"}) == []
    assert SafeguardingAlert.objects.count() == 1


@pytest.fixture
def alert_fails() -> Iterator[None]:
    """Something goes wrong just after the alert is written, inside the same transaction."""

    def fail(**_: Any) -> None:
        raise RuntimeError("the disk filled up")

    post_save.connect(fail, sender=SafeguardingAlert, dispatch_uid="test-alert-fails")
    yield
    post_save.disconnect(sender=SafeguardingAlert, dispatch_uid="test-alert-fails")


def test_an_answer_and_its_alert_are_saved_together_or_not_at_all(
    world: VoiceWorld, alert_fails: None
) -> None:
    response = _start(world, "check-in", respondent_name="Sam")
    with pytest.raises(RuntimeError):
        answers_save(response=response, answers={"happy": "2", "feel-safe": "no"})
    assert SafeguardingAlert.objects.count() == 0
    assert _stored(response) == {}
    response.refresh_from_db()
    assert response.help_shown is False


def test_save_and_return_keeps_only_the_codes_sha256(world: VoiceWorld) -> None:
    response = _start(world)
    answers_save(response=response, answers={"happy": "3"})
    code = resume_code_issue(response=response)
    assert re.fullmatch(r"[a-z]+-[a-z]+-[a-z]+-[0-9]{2}", code), code
    response.refresh_from_db()
    assert response.resume_code_sha256 == hashlib.sha256(code.encode()).hexdigest()
    # Typed with spaces and capitals, it still works; a wrong one does not.
    typed = " ".join(code.split("-")).upper()
    assert response_resume(survey=world.wellbeing, code=typed) == response
    assert response_resume(survey=world.wellbeing, code="sun-tree-frog-100") is None
    assert response_resume(survey=world.check_in, code=code) is None
    # A new code replaces the old one.
    second = resume_code_issue(response=response)
    assert response_resume(survey=world.wellbeing, code=second) == response
    if second != code:
        assert response_resume(survey=world.wellbeing, code=code) is None


def test_sending_finishes_the_response_and_forgets_the_code(world: VoiceWorld) -> None:
    response = _start(world)
    code = resume_code_issue(response=response)
    answers_save(response=response, answers={"happy": "4"})
    response_finish(response=response)
    response.refresh_from_db()
    assert (response.status, response.resume_code_sha256) == ("finished", "")
    assert response.finished_on is not None
    assert response_resume(survey=world.wellbeing, code=code) is None
    with pytest.raises(JourneyError):
        answers_save(response=response, answers={"happy": "1"})


def test_a_required_question_must_be_answered_before_sending(world: VoiceWorld) -> None:
    Question.objects.filter(pk=world.question("12-15", "happy").pk).update(required=True)
    response = _start(world)
    with pytest.raises(JourneyError) as refused:
        response_finish(response=response)
    assert refused.value.field == "happy"
    answers_save(response=response, answers={"happy": "2"})
    response_finish(response=response)
    assert Response.objects.get(pk=response.pk).status == "finished"
