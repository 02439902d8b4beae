"""The board pack in Chromium: an officer sees the period's readiness, accepts its gaps, builds
the pack, reads it (axe-core finds nothing on the pages, at 1280 px and 320 px), is shown the
gaps again and ticks that they have read them to publish it; the owner's commentary page is
then locked. Then a reader downloads the published PDF."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cypp.plans.models import Measure
from tests.browser.conftest import axe_violations
from tests.browser.helpers import assert_clean_at_both_widths, sign_in
from tests.plans.factories import contributor_make
from tests.reports.board_pack_helpers import (
    ESTIMATE_MEASURE,
    approve_commentary,
    demo_plan_with_periods,
)

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_officer_builds_reads_and_publishes_the_pack_then_commentary_is_locked(
    site_url: str, page: Any
) -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    measure = Measure.objects.get(outcome__priority__plan=plan, key="gld")
    approve_commentary(measure, period, analyst, "Fewer children reached the expected level.")
    contributor_make(
        "owner", organisation=str(measure.owner_organisation), partnership=plan.partnership
    )
    page.set_default_timeout(180_000)  # building the pack (run at once in tests) takes a while

    sign_in(page, site_url, analyst.get_username())
    page.goto(f"{site_url}/plans/{plan.key}/board-packs/")
    assert axe_violations(page) == []
    page.get_by_label("Reporting period").select_option(period.key)
    page.get_by_role("button", name="Check readiness").click()

    # Readiness before building: one measure's commentary is approved, the other 30 of the
    # demo plan's 31 are not started; nothing is built until the officer accepts the gaps.
    expect(
        page.get_by_role("heading", name=f"Is the pack for {period.label} ready?")
    ).to_be_visible()
    row = page.locator(".govuk-summary-list__row", has_text="Commentary not started").first
    assert "30 measures" in row.inner_text()
    page.get_by_text("Which measures").first.click()  # the details open without JavaScript too
    assert page.get_by_role("link", name="Breastfeeding initiation").is_visible()
    page.get_by_role("button", name="Build the pack").click()
    accept = page.get_by_label("I accept these gaps and want to build the pack anyway")
    expect(accept).to_be_visible()
    assert not accept.is_checked()
    assert "Commentary not started: 30" in page.locator("main").inner_text()
    assert_clean_at_both_widths(page)
    accept.check()
    page.get_by_role("button", name="Build the pack").click()

    assert page.get_by_role("heading", level=1).inner_text().endswith(period.label)
    assert "Ready to check" in page.locator(".cypp-pack-tools").inner_text()
    assert page.get_by_role("heading", name="Contents").is_visible()
    assert page.get_by_role("heading", name="Exceptions").is_visible()
    assert page.get_by_role("heading", name="The plan at a glance").is_visible()
    # Not an exception: one row of the appendix, its estimate flagged beside its name.
    estimate = page.locator(f"#other-measures th:has-text('{ESTIMATE_MEASURE}')")
    assert "Estimate" in estimate.inner_text()
    assert "Fewer children reached the expected level." in page.content()
    assert page.locator("img.cypp-chart__img").count() > 5
    assert all(
        alt
        for alt in page.locator("img.cypp-chart__img").evaluate_all("els => els.map(e => e.alt)")
    )
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/cypp-board-pack.png", full_page=False)

    # Publishing says again: the gaps accepted at the build (by whom) and the gaps now.
    tools = page.locator(".cypp-pack-tools").inner_text()
    assert "Gaps accepted when the pack was built" in tools
    assert f"Accepted by {analyst.get_username()}" in tools and "The gaps now" in tools
    assert "locks the commentary for" in tools
    page.get_by_role("button", name="Publish this pack").click()  # without the tick
    assert (
        "Tick the box to say you have read these gaps"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_clean_at_both_widths(page)
    page.get_by_label("I have read these gaps").check()
    page.get_by_role("button", name="Publish this pack").click()
    assert "Published" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("button", name="Publish this pack").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == f"{plan.key}-board-pack-{period.key}.pdf"

    # The measure's owner finds the period's commentary locked: no form, the reason said.
    sign_in(page, site_url, "owner")
    page.goto(f"{site_url}/plans/{plan.key}/commentary/{period.key}/measures/{measure.pk}/")
    assert "Locked" in page.locator("main").inner_text()
    assert page.locator("textarea").count() == 0
    assert axe_violations(page) == []
