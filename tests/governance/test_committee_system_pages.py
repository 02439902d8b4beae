"""The officer's pages for meetings synced from the council's committee system (issue 18,
parts 3 and 4): the committee system page (address, boards' committees, Sync now, history),
the meeting page's review states and linked papers, and the review of one synced item
(minutes shown safely, confirm all or nothing, a second confirmation refused).

The synced world is the demo's SYNTHETIC recorded responses
(demo/data/moderngov/herefordshire), synced through the real service with the recorded
transport. Expected values come from those files as written."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import pytest
from django.test import override_settings

from cypp.accounts.models import AuditEvent, Role
from cypp.governance.models import Action, AgendaItem, Body, CommitteeSync, Meeting, Resolution
from cypp.governance.moderngov import RecordedTransport
from cypp.governance.services.committee_sync import (
    body_committee_set,
    committee_sync,
    committee_system_set,
)
from tests.governance.factories import body_make
from tests.governance.test_review_of_minutes import _confirm_data
from tests.plans.factories import analyst_make, partnership_make, person_make, viewer_make

pytestmark = pytest.mark.django_db

RECORDED = Path(__file__).resolve().parents[2] / "demo" / "data" / "moderngov" / "herefordshire"
ADDRESS = "https://councillors.herefordshire.gov.uk/"
PAGE = "/governance/test-partnership/committee-system/"


@pytest.fixture
def board():
    partnership = partnership_make()
    body = body_make("board", partnership=partnership, name="Health and Wellbeing Board")
    committee_system_set(by=None, partnership=partnership, address=ADDRESS)
    return body_committee_set(by=None, body=body, committee_id=599)


@pytest.fixture
def synced(board):
    committee_sync(
        by=None,
        partnership=board.partnership,
        transport=RecordedTransport(RECORDED),
        date_from=dt.date(2019, 1, 1),
        date_to=dt.date(2019, 12, 31),
    )
    return board


def _admin():
    return person_make("admin", role=Role.ADMINISTRATOR)


def _item(title: str, date: str) -> AgendaItem:
    y, m, d = date.split("-")
    return AgendaItem.objects.get(title=title, meeting__date=f"{y}-{m}-{d}")


def _review_url(item: AgendaItem) -> str:
    m = item.meeting
    return f"/governance/test-partnership/board/meetings/{m.pk}/items/{item.pk}/review/"


# --- the committee system page ---------------------------------------------------------


def test_the_page_is_for_officers_and_only_administrators_change_it(client, board):
    client.force_login(viewer_make())
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE + "sync/").status_code == 403

    client.force_login(analyst_make())
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert ADDRESS in html and "Sync now" in html
    assert "Save the address" not in html
    assert client.post(PAGE, {"address": "https://elsewhere.example.gov.uk/"}).status_code == 403
    assert client.post(PAGE + "boards/board/", {"body-1-committee": "5"}).status_code == 403
    assert Body.objects.get(pk=board.pk).committee_id == 599


def test_an_administrator_sets_the_address_and_a_boards_committee(client, board):
    client.force_login(_admin())
    saved = client.post(PAGE, {"address": "https://democracy.example.gov.uk/"})
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "https://democracy.example.gov.uk/" in page
    assert "The address of the council&#x27;s committee system is saved." in page

    field = f"body-{board.pk}-committee"
    assert client.post(PAGE + "boards/board/", {field: "612"}).status_code == 302
    assert Body.objects.get(pk=board.pk).committee_id == 612


def test_a_refused_address_or_committee_is_shown_in_the_error_summary_and_changes_nothing(
    client, board
):
    client.force_login(_admin())
    refused = client.post(PAGE, {"address": "not an address"})
    assert refused.status_code == 400
    html = refused.content.decode()
    summary = html[html.index("govuk-error-summary") :][:2000]
    assert "There is a problem" in summary and 'href="#id_address"' in summary
    assert html.count("<title>Error: ") == 1

    field = f"body-{board.pk}-committee"
    typed = client.post(PAGE + "boards/board/", {field: "five"})
    assert typed.status_code == 400
    assert "Enter the committee&#x27;s id as a whole number, like 599" in typed.content.decode()
    assert Body.objects.get(pk=board.pk).committee_id == 599
    assert client.get(PAGE).content.decode().count(ADDRESS) >= 1


def test_a_committee_already_another_boards_is_refused_in_the_error_summary(client, board):
    other = body_make("scrutiny", partnership=board.partnership, name="Scrutiny Committee")
    client.force_login(_admin())
    refused = client.post(PAGE + "boards/scrutiny/", {f"body-{other.pk}-committee": "599"})
    assert refused.status_code == 400
    html = unescape(refused.content.decode())
    summary = html[html.index("govuk-error-summary") :][:2000]
    assert "Committee 599 is already the committee of Health and Wellbeing Board" in summary
    assert f'href="#id_body-{other.pk}-committee"' in summary
    assert Body.objects.get(pk=other.pk).committee_id is None


@override_settings(CYPP_MODERNGOV_RECORDED=str(RECORDED))
def test_the_councils_committees_are_offered_when_asked_for(client, board):
    client.force_login(_admin())
    html = client.get(PAGE + "?committees=council").content.decode()
    # GetCommittees.xml lists Council (291) and the Health and Wellbeing Board (599).
    assert '<option value="291">Council (291)</option>' in html
    assert re.search(r'<option value="599" selected>Health and Wellbeing Board \(599\)', html)


def test_the_committees_are_typed_when_the_council_does_not_answer(client, board):
    # The address's host does not exist (.invalid): the council cannot answer.
    committee_system_set(by=None, partnership=board.partnership, address="https://x.invalid/")
    client.force_login(_admin())
    html = client.get(PAGE + "?committees=council").content.decode()
    assert "did not give its list of committees" in html
    assert (
        f'name="body-{board.pk}-committee"' in html
        and "<select" not in html.split('id="boards"')[1].split("</form>")[0]
    )


def test_sync_now_needs_csrf_and_starts_a_sync_in_the_background(
    client, board, django_capture_on_commit_callbacks
):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(analyst_make())
    assert strict.post(PAGE + "sync/").status_code == 403
    assert strict.get(PAGE + "sync/").status_code == 405
    assert not CommitteeSync.objects.exists()

    client.force_login(analyst_make("analyst2"))
    with override_settings(CYPP_MODERNGOV_RECORDED=str(RECORDED)):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            # The demo's recorded meetings are of 2019: the sync is asked for that year.
            started = client.post(
                PAGE + "sync/",
                {
                    "date_from_day": "1",
                    "date_from_month": "1",
                    "date_from_year": "2019",
                    "date_to_day": "31",
                    "date_to_month": "12",
                    "date_to_year": "2019",
                },
            )
        assert started.status_code == 302
        # Nothing runs in the request: the task is queued once the request's work commits.
        assert len(queued) == 1 and not Meeting.objects.exists()
        page = client.get(started["Location"]).content.decode()
        assert "The sync has started." in page
        queued[0]()  # the worker's turn (tasks run at once in the tests)
    sync = CommitteeSync.objects.get()
    assert sync.status == CommitteeSync.Status.DONE and sync.by.username == "analyst2"
    assert (sync.date_from, sync.date_to) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert Meeting.objects.filter(body=board).count() == 3
    history = unescape(client.get(PAGE).content.decode())
    assert "analyst2" in history[history.index("Syncs, newest first") :]


def test_sync_now_without_a_committee_is_refused_in_words(client):
    body_make("board", partnership=partnership_make())
    client.force_login(analyst_make())
    refused = client.post(PAGE + "sync/")
    assert refused.status_code == 400
    assert "Enter the address of the council&#x27;s committee system before a sync" in (
        refused.content.decode()
    )
    assert not CommitteeSync.objects.exists()


def test_sync_now_refuses_dates_no_sync_could_read(
    client, board, django_capture_on_commit_callbacks
):
    client.force_login(analyst_make())
    with django_capture_on_commit_callbacks(execute=False) as queued:
        refused = client.post(
            PAGE + "sync/",
            {
                "date_from_day": "31",
                "date_from_month": "12",
                "date_from_year": "2019",
                "date_to_day": "1",
                "date_to_month": "1",
                "date_to_year": "2019",
            },
        )
    assert refused.status_code == 400 and not queued
    assert "(31/12/2019) is after its last (01/01/2019)" in unescape(refused.content.decode())
    half = client.post(PAGE + "sync/", {"date_from_day": "31", "date_from_month": "2"})
    assert half.status_code == 400
    assert "From: The date must include a year" in unescape(half.content.decode())


def test_the_sync_history_says_who_when_what_and_the_error(client, synced):
    CommitteeSync.objects.create(
        partnership=synced.partnership,
        started_at="2026-01-02T03:04:05Z",
        date_from="2025-10-01",
        date_to="2026-04-01",
        status=CommitteeSync.Status.FAILED,
        # As the service words a failure: it always ends so.
        error="The council's site refused CYPP (403). Nothing was changed.",
    )
    client.force_login(analyst_make())
    html = unescape(client.get(PAGE).content.decode())
    rows = html[html.index("Syncs, newest first") :]
    done = rows.index("Done")
    failed = rows.index("Failed")
    assert done < failed  # the demo sync ran after 2 January 2026: newest first
    assert "The schedule or the command line" in rows  # no one signed in started it
    # Meetings 990101 and 990102 made, 990103 (cancelled) too: three meetings added.
    assert "3 meetings added" in rows
    assert "The council's site refused CYPP (403). Nothing was changed." in rows
    assert "Nothing was changed. Nothing was changed." not in rows


def test_items_with_decisions_to_review_are_listed(client, synced):
    client.force_login(analyst_make())
    html = unescape(client.get(PAGE).content.decode())
    to_review = AgendaItem.objects.filter(review=AgendaItem.Review.TO_REVIEW).count()
    # Of the six items with minutes, only public questions has no decisions.
    assert to_review == 5
    assert f"{to_review} items from the committee system have decisions to review." in html
    assert "5. Children and Young People's Plan 2018-2023: first annual report" in html


# --- the meeting page ------------------------------------------------------------------


def test_the_meeting_page_shows_numbers_review_states_and_linked_papers(client, synced):
    meeting = Meeting.objects.get(body=synced, date="2019-06-24")
    client.force_login(analyst_make())
    html = unescape(
        client.get(f"/governance/test-partnership/board/meetings/{meeting.pk}/").content.decode()
    )
    assert "5. Children and Young People's Plan 2018-2023: first annual report" in html
    assert "2. Questions from members of the public" in html
    assert "No decisions found" in html and "Decisions to review" in html
    assert 'href="https://councillors.herefordshire.gov.uk/mgConvert2PDF.aspx?ID=99010151"' in html
    assert "(on the council's site)" in html
    assert "ieListDocuments.aspx?CId=599&MId=990101" in html
    assert "Review the decisions" in html

    client.force_login(viewer_make())
    page = client.get(f"/governance/test-partnership/board/meetings/{meeting.pk}/")
    assert "Review the decisions" not in page.content.decode()


# --- the review of one synced item -------------------------------------------------------


def test_only_officers_review_a_synced_item(client, synced):
    item = _item("Work programme", "2019-06-24")
    client.force_login(viewer_make())
    assert client.get(_review_url(item)).status_code == 403
    assert client.post(_review_url(item), {}).status_code == 403


def test_the_review_shows_the_minutes_as_text_and_the_draft_with_confidence(client, synced):
    item = _item("Work programme", "2019-06-24")
    client.force_login(analyst_make())
    html = unescape(client.get(_review_url(item)).content.decode())
    assert "The minutes as published" in html
    assert "The board agreed to add a report on young carers" in html
    # The agreement has no RESOLVED heading: the extractor marks it to check, with a reason.
    first = html[html.index('id="resolution-1"') :]
    tag = re.search(r'cypp-confidence"><strong class="govuk-tag[^"]*">(Sure|Check)', first)
    assert tag is not None and tag.group(1) == "Check"
    assert "Why to check it:" in html


def test_the_councils_html_is_never_put_into_the_page(client, synced):
    item = _item("Work programme", "2019-06-24")
    AgendaItem.objects.filter(pk=item.pk).update(
        minutes_html='<p onclick="steal()" style="color:red">Agreed.</p>'
        "<script>alert('x')</script><style>body{display:none}</style>"
        '<img src=x onerror="steal()">'
    )
    client.force_login(analyst_make())
    html = client.get(_review_url(item)).content.decode()
    published = html[
        html.index("The minutes as published") : html.index(
            "<form", html.index("The minutes as published")
        )
    ]
    assert "Agreed." in published
    for bad in ("<script", "alert(", "onclick", "onerror", "<style", "style=", "<img"):
        assert bad not in published


def test_confirming_records_the_decisions_on_the_item_once(client, synced):
    item = _item("Children and Young People's Plan 2018-2023: first annual report", "2019-06-24")
    client.force_login(analyst_make())
    data = _confirm_data(client.get(_review_url(item)))
    assert data["res-TOTAL_FORMS"] == ["3"]
    events = AuditEvent.objects.count()
    saved = client.post(_review_url(item), data)
    assert saved.status_code == 302, unescape(saved.content.decode())[:3000]
    item.refresh_from_db()
    assert item.review == AgendaItem.Review.CONFIRMED
    assert AgendaItem.objects.filter(title=item.title).count() == 1  # onto the same item
    labels = list(item.resolutions.order_by("order").values_list("label", flat=True))
    assert labels == ["(a)", "(b)", "(c)"]
    owners = set(Action.objects.filter(meeting=item.meeting).values_list("owner_role", flat=True))
    assert "the director for children and families" in owners
    assert AuditEvent.objects.count() > events

    again = client.post(_review_url(item), data)
    assert again.status_code == 200
    assert "were confirmed already" in again.content.decode()
    assert item.resolutions.count() == 3


def test_a_confirmation_with_a_problem_saves_nothing(client, synced):
    item = _item("Emotional wellbeing and mental health of children and young people", "2019-09-16")
    client.force_login(analyst_make())
    data = _confirm_data(client.get(_review_url(item)))
    data["act-0-owner_role"] = [""]
    response = client.post(_review_url(item), data)
    assert response.status_code == 400
    assert "Action 1: Say who owns the action" in response.content.decode()
    item.refresh_from_db()
    assert item.review == AgendaItem.Review.TO_REVIEW
    assert not Resolution.objects.filter(agenda_item=item).exists()
    assert not Action.objects.filter(meeting=item.meeting).exists()


def test_a_service_refusal_rolls_back_everything(client, synced):
    """Nothing kept: the service refuses, in the error summary, and saves nothing."""
    item = _item("Work programme", "2019-06-24")
    client.force_login(analyst_make())
    data = _confirm_data(client.get(_review_url(item)))
    for key in [k for k in data if k.endswith("-keep")]:
        del data[key]
    response = client.post(_review_url(item), data)
    assert response.status_code == 400
    assert "Keep at least one resolution or action to confirm" in response.content.decode()
    item.refresh_from_db()
    assert item.review == AgendaItem.Review.TO_REVIEW
    assert not item.resolutions.exists()


def test_an_item_with_no_decisions_has_nothing_to_confirm(client, synced):
    item = _item("Questions from members of the public", "2019-06-24")
    assert item.review == AgendaItem.Review.NONE_FOUND
    client.force_login(analyst_make())
    html = client.get(_review_url(item)).content.decode()
    assert "has no draft decisions from the committee system to review" in html
    assert client.post(_review_url(item), {}).status_code == 200
    assert not item.resolutions.exists()
