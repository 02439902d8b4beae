"""A child's journey as pages, through the Django test client: start, language, who, agreeing
by age, the questions with skip logic and help, save and return, send."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from cypp.voice.models import Answer, Question, Response, Survey
from tests.voice.world import HELP, VoiceWorld, voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> VoiceWorld:
    return voice_world()


def url(name: str, survey: str = "wellbeing", **kwargs: str) -> str:
    return reverse(f"voice:journey_{name}", kwargs={"survey": survey, **kwargs})


def question(key: str, survey: str = "wellbeing") -> str:
    return url("question", survey, question=key)


def text(page) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(page.content.decode())


def started(client: Client, *, lang: str = "en", audience: str = "12-15", age: str = "over") -> str:
    """Through the steps before the questions; the first question's address."""
    page = client.post(
        url("consent") + f"?lang={lang}&audience={audience}&age={age}", {"agree": "yes"}
    )
    assert page.status_code == 302, text(page)
    return page["Location"]


def test_the_start_page_says_what_it_is_for_how_long_and_where_help_is(
    client: Client, world: VoiceWorld
) -> None:
    page = client.get(url("start"))
    body = text(page)
    assert page.status_code == 200
    assert '<html lang="en-GB"' in body
    assert "How are you?" in body and "Tell us about your life." in body
    # Six questions, about half a minute each.
    assert "It has 6 questions and takes about 3 minutes." in body
    assert "You can stop at any time." in body
    assert url("privacy") in body and url("help") in body and url("resume") in body
    assert url("language") in body  # two languages: the child chooses first


def test_a_draft_survey_is_not_found_and_a_closed_one_says_so_kindly(
    client: Client, world: VoiceWorld
) -> None:
    assert client.get(url("start", "no-such-survey")).status_code == 404
    Survey.objects.filter(pk=world.wellbeing.pk).update(status="draft")
    assert client.get(url("start")).status_code == 404
    Survey.objects.filter(pk=world.wellbeing.pk).update(status="closed")
    page = client.get(url("start"))
    assert page.status_code == 200
    assert "This survey is not open just now" in text(page)
    page = client.post(url("consent") + "?audience=12-15&age=over", {"agree": "yes"})
    assert "This survey is not open just now" in text(page)
    assert Response.objects.count() == 0


def test_a_journey_in_welsh_from_start_to_help(client: Client, world: VoiceWorld) -> None:
    page = client.post(url("language"), {"choice": "cy"})
    assert page["Location"] == url("audience") + "?lang=cy"
    page = client.get(page["Location"])
    body = text(page)
    assert '<html lang="cy"' in body
    assert "Pwy wyt ti?" in body
    assert "I am 12 to 15" in body
    page = client.post(url("audience") + "?lang=cy", {"choice": "12-15"})
    assert page["Location"] == url("consent") + "?lang=cy&audience=12-15"
    # 12 to 15 spans 13: the child is asked their age first.
    page = client.get(page["Location"])
    assert "Wyt ti'n 13 oed neu'n hŷn?" in text(page)
    page = client.post(url("consent") + "?lang=cy&audience=12-15", {"choice": "under"})
    assert page["Location"] == url("consent") + "?lang=cy&audience=12-15&age=under"
    page = client.get(page["Location"])
    assert "Mae angen i riant neu ofalwr ddweud ie" in text(page)
    # Not ticked: asked again, nothing saved.
    page = client.post(url("consent") + "?lang=cy&audience=12-15&age=under", {})
    assert page.status_code == 200
    assert "Mae angen i riant neu ofalwr dicio'r blwch i gytuno" in text(page)
    assert Response.objects.count() == 0
    first = started(client, lang="cy", age="under")
    assert first == question("area")
    response = Response.objects.get()
    assert (response.language, response.consent) == ("cy", "parent")
    page = client.get(first)
    body = text(page)
    assert "Ble wyt ti'n byw?" in body and "Henffordd" in body
    # An option not translated keeps the survey's words.
    assert "Leominster" in body
    # A question not translated is in English, and marked so for a screen reader.
    page = client.get(question("happy"))
    assert re.search(
        r'lang="en"[^>]*>\s*<h1 class="govuk-fieldset__heading">How do you', text(page)
    )
    page = client.post(question("feel-safe"), {"q-feel-safe": "no", "action": "continue"})
    assert page["Location"] == url("help") + "?after=feel-safe"
    page = client.get(page["Location"])
    body = text(page)
    assert "Dwyt ti ddim mewn trwbl" in body
    assert HELP in body and "0800 1111" in body and "999" in body
    # Carry on: the next question asked, which only an unsafe answer shows.
    assert question("why-unsafe") in body


def test_the_questions_follow_the_skip_logic_with_back_links(
    client: Client, world: VoiceWorld
) -> None:
    started(client)
    page = client.post(question("area"), {"q-area": "ross", "action": "continue"})
    assert page["Location"] == question("happy")
    page = client.get(question("happy"))
    assert f'href="{question("area")}" class="govuk-back-link"' in text(page)
    # A face beside each point's words, never instead of them.
    assert text(page).count('class="voice-face"') == 5
    assert "Very happy</span>" in text(page)
    client.post(question("happy"), {"q-happy": "4", "action": "continue"})
    page = client.post(question("feel-safe"), {"q-feel-safe": "yes", "action": "continue"})
    # "Tell us more" is skipped when the child feels safe.
    assert page["Location"] == question("matters")
    assert client.get(question("why-unsafe"))["Location"] == question("matters")
    page = client.get(question("matters"))
    assert f'href="{question("feel-safe")}" class="govuk-back-link"' in text(page)
    page = client.post(
        question("matters"),
        {"q-matters-1": "school", "q-matters-2": "school", "q-matters-3": "family"},
    )
    assert page.status_code == 200
    assert "Give every choice a different number" in text(page)
    page = client.post(
        question("matters"),
        {"q-matters-1": "friends", "q-matters-2": "school", "q-matters-3": "family"},
    )
    assert page["Location"] == question("change")
    page = client.post(question("change"), {"q-change": "x" * 2001, "action": "continue"})
    assert "Your answer must be 2,000 characters or fewer" in text(page)
    page = client.post(question("change"), {"q-change": "More buses", "action": "continue"})
    assert page["Location"] == url("finish")
    page = client.get(url("finish"))
    assert "Send my answers" in text(page)
    page = client.post(url("finish"))
    body = text(page)
    assert "Thank you" in body and "What happens next" in body and HELP in body
    # The child can see what was done about what children said before (a public page).
    assert 'href="/voice/alpha/you-said-we-did/"' in page.content.decode()
    assert client.get("/voice/alpha/you-said-we-did/").status_code == 200
    response = Response.objects.get()
    assert response.status == "finished"
    assert response.area == "ross"
    assert dict(Answer.objects.values_list("question__key", "value")) == {
        "area": "ross",
        "happy": "4",
        "feel-safe": "yes",
        "matters": "friends\nschool\nfamily",
        "change": "More buses",
    }
    # The cookie is gone: the pages start again.
    assert client.get(question("area"))["Location"] == url("start")


def test_save_and_come_back_later_with_a_code(client: Client, world: VoiceWorld) -> None:
    started(client)
    client.post(question("area"), {"q-area": "hereford", "action": "continue"})
    page = client.post(question("happy"), {"q-happy": "2", "action": "save"})
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    found = re.search(
        r'<span class="voice-code-word">([a-z]+)</span> <span class="voice-code-word">([a-z]+)'
        r'</span> <span class="voice-code-word">([a-z]+)</span> '
        r'<span class="voice-code-word">([0-9]{2})</span>',
        text(page),
    )
    assert found, text(page)
    code = " ".join(found.groups())
    assert code not in str(Response.objects.values_list().get())
    # Another device: the code carries on where the child stopped.
    other = Client()
    page = other.post(url("resume"), {"code": "wrong words here 12"})
    assert "We could not find answers for that code" in text(page)
    page = other.post(url("resume"), {"code": code.upper()})
    assert page["Location"] == question("feel-safe")
    page = other.get(question("happy"))
    assert 'value="2" checked' in text(page)
    # Saving never insists on an answer to a required question.
    Question.objects.filter(audience=world.audiences["12-15"], key="feel-safe").update(
        required=True
    )
    page = other.post(question("feel-safe"), {"action": "save"})
    assert page.status_code == 200 and "voice-code-word" in text(page)
    page = other.post(question("feel-safe"), {"action": "continue"})
    assert "Answer this question, please" in text(page)


def test_an_unsafe_answer_saved_for_later_still_shows_help(
    client: Client, world: VoiceWorld
) -> None:
    started(client)
    page = client.post(question("feel-safe"), {"q-feel-safe": "no", "action": "save"})
    body = text(page)
    assert "You are not in trouble" in body and HELP in body and "voice-code-word" in body


def test_agreeing_by_age_and_by_setting(client: Client, world: VoiceWorld) -> None:
    # 8 to 11: a parent or carer ticks, with no question about age.
    page = client.get(url("consent") + "?audience=8-11")
    body = text(page)
    assert "A parent or carer needs to say yes" in body
    assert "this child's parent or carer and I agree" in body
    # Parents agree for themselves.
    page = client.get(url("consent") + "?audience=parents")
    assert "I agree to take part" in text(page)
    # Run in a school: a sentence, no tick.
    Survey.objects.filter(pk=world.wellbeing.pk).update(
        consent_basis="setting", setting_name="Your school"
    )
    page = client.get(url("consent") + "?audience=8-11")
    body = text(page)
    assert "Your school is running this survey" in body
    assert 'type="checkbox"' not in body
    page = client.post(url("consent") + "?audience=8-11", {})
    assert page["Location"] == question("area")
    assert Response.objects.get().consent == "setting"


def test_a_named_survey_asks_the_name_and_an_anonymous_one_never_does(
    client: Client, world: VoiceWorld
) -> None:
    assert 'name="name"' not in text(client.get(url("consent") + "?audience=12-15&age=over"))
    page = client.get(url("consent", "check-in") + "?audience=12-15&age=over")
    assert 'name="name"' in text(page)
    page = client.post(url("consent", "check-in") + "?audience=12-15&age=over", {"agree": "yes"})
    assert "Enter your name" in text(page)
    page = client.post(
        url("consent", "check-in") + "?audience=12-15&age=over", {"agree": "yes", "name": "Sam"}
    )
    assert page.status_code == 302
    assert Response.objects.get().respondent_name == "Sam"
    # A name sent to an anonymous survey anyway is not kept.
    client.post(url("consent") + "?audience=12-15&age=over", {"agree": "yes", "name": "Sam"})
    assert Response.objects.get(survey=world.wellbeing).respondent_name == ""


def test_the_honeypot_saves_nothing(client: Client, world: VoiceWorld) -> None:
    page = client.post(
        url("consent") + "?audience=12-15&age=over", {"agree": "yes", "website": "http://x"}
    )
    assert page.status_code == 200
    assert Response.objects.count() == 0
    started(client)
    client.post(question("area"), {"q-area": "ross", "website": "spam"})
    assert Answer.objects.count() == 0
    body = text(client.get(question("area")))
    assert 'class="voice-honeypot"' in body and "Leave this empty" in body


def test_all_questions_on_one_page(client: Client, world: VoiceWorld) -> None:
    Survey.objects.filter(pk=world.wellbeing.pk).update(one_question_per_page=False)
    first = started(client)
    assert first == url("questions")
    assert client.get(question("area"))["Location"] == url("questions")
    body = text(client.get(first))
    assert body.count('class="govuk-fieldset__heading"') == 4  # 5 asked, 1 free text label
    assert "Tell us more if you want to." not in body
    page = client.post(first, {"q-area": "ross", "q-feel-safe": "not-sure", "action": "continue"})
    # A question that depends on an answer on the page: the page comes back with it.
    assert page["Location"] == url("questions")
    assert "Tell us more if you want to." in text(client.get(first))
    page = client.post(first, {"q-area": "ross", "q-feel-safe": "not-sure", "action": "continue"})
    assert page["Location"] == url("finish")


def test_a_post_without_the_csrf_token_is_refused(world: VoiceWorld) -> None:
    careful = Client(enforce_csrf_checks=True)
    page = careful.post(url("consent") + "?audience=12-15&age=over", {"agree": "yes"})
    assert page.status_code == 403
    assert Response.objects.count() == 0


def test_a_forged_cookie_finds_no_response(client: Client, world: VoiceWorld) -> None:
    started(client)
    client.cookies["voice-wellbeing"] = "1"
    assert client.get(question("area"))["Location"] == url("start")
