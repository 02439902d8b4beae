"""Governance in Chromium: an officer records a meeting, extracts the decisions from a
pasted minutes page and confirms them; the owner (a contributor) updates the action; the
next meeting's agenda carries it until it is done. Every page is checked with axe-core,
and with the Content Security Policy watched (nothing inline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cypp.governance import services
from cypp.governance.models import Action, AgendaItem, Meeting
from cypp.plans.models import Measure
from tests.browser.helpers import assert_axe_clean, sign_in, watch_csp
from tests.plans.factories import (
    analyst_make,
    contributor_make,
    organisation_make,
    plan_make,
    viewer_make,
)

pytestmark = [pytest.mark.django_db, pytest.mark.browser]
P = "/governance/test-partnership"

MINUTES = """Agenda item

Progress on the early years pledge

Purpose: To hear how the early years services are doing against the plan.

Minutes:

The board was told that more two-year-olds now take up their free childcare place.

\u00b7\u00a0 Health visiting reviews were on time.

It was resolved that:

(a)\u00a0 the report be noted; and

(b)\u00a0 the director of public health be asked to bring the breastfeeding figures to a future meeting.

It was agreed that the early years manager would send the childcare audit to members by 30 September 2099.

Supporting documents:
"""


def _fill_date(page: Any, group: str, day: int, month: int, year: int) -> None:
    box = page.get_by_role("group", name=group, exact=True)
    box.get_by_label("Day").fill(str(day))
    box.get_by_label("Month").fill(str(month))
    box.get_by_label("Year").fill(str(year))


def test_the_decisions_loop_from_minutes_to_done(site_url, page, tmp_path):
    csp = watch_csp(page)
    plan = plan_make(key="gov-journey")
    measure = Measure.objects.get(outcome__priority__plan=plan)
    organisation_make("Herefordshire Council", sector="council")
    body = services.body_create(
        by=None, partnership=plan.partnership, name="Health and Wellbeing Board"
    )
    analyst_make()
    contributor_make()

    # The officer records the meeting that was held.
    sign_in(page, site_url, "analyst")
    page.goto(f"{site_url}/governance/")
    assert_axe_clean(page)
    page.get_by_role("link", name="Test Partnership").click()
    assert_axe_clean(page)
    page.get_by_role("link", name="Health and Wellbeing Board").click()
    assert_axe_clean(page)
    page.get_by_role("link", name="Record a meeting").click()
    assert_axe_clean(page)
    page.get_by_role("button", name="Save").click()  # no date: the error summary
    assert "Enter the date of the meeting" in page.locator(".govuk-error-summary").inner_text()
    assert_axe_clean(page)
    _fill_date(page, "Date of the meeting", 1, 3, 2026)
    page.get_by_label("Location (optional)").fill("Shire Hall")
    page.get_by_label("Status").select_option("held")
    page.get_by_role("button", name="Save").click()
    held = Meeting.objects.get(body=body, date=dt.date(2026, 3, 1))
    assert page.url.endswith(f"/meetings/{held.pk}/")
    assert_axe_clean(page)

    # ... and the next one, planned.
    page.goto(f"{site_url}{P}/{body.key}/meetings/add/")
    _fill_date(page, "Date of the meeting", 2, 3, 2099)
    page.get_by_label("Status").select_option("planned")
    page.get_by_role("button", name="Save").click()
    planned = Meeting.objects.get(body=body, date=dt.date(2099, 3, 2))

    # The decisions come from the pasted minutes page; nothing is saved before confirming.
    page.goto(f"{site_url}{P}/{body.key}/meetings/{held.pk}/")
    page.get_by_role("link", name="Add decisions from a minutes page").click()
    assert_axe_clean(page)
    page.get_by_label("Paste the minutes page").fill(MINUTES)
    page.get_by_role("button", name="Find the decisions").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Check the decisions before you save them"
    )
    assert_axe_clean(page)
    assert not AgendaItem.objects.filter(meeting=held).exists()
    page.screenshot(path=str(tmp_path / "minutes-review.png"), full_page=True)
    rows = [page.get_by_role("group", name=f"Action {n}", exact=True) for n in (1, 2)]
    assert "breastfeeding figures" in rows[0].get_by_label("Action", exact=True).input_value()
    rows[0].get_by_label("It is about (optional)").select_option(f"measure:{measure.pk}")
    audit = rows[1]
    assert "childcare audit" in audit.get_by_label("Action", exact=True).input_value()
    audit.get_by_label("Owner: a role or name, in words").fill("")
    audit.get_by_label("Or an organisation").select_option(label="Herefordshire Council")
    page.get_by_role("button", name="Confirm and save the decisions").click()
    assert page.url.endswith(f"/meetings/{held.pk}/")
    assert_axe_clean(page)
    item = AgendaItem.objects.get(meeting=held)
    assert item.title == "Progress on the early years pledge"
    assert list(item.resolutions.values_list("label", flat=True)) == ["(a)", "(b)"]
    action = Action.objects.get(meeting=held, owner_organisation__name="Herefordshire Council")
    assert action.due_date == dt.date(2099, 9, 30)
    assert page.locator("li", has_text="the report be noted").count() == 1

    # The next meeting's draft agenda carries the open action.
    agenda = f"{site_url}{P}/{body.key}/meetings/{planned.pk}/agenda/"
    page.goto(agenda)
    assert_axe_clean(page)
    assert (
        page.locator("#agenda-action-log + .cypp-table-wrapper table")
        .get_by_text("childcare audit")
        .count()
        == 1
    )

    # The owner, a contributor of the council, updates the action from the home page.
    sign_in(page, site_url, "contributor")
    page.goto(f"{site_url}/")
    assert_axe_clean(page)
    page.get_by_role(
        "link", name="the early years manager would send the childcare audit"
    ).first.click()
    assert_axe_clean(page)
    assert page.locator(".govuk-tag").first.inner_text() == "Open"
    page.get_by_label("What has changed").select_option("progress")
    page.get_by_label("Update").fill("Audit drafted; with the manager for sign-off.")
    page.get_by_role("button", name="Save the update").click()
    assert page.locator(".govuk-tag").first.inner_text() == "In progress"
    assert_axe_clean(page)
    page.goto(agenda)
    assert (
        page.locator("#agenda-action-log + .cypp-table-wrapper table")
        .get_by_text("In progress")
        .count()
        == 1
    )

    action_url = f"{site_url}{P}/actions/{action.pk}/"
    page.goto(action_url)
    page.get_by_label("What has changed").select_option("done")
    page.get_by_role("button", name="Save the update").click()
    assert page.locator(".govuk-tag").first.inner_text() == "Done"
    page.goto(agenda)
    assert page.get_by_text("childcare audit").count() == 0
    assert_axe_clean(page)
    assert csp == []


def test_every_governance_page_is_accessible(site_url, page):
    csp = watch_csp(page)
    plan = plan_make(key="gov-axe")
    measure = Measure.objects.get(outcome__priority__plan=plan)
    p = plan.partnership
    hwb = services.body_create(by=None, partnership=p, name="Health and Wellbeing Board")
    spb = services.body_create(
        by=None, partnership=p, name="Children and Young People's Strategic Partnership Board"
    )
    subgroups = [
        services.body_create(by=None, partnership=p, name=name, kind="subgroup")
        for name in ("Staying Safe Subgroup", "Emotional Well-being Subgroup", "SEND Subgroup")
    ]
    services.body_relation_add(by=None, from_body=spb, to_body=hwb, kind="reports_to", two_way=True)
    for sub in subgroups:
        services.body_relation_add(
            by=None, from_body=sub, to_body=spb, kind="reports_to", two_way=True
        )
    held = services.meeting_record(by=None, body=spb, date=dt.date(2026, 3, 1), status="held")
    planned = services.meeting_record(by=None, body=spb, date=dt.date(2099, 3, 1))
    item = services.agenda_item_add(by=None, meeting=held, title="Progress", minutes="Noted.")
    res = services.resolution_add(by=None, item=item, label="(a)", text="Progress noted.")
    services.plan_links_set(by=None, subject=res, targets=[measure])
    council = organisation_make("Herefordshire Council", sector="council")
    overdue = services.action_add(
        by=None,
        body=spb,
        meeting=held,
        text="Report on data sharing",
        owner=services.Owner(organisation=council),
        due_date=dt.date(2026, 4, 1),
        resolution=res,
    )
    services.plan_links_set(by=None, subject=overdue, targets=[measure])
    services.action_add(
        by=None,
        body=spb,
        meeting=held,
        text="Bring the strategy",
        owner=services.Owner(role="Director"),
        due_at_future_meeting=True,
    )
    services.action_progress_add(by=None, action=overdue, text="Started")
    analyst_make()
    sign_in(page, site_url, "analyst")
    m = f"{P}/{spb.key}/meetings/{held.pk}"
    for path in (
        "/",
        "/governance/",
        "/governance/your-actions/",
        f"{P}/",
        f"{P}/bodies/add/",
        f"{P}/relations/add/",
        f"{P}/{spb.key}/",
        f"{P}/{spb.key}/edit/",
        f"{P}/{spb.key}/members/add/",
        f"{P}/{spb.key}/meetings/add/",
        f"{m}/",
        f"{m}/items/add/",
        f"{m}/items/{item.pk}/edit/",
        f"{m}/items/{item.pk}/resolutions/add/",
        f"{m}/items/{item.pk}/papers/add/",
        f"{m}/actions/add/",
        f"{m}/links/resolution/{res.pk}/",
        f"{m}/minutes/",
        f"{P}/{spb.key}/meetings/{planned.pk}/agenda/",
        f"{P}/actions/{overdue.pk}/",
        f"{P}/actions/{overdue.pk}/edit/",
        f"/plans/{plan.key}/measures/{measure.pk}/",
    ):
        assert page.goto(site_url + path).status == 200, path
        assert_axe_clean(page)
    # Forms with errors.
    page.goto(f"{site_url}{m}/actions/add/")
    page.get_by_role("button", name="Save").click()
    assert "Say who owns the action" in page.locator(".govuk-error-summary").inner_text()
    assert_axe_clean(page)
    page.goto(f"{site_url}{P}/actions/{overdue.pk}/")
    page.get_by_label("What has changed").select_option("drop")
    page.get_by_role("button", name="Save the update").click()
    assert (
        "Enter the reason for dropping the action"
        in page.locator(".govuk-error-summary").inner_text()
    )
    assert_axe_clean(page)
    page.goto(f"{site_url}{m}/minutes/")
    page.get_by_label("Paste the minutes page").fill(MINUTES)
    page.get_by_role("button", name="Find the decisions").click()
    assert_axe_clean(page)
    page.get_by_role("group", name="Action 1", exact=True).get_by_label(
        "Owner: a role or name, in words"
    ).fill("")
    page.get_by_role("button", name="Confirm and save the decisions").click()
    assert "Action 1: Say who owns the action" in page.locator(".govuk-error-summary").inner_text()
    assert_axe_clean(page)
    assert not AgendaItem.objects.filter(meeting=held, title__startswith="Progress on").exists()
    assert csp == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "it is a PDF"),
        (b"\x00\x01\x02\x03" * 2000, "binary"),
        (
            b"Agenda item\n\nApologies\n\nMinutes:\n\nNone.\n\nSupporting documents:\n",
            "no resolutions or actions",
        ),
        (b"x" * (2 * 1024 * 1024 + 1), "smaller than 2 MB"),
    ],
    ids=["empty", "pdf", "binary", "no-decisions", "huge"],
)
def test_a_bad_upload_gets_a_clear_message(site_url, page, content, message):
    body = services.body_create(
        by=None, partnership=plan_make(key="gov-bad").partnership, name="Board"
    )
    meeting = services.meeting_record(by=None, body=body, date=dt.date(2026, 3, 1), status="held")
    analyst_make()
    sign_in(page, site_url, "analyst")
    page.goto(f"{site_url}{P}/{body.key}/meetings/{meeting.pk}/minutes/")
    page.get_by_label("Or upload the page saved as text or HTML").set_input_files(
        {"name": "minutes.html", "mimeType": "text/html", "buffer": content}
    )
    page.get_by_role("button", name="Find the decisions").click()
    summary = page.locator(".govuk-error-summary")
    assert message in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_axe_clean(page)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_an_owner_updates_an_action_without_javascript(site_url, page_without_javascript):
    page = page_without_javascript
    body = services.body_create(
        by=None, partnership=plan_make(key="gov-nojs").partnership, name="Board"
    )
    action = services.action_add(
        by=None,
        body=body,
        text="Send the audit",
        owner=services.Owner(organisation=organisation_make("Herefordshire Council")),
    )
    contributor_make()
    viewer_make()
    sign_in(page, site_url, "contributor")
    page.goto(f"{site_url}{P}/actions/{action.pk}/")
    page.get_by_label("What has changed").select_option("done")
    page.get_by_role("button", name="Save the update").click()
    assert page.locator(".govuk-tag").first.inner_text() == "Done"
    action.refresh_from_db()
    assert action.status == "done"
    # A viewer reads the action but has no form, and a post is refused.
    sign_in(page, site_url, "viewer")
    page.goto(f"{site_url}{P}/actions/{action.pk}/")
    assert page.get_by_role("button", name="Save the update").count() == 0
