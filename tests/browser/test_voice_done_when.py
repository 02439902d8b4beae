"""Issue #17's "done when", in Chromium on the demo: a child completes the demo survey on a
phone-sized screen, an analyst themes the answer and links the theme to an outcome, the
partnership publishes "you said, we did", and the board pack shows it.

Every page the journey meets is checked at the width it is used at (the child's at 320 px,
the analyst's at 320 and 1280): nothing pushes the page sideways and axe-core finds nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cypp.demo.loader import demo_load, demo_password
from cypp.plans.models import Commitment, Outcome
from cypp.voice.models import Answer, Response, Tag, Theme, ThemeReply
from tests.browser.helpers import PHONE, assert_clean_at, assert_clean_at_both_widths, sign_in
from tests.conftest import DEMO_DATA

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

SURVEY = "herefordshire-wellbeing"
PLAN = "herefordshire-2018-2023"
# What the child writes: words no made-up answer of the demo uses, so the analyst finds it.
WROTE = "Please can we have a swimming pool that is open on Sundays"
OUTCOME = (
    "Children and young people get help with their mental health and emotional well-being "
    "when they need it"
)
YOU_SAID = "You asked for a swimming pool that is open on Sundays."
WE_DID = "The leisure centre in Leominster now opens its pool on Sunday mornings."


def _next(page: Any, name: str = "Continue") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_child_answers_an_analyst_themes_the_partnership_replies_and_the_board_sees_it(
    site_url: str, page: Any
) -> None:
    demo_load(data_dir=DEMO_DATA, say=lambda _m: None)
    page.set_default_timeout(180_000)  # building the board pack (at once in tests) takes a while
    responses = Response.objects.filter(survey__key=SURVEY, wave__key="2026-autumn")
    before = responses.count()

    # A child of 10 on a phone, not signed in.
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.goto(f"{site_url}/voice/take/{SURVEY}/")
    assert "SYNTHETIC" in page.get_by_role("heading", level=1).inner_text()
    assert_clean_at(page, PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    page.get_by_label("English").check()
    assert_clean_at(page, PHONE)
    _next(page)
    page.get_by_label("I am 8 to 11").check()
    assert_clean_at(page, PHONE)
    _next(page)
    # Under 13: a parent or carer says yes.
    page.get_by_label("I am this child's parent or carer and I agree").check()
    assert_clean_at(page, PHONE)
    _next(page)
    for question, option in (
        ("Where do you live?", "Leominster"),
        ("How do you feel about your life?", "Happy"),
        ("Do you feel safe where you live?", "Yes"),
        ("How do you feel about school?", "Okay"),
    ):
        expect(page.get_by_role("heading", level=1)).to_contain_text(question)
        page.get_by_label(option, exact=True).check()
        assert_clean_at(page, PHONE)
        _next(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("What matters most to you?")
    for n, option in enumerate(
        ("My friends", "My family", "Places to play", "Being healthy", "School"), start=1
    ):
        page.get_by_label(f"Number {n}", exact=False).select_option(label=option)
    assert_clean_at(page, PHONE)
    _next(page)
    page.get_by_role("textbox", name="What one thing would make Herefordshire better").fill(WROTE)
    assert_clean_at(page, PHONE)
    _next(page)
    assert_clean_at(page, PHONE)
    _next(page, "Send my answers")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert "0800 1111" in page.locator("main").inner_text()  # where to get help
    assert_clean_at(page, PHONE)
    # The child's answers are in, with the made-up ones: finished, ranked as given.
    assert responses.count() == before + 1
    answer = Answer.objects.get(response__survey__key=SURVEY, value=WROTE)
    assert answer.response.status == Response.Status.FINISHED
    ranked = Answer.objects.get(response=answer.response, question__key="matters").value
    assert ranked.splitlines() == ["friends", "family", "play", "healthy", "school"]

    # The analyst makes a theme for what the child said and links it to a pledge's outcome.
    sign_in(page, site_url, "analyst", password=demo_password("analyst"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/voice/herefordshire/themes/new/")
    page.get_by_label("Theme", exact=True).fill("Swimming")
    page.get_by_label("Words that suggest it (optional)").fill("swimming\npool")
    page.get_by_label(OUTCOME, exact=True).first.check()
    assert_clean_at_both_widths(page)
    _next(page, "Save the theme")
    theme = Theme.objects.get(partnership__key="herefordshire", name="Swimming")
    outcome = Outcome.objects.get(priority__plan__key=PLAN, title=OUTCOME)
    assert list(theme.outcomes.all()) == [outcome]
    assert outcome.priority.key == "be-healthy"

    # ...and accepts the suggestion on the child's answer (the last of the wave's answers).
    page.goto(f"{site_url}/voice/herefordshire/surveys/{SURVEY}/theming/?wave=2026-autumn")
    last = page.locator(".govuk-pagination__item").last
    with page.expect_navigation():
        last.get_by_role("link").click()
    card = page.locator(".govuk-summary-card", has_text=WROTE)
    expect(card).to_have_count(1)
    assert_clean_at_both_widths(page)
    with page.expect_navigation():
        card.get_by_role("button", name="Accept").click()
    assert Tag.objects.filter(theme=theme, answer=answer, suggested=True).exists()

    # The partnership's reply, linked to the plan's commitment, then published.
    commitment = Commitment.objects.get(plan__key=PLAN, key="mental-health-actions")
    page.goto(f"{site_url}/voice/herefordshire/themes/")
    with page.expect_navigation():
        page.get_by_role("link", name="Write a reply to Swimming").click()
    page.get_by_label("You said").fill(YOU_SAID)
    page.get_by_label("We did").fill(WE_DID)
    page.get_by_label("How far it has got").select_option("done")
    page.get_by_label("The plan's commitment it led to (optional)").select_option(
        str(commitment.pk)
    )
    assert_clean_at_both_widths(page)
    _next(page, "Save the reply")
    reply = ThemeReply.objects.get(theme=theme)
    assert reply.published_at is None and reply.commitment == commitment
    page.goto(f"{site_url}/voice/herefordshire/themes/")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish the reply to Swimming").click()
    reply.refresh_from_db()
    assert reply.published_at is not None

    # Anyone, a child too, reads it on "you said, we did".
    page.context.clear_cookies()
    page.goto(f"{site_url}/voice/herefordshire/you-said-we-did/")
    main = page.locator("main").inner_text()
    assert YOU_SAID in main and WE_DID in main
    assert_clean_at_both_widths(page)

    # A board pack built for the plan shows it.
    sign_in(page, site_url, "analyst", password=demo_password("analyst"))
    page.goto(f"{site_url}/plans/{PLAN}/board-packs/")
    with page.expect_navigation():
        page.get_by_role("button", name="Build the pack").click()
    expect(page.get_by_role("heading", name="You said, we did").first).to_be_visible()
    pack = page.locator("main").inner_text()
    assert WE_DID in pack and commitment.title in pack
    assert_clean_at_both_widths(page)
