"""A child's journey through a survey in Chromium (issue #17's quality bar): start, answer,
see where to get help, save and come back on another device, finish. Every page is checked
at 320 and 1280 CSS pixels with axe; the second half runs at 400% zoom (1280 px at a device
scale of 4: a 320 by 256 viewport); one question is answered by keyboard alone."""

from __future__ import annotations

import re

import pytest

from cypp.voice.models import Answer, Response, Survey
from tests.browser.helpers import DESKTOP, PHONE, assert_clean_at, watch_csp
from tests.voice.world import HELP, voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _clean_at_both(page, name: str) -> None:  # type: ignore[no-untyped-def]
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 800})
        assert_clean_at(page, width)
        page.screenshot(path=f"/tmp/h2-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": PHONE, "height": 800})


def test_a_child_answers_gets_help_saves_comes_back_and_finishes(site_url, browser):  # type: ignore[no-untyped-def]
    voice_world()
    phone = browser.new_context(viewport={"width": PHONE, "height": 800})
    page = phone.new_page()
    csp = watch_csp(page)
    start = f"{site_url}/voice/take/wellbeing/"
    page.goto(start)
    assert page.get_by_role("heading", level=1).inner_text() == "How are you?"
    assert page.get_by_text("You can stop at any time.").is_visible()
    _clean_at_both(page, "start")
    page.get_by_role("button", name="Start now").click()

    page.wait_for_url(re.compile(r"/language/"))
    _clean_at_both(page, "language")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/who/"))
    page.get_by_label("I am 12 to 15").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/agree/"))
    _clean_at_both(page, "age")
    page.get_by_label("Yes, I am 13 or over").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"age=over"))
    # Not ticked: the error summary, in the child's words.
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").is_visible()
    _clean_at_both(page, "agree-error")
    page.get_by_label("I agree to take part").check()
    page.get_by_role("button", name="Continue").click()

    # One question by keyboard alone: Tab to the first answer, the arrow to the next, Enter.
    page.wait_for_url(re.compile(r"/questions/area/"))
    _clean_at_both(page, "question-area")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q-area":
            break
    assert page.evaluate("document.activeElement.id") == "q-area"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "leominster"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/questions/happy/"))
    assert Answer.objects.get(question__key="area").value == "leominster"

    _clean_at_both(page, "question-scale")
    page.get_by_label("Happy", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/questions/feel-safe/"))
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    # Help at once: "you are not in trouble", the survey's help, Childline, 999.
    page.wait_for_url(re.compile(r"/help/"))
    assert page.get_by_role("heading", level=1).inner_text() == "You are not in trouble"
    body = page.inner_text("main")
    assert HELP in body and "0800 1111" in body and "999" in body
    _clean_at_both(page, "help")
    page.get_by_role("button", name="Carry on with the survey").click()
    page.wait_for_url(re.compile(r"/questions/why-unsafe/"))
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_selector(".voice-code")
    code = " ".join(page.locator(".voice-code-word").all_inner_texts())
    assert re.fullmatch(r"[a-z]+ [a-z]+ [a-z]+ [0-9]{2}", code), code
    _clean_at_both(page, "code")
    assert csp == []
    phone.close()

    # Another device, at 400% zoom: 1280 CSS pixels at a device scale of 4.
    zoomed = browser.new_context(viewport={"width": 320, "height": 256}, device_scale_factor=4)
    page = zoomed.new_page()
    csp = watch_csp(page)
    page.goto(f"{start}resume/")
    assert_clean_at(page, 320)
    page.get_by_label("Carry on with your answers").fill(code.upper())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/questions/why-unsafe/"))
    assert_clean_at(page, 320)
    page.screenshot(path="/tmp/h2-zoom-question.png")
    page.get_by_label("Tell us more if you want to.").fill("It is loud at night")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/questions/matters/"))
    assert_clean_at(page, 320)
    page.get_by_label("Number 1 (matters most)").select_option("family")
    page.get_by_label("Number 2").select_option("friends")
    page.get_by_label("Number 3").select_option("school")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/questions/change/"))
    page.get_by_label("What one thing would you change?").fill("More buses")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/finish/"))
    assert_clean_at(page, 320)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector(".govuk-panel")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert "Where to get help" in page.inner_text("main")
    assert_clean_at(page, 320)
    page.screenshot(path="/tmp/h2-zoom-thanks.png", full_page=True)
    assert csp == []
    zoomed.close()

    response = Response.objects.get()
    assert (response.status, response.area, response.help_shown) == ("finished", "leominster", True)
    assert dict(Answer.objects.values_list("question__key", "value")) == {
        "area": "leominster",
        "happy": "4",
        "feel-safe": "no",
        "why-unsafe": "It is loud at night",
        "matters": "family\nfriends\nschool",
        "change": "More buses",
    }


def test_the_welsh_pages_are_marked_welsh_and_clean(site_url, page):  # type: ignore[no-untyped-def]
    voice_world()
    page.goto(f"{site_url}/voice/take/wellbeing/who/?lang=cy")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_role("heading", level=1).inner_text() == "Pwy wyt ti?"
    _clean_at_both(page, "welsh-who")


def test_the_other_pages_are_clean_at_both_widths(site_url, page):  # type: ignore[no-untyped-def]
    world = voice_world()
    start = f"{site_url}/voice/take/wellbeing/"
    page.goto(f"{start}privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "How we look after your answers"
    _clean_at_both(page, "privacy")
    page.goto(f"{start}resume/")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    _clean_at_both(page, "resume-error")
    # Every question on one page, the ranking among them.
    Survey.objects.filter(pk=world.wellbeing.pk).update(one_question_per_page=False)
    page.goto(f"{start}agree/?audience=parents")
    page.get_by_label("I agree to take part").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/questions/$"))
    _clean_at_both(page, "all-questions")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/finish/"))
    _clean_at_both(page, "finish")
    Survey.objects.filter(pk=world.wellbeing.pk).update(status="closed")
    page.goto(start)
    assert page.get_by_role("heading", level=1).inner_text() == "This survey is not open just now"
    _clean_at_both(page, "closed")
