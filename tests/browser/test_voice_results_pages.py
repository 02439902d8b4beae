"""A board member (a viewer) reads a survey's results in Chromium: the whole wave, then by
area, then across waves. Small numbers are "c" and explained; axe-core finds nothing at
1280 and 320 CSS pixels and no page scrolls sideways; the strict CSP holds.

The counts, by hand (as ``tests/voice/test_results.py``): 2025 has 35 finished responses,
Hereford 20, Leominster 12 and Ross 3 (one child in Ross does not feel safe); Ross's 3 is
hidden with Leominster's 12, and the "no" of 1 with the "yes" of 34. 2024 has 20, all
"happy": 100% in 2024."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_clean_at, sign_in, watch_csp
from tests.voice.world import answers_add, voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _row(page, table, header: str):
    """The table's row whose header cell says exactly ``header``."""
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=header, exact=True)
    )


def test_a_board_member_reads_the_results_with_small_numbers_hidden(site_url, page, settings):
    settings.DISCLOSURE_THRESHOLD = 10
    settings.DISCLOSURE_SUPPRESS_ZEROS = False
    world = voice_world()
    safe = {"feel-safe": "yes", "happy": "5"}
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "hereford", **safe}, times=20
    )
    answers_add(
        world, wave="2025", audience="12-15", answers={"area": "leominster", **safe}, times=12
    )
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", **safe}, times=2)
    answers_add(world, wave="2025", audience="8-11", answers={"area": "ross", "feel-safe": "no"})
    answers_add(world, wave="2024", audience="12-15", answers={"happy": "4"}, times=20)
    csp = watch_csp(page)
    sign_in(page, site_url, "voice-viewer")

    page.goto(f"{site_url}/voice/alpha/surveys/wellbeing/results/")
    page.get_by_role("heading", name="Results: How are you?", level=1).wait_for()
    page.get_by_role("heading", name="Spring 2025").wait_for()
    assert page.get_by_role("definition").first.inner_text() == "35"
    safe_table = page.get_by_role("table", name="Answers to: Do you feel safe at home?")
    yes = _row(page, safe_table, "Yes").get_by_role("cell")
    assert yes.first.inner_text() == "c"
    assert "fewer than 10, not published" in page.locator("#suppressed-note").inner_text()
    # Of those who answered: in 2024 all 20 answered "Happy" (and none skipped it).
    trend = page.get_by_role(
        "table",
        name="How do you feel about your life?: per cent of those who answered, in each wave",
    )
    happy = _row(page, trend, "Happy").get_by_role("cell")
    assert happy.all_inner_texts()[0] == "100.0%"
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)

    page.get_by_label("Show").select_option("area")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url("**by=area")
    table = page.get_by_role("table", name="Answers to: Do you feel safe at home?, by area")
    hereford = _row(page, table, "Hereford")
    assert hereford.get_by_role("cell").all_inner_texts() == ["c", "c", "c", "c", "20"]
    ross = _row(page, table, "Ross-on-Wye")
    assert ross.get_by_role("cell").all_inner_texts() == ["c"] * 5
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)
    assert csp == []

    # Another partnership's analyst is told nothing.
    page.context.clear_cookies()
    sign_in(page, site_url, "voice-other")
    response = page.goto(f"{site_url}/voice/alpha/surveys/wellbeing/results/")
    assert response is not None and response.status == 404
