"""Meetings from the council's committee system (ModernGov): connect a partnership to it,
say which committee each board is, and sync (docs/governance.md, "Meetings from the
council's committee system"; docs/adr/0021-moderngov-connector.md).

A sync reads everything first (every committee's meetings, every meeting), checks all of
it, and only then writes, in one transaction: a failure part way leaves nothing
half-imported. Its ``CommitteeSync`` row is saved outside that transaction, so a failed
run keeps its error. Meetings and agenda items are found again by their id in the
committee system (``external_id``), papers by their address: a re-run with the same
answers changes nothing, and records nothing in the audit trail.

The services check nothing about who is asking: the pages and the command do.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record, changes_between, field_values
from cypp.accounts.models import AuditEvent, Partnership
from cypp.errors import error_message
from cypp.governance.minutes import MinutesError, extract_minutes
from cypp.governance.minutes.html_page import html_to_text
from cypp.governance.models import (
    AgendaItem,
    Body,
    CommitteeSync,
    CommitteeSystem,
    Meeting,
    Paper,
)
from cypp.governance.moderngov import (
    AgendaEntry,
    CommitteeSystemError,
    MeetingDetail,
    MeetingSummary,
    RecordedTransport,
    Transport,
    WebServiceTransport,
    meeting_fetch,
    meetings_fetch,
)
from cypp.governance.services.common import GovernanceError, UserLike

# Without dates, a sync reads from 90 days before today to 90 days after: the meetings
# whose minutes may still arrive or change, and the ones coming up.
DEFAULT_DAYS_BACK = 90
DEFAULT_DAYS_AHEAD = 90
# The longest span one sync reads: a council's whole history is a job for several runs.
MAX_DAYS = 3 * 366

EXTERNAL_PREFIX = "moderngov:"
MEETING_FIELDS = ["date", "start_time", "location", "status", "source_url"]
ITEM_FIELDS = ["order", "number", "title", "purpose", "minutes", "minutes_html", "draft", "review"]
# The fields the audit trail shows (the HTML and the draft are too long to read there).
ITEM_AUDIT_FIELDS = ["order", "number", "title", "purpose", "minutes", "review"]
NOTE = "From the council's committee system"
UNCHANGED = "Nothing was changed."

COUNT_KEYS = (
    "meetings_created",
    "meetings_updated",
    "meetings_unchanged",
    "items_created",
    "items_updated",
    "items_unchanged",
    "papers_linked",
    "drafts_made",
    "changed_after_confirming",
)


# --- connecting ----------------------------------------------------------------------------


@transaction.atomic
def committee_system_set(
    *, by: UserLike, partnership: Partnership, address: str
) -> CommitteeSystem:
    """Name the council's ModernGov site (https://democracy.example.gov.uk/) the
    partnership's meetings come from."""
    address = (address or "").strip()
    if not address:
        raise GovernanceError("Enter the address of the council's committee system")
    try:
        URLValidator(schemes=["https", "http"])(address)
    except ValidationError as error:
        raise GovernanceError(
            f"Enter the committee system's address as a web address starting https:// "
            f"(for example https://democracy.example.gov.uk/); {address!r} is not one"
        ) from error
    parts = urlsplit(address)
    if parts.query or parts.fragment:
        raise GovernanceError(
            "Enter the committee system's address without anything after ? or #: "
            "the site's address, such as https://democracy.example.gov.uk/"
        )
    # The site, not a page of it: a pasted page address (…/mgListCommittees.aspx) is cut back.
    path = parts.path
    if path.lower().endswith((".aspx", ".asmx")):
        path = path.rsplit("/", 1)[0]
    address = f"{parts.scheme}://{parts.netloc}{path.rstrip('/')}/"
    system, created = CommitteeSystem.objects.get_or_create(
        partnership=partnership, defaults={"address": address}
    )
    context = audit_context(partnership=partnership)
    if created:
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=system,
            context=context,
            changes={"address": [None, address]},
        )
    elif system.address != address:
        before = system.address
        system.address = address
        system.save(update_fields=["address"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=system,
            context=context,
            changes={"address": [before, address]},
        )
    return system


@transaction.atomic
def body_committee_set(*, by: UserLike, body: Body, committee_id: int | None) -> Body:
    """Say which committee of the committee system this body is (None: none, any more)."""
    if committee_id is not None:
        if isinstance(committee_id, bool) or not isinstance(committee_id, int) or committee_id < 1:
            raise GovernanceError(
                f"Choose the committee by its number in the committee system; {committee_id!r} "
                "is not one"
            )
        taken = (
            Body.objects.filter(partnership_id=body.partnership_id, committee_id=committee_id)
            .exclude(pk=body.pk)
            .first()
        )
        if taken is not None:
            raise GovernanceError(
                f"Committee {committee_id} is already the committee of {taken.name}: "
                "each committee is one body's"
            )
    before = field_values(Body.objects.get(pk=body.pk), ["committee_id"])
    body.committee_id = committee_id
    body.save(update_fields=["committee_id"])
    changes = changes_between(before, field_values(body, ["committee_id"]))
    if changes:
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=body,
            context=audit_context(body=body),
            changes=changes,
        )
    return body


# --- transports ----------------------------------------------------------------------------


def transport_for(system: CommitteeSystem) -> Transport:
    """The web service at the partnership's address; or, when the setting
    ``CYPP_MODERNGOV_RECORDED`` names a folder (the demo, a council whose site turns servers
    away), the responses recorded there (``RecordedTransport`` names the files)."""
    recorded = getattr(settings, "CYPP_MODERNGOV_RECORDED", "")
    if recorded:
        return RecordedTransport(recorded)
    return WebServiceTransport(system.address)


def committee_system_of(partnership: Partnership) -> CommitteeSystem:
    system = CommitteeSystem.objects.filter(partnership=partnership).first()
    if system is None:
        raise CommitteeSystemError(
            f"{partnership.name} has no committee system yet: enter its council's ModernGov "
            "address first."
        )
    return system


# --- the sync ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchedMeeting:
    body: Body
    summary: MeetingSummary
    detail: MeetingDetail


def sync_dates(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.date, dt.date]:
    """The dates a sync reads: as given, or 90 days either side of today."""
    today = timezone.localdate()
    date_from = date_from or today - dt.timedelta(days=DEFAULT_DAYS_BACK)
    date_to = date_to or today + dt.timedelta(days=DEFAULT_DAYS_AHEAD)
    if date_from > date_to:
        raise CommitteeSystemError(
            f"The sync's first date ({date_from:%d/%m/%Y}) is after its last ({date_to:%d/%m/%Y})."
        )
    if (date_to - date_from).days > MAX_DAYS:
        raise CommitteeSystemError(
            f"A sync reads at most {MAX_DAYS} days at a time; "
            f"{date_from:%d/%m/%Y} to {date_to:%d/%m/%Y} is {(date_to - date_from).days}."
        )
    return date_from, date_to


def committee_sync(
    *,
    by: UserLike,
    partnership: Partnership,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    transport: Transport | None = None,
) -> CommitteeSync:
    """Create or update the meetings of every body that is a committee of the council's
    committee system, between the dates (default: 90 days either side of today), with
    their agenda items, papers (as links) and the draft decisions read from their minutes.

    All or nothing: on any failure nothing is written but the failed ``CommitteeSync`` (its
    error saved), and the error is raised. ``by`` is None for a scheduled sync.
    """
    today = timezone.localdate()
    run = CommitteeSync.objects.create(
        partnership=partnership,
        started_at=timezone.now(),
        by=by if by is not None and by.is_authenticated else None,
        date_from=date_from or today - dt.timedelta(days=DEFAULT_DAYS_BACK),
        date_to=date_to or today + dt.timedelta(days=DEFAULT_DAYS_AHEAD),
    )
    try:
        run.date_from, run.date_to = sync_dates(date_from, date_to)
        system = committee_system_of(partnership)
        fetched = committee_system_read(
            system, run.date_from, run.date_to, transport or transport_for(system)
        )
        with transaction.atomic():
            # One sync of a partnership at a time: a second waits here for the first.
            CommitteeSystem.objects.select_for_update().get(pk=system.pk)
            counts = committee_meetings_write(by=by, system=system, fetched=fetched)
            CommitteeSystem.objects.filter(pk=system.pk).update(last_synced_at=timezone.now())
            run.status = CommitteeSync.Status.DONE
            run.counts = counts
            run.finished_at = timezone.now()
            run.save()
    except Exception as error:
        run.status = CommitteeSync.Status.FAILED
        # Every failure changed nothing; the record says so, once, whatever the message.
        message = error_message(error) or error.__class__.__name__
        run.error = (
            message if message.endswith(UNCHANGED) else f"{message.rstrip('.')}. {UNCHANGED}"
        )
        run.finished_at = timezone.now()
        run.save()
        raise
    return run


def committee_system_read(
    system: CommitteeSystem, date_from: dt.date, date_to: dt.date, transport: Transport
) -> list[FetchedMeeting]:
    """Every meeting of every body that is a committee, read and checked before any write."""
    bodies = list(
        Body.objects.filter(partnership_id=system.partnership_id, committee_id__isnull=False)
        .select_related("partnership")
        .order_by("order", "name")
    )
    if not bodies:
        raise CommitteeSystemError(
            f"No body of {system.partnership.name} is a committee of its committee system "
            "yet: choose which committees are its boards first."
        )
    fetched = []
    for body in bodies:
        assert body.committee_id is not None
        for summary in meetings_fetch(
            transport, committee_id=body.committee_id, date_from=date_from, date_to=date_to
        ):
            detail = meeting_fetch(transport, meeting_id=summary.id)
            if detail.id != summary.id:
                raise CommitteeSystemError(
                    f"GetMeeting (lMeetingId={summary.id}) from {transport.where} answered "
                    f"with meeting {detail.id}: not the meeting asked for. Nothing was changed."
                )
            if detail.display_allowed:
                fetched.append(FetchedMeeting(body=body, summary=summary, detail=detail))
    for entry in fetched:
        papers_check(entry)
    return fetched


def papers_check(entry: FetchedMeeting) -> None:
    """A paper is kept as a link: one that is not a web address, or too long, is refused."""
    for item in entry.detail.items:
        for document in item.documents:
            if urlsplit(document.url).scheme not in ("http", "https") or len(document.url) > 500:
                raise CommitteeSystemError(
                    f"GetMeeting (lMeetingId={entry.detail.id}), item {item.id} "
                    f"({item.title}): the paper {document.title!r} has the address "
                    f"{document.url[:120]!r}, which is not a web address of at most 500 "
                    "characters. Nothing was changed."
                )


def committee_meetings_write(
    *, by: UserLike, system: CommitteeSystem, fetched: list[FetchedMeeting]
) -> dict[str, int]:
    counts: Counter[str] = Counter(dict.fromkeys(COUNT_KEYS, 0))
    for entry in fetched:
        meeting = meeting_write(by=by, system=system, entry=entry, counts=counts)
        for order, agenda_entry in enumerate(entry.detail.items, start=1):
            item = item_write(
                by=by, meeting=meeting, entry=agenda_entry, order=order, counts=counts
            )
            for document in agenda_entry.documents:
                paper_link(by=by, item=item, title=document.title, url=document.url, counts=counts)
    return {key: counts[key] for key in COUNT_KEYS}


def meeting_status(detail: MeetingDetail, existing: Meeting | None) -> str:
    """Cancelled when the council says so. Otherwise held once its minutes are published or
    its day has passed, else planned; a meeting already marked held or minutes approved in
    CYPP stays so (the council's system does not know whether the board approved them)."""
    if detail.cancelled:
        return Meeting.Status.CANCELLED
    kept = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
    if existing is not None and existing.status in kept:
        return existing.status
    if detail.minutes_published or detail.date < timezone.localdate():
        return Meeting.Status.HELD
    return Meeting.Status.PLANNED


def meeting_page(system: CommitteeSystem, committee_id: int, meeting_id: int) -> str:
    query = urlencode({"CId": committee_id, "MId": meeting_id})
    return f"{system.address.rstrip('/')}/ieListDocuments.aspx?{query}"


def meeting_write(
    *, by: UserLike, system: CommitteeSystem, entry: FetchedMeeting, counts: Counter[str]
) -> Meeting:
    detail, body = entry.detail, entry.body
    external_id = f"{EXTERNAL_PREFIX}{detail.id}"
    existing = Meeting.objects.filter(body=body, external_id=external_id).first()
    assert body.committee_id is not None
    values: dict[str, Any] = {
        "date": detail.date,
        "start_time": detail.time,
        "location": detail.location[:200],
        "status": meeting_status(detail, existing),
        "source_url": meeting_page(system, body.committee_id, detail.id),
    }
    if existing is None:
        meeting = Meeting.objects.create(body=body, external_id=external_id, **values)
        counts["meetings_created"] += 1
        audit_made(by=by, obj=meeting, body=body, fields=MEETING_FIELDS)
        return meeting
    if changed_to(existing, values, by=by, body=body, audit_fields=MEETING_FIELDS):
        counts["meetings_updated"] += 1
    else:
        counts["meetings_unchanged"] += 1
    return existing


def minutes_draft(entry: AgendaEntry) -> tuple[dict[str, Any], str]:
    """The draft decisions read from the item's minutes, and the review state they call for:
    none without minutes; "none_found" when the extractor finds no decisions, or cannot read
    the minutes; else "to_review"."""
    if not entry.minutes_html.strip():
        return {}, AgendaItem.Review.NONE
    try:
        extract = extract_minutes(entry.minutes_html, title=entry.title)
    except MinutesError:
        return {}, AgendaItem.Review.NONE_FOUND
    if not extract.has_decisions:
        return {}, AgendaItem.Review.NONE_FOUND
    return extract.to_json_dict(), AgendaItem.Review.TO_REVIEW


def plain_text(html: str) -> str:
    """An HTML field as plain paragraphs."""
    if not html.strip():
        return ""
    lines = (" ".join(line.split()) for line in html_to_text(html).splitlines())
    return "\n\n".join(line for line in lines if line)


def item_write(
    *, by: UserLike, meeting: Meeting, entry: AgendaEntry, order: int, counts: Counter[str]
) -> AgendaItem:
    external_id = f"{EXTERNAL_PREFIX}{entry.id}"
    existing = AgendaItem.objects.filter(meeting=meeting, external_id=external_id).first()
    draft, review = minutes_draft(entry)
    values: dict[str, Any] = {
        "order": order,
        "number": entry.number[:20],
        "title": (entry.title or f"Item {entry.number}".strip())[:300],
        "purpose": plain_text(entry.agenda_html),
        "minutes": plain_text(entry.minutes_html),
        "minutes_html": entry.minutes_html,
        "draft": draft,
        "review": review,
    }
    if existing is None:
        item = AgendaItem.objects.create(meeting=meeting, external_id=external_id, **values)
        counts["items_created"] += 1
        counts["drafts_made"] += review == AgendaItem.Review.TO_REVIEW
        audit_made(by=by, obj=item, body=meeting.body, fields=ITEM_AUDIT_FIELDS)
        return item
    confirmed = existing.review == AgendaItem.Review.CONFIRMED
    if confirmed:
        # The officer's confirmed resolutions and actions stay; the new text and draft are
        # kept beside them for a second look, and the count says so.
        values["review"] = AgendaItem.Review.CONFIRMED
    before_draft = existing.draft
    if changed_to(existing, values, by=by, body=meeting.body, audit_fields=ITEM_AUDIT_FIELDS):
        counts["items_updated"] += 1
        counts["changed_after_confirming"] += confirmed
        counts["drafts_made"] += (
            not confirmed and review == AgendaItem.Review.TO_REVIEW and draft != before_draft
        )
    else:
        counts["items_unchanged"] += 1
    return existing


def paper_link(
    *, by: UserLike, item: AgendaItem, title: str, url: str, counts: Counter[str]
) -> None:
    """A link to the council's paper (never a copy), once per address; a new title is kept."""
    existing = Paper.objects.filter(agenda_item=item, url=url).first()
    if existing is None:
        paper = Paper.objects.create(agenda_item=item, title=title[:300], url=url)
        counts["papers_linked"] += 1
        audit_made(by=by, obj=paper, body=item.meeting.body, fields=["title", "url"])
    else:
        changed_to(
            existing, {"title": title[:300]}, by=by, body=item.meeting.body, audit_fields=["title"]
        )


def audit_values(obj: Any, fields: list[str]) -> dict[str, Any]:
    """``field_values``, with a time of day written as text (the history is JSON, and
    ``field_values`` leaves times as they are)."""
    return {
        name: value.isoformat() if isinstance(value, dt.time) else value
        for name, value in field_values(obj, fields).items()
    }


def audit_made(*, by: UserLike, obj: Any, body: Body, fields: list[str]) -> None:
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=obj,
        context=audit_context(body=body),
        changes=changes_between({}, audit_values(obj, fields)),
        note=NOTE,
    )


def changed_to(
    obj: Any, values: dict[str, Any], *, by: UserLike, body: Body, audit_fields: list[str]
) -> bool:
    """Set the values that differ, save them alone and record the change; False (and no
    write at all) when nothing differs."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return False
    before = audit_values(obj, audit_fields)
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=obj,
        context=audit_context(body=body),
        changes=changes_between(before, audit_values(obj, audit_fields)),
        note=NOTE,
    )
    return True


# --- in the background ---------------------------------------------------------------------


def committee_sync_request(
    *,
    by: UserLike,
    partnership: Partnership,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> None:
    """Queue a sync of the partnership (between the dates; by default 90 days either side of
    today) to run in the background, once the caller's transaction commits. Dates that no
    sync could read are refused now, in words. Its ``CommitteeSync`` row appears when it
    starts."""
    committee_system_of(partnership)
    if date_from is not None or date_to is not None:
        sync_dates(date_from, date_to)
    by_id = by.pk if by is not None and by.is_authenticated else None
    dates = (
        date_from.isoformat() if date_from else None,
        date_to.isoformat() if date_to else None,
    )
    transaction.on_commit(partial(_sync_enqueue, partnership.pk, by_id, *dates))


def _sync_enqueue(
    partnership_id: int, by_id: int | None, date_from: str | None, date_to: str | None
) -> None:
    from cypp.governance.tasks import committee_sync_task

    # A task's arguments travel as JSON: the dates go as ISO text.
    committee_sync_task.enqueue(partnership_id, by_id, date_from, date_to)
