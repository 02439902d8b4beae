"""The web service's XML as frozen dataclasses: GetCommittees, GetMeetings, GetMeeting.

What real responses do, and what is done about it:
- counts written with a leading space (``<committeescount> 3</committeescount>``): read as
  numbers after trimming;
- times as "10.00 am", "2.00 pm", "10am", "14:30" or blank; anything else ("On the rising
  of the Cabinet") is kept as no time rather than refused: the date is what matters;
- dates as dd/mm/yyyy; a date that is not one refuses the whole response;
- titles HTML-encoded twice ("Children&#39;s" after the XML is decoded): unescaped until
  they stop changing;
- agenda text and minutes are HTML sent as text inside the XML; kept as that HTML;
- a restricted item (``isrestricted`` True) keeps its number and title, not its text or
  restricted papers; an item or meeting not for display (``isdisplayallowed`` False) is
  left out.
Every refusal names the call (``source``) and the element it could not read.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from cypp.governance.moderngov.client import CommitteeSystemError


@dataclass(frozen=True, slots=True)
class Committee:
    id: int
    title: str
    category: str
    deleted: bool
    expired: bool


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """A meeting as GetMeetings lists it."""

    id: int
    committee_id: int
    date: dt.date
    time: dt.time | None
    status: str  # as the council words it: "Confirmed", "Cancelled"...

    @property
    def cancelled(self) -> bool:
        return is_cancelled(self.status)


@dataclass(frozen=True, slots=True)
class LinkedDocument:
    title: str
    url: str
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """An agenda item of a meeting: its HTML as published (empty when restricted)."""

    id: int
    title: str
    number: str  # as the council prints it: "9."
    agenda_html: str
    minutes_html: str
    restricted: bool
    documents: tuple[LinkedDocument, ...]


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    """A meeting as GetMeeting gives it, with its agenda items in order."""

    id: int
    date: dt.date
    time: dt.time | None
    status: str
    location: str
    minutes_published: bool
    display_allowed: bool
    items: tuple[AgendaEntry, ...]

    @property
    def cancelled(self) -> bool:
        return is_cancelled(self.status)


def is_cancelled(status: str) -> bool:
    return "cancel" in status.lower()


# --- the three responses ---------------------------------------------------------------


def committees_parse(data: bytes, *, source: str) -> tuple[Committee, ...]:
    root = xml_root(data, source=source, root="committees")
    count_read(root, "committeescount", source=source)
    found = []
    for element in root.findall("committee"):
        found.append(
            Committee(
                id=number_read(element, "committeeid", source=source),
                title=text_unescaped(element, "committeetitle"),
                category=text_unescaped(element, "committeecategory"),
                deleted=flag_read(element, "committeedeleted"),
                expired=flag_read(element, "committeeexpired"),
            )
        )
    return tuple(found)


def meetings_parse(data: bytes, *, source: str) -> tuple[MeetingSummary, ...]:
    root = xml_root(data, source=source, root="getmeetings")
    count_read(root, "meetingscount", source=source)
    count_read(root, "committeescount", source=source)
    found = []
    for committee in root.findall("committee"):
        committee_id = number_read(committee, "committeeid", source=source)
        count_read(committee, "committeemeetingcount", source=source)
        for element in committee.findall("committeemeetings/meeting"):
            meeting_id = number_read(element, "meetingid", source=source)
            where = f"{source}, meeting {meeting_id}"
            found.append(
                MeetingSummary(
                    id=meeting_id,
                    committee_id=committee_id,
                    date=date_read(element, "meetingdate", source=where),
                    time=time_read(text(element, "meetingtime")),
                    status=text_unescaped(element, "meetingstatus"),
                )
            )
    return tuple(found)


def meeting_parse(data: bytes, *, source: str) -> MeetingDetail:
    root = xml_root(data, source=source, root="meeting")
    meeting_id = number_read(root, "meetingid", source=source)
    where = f"{source}, meeting {meeting_id}"
    items = []
    for element in root.findall("agendaitems/agendaitem"):
        if not flag_read(element, "isdisplayallowed", default=True):
            continue
        items.append(agenda_entry_read(element, source=where))
    return MeetingDetail(
        id=meeting_id,
        date=date_read(root, "meetingdate", source=where),
        time=time_read(text(root, "meetingtime")),
        status=text_unescaped(root, "meetingstatus"),
        location=text_unescaped(root, "meetinglocation"),
        minutes_published=flag_read(root, "minutepublished"),
        display_allowed=flag_read(root, "isdisplayallowed", default=True),
        items=tuple(items),
    )


def agenda_entry_read(element: ET.Element, *, source: str) -> AgendaEntry:
    item_id = number_read(element, "agendaitemid", source=source)
    restricted = flag_read(element, "isrestricted")
    documents = []
    for doc in element.findall("linkeddocuments/linkeddoc"):
        if flag_read(doc, "isrestricted"):
            continue
        url = text(doc, "url")
        if not url:
            continue
        documents.append(
            LinkedDocument(
                title=text_unescaped(doc, "title") or url,
                url=url,
                published=date_read_if_any(
                    doc, "publicationdate", source=f"{source}, item {item_id}"
                ),
            )
        )
    return AgendaEntry(
        id=item_id,
        title=text_unescaped(element, "agendaitemtitle"),
        number=text(element, "fulldisplaynumberformat") or text(element, "agendaitemnumber"),
        agenda_html="" if restricted else html_read(text(element, "agendatext", strip=False)),
        minutes_html=""
        if restricted
        else html_read(text(element, "minutesnonemptyhtmlbody", strip=False)),
        restricted=restricted,
        documents=tuple(documents),
    )


# --- reading parts -----------------------------------------------------------------------


def xml_root(data: bytes, *, source: str, root: str) -> ET.Element:
    """The response's root element, or a refusal saying what came back instead."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some servers send
    head = data[:2048].lstrip().lower()
    if not head:
        raise CommitteeSystemError(f"The answer to {source} was empty. Nothing was changed.")
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]:
        raise CommitteeSystemError(
            f"The answer to {source} is a web page, not the web service's XML: often the "
            "council's bot protection, or an address that is not its ModernGov site. "
            "Nothing was changed."
        )
    if b"<!doctype" in data or b"<!entity" in data.lower():
        # The web service never sends a document type; one could define entities to expand.
        raise CommitteeSystemError(
            f"The answer to {source} declares a document type, which the web service never "
            "does: not read. Nothing was changed."
        )
    try:
        # Safe without defusedxml: a document type (so any entity) is refused above, and
        # ElementTree fetches nothing from outside.
        element = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as error:
        line, column = error.position
        raise CommitteeSystemError(
            f"The answer to {source} is not well-formed XML: line {line}, column {column + 1} "
            f"({ET_REASON.sub('', str(error))}). Nothing was changed."
        ) from error
    if element.tag != root:
        raise CommitteeSystemError(
            f"The answer to {source} is <{element.tag}>, not the <{root}> the web service "
            "gives. Nothing was changed."
        )
    return element


ET_REASON = re.compile(r":\s*line \d+, column \d+$")


def text(element: ET.Element, tag: str, *, strip: bool = True) -> str:
    found = element.find(tag)
    value = found.text if found is not None and found.text is not None else ""
    return value.strip() if strip else value


def unescape_fully(value: str) -> str:
    """Undo HTML encoding however many times it was applied ("&amp;#39;" -> "'")."""
    for _ in range(5):
        once = html.unescape(value)
        if once == value:
            break
        value = once
    return value


def text_unescaped(element: ET.Element, tag: str) -> str:
    return " ".join(unescape_fully(text(element, tag)).split())


def html_read(value: str) -> str:
    """An HTML field: its HTML, once any extra layer of encoding ("&lt;p&gt;") is undone."""
    value = value.strip()
    for _ in range(3):
        if "<" in value or "&lt;" not in value:
            break
        value = html.unescape(value)
    return value


def flag_read(element: ET.Element, tag: str, *, default: bool = False) -> bool:
    value = text(element, tag).lower()
    if not value:
        return default
    return value in ("true", "1", "yes")


def number_read(element: ET.Element, tag: str, *, source: str) -> int:
    value = text(element, tag)
    if not value.isdigit():
        shown = f"{value!r}" if value else "nothing"
        raise CommitteeSystemError(
            f"The answer to {source} has {shown} as <{tag}>, where a whole number belongs. "
            "Nothing was changed."
        )
    return int(value)


def count_read(element: ET.Element, tag: str, *, source: str) -> int | None:
    """A count the response states (" 3"): a number once trimmed, or None when absent."""
    if element.find(tag) is None or not text(element, tag):
        return None
    return number_read(element, tag, source=source)


DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def date_read(element: ET.Element, tag: str, *, source: str) -> dt.date:
    value = text(element, tag)
    match = DATE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    except ValueError as error:
        shown = f"{value!r}" if value else "nothing"
        raise CommitteeSystemError(
            f"The answer to {source} has {shown} as <{tag}>, where a date written dd/mm/yyyy "
            "belongs. Nothing was changed."
        ) from error


def date_read_if_any(element: ET.Element, tag: str, *, source: str) -> dt.date | None:
    """A date that may be left blank (a paper's publication date)."""
    return date_read(element, tag, source=source) if text(element, tag) else None


TIME = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)
TIME_24 = re.compile(r"(\d{1,2})[.:](\d{2})")


def time_read(value: str) -> dt.time | None:
    """ "10.00 am", "2.00 pm", "10am", "14:30" as a time; blank or words as None."""
    value = value.strip()
    match = TIME.fullmatch(value)
    try:
        if match:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
            return dt.time(hour, minute)
        match = TIME_24.fullmatch(value)
        if match:
            return dt.time(int(match.group(1)), int(match.group(2)))
    except ValueError:  # 10.75 am
        return None
    return None
