"""An analyst's voice journey in Chromium: they add a theme with the words that suggest it,
theme what children wrote (accepting a suggestion), link the theme to an outcome of the
plan, write the partnership's reply linked to a commitment and publish it; then anyone,
signed out, reads it on the "you said, we did" page. Every page is checked with axe at 1280
and 320 pixels (no sideways scroll), with the Content Security Policy watched."""

from __future__ import annotations

from typing import Any

import pytest

from cypp.plans.models import Commitment
from cypp.voice.models import Tag, Theme, ThemeReply
from tests.browser.helpers import assert_clean_at_both_widths, sign_in, watch_csp
from tests.voice.world import answers_add, voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

THEMES = "/voice/alpha/themes/"


def test_an_analyst_themes_answers_and_publishes_you_said_we_did(site_url: str, page: Any) -> None:
    world = voice_world()
    answers_add(
        world, wave="2025", audience="12-15", answers={"change": "The last bus home is at six"}
    )
    answers_add(world, wave="2025", audience="8-11", answers={"change": "A bigger playground"})
    Commitment.objects.create(
        plan=world.plan, key="later-buses", title="Ask for later buses for young people"
    )
    outcome = world.outcomes[1]
    csp = watch_csp(page)

    sign_in(page, site_url, "voice-analyst")
    page.goto(f"{site_url}{THEMES}")
    page.get_by_role("heading", level=1, name="Themes: what children told us").wait_for()
    assert_clean_at_both_widths(page)

    # A theme with the words that suggest it.
    page.get_by_role("link", name="Add a theme").click()
    page.get_by_role("heading", level=1, name="Add a theme").wait_for()
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Save the theme").click()
    page.get_by_text("Enter the theme's name").first.wait_for()  # the error summary
    assert_clean_at_both_widths(page)
    page.get_by_label("Theme", exact=True).fill("Getting about")
    page.get_by_label("Words that suggest it (optional)").fill("bus\nlift")
    page.get_by_role("button", name="Save the theme").click()
    page.get_by_text("The theme “Getting about” is saved.").wait_for()

    # Theming: the bus answer is suggested "Getting about"; the analyst accepts it.
    page.get_by_role("link", name="Theme the answers to “How are you?”").click()
    page.get_by_role("heading", level=1, name="Theme what children wrote: Spring 2025").wait_for()
    assert page.get_by_text("The last bus home is at six").count() == 1
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Accept the suggestion Getting about for answer 1").click()
    page.get_by_text("Answer given the theme “Getting about”.").wait_for()
    tag = Tag.objects.get()
    assert (tag.suggested, tag.answer.value) == (True, "The last bus home is at six")
    assert_clean_at_both_widths(page)

    # Linking the theme to an outcome of the plan.
    page.goto(f"{site_url}{THEMES}")
    page.get_by_role("link", name="Change the theme Getting about").click()
    page.get_by_label(outcome.title).check()
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Save the theme").click()
    page.get_by_text("The theme “Getting about” is saved.").wait_for()
    assert list(Theme.objects.get().outcomes.all()) == [outcome]

    # The partnership's reply, linked to a commitment, then published.
    page.get_by_role("link", name="Write a reply to Getting about").click()
    page.get_by_role("heading", level=1, name="Write a reply").wait_for()
    assert_clean_at_both_widths(page)
    page.get_by_label("You said").fill("The last bus home is too early.")
    page.get_by_label("We did").fill("We asked the bus company to run a bus at nine.")
    page.get_by_label("How far it has got").select_option(label="We are doing this")
    page.get_by_label("The plan's commitment it led to (optional)").select_option(
        label="Ask for later buses for young people (Plan test-plan, not started)"
    )
    page.get_by_role("button", name="Save the reply").click()
    page.get_by_text("The reply is saved. Publish it when it is ready.").wait_for()
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Publish the reply to Getting about").click()
    page.get_by_text("The reply to “Getting about” is published.").wait_for()
    reply = ThemeReply.objects.get()
    assert reply.published_at is not None and reply.commitment is not None
    # A theme with a published reply cannot be deleted; the page says why.
    page.get_by_role("link", name="Delete the theme Getting about").click()
    page.get_by_role("heading", level=1, name="Delete the theme “Getting about”?").wait_for()
    assert page.get_by_text("unpublish it first").count() == 1
    assert_clean_at_both_widths(page)
    page.goto(f"{site_url}{THEMES}")
    page.get_by_role("link", name="Change the reply to Getting about").click()
    page.get_by_role("heading", level=1, name="Change Alpha's reply").wait_for()
    assert_clean_at_both_widths(page)

    # Anyone reads it, signed out.
    page.context.clear_cookies()
    page.goto(f"{site_url}/voice/alpha/you-said-we-did/")
    page.get_by_role("heading", level=1, name="You said, we did").wait_for()
    for words in [
        "The last bus home is too early.",
        "We asked the bus company to run a bus at nine.",
        "We are doing this",
        "This is part of our plan: Ask for later buses for young people.",
    ]:
        assert page.get_by_text(words).count() >= 1, words
    # Never a child's own words, and no count below the threshold (one answer).
    assert page.get_by_text("The last bus home is at six").count() == 0
    assert page.get_by_text("people told us about this").count() == 0
    assert_clean_at_both_widths(page)
    page.screenshot(path="/tmp/h5-you-said-we-did-1280.png", full_page=True)
    page.set_viewport_size({"width": 320, "height": 900})
    page.screenshot(path="/tmp/h5-you-said-we-did-320.png", full_page=True)
    assert csp == []
