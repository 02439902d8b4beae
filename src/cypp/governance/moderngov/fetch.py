"""One web service call and its parse: what the sync and the committee list use. Every
refusal names the call and where it went."""

from __future__ import annotations

import datetime as dt

from cypp.governance.moderngov.client import Transport, call_words
from cypp.governance.moderngov.parse import (
    Committee,
    MeetingDetail,
    MeetingSummary,
    committees_parse,
    meeting_parse,
    meetings_parse,
)


def service_date(day: dt.date) -> str:
    """A date as the web service takes it: dd/mm/yyyy."""
    return f"{day:%d/%m/%Y}"


def committees_fetch(transport: Transport) -> tuple[Committee, ...]:
    data = transport.call("GetCommittees")
    return committees_parse(data, source=f"GetCommittees from {transport.where}")


def meetings_fetch(
    transport: Transport, *, committee_id: int, date_from: dt.date, date_to: dt.date
) -> tuple[MeetingSummary, ...]:
    """The committee's meetings between the dates (both included), as the service lists them."""
    params: dict[str, str | int] = {
        "lCommitteeId": committee_id,
        "sFromDate": service_date(date_from),
        "sToDate": service_date(date_to),
    }
    data = transport.call("GetMeetings", **params)
    found = meetings_parse(
        data, source=f"{call_words('GetMeetings', params)} from {transport.where}"
    )
    # The service answers for the committee asked about and the dates asked for; anything
    # else it lists (recorded answers are the same whatever the dates) is not used, so a
    # sync never reaches outside the dates its record gives.
    return tuple(
        m for m in found if m.committee_id == committee_id and date_from <= m.date <= date_to
    )


def meeting_fetch(transport: Transport, *, meeting_id: int) -> MeetingDetail:
    params: dict[str, str | int] = {"lMeetingId": meeting_id}
    data = transport.call("GetMeeting", **params)
    return meeting_parse(data, source=f"{call_words('GetMeeting', params)} from {transport.where}")
