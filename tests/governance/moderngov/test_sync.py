"""The sync: meetings, agenda items, papers as links and draft decisions made from the
committee system's answers; a re-run changes nothing; a failure anywhere writes nothing
but the failed sync's record. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest

from cypp.accounts.models import AuditEvent
from cypp.governance.models import AgendaItem, CommitteeSync, Meeting, Paper
from cypp.governance.moderngov import (
    CommitteeSystemError,
    RecordedTransport,
    WebServiceTransport,
)
from cypp.governance.services import (
    GovernanceError,
    body_committee_set,
    committee_sync,
    committee_system_set,
)
from tests.governance.factories import body_make
from tests.governance.moderngov.conftest import INVENTED, RECORDED
from tests.plans.factories import partnership_make

pytestmark = pytest.mark.django_db

FROM, TO = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def board(committee_id: int, key: str = "audit"):
    partnership = partnership_make()
    committee_system_set(
        by=None, partnership=partnership, address="https://democracy.example.gov.uk/"
    )
    body = body_make(key, partnership=partnership)
    return body_committee_set(by=None, body=body, committee_id=committee_id)


def sync(body, folder=RECORDED, **kwargs):
    return committee_sync(
        by=None,
        partnership=body.partnership,
        date_from=FROM,
        date_to=TO,
        transport=RecordedTransport(folder),
        **kwargs,
    )


def rows() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        AgendaItem.objects.count(),
        Paper.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_recorded_meetings_are_made_for_the_body_that_is_committee_144():
    body = board(144)
    run = sync(body)
    assert run.status == "done" and run.error == ""
    cancelled, held = Meeting.objects.filter(body=body).order_by("date")
    assert (cancelled.external_id, cancelled.date, cancelled.status) == (
        "moderngov:4966",
        dt.date(2026, 1, 13),
        "cancelled",
    )
    assert (held.external_id, held.date, held.start_time, held.status) == (
        "moderngov:4967",
        dt.date(2026, 2, 10),
        dt.time(10, 0),
        "held",  # its minutes are published
    )
    assert held.location == "Council Antechamber, Level 2, Town Hall Extension"
    assert held.source_url == (
        "https://democracy.example.gov.uk/ieListDocuments.aspx?CId=144&MId=4967"
    )
    items = list(held.items.order_by("order"))
    assert [(i.order, i.number, i.title, i.external_id) for i in items] == [
        (1, "1.", "Minutes", "moderngov:18831"),
        (2, "9.", "Work Programme", "moderngov:18833"),
    ]
    minutes = items[0]
    assert minutes.purpose == (
        "To approve as a correct record the minutes of the meeting held on 25 November 2025."
    )
    assert minutes.minutes == (
        "To approve the minutes of the meeting held on 25 November 2025 as a correct record."
    )
    assert minutes.minutes_html.startswith('<div class="WordSection1">')
    # Neither item's minutes resolve anything or ask anyone to act.
    assert [(i.review, i.draft) for i in items] == [("none_found", {}), ("none_found", {})]
    papers = [(p.title, p.url, p.file.name, p.board_pack_id) for p in Paper.objects.order_by("id")]
    assert papers == [
        (
            "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025",
            "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60860",
            "",
            None,
        ),
        (
            "DRAFT WP FEBRUARY 2026",
            "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60909",
            "",
            None,
        ),
    ]
    assert run.counts == {
        "meetings_created": 2,
        "meetings_updated": 0,
        "meetings_unchanged": 0,
        "items_created": 2,
        "items_updated": 0,
        "items_unchanged": 0,
        "papers_linked": 2,
        "drafts_made": 0,
        "changed_after_confirming": 0,
    }
    body.partnership.committee_system.refresh_from_db()
    assert body.partnership.committee_system.last_synced_at is not None


def test_a_re_run_changes_nothing():
    body = board(144)
    sync(body)
    before = rows()
    stamped = list(Meeting.objects.values_list("id", "status", "date", "start_time"))
    again = sync(body)
    assert rows() == before
    assert list(Meeting.objects.values_list("id", "status", "date", "start_time")) == stamped
    assert again.counts["meetings_unchanged"] == 2
    assert again.counts["items_unchanged"] == 2
    assert again.counts["meetings_created"] + again.counts["items_created"] == 0
    assert again.counts["papers_linked"] == 0
    assert CommitteeSync.objects.filter(partnership=body.partnership).count() == 2


def test_minutes_that_resolve_become_a_draft_to_review_with_a_confidence_per_row():
    body = board(501, key="childrens-board")
    run = sync(body, INVENTED)
    assert run.counts["meetings_created"] == 2
    assert run.counts["drafts_made"] == 1
    offer = AgendaItem.objects.get(external_id="moderngov:91001")
    assert offer.title == "Young carers' offer"
    assert offer.number == "5."
    assert offer.review == "to_review"
    resolutions = offer.draft["resolutions"]
    assert [r["text"] for r in resolutions] == [
        "To agree the young carers' offer for 2026/27",
        "the Head of Early Help report back on take-up to the next meeting",
    ]
    assert all(r["confidence"] in ("sure", "check") for r in resolutions)
    assert all("reason" in r for r in resolutions + offer.draft["actions"])
    (action,) = offer.draft["actions"]
    assert (action["owner"], action["due"]) == ("the Head of Early Help", "the next meeting")
    # The restricted item keeps its title, not its text; the hidden one is left out.
    restricted = AgendaItem.objects.get(external_id="moderngov:91002")
    assert (restricted.purpose, restricted.minutes, restricted.review) == ("", "", "")
    assert not AgendaItem.objects.filter(external_id="moderngov:91003").exists()
    # The restricted paper is not linked.
    assert list(Paper.objects.values_list("title", flat=True)) == ["Young carers' offer, report"]
    meeting = Meeting.objects.get(external_id="moderngov:7001")
    assert (meeting.start_time, meeting.status) == (dt.time(14, 0), "held")


def test_a_changed_item_keeps_its_confirmed_review_and_the_count_says_so(tmp_path):
    body = board(501, key="childrens-board")
    sync(body, INVENTED)
    AgendaItem.objects.filter(external_id="moderngov:91001").update(review="confirmed")
    for name in ("GetMeetings_501.xml", "GetMeeting_7002.xml"):
        (tmp_path / name).write_bytes((INVENTED / name).read_bytes())
    changed = (
        (INVENTED / "GetMeeting_7001.xml")
        .read_bytes()
        .replace(b"to the next meeting", b"to the September meeting")
    )
    (tmp_path / "GetMeeting_7001.xml").write_bytes(changed)
    run = sync(body, tmp_path)
    offer = AgendaItem.objects.get(external_id="moderngov:91001")
    assert offer.review == "confirmed"
    assert "September meeting" in offer.minutes
    assert offer.draft["resolutions"][1]["text"].endswith("to the September meeting")
    assert run.counts["changed_after_confirming"] == 1
    assert run.counts["items_updated"] == 1
    assert run.counts["drafts_made"] == 0


def test_a_meeting_marked_minutes_approved_stays_so():
    body = board(144)
    sync(body)
    Meeting.objects.filter(external_id="moderngov:4967").update(status="minutes_approved")
    run = sync(body)
    assert Meeting.objects.get(external_id="moderngov:4967").status == "minutes_approved"
    assert run.counts["meetings_unchanged"] == 2


def failed_run_leaves_nothing(body, folder, words):
    before = rows()
    with pytest.raises(CommitteeSystemError) as refused:
        sync(body, folder)
    assert words in str(refused.value)
    assert rows() == before
    run = CommitteeSync.objects.filter(partnership=body.partnership).first()
    assert run is not None
    assert (run.status, run.error) == ("failed", str(refused.value))
    assert run.error.endswith("Nothing was changed.")
    assert run.finished_at is not None
    return run


def test_a_malformed_meeting_late_in_the_run_writes_nothing(tmp_path):
    body = board(501, key="childrens-board")
    for name in ("GetMeetings_501.xml", "GetMeeting_7001.xml"):
        (tmp_path / name).write_bytes((INVENTED / name).read_bytes())
    # The second meeting's answer is cut short: the first meeting is read, not written.
    (tmp_path / "GetMeeting_7002.xml").write_bytes(
        (INVENTED / "GetMeeting_7002.xml").read_bytes()[:300]
    )
    failed_run_leaves_nothing(body, tmp_path, "GetMeeting (lMeetingId=7002) from " + str(tmp_path))
    assert not Meeting.objects.filter(external_id="moderngov:7001").exists()


def test_a_bad_date_in_a_re_run_changes_nothing_already_there(tmp_path):
    body = board(144)
    sync(body)
    held = Meeting.objects.get(external_id="moderngov:4967")
    for name in ("GetMeetings_144.xml", "GetMeeting_4966.xml"):
        (tmp_path / name).write_bytes((RECORDED / name).read_bytes())
    (tmp_path / "GetMeeting_4967.xml").write_bytes(
        (RECORDED / "GetMeeting_4967.xml")
        .read_bytes()
        .replace(b"<meetinglocation>Council", b"<meetinglocation>Moved: Council")
        .replace(
            b"<meetingdate>10/02/2026</meetingdate>\n  <meetingstatus>",
            b"<meetingdate>10-02-2026</meetingdate>\n  <meetingstatus>",
        )
    )
    failed_run_leaves_nothing(body, tmp_path, "'10-02-2026' as <meetingdate>")
    held.refresh_from_db()
    assert held.location.startswith("Council")


def test_bot_protection_on_the_council_site_writes_nothing(council_site):
    body = board(144)
    council_site.status = 403
    before = rows()
    with pytest.raises(CommitteeSystemError, match="403 Forbidden: its bot protection"):
        committee_sync(
            by=None,
            partnership=body.partnership,
            date_from=FROM,
            date_to=TO,
            transport=WebServiceTransport(council_site.address),
        )
    assert rows() == before
    assert CommitteeSync.objects.get(partnership=body.partnership).status == "failed"


def test_a_sync_over_http_asks_for_the_dates_as_dd_mm_yyyy(council_site):
    body = board(144)
    council_site.answers = {
        "GetMeetings": (200, (RECORDED / "GetMeetings_144.xml").read_bytes()),
    }
    council_site.status = 404  # GetMeeting: not answered
    with pytest.raises(CommitteeSystemError, match=r"no GetMeeting \(lMeetingId=4966\)"):
        committee_sync(
            by=None,
            partnership=body.partnership,
            date_from=dt.date(2026, 1, 5),
            date_to=dt.date(2026, 3, 31),
            transport=WebServiceTransport(council_site.address),
        )
    assert council_site.asked[0][0] == (
        "/mgWebService.asmx/GetMeetings?lCommitteeId=144"
        "&sFromDate=05%2F01%2F2026&sToDate=31%2F03%2F2026"
    )


def test_without_a_committee_or_a_board_the_sync_says_what_to_do_first():
    partnership = partnership_make()
    with pytest.raises(CommitteeSystemError, match="has no committee system yet"):
        committee_sync(by=None, partnership=partnership, transport=RecordedTransport(RECORDED))
    committee_system_set(by=None, partnership=partnership, address="https://d.example.gov.uk")
    with pytest.raises(CommitteeSystemError, match="choose which committees are its boards"):
        committee_sync(by=None, partnership=partnership, transport=RecordedTransport(RECORDED))
    errors = CommitteeSync.objects.filter(partnership=partnership, status="failed")
    assert [e.error.count("Nothing was changed.") for e in errors] == [1, 1]


def test_default_dates_are_ninety_days_either_side_of_today():
    body = board(144)
    run = committee_sync(
        by=None, partnership=body.partnership, transport=RecordedTransport(RECORDED)
    )
    assert (run.date_to - run.date_from).days == 180
    with pytest.raises(CommitteeSystemError, match="is after its last"):
        committee_sync(
            by=None,
            partnership=body.partnership,
            date_from=TO,
            date_to=FROM,
            transport=RecordedTransport(RECORDED),
        )


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("https://democracy.example.gov.uk", "https://democracy.example.gov.uk/"),
        (
            "https://democracy.example.gov.uk/mgListCommittees.aspx",
            "https://democracy.example.gov.uk/",
        ),
        ("http://www.example.gov.uk/moderngov/", "http://www.example.gov.uk/moderngov/"),
    ],
)
def test_the_address_is_kept_as_the_site(address, kept):
    partnership = partnership_make()
    system = committee_system_set(by=None, partnership=partnership, address=address)
    assert system.address == kept


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("", "Enter the address"),
        ("democracy.example.gov.uk", "is not one"),
        ("ftp://democracy.example.gov.uk/", "is not one"),
        ("https://democracy.example.gov.uk/?x=1", "without anything after ?"),
    ],
)
def test_an_address_that_is_not_a_site_is_refused(address, words):
    partnership = partnership_make()
    with pytest.raises(GovernanceError, match=words):
        committee_system_set(by=None, partnership=partnership, address=address)


def test_one_body_per_committee():
    body = board(144)
    other = body_make("other", partnership=body.partnership)
    with pytest.raises(GovernanceError, match="already the committee of Audit"):
        body_committee_set(by=None, body=other, committee_id=144)
    assert body_committee_set(by=None, body=body, committee_id=None).committee_id is None


def test_an_answer_for_another_meeting_is_refused(tmp_path):
    body = board(144)
    for name in ("GetMeetings_144.xml", "GetMeeting_4966.xml"):
        (tmp_path / name).write_bytes((RECORDED / name).read_bytes())
    # GetMeeting_4967.xml holds meeting 4966's answer.
    (tmp_path / "GetMeeting_4967.xml").write_bytes((RECORDED / "GetMeeting_4966.xml").read_bytes())
    failed_run_leaves_nothing(
        body, tmp_path, "answered with meeting 4966: not the meeting asked for"
    )


def test_the_background_task_keeps_a_refusal_on_the_record(settings, tmp_path):
    from cypp.governance.tasks import committee_sync_task

    body = board(144)
    settings.CYPP_MODERNGOV_RECORDED = str(tmp_path)  # an empty folder: nothing recorded
    result = committee_sync_task.enqueue(body.partnership.pk)
    assert result.status == "SUCCESSFUL"  # the refusal is the sync's, not the worker's
    run = CommitteeSync.objects.get(partnership=body.partnership)
    assert run.status == "failed" and run.by is None
    assert "No recorded response for GetMeetings (lCommitteeId=144" in run.error
