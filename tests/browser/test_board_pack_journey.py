"""The board pack in Chromium: an officer builds the pack for a period, reads it (axe-core
finds nothing on the pack page), publishes it; the owner's commentary page is then locked.
Then a reader downloads the published PDF."""

from __future__ import annotations

from typing import Any

import pytest

from cypp.plans.models import Measure
from tests.browser.conftest import axe_violations
from tests.plans.factories import PASSWORD, contributor_make
from tests.reports.board_pack_helpers import (
    ESTIMATE_MEASURE,
    approve_commentary,
    demo_plan_with_periods,
)

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _sign_in(page: Any, site_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


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

    _sign_in(page, site_url, analyst.get_username())
    page.goto(f"{site_url}/plans/{plan.key}/board-packs/")
    assert axe_violations(page) == []
    page.get_by_label("Reporting period").select_option(period.key)
    page.get_by_role("button", name="Build the pack").click()

    assert page.get_by_role("heading", level=1).inner_text().endswith(period.label)
    assert "Ready to check" in page.locator(".cypp-pack-tools").inner_text()
    assert page.get_by_role("heading", name="Contents").is_visible()
    assert page.get_by_role("heading", name="Exceptions").is_visible()
    estimate = page.locator(f"h4:has-text('{ESTIMATE_MEASURE}')")
    assert "Estimate" in estimate.inner_text()
    assert "Fewer children reached the expected level." in page.content()
    assert page.locator("img.cypp-chart__img").count() > 5
    assert all(
        alt
        for alt in page.locator("img.cypp-chart__img").evaluate_all("els => els.map(e => e.alt)")
    )
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/cypp-board-pack.png", full_page=False)

    page.get_by_role("button", name="Publish this pack").click()
    assert "Published" in page.locator(".govuk-notification-banner").inner_text()
    assert page.get_by_role("button", name="Publish this pack").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == f"{plan.key}-board-pack-{period.key}.pdf"

    # The measure's owner finds the period's commentary locked: no form, the reason said.
    _sign_in(page, site_url, "owner")
    page.goto(f"{site_url}/plans/{plan.key}/commentary/{period.key}/measures/{measure.pk}/")
    assert "Locked" in page.locator("main").inner_text()
    assert page.locator("textarea").count() == 0
    assert axe_violations(page) == []
