"""Issue 18's "Done when", in the browser: the recorded ModernGov responses of the demo
(SYNTHETIC, demo/data/moderngov/herefordshire) are synced; an analyst opens a synced
meeting, sees the items with decisions to review, opens one, sees the rows marked "Check"
with their reasons, corrects an owner and confirms; the resolutions and actions are saved
onto that item. Every page is checked with axe-core at 320 px and 1280 px, with no sideways
scroll at 320 px, and no Content Security Policy violation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from cypp.accounts.models import Role
from cypp.governance.models import Action, AgendaItem, CommitteeSystem, Meeting
from cypp.governance.moderngov import RecordedTransport
from cypp.governance.services import body_create
from cypp.governance.services.committee_sync import (
    body_committee_set,
    committee_sync,
    committee_system_set,
)
from tests.browser.helpers import assert_clean_at_both_widths, sign_in, watch_csp
from tests.plans.factories import analyst_make, partnership_make, person_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

RECORDED = Path(__file__).resolve().parents[2] / "demo" / "data" / "moderngov" / "herefordshire"
P = "/governance/test-partnership"


def test_an_officer_confirms_the_decisions_of_a_synced_meeting(site_url, page, tmp_path):
    csp = watch_csp(page)
    partnership = partnership_make()
    board = body_create(by=None, partnership=partnership, name="Health and Wellbeing Board")
    committee_system_set(
        by=None, partnership=partnership, address="https://councillors.herefordshire.gov.uk/"
    )
    body_committee_set(by=None, body=board, committee_id=599)
    committee_sync(
        by=None,
        partnership=partnership,
        transport=RecordedTransport(RECORDED),
        date_from=dt.date(2019, 1, 1),
        date_to=dt.date(2019, 12, 31),
    )
    analyst_make()
    meeting = Meeting.objects.get(body=board, date=dt.date(2019, 6, 24))

    sign_in(page, site_url, "analyst")
    page.goto(f"{site_url}{P}/committee-system/")
    assert_clean_at_both_widths(page)
    page.screenshot(path=str(tmp_path / "committee-system-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 900})
    page.screenshot(path=str(tmp_path / "committee-system-320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The meeting page: the council's numbering, the review states in words, linked papers.
    page.goto(f"{site_url}{P}/{board.key}/meetings/{meeting.pk}/")
    assert_clean_at_both_widths(page)
    card = page.locator(".govuk-summary-card", has_text="6. Work programme")
    assert "Decisions to review" in card.inner_text()
    questions = page.locator(".govuk-summary-card", has_text="Questions from members")
    assert "No decisions found" in questions.inner_text()
    paper = page.get_by_role("link", name="Work programme 2019/20")
    assert paper.get_attribute("href") == (
        "https://councillors.herefordshire.gov.uk/mgConvert2PDF.aspx?ID=99010161"
    )

    card.get_by_role("link", name="Review the decisions of Work programme").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check the decisions of item 6, Work programme"
    )
    assert_clean_at_both_widths(page)
    page.screenshot(path=str(tmp_path / "item-review-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 900})
    page.screenshot(path=str(tmp_path / "item-review-320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The minutes as published sit beside the draft; the guessed row says why to check it.
    assert "young carers" in page.locator(".govuk-grid-column-one-third").inner_text()
    first = page.get_by_role("group", name="Resolution 1", exact=True)
    assert "Check" in first.inner_text()
    assert "Why to check it: a narrative agreement" in first.inner_text()
    checks = page.locator(".govuk-inset-text", has_text="Look at")
    assert checks.get_by_role("link", name="Resolution 1").count() == 1

    # The officer names who will do it, instead of "the board", and confirms.
    action = page.get_by_role("group", name="Action 1", exact=True)
    owner = action.get_by_label("Owner: a role or name, in words")
    assert owner.input_value() == "the board"
    owner.fill("Head of democratic services")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and save the decisions").click()
    assert page.url.endswith(f"/meetings/{meeting.pk}/#item-{meeting.items.get(number='6.').pk}"), (
        page.locator("main").inner_text()[:2000]
    )
    assert_clean_at_both_widths(page)

    item = AgendaItem.objects.get(meeting=meeting, title="Work programme")
    assert item.review == AgendaItem.Review.CONFIRMED
    assert [r.text for r in item.resolutions.all()] == [
        "The board agreed to add a report on young carers to its work programme for March 2020"
    ]
    saved = Action.objects.get(meeting=meeting)
    assert saved.owner_role == "Head of democratic services"
    assert "young carers" in saved.text
    card = page.locator(".govuk-summary-card", has_text="6. Work programme")
    assert "Confirmed" in card.inner_text()
    assert csp == []


def test_an_administrator_connects_the_partnership_and_chooses_the_boards_committee(
    site_url, page, tmp_path, settings
):
    csp = watch_csp(page)
    partnership = partnership_make()
    board = body_create(by=None, partnership=partnership, name="Health and Wellbeing Board")
    admin = person_make("admin", role=Role.ADMINISTRATOR)
    # The council's answers come from the recorded responses, not the network.
    settings.CYPP_MODERNGOV_RECORDED = str(RECORDED)

    # Signed in already: administrators sign in with two factors (tests/accounts cover it).
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site_url,
            }
        ]
    )
    page.goto(f"{site_url}{P}/")
    page.get_by_role("link", name="Meetings from the council's committee system").click()
    page.wait_for_load_state("load")
    assert_clean_at_both_widths(page)

    # A refused address: the error summary names the field and why; nothing is saved.
    page.get_by_label("Address of the council's committee system").fill("councillors")
    page.get_by_role("button", name="Save the address").click()
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary")
    assert "starting https://" in summary.inner_text()
    assert_clean_at_both_widths(page)
    assert not CommitteeSystem.objects.exists()

    page.get_by_label("Address of the council's committee system").fill(
        "https://councillors.herefordshire.gov.uk/"
    )
    page.get_by_role("button", name="Save the address").click()
    page.wait_for_load_state("load")
    assert "is saved" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Choose from the council's list of committees").click()
    page.wait_for_load_state("load")
    assert_clean_at_both_widths(page)
    page.screenshot(path=str(tmp_path / "committee-system-admin-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 900})
    page.screenshot(path=str(tmp_path / "committee-system-admin-320.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Committee of Health and Wellbeing Board").select_option("599")
    page.get_by_role("button", name="Save the committee of Health and Wellbeing Board").click()
    page.wait_for_load_state("load")
    board.refresh_from_db()
    assert board.committee_id == 599
    assert_clean_at_both_widths(page)
    assert csp == []
