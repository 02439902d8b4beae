"""Governance pages: who may read and change what (403/404 on the server), the pages'
query counts not growing with actions, the agenda carrying open actions until they are
done, the PDF, and the sections on the measure page and the home page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.accounts.models import Person
from cypp.governance import services
from cypp.governance.models import Action, AgendaItem, Meeting, PlanLink
from cypp.governance.services import Owner
from cypp.plans.models import Measure
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import (
    analyst_make,
    contributor_make,
    person_make,
    plan_make,
    viewer_make,
)

pytestmark = pytest.mark.django_db
D = dt.date
P = "/governance/test-partnership"


@pytest.fixture
def board():
    body = body_make("board", name="Health and Wellbeing Board")
    meeting = meeting_make(body, D(2026, 3, 1))
    return body, meeting


def _pages(body, meeting, action):
    return [
        "/governance/",
        "/governance/your-actions/",
        f"{P}/",
        f"{P}/{body.key}/",
        f"{P}/{body.key}/meetings/{meeting.pk}/",
        f"{P}/{body.key}/meetings/{meeting.pk}/agenda/",
        f"{P}/actions/{action.pk}/",
    ]


def _officer_forms(body, meeting, item, action):
    m = f"{P}/{body.key}/meetings/{meeting.pk}"
    return [
        f"{P}/bodies/add/",
        f"{P}/relations/add/",
        f"{P}/{body.key}/edit/",
        f"{P}/{body.key}/members/add/",
        f"{P}/{body.key}/meetings/add/",
        f"{m}/items/add/",
        f"{m}/items/{item.pk}/edit/",
        f"{m}/items/{item.pk}/resolutions/add/",
        f"{m}/items/{item.pk}/papers/add/",
        f"{m}/actions/add/",
        f"{m}/links/item/{item.pk}/",
        f"{m}/minutes/",
        f"{P}/actions/{action.pk}/edit/",
    ]


def test_permissions_matrix(client, board):
    body, meeting = board
    item = services.agenda_item_add(by=None, meeting=meeting, title="Progress")
    action = action_make(body, meeting=meeting)
    pages = _pages(body, meeting, action)
    officer_forms = _officer_forms(body, meeting, item, action)

    # Nobody signed in: sent to sign in.
    for url in pages[2:]:
        assert client.get(url).status_code == 302, url

    # Someone with no role in the partnership: refused.
    client.force_login(person_make("outsider"))
    for url in pages[2:]:
        assert client.get(url).status_code == 403, url

    # A viewer reads every page and may change nothing.
    client.force_login(viewer_make())
    for url in pages:
        assert client.get(url).status_code == 200, url
    for url in officer_forms:
        assert client.get(url).status_code == 403, url
    assert client.post(f"{P}/actions/{action.pk}/", {"change": "done"}).status_code == 403
    assert (
        client.post(
            f"{P}/{body.key}/meetings/{meeting.pk}/status/", {"status": "planned"}
        ).status_code
        == 403
    )

    # A board officer (analyst) opens every form.
    client.force_login(analyst_make())
    for url in officer_forms:
        assert client.get(url).status_code == 200, url

    # What does not exist is not found.
    assert client.get(f"{P}/no-such-body/").status_code == 404
    assert client.get("/governance/no-such-partnership/").status_code == 404
    assert client.get(f"{P}/{body.key}/meetings/999999/").status_code == 404
    assert client.get(f"{P}/actions/999999/").status_code == 404
    assert client.get(f"{P}/{body.key}/meetings/{meeting.pk}/links/nonsense/1/").status_code == 404


def test_an_action_in_another_partnership_is_not_found_through_this_one(client, board):
    from tests.plans.factories import partnership_make

    elsewhere = body_make("elsewhere", partnership=partnership_make("elsewhere"))
    action = action_make(elsewhere)
    client.force_login(analyst_make())
    assert client.get(f"{P}/actions/{action.pk}/").status_code == 404


def test_the_owning_contributor_updates_and_completes_but_may_not_drop(client, board):
    body, meeting = board
    action = action_make(body, meeting=meeting)  # owned by Herefordshire Council
    url = f"{P}/actions/{action.pk}/"
    client.force_login(contributor_make())
    page = client.get(url).content.decode()
    assert "Update the action" in page and "Drop it" not in page
    response = client.post(url, {"change": "progress", "text": "Draft report written."})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert client.post(url, {"change": "drop", "text": "No"}).status_code == 400
    assert client.post(url, {"change": "done", "text": ""}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.updates.count() == 2
    # Reopening is the officers'.
    assert client.post(url, {"change": "reopen", "text": ""}).status_code == 403


def test_a_contributor_of_another_organisation_only_reads(client, board):
    body, meeting = board
    action = action_make(body, meeting=meeting)
    client.force_login(contributor_make("police", organisation="West Mercia Police"))
    assert "Update the action" not in client.get(f"{P}/actions/{action.pk}/").content.decode()
    assert client.post(f"{P}/actions/{action.pk}/", {"change": "done"}).status_code == 403


def test_a_named_person_owns_their_action(client, board):
    body, meeting = board
    user = viewer_make("director")
    person = Person.objects.create(user=user, display_name="Director")
    action = action_make(body, meeting=meeting, owner=Owner(person=person))
    client.force_login(user)
    assert client.post(f"{P}/actions/{action.pk}/", {"change": "done"}).status_code == 302


def test_dropping_needs_a_reason_on_the_page(client, board):
    body, meeting = board
    action = action_make(body, meeting=meeting)
    client.force_login(analyst_make())
    response = client.post(f"{P}/actions/{action.pk}/", {"change": "drop", "text": " "})
    assert response.status_code == 400
    assert "Enter the reason for dropping the action" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "open"
    client.post(f"{P}/actions/{action.pk}/", {"change": "drop", "text": "Overtaken"})
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Overtaken")


def test_an_officer_records_a_meeting_item_resolution_action_and_links(client, board):
    body, _ = board
    plan = plan_make()
    measure = Measure.objects.get(outcome__priority__plan=plan)
    client.force_login(analyst_make())
    response = client.post(
        f"{P}/{body.key}/meetings/add/",
        {"date_day": "12", "date_month": "5", "date_year": "2026", "status": "held"},
    )
    meeting = Meeting.objects.get(body=body, date=D(2026, 5, 12))
    assert response.url == f"{P}/{body.key}/meetings/{meeting.pk}/"
    m = response.url
    client.post(f"{m}items/add/", {"title": "Priority 2", "purpose": "Progress"})
    item = AgendaItem.objects.get(meeting=meeting)
    client.post(f"{m}items/{item.pk}/resolutions/add/", {"label": "(a)", "text": "Noted."})
    resolution = item.resolutions.get()
    bad = client.post(f"{m}actions/add/", {"text": "Report back"})
    assert bad.status_code == 200 and "Say who owns the action" in bad.content.decode()
    client.post(
        f"{m}actions/add/",
        {"text": "Report back", "owner_role": "Director", "resolution": str(resolution.pk)},
    )
    action = Action.objects.get(meeting=meeting)
    assert action.resolution == resolution
    client.post(f"{m}links/action/{action.pk}/", {"targets": [f"measure:{measure.pk}"]})
    assert PlanLink.objects.get(action=action).measure == measure
    refused = client.post(f"{m}links/action/{action.pk}/", {"targets": ["measure:999999"]})
    assert refused.status_code == 400
    page = client.get(m).content.decode()
    assert "Priority 2" in page and "Noted." in page and "Report back" in page
    bad_date = client.post(
        f"{P}/{body.key}/meetings/add/",
        {"date_day": "31", "date_month": "2", "date_year": "2026", "status": "held"},
    )
    assert "The date must be a real date" in bad_date.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["body", "meeting", "agenda", "your-actions", "measure"])
def test_page_queries_do_not_grow_with_actions(client, page):
    plan = plan_make(measures=1)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    user = contributor_make()
    counts = []
    for n, size in enumerate((3, 12)):
        body = body_make(f"board-{n}")
        held = meeting_make(body, D(2026, 3, 1))
        planned = meeting_make(body, D(2099, 3, 1), status="planned")
        item = services.agenda_item_add(by=None, meeting=held, title="Item")
        for i in range(size):
            r = services.resolution_add(by=None, item=item, text=f"Resolution {i}")
            services.plan_links_set(by=None, subject=r, targets=[measure])
            a = action_make(
                body, meeting=held, text=f"Action {n}-{i}", resolution=r, due_meeting=planned
            )
            services.plan_links_set(by=None, subject=a, targets=[measure, measure.outcome])
        url = {
            "body": f"{P}/{body.key}/",
            "meeting": f"{P}/{body.key}/meetings/{held.pk}/",
            "agenda": f"{P}/{body.key}/meetings/{planned.pk}/agenda/",
            "your-actions": "/governance/your-actions/",
            "measure": f"/plans/{plan.key}/measures/{measure.pk}/",
        }[page]
        client.force_login(user)
        # For "your actions" and the measure the second round adds to the first: 3, then 15.
        counts.append(_count(client, url))
    assert counts[0] == counts[1], counts


def test_the_next_meetings_agenda_carries_an_action_until_done(client, board):
    body, meeting = board
    planned = meeting_make(body, D(2099, 6, 1), status="planned")
    action = action_make(body, meeting=meeting, text="Report on data sharing barriers")
    client.force_login(analyst_make())
    agenda = f"{P}/{body.key}/meetings/{planned.pk}/agenda/"
    assert "Report on data sharing barriers" in client.get(agenda).content.decode()
    assert client.get(f"{P}/{body.key}/agenda/").url == agenda
    services.action_complete(by=None, action=action)
    assert "Report on data sharing barriers" not in client.get(agenda).content.decode()


def test_actions_due_at_a_future_meeting_go_on_the_next_meetings_agenda(client, board):
    body, meeting = board
    planned = meeting_make(body, D(2099, 6, 1), status="planned")
    later = meeting_make(body, D(2099, 9, 1), status="planned")
    action_make(body, meeting=meeting, text="Early help strategy", due_at_future_meeting=True)
    action_make(body, meeting=meeting, text="Annual report", due_meeting=later)
    client.force_login(viewer_make())
    nxt = client.get(f"{P}/{body.key}/meetings/{planned.pk}/agenda/").content.decode()
    assert "Forward plan: asked for at a future meeting" in nxt
    assert "Forward plan: due at this meeting" not in nxt
    after = client.get(f"{P}/{body.key}/meetings/{later.pk}/agenda/").content.decode()
    assert "Forward plan: due at this meeting" in after
    assert "Date of the next meeting: 1 September 2099" in nxt


def test_the_agenda_downloads_as_html_and_pdf(client, board):
    body, meeting = board
    action_make(body, meeting=meeting, text="Carried")
    planned = meeting_make(body, D(2099, 6, 1), status="planned")
    client.force_login(viewer_make())
    base = f"{P}/{body.key}/meetings/{planned.pk}/"
    html = client.get(base + "agenda.html")
    assert html["Content-Type"].startswith("text/html")
    text = html.content.decode()
    assert (
        '<html lang="en-GB">' in text and "<title>Draft agenda: Health and Wellbeing Board" in text
    )
    assert "Carried" in text
    pdf = client.get(base + "agenda.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_measure_page_shows_decisions_to_partners_only(client, board):
    _, meeting = board
    plan = plan_make(public=True)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    item = services.agenda_item_add(by=None, meeting=meeting, title="Progress")
    r = services.resolution_add(by=None, item=item, label="(a)", text="Breastfeeding noted.")
    services.plan_links_set(by=None, subject=r, targets=[measure])
    url = f"/plans/{plan.key}/measures/{measure.pk}/"
    assert "Breastfeeding noted." not in client.get(url).content.decode()
    client.force_login(viewer_make())
    page = client.get(url).content.decode()
    assert "Decisions and actions about this measure" in page and "Breastfeeding noted." in page


def test_the_home_page_lists_your_actions(client, board):
    body, meeting = board
    action_make(body, meeting=meeting, text="Write the early help strategy")
    client.force_login(contributor_make())
    page = client.get("/").content.decode()
    assert "Your actions" in page and "Write the early help strategy" in page


def test_the_partnership_page_draws_an_accessible_chart(client):
    hwb = body_make("hwb", name="Health and Wellbeing Board")
    spb = body_make("spb", name="Strategic Partnership Board")
    services.body_relation_add(by=None, from_body=spb, to_body=hwb, kind="reports_to", two_way=True)
    client.force_login(viewer_make())
    page = client.get(f"{P}/").content.decode()
    assert 'role="img"' in page and '<title id="governance-chart-title">' in page
    assert "Strategic Partnership Board reports to Health and Wellbeing Board" in page
    assert "Health and Wellbeing Board gives feedback to Strategic Partnership Board" in page
    assert "marker-start" in page  # two-way arrow
    assert ">Reports to<" in page and ">Gets feedback<" in page


def test_the_agenda_links_the_latest_board_pack_and_a_paper_can_be_one(client, board):
    from django.utils import timezone

    from cypp.governance.models import Paper
    from cypp.reports.models import BoardPack

    body, meeting = board
    plan = plan_make()
    pack = BoardPack.objects.create(
        plan=plan, title="Board pack, June 2026", status="published", published_at=timezone.now()
    )
    BoardPack.objects.create(plan=plan, title="A failed build", status="failed")
    planned = meeting_make(body, D(2099, 6, 1), status="planned")
    client.force_login(analyst_make())
    page = client.get(f"{P}/{body.key}/meetings/{planned.pk}/agenda/").content.decode()
    assert "Board pack: Board pack, June 2026" in page
    assert f"/plans/{plan.key}/board-packs/{pack.pk}/" in page
    assert "A failed build" not in page
    item = services.agenda_item_add(by=None, meeting=meeting, title="Performance")
    url = f"{P}/{body.key}/meetings/{meeting.pk}/items/{item.pk}/papers/add/"
    neither = client.post(url, {"title": "Pack"})
    assert "Choose a file to upload or a board pack" in neither.content.decode()
    assert client.post(url, {"title": "Pack", "board_pack": pack.pk}).status_code == 302
    assert Paper.objects.get(agenda_item=item).board_pack == pack
    page = client.get(f"{P}/{body.key}/meetings/{meeting.pk}/").content.decode()
    assert f"/plans/{plan.key}/board-packs/{pack.pk}/" in page


def test_an_uploaded_paper_is_kept_and_a_program_is_refused(client, board, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    body, meeting = board
    item = services.agenda_item_add(by=None, meeting=meeting, title="Performance")
    url = f"{P}/{body.key}/meetings/{meeting.pk}/items/{item.pk}/papers/add/"
    client.force_login(analyst_make())
    bad = client.post(url, {"title": "Tool", "file": SimpleUploadedFile("tool.exe", b"MZ")})
    assert "The paper must be one of" in bad.content.decode()
    good = SimpleUploadedFile("report.pdf", b"%PDF-1.7 report", "application/pdf")
    assert client.post(url, {"title": "Report", "file": good}).status_code == 302
    paper = item.papers.get()
    assert (
        paper.file.name.startswith("governance/papers/") and paper.file.read() == b"%PDF-1.7 report"
    )

    # The meeting page links it; readers of the partnership download it, nobody else.
    download = f"{P}/{body.key}/meetings/{meeting.pk}/papers/{paper.pk}/"
    assert download in client.get(f"{P}/{body.key}/meetings/{meeting.pk}/").content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 report"
    client.force_login(contributor_make("stranger", partnership="another-partnership"))
    assert client.get(download).status_code in (403, 404)
