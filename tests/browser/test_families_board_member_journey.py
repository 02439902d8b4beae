"""A board member (a viewer in the partnership) in Chromium: follows the home page's link
to the early help families page, reads the counts for 2023-24 with the small ones shown as
"c" and explained, and cannot open a family's record (404). axe-core at 1280 and 320 CSS
pixels, and no page scrolling sideways.

The cohort is ``tests.families.test_summary``'s, whose docstring works its counts out."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_clean_at, sign_in, watch_csp
from tests.families.test_summary import cohort_make
from tests.plans.factories import plan_make, viewer_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_a_board_member_sees_only_the_cohorts_counts(site_url, page, settings):
    settings.DISCLOSURE_THRESHOLD = 10
    settings.DISCLOSURE_SUPPRESS_ZEROS = False
    partnership, _, families, _ = cohort_make("board-cohort")
    plan_make(key="board-plan", partnership=partnership.key)
    viewer_make("board-member", partnership=partnership)
    csp = watch_csp(page)
    sign_in(page, site_url, "board-member")

    page.goto(f"{site_url}/")
    page.get_by_role("link", name=f"Early help families in {partnership.name}").click()
    page.wait_for_url(f"**/families/{partnership.key}/")
    page.get_by_role("heading", name="Early help families", level=1).wait_for()

    page.get_by_label("Financial year").select_option("2023-24")
    page.get_by_role("button", name="Show this year").click()
    page.wait_for_url("**?period=2023-24")
    page.get_by_role("heading", name="2023-24").wait_for()
    counts = page.get_by_role("definition")
    # 13 families worked with, 10 with a lead practitioner, 10 episodes open, 2 claims (c).
    assert counts.all_inner_texts() == ["13", "10", "10", "c"]
    outcomes = page.get_by_role("table", name="Outcomes in 2023-24: needs, met and sustained")
    education = outcomes.get_by_role("row", name="Getting a good education")
    assert education.get_by_role("cell").all_inner_texts() == ["c", "c", "c"]
    crime = outcomes.get_by_role("row", name="Crime prevention and tackling crime")
    assert crime.get_by_role("cell").all_inner_texts() == ["10", "0", "0"]
    assert "fewer than 10, not published" in page.locator("#suppressed-note").inner_text()
    body = page.locator("main").inner_text()
    assert "R-F" not in body  # no family reference on the page
    assert page.get_by_role("link", name="The families whose records you may open").count() == 0
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)

    # A family's record is not theirs to open: the same 404 as a family that does not exist.
    reference = families["F01"].reference
    response = page.goto(f"{site_url}/families/{partnership.key}/families/{reference}/")
    assert response is not None and response.status == 404
    assert reference not in page.content()
    assert csp == []
