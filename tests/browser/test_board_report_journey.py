"""The board report in Chromium: an analyst opens the period's board report, sees CYPP's
drafts, edits the key messages and what the board is asked to do, marks an implication not
applicable, saves and sees their words kept; restores the drafted key messages. axe-core
finds nothing at 1280 and at 320 pixels wide."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cypp.reports.board_report import board_report_get
from tests.browser.conftest import axe_violations
from tests.browser.helpers import sign_in
from tests.reports.board_pack_helpers import demo_plan_with_periods

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

OWN_MESSAGE = "Early help reached more families than in any quarter before."
OWN_RECOMMENDATION = "ask the safeguarding subgroup to review repeat child protection plans"


def test_an_analyst_edits_the_key_messages_and_recommendations_and_sees_them_kept(
    site_url: str, page: Any
) -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    page.set_default_timeout(60_000)
    sign_in(page, site_url, analyst.get_username())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/plans/{plan.key}/board-packs/report/{period.key}/")

    assert page.get_by_role("heading", level=1).inner_text() == f"Board report: {period.label}"
    drafted = page.get_by_role("textbox", name="Key messages", exact=True).input_value()
    # The drafts are in the form and beside it, bad news first.
    assert drafted.startswith("Inpatient admissions for mental health disorders")
    assert page.get_by_role("region", name=re.compile("^As CYPP drafts them now")).count() == 2
    assert axe_violations(page) == []

    page.get_by_label("Lead officer").fill("Jo Smith, Director of Children's Services")
    page.get_by_role("textbox", name="Key messages", exact=True).fill(f"{OWN_MESSAGE}\n\n{drafted}")
    asked = page.get_by_role("textbox", name="The board is asked to", exact=True)
    asked.fill(f"{asked.input_value()}\n{OWN_RECOMMENDATION}")
    page.get_by_label("No legal implications (not applicable)").check()
    page.get_by_label("Financial implications", exact=True).fill(
        "Met from the existing early help budget."
    )
    page.get_by_role("button", name="Save the report").click()

    assert "Saved." in page.locator(".govuk-notification-banner").inner_text()
    assert (
        page.get_by_role("textbox", name="Key messages", exact=True)
        .input_value()
        .startswith(OWN_MESSAGE)
    )
    assert (
        OWN_RECOMMENDATION
        in page.get_by_role("textbox", name="The board is asked to", exact=True).input_value()
    )
    assert page.get_by_label("No legal implications (not applicable)").is_checked()
    assert page.get_by_label("Lead officer").input_value().startswith("Jo Smith")
    report = board_report_get(plan=plan, period=period)
    assert report is not None and report.key_messages_edited and report.recommendations_edited
    assert report.key_messages.splitlines()[0] == OWN_MESSAGE
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 320, "height": 800})
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/cypp-board-report-320.png", full_page=False)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Restore the drafted text of the key messages").click()
    assert (
        "drafted key messages are back" in page.locator(".govuk-notification-banner").inner_text()
    )
    assert page.get_by_role("textbox", name="Key messages", exact=True).input_value() == drafted
    # What the board is asked to do stays as the analyst wrote it.
    assert (
        OWN_RECOMMENDATION
        in page.get_by_role("textbox", name="The board is asked to", exact=True).input_value()
    )
    assert (
        page.get_by_role("button", name="Restore the drafted text of the key messages").count() == 0
    )
