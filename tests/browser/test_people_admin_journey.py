"""An administrator in Chromium: from the home page to the partnership's people, invites a
person, gives them another role, and finds both changes in the audit trail; at 1280 and at
320 CSS pixels, with axe-core on every page and no page scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from cypp.accounts.models import PartnershipRole, Role
from tests.browser.helpers import assert_clean_at
from tests.plans.factories import person_make, plan_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _signed_in(browser: Any, site_url: str, user: User, width: int) -> Any:
    """A page whose session is already signed in as ``user``: this journey is about
    administering people, not about signing in (tests/accounts cover sign-in and two-factor)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )
    return context


@pytest.mark.parametrize("width", [1280, 320])
def test_an_administrator_invites_a_person_gives_a_role_and_reads_the_audit(
    site_url, browser, width
):
    plan = plan_make(key="people-journey")
    admin = person_make(
        "boss",
        role=Role.ADMINISTRATOR,
        partnership=plan.partnership,
        organisation="Herefordshire Council",
    )
    context = _signed_in(browser, site_url, admin, width)
    page = context.new_page()

    page.goto(f"{site_url}/")
    page.get_by_role("link", name=f"Manage people in {plan.partnership.name}").click()
    assert page.get_by_role("heading", level=1).inner_text() == "People and their roles"
    assert_clean_at(page, width)

    page.get_by_role("link", name="Invite a person").click()
    page.wait_for_url("**/people/invite/")
    assert_clean_at(page, width)
    page.get_by_label("Full name").fill("Dee Evans")
    page.get_by_label("E-mail address").fill("dee@example.org")
    page.get_by_label("Organisation they work for").select_option(label="Herefordshire Council")
    page.get_by_label("Role in this partnership").select_option(label="Viewer")
    page.get_by_role("button", name="Send the invitation").click()

    assert "dee@example.org is invited" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("row", name="Dee Evans").count() == 1
    assert_clean_at(page, width)
    dee = User.objects.get(email="dee@example.org")
    assert PartnershipRole.objects.get(user=dee).role == Role.VIEWER

    page.get_by_role("link", name="Change Dee Evans’s role or organisation").click()
    page.wait_for_url(f"**/people/{dee.pk}/")
    assert_clean_at(page, width)
    page.get_by_label("Role in this partnership").select_option(label="Contributor")
    page.get_by_role("button", name="Save").click()
    assert "Dee Evans’s role and organisation are saved" in page.get_by_role("alert").inner_text()
    assert PartnershipRole.objects.get(user=dee).role == Role.CONTRIBUTOR

    page.get_by_role("link", name="Audit trail").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Audit trail"
    assert_clean_at(page, width)
    cards = page.locator(".govuk-summary-card")
    # Newest first: the change of role, then the role given, the profile and the account.
    role_change = cards.nth(0)
    assert role_change.get_by_role("heading").inner_text().startswith("Changed: dee@example.org")
    assert role_change.get_by_role("row", name="role viewer contributor").count() == 1
    assert cards.nth(1).get_by_role("row", name="role (empty) viewer").count() == 1
    assert "Created: dee@example.org" in cards.nth(3).get_by_role("heading").inner_text()

    # Filtered to the person who made the changes, from the filter form (a GET form).
    page.get_by_text("Filter the changes").click()
    page.get_by_label("Change", exact=True).select_option(label="Changed")
    page.get_by_role("button", name="Filter").click()
    assert "action=update" in page.url
    assert page.locator(".govuk-summary-card").count() == 1
    assert_clean_at(page, width)
    context.close()
