"""A family's lead practitioner in Chromium: signs in, opens their family's record, records
that the young person has had no proven offences, and sees the crime outcome become met;
then the partnership's administrator reads the log of views and finds the practitioner's
view, and opens the early help roles. axe-core at 1280 and 320 CSS pixels on every page, and no page scrolling sideways."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cypp.families.models import Evidence
from tests.browser.helpers import assert_clean_at, sign_in, watch_csp
from tests.families.world import ALPHA, world_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _clean_at_both_widths(page) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)


def test_a_practitioner_records_evidence_and_the_administrator_finds_their_view(site_url, page):
    world = world_make()
    reference = world.families["A"].reference
    csp = watch_csp(page)
    sign_in(page, site_url, "pat-practitioner")

    page.goto(f"{site_url}/families/{ALPHA}/families/{reference}/")
    page.get_by_role("heading", name=f"Family {reference}").wait_for()
    crime = page.get_by_role("row", name=re.compile("^Crime prevention and tackling crime"))
    # One offence on 1 March 2025, and the rule is at most 0: not yet.
    assert "not yet" in crime.inner_text()
    _clean_at_both_widths(page)

    page.get_by_role("link", name="Record evidence").click()
    page.wait_for_url("**/evidence/new/")
    page.get_by_role("heading", name="Record evidence").wait_for()
    _clean_at_both_widths(page)
    today = timezone.localdate()
    page.get_by_label("Outcome").select_option(label="Crime prevention and tackling crime")
    page.get_by_label("Evidence type").select_option(label="Proven offences in the last 6 months")
    page.get_by_label("Family member (optional)").select_option(
        label="Thaddeus Quillfeather: child under 18, aged 16 to 17, male"
    )
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Value").fill("0")
    page.get_by_label("Where the evidence comes from").select_option(label="Police")
    page.get_by_role("button", name="Record the evidence").click()

    page.wait_for_url(f"**/families/{reference}/")
    page.get_by_role("heading", name=f"Family {reference}").wait_for()
    assert "The evidence is recorded." in page.get_by_role("alert").inner_text()
    # No offences today: at most 0 over 0 days, early help still open: met.
    crime = page.get_by_role("row", name=re.compile("^Crime prevention and tackling crime"))
    assert "met" in crime.inner_text() and "not yet" not in crime.inner_text()
    assert Evidence.objects.filter(
        family=world.families["A"], evidence_type="offences_6_months", date=today, value=0
    ).exists()
    _clean_at_both_widths(page)

    # Administrators set up two-factor sign-in first (tests/accounts cover it): their session
    # is made here, as the people journey makes its administrator's.
    client = Client()
    client.force_login(world.people["administrator"])
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )
    page.goto(f"{site_url}/families/{ALPHA}/views/")
    page.get_by_role("heading", name="Views of family records").wait_for()
    rows = page.get_by_role("row", name=re.compile(f"pat-practitioner Family record {reference}"))
    # The world's earlier view, and the two views of this journey (before and after).
    assert rows.count() == 3
    assert today.strftime("%B %Y") in rows.first.inner_text()
    _clean_at_both_widths(page)

    # The early help roles and the form that gives one pass the same checks.
    page.goto(f"{site_url}/families/{ALPHA}/roles/")
    page.get_by_role("heading", name="Early help roles").wait_for()
    assert (
        page.get_by_role("row", name=re.compile("pat-practitioner Early help practitioner")).count()
        == 1
    )
    _clean_at_both_widths(page)
    page.get_by_role("link", name="Give an early help role").click()
    page.wait_for_url("**/roles/give/")
    page.get_by_role("heading", name="Give an early help role").wait_for()
    _clean_at_both_widths(page)
    assert csp == []
