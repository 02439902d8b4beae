"""Reading the web service's XML: the real recorded responses (Manchester's, from the
DemocracyClub/LGSF fixtures) read as the files say, and what real responses do (counts
with a leading space, "10.00 am", titles encoded twice) handled; what cannot be read is
refused naming the call and the place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cypp.governance.moderngov import CommitteeSystemError, RecordedTransport, meetings_fetch
from cypp.governance.moderngov.parse import (
    committees_parse,
    meeting_parse,
    meetings_parse,
    time_read,
    unescape_fully,
)

HERE = Path(__file__).parent
RECORDED = HERE / "recorded"
INVENTED = HERE / "invented"


def read(name: str, folder: Path = RECORDED) -> bytes:
    return (folder / name).read_bytes()


def test_get_committees_reads_each_committee_as_the_file_gives_it():
    committees = committees_parse(read("GetCommittees.xml"), source="GetCommittees")
    assert [(c.id, c.title, c.expired, c.deleted) for c in committees] == [
        (312, "Appointment Sub Committee for Director of Adult Social Services", True, False),
        (163, "Art Galleries Committee", False, False),
        (144, "Audit Committee", False, False),
    ]
    assert {c.category for c in committees} == {"Governance and Decision Making Committees"}


def test_get_meetings_reads_dates_times_and_statuses():
    meetings = meetings_parse(read("GetMeetings_144.xml"), source="GetMeetings")
    assert [(m.id, m.committee_id, m.date, m.time, m.status, m.cancelled) for m in meetings] == [
        (4966, 144, dt.date(2026, 1, 13), dt.time(10, 0), "Cancelled", True),
        (4967, 144, dt.date(2026, 2, 10), dt.time(10, 0), "Confirmed", False),
    ]


def test_get_meeting_reads_items_their_html_and_linked_papers():
    meeting = meeting_parse(read("GetMeeting_4967.xml"), source="GetMeeting")
    assert (meeting.id, meeting.date, meeting.time) == (4967, dt.date(2026, 2, 10), dt.time(10))
    assert meeting.location == "Council Antechamber, Level 2, Town Hall Extension"
    assert meeting.minutes_published is True and meeting.cancelled is False
    assert [(i.id, i.number, i.title) for i in meeting.items] == [
        (18831, "1.", "Minutes"),
        (18833, "9.", "Work Programme"),
    ]
    first = meeting.items[0]
    # Sent entity-encoded inside the XML: read back as the HTML the council wrote.
    assert first.agenda_html.startswith('<div class="WordSection1">')
    assert "To approve the minutes of the meeting held on\n25 November 2025" in first.minutes_html
    (paper,) = first.documents
    # The file's title has two spaces after APPROVED; runs of spaces read as one.
    assert paper.title == "6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025"
    assert paper.url == "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID=60860"
    assert paper.published == dt.date(2026, 2, 2)
    assert meeting.items[1].documents[0].title == "DRAFT WP FEBRUARY 2026"


def test_a_byte_order_mark_is_read_past():
    data = b"\xef\xbb\xbf" + read("GetCommittees.xml")
    assert len(committees_parse(data, source="GetCommittees")) == 3
    page = b"\xef\xbb\xbf<!DOCTYPE html><html></html>"
    with pytest.raises(CommitteeSystemError, match="is a web page"):
        committees_parse(page, source="GetCommittees")


def test_a_cancelled_meeting_without_items():
    meeting = meeting_parse(read("GetMeeting_4966.xml"), source="GetMeeting")
    assert (meeting.id, meeting.status, meeting.cancelled, meeting.items) == (
        4966,
        "Cancelled",
        True,
        (),
    )
    assert meeting.minutes_published is False


def test_titles_encoded_twice_counts_with_a_space_restricted_and_hidden_items():
    committees = committees_parse(read("GetCommittees.xml", INVENTED), source="GetCommittees")
    # "Children&amp;amp;#39;s" in the XML: "&amp;#39;" once decoded, an apostrophe at last.
    assert committees[0].title == "Children's Partnership Board"
    meeting = meeting_parse(read("GetMeeting_7001.xml", INVENTED), source="GetMeeting")
    assert meeting.time == dt.time(14, 0)
    assert [i.title for i in meeting.items] == ["Young carers' offer", "Placement of a named child"]
    offer, restricted = meeting.items
    assert [d.title for d in offer.documents] == [
        "Young carers' offer, report"
    ]  # not the restricted one
    assert (restricted.restricted, restricted.agenda_html, restricted.minutes_html) == (
        True,
        "",
        "",
    )
    meetings = meetings_fetch(
        RecordedTransport(INVENTED),
        committee_id=501,
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 12, 31),
    )
    assert [(m.id, m.time) for m in meetings] == [(7001, dt.time(14)), (7002, dt.time(10))]


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("10.00 am", dt.time(10, 0)),
        ("2.00 pm", dt.time(14, 0)),
        ("10am", dt.time(10, 0)),
        ("12.30 pm", dt.time(12, 30)),
        ("12.00 am", dt.time(0, 0)),
        ("6.30 p.m.", dt.time(18, 30)),
        ("14:30", dt.time(14, 30)),
        ("", None),
        ("On the rising of the Cabinet", None),
    ],
)
def test_times_as_councils_write_them(written, time):
    assert time_read(written) == time


def test_unescaping_stops_when_nothing_changes():
    assert unescape_fully("Children&amp;amp;#39;s &amp;amp; families") == "Children's & families"
    assert unescape_fully("A & B") == "A & B"


BROKEN = b"""<?xml version="1.0" encoding="utf-8"?>
<meeting>
  <meetingid>4967</meetingid>
  <meetingdate>10/02/2026</meetingdate>
</meting>
"""


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (BROKEN, "is not well-formed XML: line 5, column 3 (mismatched tag)"),
        (b"", "was empty"),
        (b"<!DOCTYPE html><html><body>Checking your browser</body></html>", "is a web page"),
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><meeting>&a;</meeting>',
            "declares a document type",
        ),
        (b"<committees/>", "is <committees>, not the <meeting>"),
        (
            b"<meeting><meetingid>4967</meetingid><meetingdate>2026-02-10</meetingdate></meeting>",
            "meeting 4967 has '2026-02-10' as <meetingdate>, where a date written dd/mm/yyyy",
        ),
        (
            b"<meeting><meetingid>31/02/2026</meetingid></meeting>",
            "has '31/02/2026' as <meetingid>, where a whole number belongs",
        ),
    ],
)
def test_what_cannot_be_read_is_refused_naming_the_call(data, words):
    with pytest.raises(CommitteeSystemError) as refused:
        meeting_parse(data, source="GetMeeting (lMeetingId=4967) from https://x.example/")
    message = str(refused.value)
    assert message.startswith("The answer to GetMeeting (lMeetingId=4967) from https://x.example/")
    assert words in message
    assert message.endswith("Nothing was changed.")


def test_a_count_that_is_not_a_number_is_refused():
    data = read("GetMeetings_501.xml", INVENTED).replace(
        b"<meetingscount> 2", b"<meetingscount>two"
    )
    with pytest.raises(CommitteeSystemError, match="'two' as <meetingscount>"):
        meetings_parse(data, source="GetMeetings")


def test_a_missing_recorded_response_names_the_file():
    with pytest.raises(
        CommitteeSystemError, match=r"GetMeeting \(lMeetingId=1\): .*GetMeeting_1.xml"
    ):
        RecordedTransport(RECORDED).call("GetMeeting", lMeetingId=1)


def test_the_connector_is_pure_python():
    """No Django in the connector (client, parse, fetch): a fresh interpreter imports it."""
    import subprocess
    import sys

    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, cypp.governance.moderngov; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'cypp.config'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "[]"
