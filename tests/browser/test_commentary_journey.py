"""The commentary journey in Chromium: a contributor writes and submits, the priority lead
returns it with a reason, the contributor sees the reason and submits again, the lead sees
what changed word by word and approves, the pack is published (the period locked) and the
contributor's page is locked. Each step e-mails the person who acts next.

Every page on the way is checked with axe-core (WCAG 2.2 AA), the write and review pages at
1280 and 320 pixels wide; the submit form also works without JavaScript.

The server shares the test's transaction, which never commits: the e-mails that a step
sends once its transaction commits are released by ``django_capture_on_commit_callbacks``
around the step (the locmem backend's outbox is shared with the server's thread).
"""

from __future__ import annotations

from typing import Any

import pytest

from cypp.commentary.models import MeasureCommentary, Status
from tests.browser.conftest import axe_violations
from tests.browser.helpers import assert_clean_at_both_widths, sign_in
from tests.commentary.helpers import world_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _status(page: Any) -> str:
    return page.locator(".govuk-tag").first.inner_text()


def test_write_return_resubmit_approve_lock(
    site_url, page, tmp_path, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = site_url  # the e-mails' links lead to this server
    w = world_make(key="journey-commentary")
    sent = django_capture_on_commit_callbacks  # releases a step's e-mails, as a commit would
    status_url = f"{site_url}/plans/{w.plan.key}/commentary/{w.period.key}/"
    measure = w.measure.title

    # The contributor of the owning council writes; an empty story is refused first.
    sign_in(page, site_url, "writer")
    page.goto(status_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Commentary: April to June 2016"
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Write the commentary on {measure}").click()
    assert page.get_by_role("heading", level=1).inner_text() == measure
    # The evidence beside the form: the chart, the judgements, England and the neighbours.
    evidence = page.get_by_role("complementary", name="The evidence at 30 June 2016")
    assert evidence.locator("figure.cypp-chart svg").count() == 1
    assert evidence.locator("dt").all_inner_texts() == [
        "Rating",
        "Latest figure",
        "Trend",
        "Target",
        "England",
        "Statistical neighbours' average",
    ]
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Submit for approval").click()
    summary = page.locator(".govuk-error-summary")
    assert "Write the story behind the curve before you submit" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert axe_violations(page) == []
    page.get_by_label("The story behind the curve").fill("Fewer mothers breastfeed in the towns.")
    page.get_by_label("What is working").fill("Peer supporters on the ward.")
    page.get_by_label("What we will do next").fill("Peer support in every clinic.")
    page.get_by_label("Partners who help").fill("Wye Valley NHS Trust")
    with sent(execute=True):
        page.get_by_role("button", name="Submit for approval").click()
        assert "submitted for approval" in page.locator(".govuk-notification-banner").inner_text()
    assert [(m.subject, m.to) for m in mailoutbox] == [
        (f"To approve: {measure} (April to June 2016)", ["lead@example.org"])
    ]
    assert f"{site_url}/plans/journey-commentary/commentary/2016-q2/measures/" in (
        mailoutbox[0].body
    )
    assert page.locator("textarea").count() == 0
    assert axe_violations(page) == []

    # The priority lead returns it with a reason.
    sign_in(page, site_url, "lead")
    page.goto(status_url)
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Approve or return the commentary on {measure}").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Return with this reason").click()
    assert "Say why you are returning it" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Why are you returning it?").fill("Say how we compare with England.")
    with sent(execute=True):
        page.get_by_role("button", name="Return with this reason").click()
        assert "returned to its writer" in page.locator(".govuk-notification-banner").inner_text()
    assert mailoutbox[1].to == ["writer@example.org"]
    assert mailoutbox[1].subject == f"Returned to you: {measure} (April to June 2016)"
    assert "Their reasons:\nSay how we compare with England.\n" in mailoutbox[1].body
    row = page.get_by_role("row").filter(has_text=measure)
    assert "Returned" in row.inner_text()
    page.screenshot(path=str(tmp_path / "status.png"), full_page=True)

    # The contributor sees the reason, changes the text and submits again.
    sign_in(page, site_url, "writer")
    page.goto(status_url)
    page.get_by_role("link", name=f"Change the commentary on {measure}").click()
    assert "Say how we compare with England." in page.locator(".govuk-warning-text").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("What we will do next").fill(
        "Peer support in every clinic; we are 5 points below England."
    )
    with sent(execute=True):
        page.get_by_role("button", name="Submit for approval").click()
        assert _status(page) == "Submitted"
    assert [m.to for m in mailoutbox[2:]] == [["lead@example.org"]]
    page.screenshot(path=str(tmp_path / "resubmitted.png"), full_page=True)
    # The history keeps the text the change replaced.
    assert page.get_by_text("Returned: Say how we compare with England.").count() == 1
    page.locator(".govuk-details__summary").first.click()
    assert page.get_by_text("Peer support in every clinic.", exact=True).is_visible()
    assert axe_violations(page) == []

    # The lead follows the e-mail's link, sees what changed since they returned it, word
    # by word, and approves.
    sign_in(page, site_url, "lead")
    link = mailoutbox[2].body.split("Approve it, or return it with your reasons:\n")[1]
    page.goto(link.split("\n")[0])
    assert page.get_by_role("heading", level=1).inner_text() == measure
    changes = page.locator("#changes ~ dl").first
    row = changes.locator(".govuk-summary-list__row").filter(has_text="What we will do next")
    # By hand: "clinic." became "clinic; we are 5 points below England." (7 words).
    assert "7 words added, 1 removed" in row.inner_text()
    assert row.locator("del").text_content() == "removed: clinic."
    assert row.locator("ins").text_content() == "added: clinic; we are 5 points below England."
    assert row.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") == (
        "line-through"
    )
    assert row.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == (
        "underline"
    )
    other = changes.locator(".govuk-summary-list__row").filter(has_text="What is working")
    assert "No change" in other.inner_text()
    page.screenshot(path=str(tmp_path / "review-differences.png"), full_page=True)
    assert_clean_at_both_widths(page)
    with sent(execute=True):
        page.get_by_role("button", name="Approve").click()
        assert "Approved" in page.get_by_role("row").filter(has_text=measure).inner_text()
    assert [(m.subject, m.to) for m in mailoutbox[3:]] == [
        (f"Approved: {measure} (April to June 2016)", ["writer@example.org"])
    ]
    commentary = MeasureCommentary.objects.get(measure=w.measure, period=w.period)
    assert commentary.status == Status.APPROVED

    # An officer builds the board pack for the period and publishes it: the approved words
    # are in the pack, and the period's commentary is locked.
    sign_in(page, site_url, w.analyst.get_username())
    # (The pack asks the officer to accept any gaps it has, such as data older than
    # expected, when it is built and again when it is published.)
    page.goto(f"{site_url}/plans/{w.plan.key}/board-packs/?period={w.period.key}")
    page.get_by_role("button", name="Build the pack").click(timeout=120_000)
    if page.get_by_label("I accept these gaps").count():
        page.get_by_label("I accept these gaps").check()
        page.get_by_role("button", name="Build the pack").click(timeout=120_000)
    page.wait_for_selector(".cypp-pack-tools", timeout=120_000)
    assert "Fewer mothers breastfeed in the towns." in page.locator(".cypp-pack").inner_text()
    if page.get_by_label("I have read these gaps").count():
        page.get_by_label("I have read these gaps").check()
    page.get_by_role("button", name="Publish this pack").click()
    assert "Published" in page.locator(".govuk-notification-banner").inner_text()
    sign_in(page, site_url, "writer")
    page.goto(status_url)
    assert "Locked" in page.get_by_role("row").filter(has_text=measure).inner_text()
    page.get_by_role("link", name=f"Read the commentary on {measure}").click()
    assert _status(page) == "Locked"
    assert "This commentary is locked" in page.locator(".govuk-inset-text").inner_text()
    assert page.locator("form textarea").count() == 0
    assert page.get_by_role("button", name="Submit for approval").count() == 0
    page.screenshot(path=str(tmp_path / "locked.png"), full_page=True)
    assert axe_violations(page) == []


def test_the_submit_form_works_without_javascript(site_url, page_without_javascript):
    page = page_without_javascript
    w = world_make(key="journey-nojs")
    sign_in(page, site_url, "writer")
    page.goto(f"{site_url}/plans/{w.plan.key}/commentary/{w.period.key}/measures/{w.measure.pk}/")
    page.get_by_label("The story behind the curve").fill("Written without JavaScript.")
    page.get_by_role("button", name="Save draft").click()
    assert _status(page) == "Draft"
    page.get_by_role("button", name="Submit for approval").click()
    assert _status(page) == "Submitted"
    commentary = MeasureCommentary.objects.get(measure=w.measure, period=w.period)
    assert (commentary.status, commentary.story_behind_curve) == (
        Status.SUBMITTED,
        "Written without JavaScript.",
    )


def test_evidence_and_the_officer_pages_pass_axe(site_url, page):
    w = world_make(key="journey-evidence")
    sign_in(page, site_url, "analyst")
    page.goto(f"{site_url}/plans/{w.plan.key}/commentary/{w.period.key}/")
    assert page.get_by_role("button", name="Send reminders").count() == 1
    page.get_by_role("button", name="Send reminders").click()
    assert "Reminders sent: 1 e-mail." in page.locator(".govuk-notification-banner").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Change the timetable").click()
    assert axe_violations(page) == []
    page.goto(f"{site_url}/plans/{w.plan.key}/commentary/{w.period.key}/")
    page.get_by_text("Add evidence to an outcome").click()
    page.get_by_role("link", name="Children are ready for school").click()
    assert axe_violations(page) == []
    page.get_by_label("What kind of evidence is it?").select_option("quote")
    page.get_by_label("Title").fill("Ready for school")
    page.get_by_label("The case study or quote").fill("She loves her class.")
    page.get_by_role("button", name="Submit for approval").click()
    assert "Record the person's consent" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Consent to use these words is recorded").check()
    page.get_by_role("button", name="Submit for approval").click()
    assert _status(page) == "Submitted"
    assert axe_violations(page) == []
