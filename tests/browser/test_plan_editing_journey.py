"""An analyst edits a plan in Chromium: sign in, a refused measure, a saved one, the history.

Each page on the way is checked with axe-core (WCAG 2.2 AA), and the journey is done with
the keyboard where a person would type.
"""

from __future__ import annotations

import pytest

from cypp.plans.models import Measure
from tests.browser.conftest import axe_violations
from tests.browser.helpers import sign_in
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]
PASSWORD = "correct horse battery"


def test_analyst_adds_a_measure_sees_errors_then_the_history(site_url, page, tmp_path):
    plan = plan_make(key="journey-plan")
    analyst_make()
    page.goto(f"{site_url}/account/sign-in/")
    assert axe_violations(page) == []  # the sign-in page itself
    sign_in(page, site_url, "analyst")
    page.goto(f"{site_url}/plans/{plan.key}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a measure to Children are ready for school").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Add a measure")

    page.get_by_label("Title").fill("Good level of development")
    page.get_by_label("Indicator").fill("lait:6wksBreast")
    page.get_by_label("Baseline period").fill("2015-16")
    page.get_by_label("Or a target range: from").fill("70")
    page.get_by_label("Target range: to").fill("60")
    due = page.get_by_role("group", name="Target due")
    due.get_by_label("Day").fill("1")
    due.get_by_label("Month").fill("1")
    due.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    assert "There is a problem" in summary.inner_text()
    assert "The start of the range must not be above its end" in summary.inner_text()
    assert "The target date must be after the baseline period 2015-16" in summary.inner_text()
    assert page.title().startswith("Error:")
    page.screenshot(path=str(tmp_path / "measure-errors.png"), full_page=True)
    assert axe_violations(page) == []
    assert not Measure.objects.filter(title="Good level of development").exists()
    # The summary's link takes the keyboard to the field in error.
    summary.get_by_role("link", name="The start of the range must not be above its end").click()
    assert page.evaluate("document.activeElement.id") == "id_target_low"

    page.get_by_label("Or a target range: from").fill("")
    page.get_by_label("Target range: to").fill("")
    page.get_by_label("Target value").fill("80")
    due.get_by_label("Year").fill("2018")
    due.get_by_label("Month").fill("3")
    due.get_by_label("Day").fill("31")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", name="Good level of development").count() == 1

    page.get_by_role("link", name="History of changes").click()
    card = page.locator(".govuk-summary-card").filter(has_text="Created: Good level of development")
    assert "analyst" in card.inner_text()
    assert "80.0" in card.inner_text()
    assert axe_violations(page) == []


def test_a_viewer_sees_no_edit_links_and_cannot_open_a_form(site_url, page):
    plan = plan_make(key="viewer-plan")
    viewer_make()
    sign_in(page, site_url, "viewer")
    page.goto(f"{site_url}/plans/{plan.key}/")
    assert page.get_by_role("link", name="Change the plan's details").count() == 0
    response = page.goto(f"{site_url}/plans/{plan.key}/edit/")
    assert response.status == 403


def test_plan_page_reads_without_javascript(site_url, page_without_javascript):
    plan = plan_make(key="public-nojs", public=True)
    page = page_without_javascript
    page.goto(f"{site_url}/plans/{plan.key}/")
    assert page.get_by_role("heading", level=1).inner_text() == plan.title
    assert page.get_by_text("Breastfeeding at 6-8 weeks (0)").count() == 1
