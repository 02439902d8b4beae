"""Roles in Chromium: a contributor cannot edit a measure they do not own; an anonymous
visitor sees a public plan and nothing private. Every page is checked with axe-core and
for Content Security Policy violations (the policy is strict: nothing inline)."""

from __future__ import annotations

from typing import Any

import pytest

from cypp.plans.models import Measure
from tests.browser.conftest import axe_violations
from tests.browser.helpers import sign_in, sign_in_attempt, watch_csp
from tests.plans.factories import (
    analyst_make,
    contributor_make,
    organisation_make,
    plan_make,
)

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _plan_with_two_owners(key: str) -> tuple[Any, Measure, Measure]:
    plan = plan_make(key=key)
    own = Measure.objects.get(outcome__priority__plan=plan)
    theirs = Measure.objects.create(
        outcome=own.outcome,
        key="health-visits",
        title="Health visitor reviews by 2 years",
        owner_organisation=organisation_make("Herefordshire NHS", sector="nhs"),
        order=1,
    )
    return plan, own, theirs


def test_a_contributor_cannot_edit_a_measure_they_do_not_own(site_url, page):
    csp = watch_csp(page)
    plan, own, theirs = _plan_with_two_owners("roles-journey")
    contributor_make()
    sign_in(page, site_url, "contributor")
    page.goto(f"{site_url}/plans/{plan.key}/")
    assert axe_violations(page) == []
    assert page.get_by_role("link", name=f"Change measure {own.title}").count() == 1
    assert page.get_by_role("link", name=f"Change measure {theirs.title}").count() == 0
    assert page.get_by_role("link", name="Change the plan's details").count() == 0
    assert page.get_by_role("link", name=f"Delete measure {own.title}").count() == 0

    # The address of the other organisation's form is refused, and nothing changes.
    response = page.goto(f"{site_url}/plans/{plan.key}/measures/{theirs.pk}/edit/")
    assert response.status == 403

    page.goto(f"{site_url}/plans/{plan.key}/")
    page.get_by_role("link", name=f"Change measure {own.title}").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Change measure")
    assert axe_violations(page) == []
    page.get_by_label("Target value").fill("65")
    page.get_by_role("button", name="Save").click()
    assert page.url.endswith(f"/plans/{plan.key}/")
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.target_value == 65.0 and theirs.target_value is None
    assert csp == []


def test_an_anonymous_visitor_sees_a_public_plan_and_nothing_private(site_url, page):
    csp = watch_csp(page)
    public = plan_make(key="roles-public", public=True)
    private = plan_make(key="roles-private")
    page.goto(f"{site_url}/plans/")
    assert axe_violations(page) == []
    assert page.get_by_role("link", name=public.title).count() == 1
    assert page.get_by_text(private.title).count() == 0

    page.get_by_role("link", name=public.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == public.title
    assert axe_violations(page) == []
    for name in ("Change", "Add", "Delete", "History of changes"):
        assert page.get_by_role("link", name=name).count() == 0, name
    assert page.locator("a[href*='/edit/'], a[href*='/add/'], a[href*='/delete/']").count() == 0

    assert page.goto(f"{site_url}/plans/{private.key}/").status == 403
    assert private.title not in page.content()
    # Editing even the public plan sends the visitor to sign in.
    page.goto(f"{site_url}/plans/{public.key}/edit/")
    assert "/account/sign-in/" in page.url
    assert csp == []


def test_no_page_breaks_the_content_security_policy(site_url, page):
    """Home, plans, a plan with every edit link, sign-in, a form and the locked-out page:
    no violation, and GOV.UK Frontend's JavaScript starts from its module."""
    csp = watch_csp(page)
    plan = plan_make(key="csp-plan", public=True)
    analyst_make()
    measure = Measure.objects.get(outcome__priority__plan=plan)
    page.goto(f"{site_url}/")
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    sign_in(page, site_url, "analyst")
    for path in (
        "/",
        "/plans/",
        f"/plans/{plan.key}/",
        f"/plans/{plan.key}/history/",
        f"/plans/{plan.key}/measures/{measure.pk}/edit/",
    ):
        assert page.goto(site_url + path).status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    # A form with errors: GOV.UK's error summary script runs (it takes the focus).
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert csp == []


def test_the_locked_out_page_is_clear_and_accessible(site_url, page):
    csp = watch_csp(page)
    analyst_make("locked")
    for _ in range(5):
        sign_in_attempt(page, site_url, "locked", password="wrong")
    sign_in_attempt(page, site_url, "locked")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account is locked"
    assert "You can try again after" in page.locator("#try-again").inner_text()
    assert page.title() == "Your account is locked – CYPP"
    assert axe_violations(page) == []
    assert csp == []
