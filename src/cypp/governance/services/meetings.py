"""Writes to meetings: record a meeting, its agenda items, papers, minutes and resolutions,
and the plan items each is about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model

from cypp.accounts.audit import audit_context, audit_record, field_values
from cypp.accounts.models import AuditEvent
from cypp.governance.models import AgendaItem, Body, Meeting, Paper, PlanLink, Resolution
from cypp.governance.services.common import (
    GovernanceError,
    UserLike,
    audit_changed,
    audit_created,
    text_required,
)
from cypp.plans.models import Commitment, Measure, Outcome, Plan, Priority

MEETING_FIELDS = ["date", "start_time", "location", "status"]
ITEM_FIELDS = ["order", "title", "purpose", "presenter", "minutes"]
RESOLUTION_FIELDS = ["label", "text"]

PlanItem = Priority | Outcome | Measure | Commitment


@transaction.atomic
def meeting_record(
    *,
    by: UserLike,
    body: Body,
    date: dt.date,
    start_time: dt.time | None = None,
    location: str = "",
    status: str = Meeting.Status.PLANNED,
) -> Meeting:
    """A meeting of the body: planned, or already held."""
    if date is None:
        raise GovernanceError("Enter the date of the meeting")
    if status not in Meeting.Status.values:
        raise GovernanceError("Choose the meeting's status: planned, held or minutes approved")
    meeting = Meeting.objects.create(
        body=body, date=date, start_time=start_time, location=location.strip(), status=status
    )
    audit_created(by=by, obj=meeting, body=body, fields=MEETING_FIELDS)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by: UserLike,
    meeting: Meeting,
    date: dt.date | None = None,
    start_time: dt.time | None = None,
    location: str | None = None,
    status: str | None = None,
) -> Meeting:
    """Change a meeting's date, time, place or status (planned, held, minutes approved)."""
    before = field_values(Meeting.objects.get(pk=meeting.pk), MEETING_FIELDS)
    if status is not None:
        if status not in Meeting.Status.values:
            raise GovernanceError("Choose the meeting's status: planned, held or minutes approved")
        meeting.status = status
    if date is not None:
        meeting.date = date
    if start_time is not None:
        meeting.start_time = start_time
    if location is not None:
        meeting.location = location.strip()
    meeting.save()
    audit_changed(by=by, obj=meeting, body=meeting.body, before=before, fields=MEETING_FIELDS)
    return meeting


def meeting_status_set(*, by: UserLike, meeting: Meeting, status: str) -> Meeting:
    return meeting_update(by=by, meeting=meeting, status=status)


@transaction.atomic
def agenda_item_add(
    *,
    by: UserLike,
    meeting: Meeting,
    title: str,
    purpose: str = "",
    presenter: str = "",
    minutes: str = "",
    order: int | None = None,
) -> AgendaItem:
    """An item on the meeting's agenda (added at the end unless ``order`` says where)."""
    title = text_required(title, "title of the agenda item")
    if order is None:
        order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=order,
        title=title[:300],
        purpose=purpose.strip(),
        presenter=presenter.strip()[:200],
        minutes=minutes.strip(),
    )
    audit_created(by=by, obj=item, body=meeting.body, fields=ITEM_FIELDS)
    return item


@transaction.atomic
def agenda_item_edit(
    *,
    by: UserLike,
    item: AgendaItem,
    title: str,
    purpose: str = "",
    presenter: str = "",
    order: int | None = None,
    minutes: str | None = None,
) -> AgendaItem:
    """Change an agenda item and, when ``minutes`` is given, its minutes: in one transaction,
    so a refused change leaves both as they were."""
    before = field_values(AgendaItem.objects.get(pk=item.pk), ITEM_FIELDS)
    item.title = text_required(title, "title of the agenda item")[:300]
    item.purpose = purpose.strip()
    item.presenter = presenter.strip()[:200]
    if order is not None:
        item.order = order
    item.save()
    audit_changed(by=by, obj=item, body=item.meeting.body, before=before, fields=ITEM_FIELDS)
    if minutes is not None:
        agenda_item_minutes_record(by=by, item=item, minutes=minutes)
    return item


@transaction.atomic
def agenda_item_minutes_record(*, by: UserLike, item: AgendaItem, minutes: str) -> AgendaItem:
    """The minutes of one agenda item, as the body agreed them."""
    before = field_values(AgendaItem.objects.get(pk=item.pk), ["minutes"])
    item.minutes = minutes.strip()
    item.save(update_fields=["minutes"])
    audit_changed(by=by, obj=item, body=item.meeting.body, before=before, fields=["minutes"])
    return item


# Papers are kept to what a board paper is: documents, not programs.
PAPER_TYPES = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".xls", ".ods", ".pptx", ".html", ".txt")
PAPER_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def paper_add(
    *,
    by: UserLike,
    item: AgendaItem,
    title: str,
    file: UploadedFile[Any] | None = None,
    board_pack: Any = None,
) -> Paper:
    """A paper for an agenda item: an uploaded file kept under MEDIA_ROOT, or a board pack
    of one of the partnership's plans (``reports.BoardPack``). Exactly one of them."""
    title = text_required(title, "title of the paper")
    if (file is None) == (board_pack is None):
        raise GovernanceError("Choose a file to upload or a board pack")
    if board_pack is not None:
        if board_pack.plan.partnership_id != item.meeting.body.partnership_id:
            raise GovernanceError("The board pack must be of a plan of this partnership")
        paper = Paper.objects.create(agenda_item=item, title=title[:300], board_pack=board_pack)
        audit_created(by=by, obj=paper, body=item.meeting.body, fields=["title", "board_pack"])
        return paper
    assert file is not None
    name = (file.name or "").lower()
    if not name.endswith(PAPER_TYPES):
        raise GovernanceError(f"The paper must be one of: {', '.join(PAPER_TYPES)}")
    if not file.size:
        raise GovernanceError("The selected file is empty")
    if file.size > PAPER_MAX_BYTES:
        raise GovernanceError("The paper must be smaller than 20 MB")
    paper = Paper.objects.create(agenda_item=item, title=title[:300], file=file)
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=paper,
        context=audit_context(body=item.meeting.body),
        changes={"title": [None, paper.title], "file": [None, paper.file.name]},
    )
    return paper


@transaction.atomic
def resolution_add(
    *, by: UserLike, item: AgendaItem, text: str, label: str = "", order: int | None = None
) -> Resolution:
    """A resolution of the body under an agenda item, with its label as minuted: (a)."""
    text = text_required(text, "text of the resolution")
    if order is None:
        order = (item.resolutions.aggregate(m=Max("order"))["m"] or 0) + 1
    resolution = Resolution.objects.create(
        agenda_item=item, order=order, label=label.strip()[:10], text=text
    )
    audit_created(by=by, obj=resolution, body=item.meeting.body, fields=RESOLUTION_FIELDS)
    return resolution


def subject_body(subject: Model) -> Body:
    """The body an agenda item, resolution or action belongs to."""
    from cypp.governance.models import Action

    if isinstance(subject, AgendaItem):
        return subject.meeting.body
    if isinstance(subject, Resolution):
        return subject.agenda_item.meeting.body
    if isinstance(subject, Action):
        return subject.body
    raise GovernanceError("Only agenda items, resolutions and actions link to a plan")


def plan_of(target: Model) -> Plan:
    if isinstance(target, Priority | Commitment):
        return target.plan
    if isinstance(target, Outcome):
        return target.priority.plan
    if isinstance(target, Measure):
        return target.outcome.priority.plan
    raise GovernanceError("Link to a priority, pledge, outcome, measure or commitment")


def _subject_field(subject: Model) -> str:
    return {"agendaitem": "agenda_item", "resolution": "resolution", "action": "action"}[
        subject._meta.model_name or ""
    ]


def _target_field(target: Model) -> str:
    return target._meta.model_name or ""


@transaction.atomic
def plan_links_set(*, by: UserLike, subject: Model, targets: Sequence[PlanItem]) -> list[PlanLink]:
    """Say which plan items an agenda item, resolution or action is about (replacing the
    links it had). Every target must be in a plan of the body's partnership. Recorded in
    the body's history and in each plan's history that gains or loses a link."""
    body = subject_body(subject)
    field = _subject_field(subject)
    wanted: dict[tuple[str, int], PlanItem] = {}
    for target in targets:
        plan = plan_of(target)
        if plan.partnership_id != body.partnership_id:
            raise GovernanceError(f"‘{target}’ is not in a plan of {body.partnership}")
        wanted[(_target_field(target), target.pk)] = target
    existing = {
        (link.target_kind, getattr(link, f"{link.target_kind}_id")): link
        for link in PlanLink.objects.filter(**{field: subject})
    }
    removed = [link for key, link in existing.items() if key not in wanted]
    added = [target for key, target in wanted.items() if key not in existing]
    for link in removed:
        old = link.target
        link.delete()
        if old is not None:
            _audit_link(by, subject, body, old, linked=False)
    made = []
    for target in added:
        made.append(PlanLink.objects.create(**{field: subject, _target_field(target): target}))
        _audit_link(by, subject, body, target, linked=True)
    return list(PlanLink.objects.filter(**{field: subject}))


def _audit_link(by: UserLike, subject: Model, body: Body, target: Model, *, linked: bool) -> None:
    words = f"{target._meta.verbose_name} ‘{target}’"
    change = {"about": [None, words] if linked else [words, None]}
    for context in (audit_context(body=body), audit_context(plan=plan_of(target))):
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=subject,
            context=context,
            changes=change,
            note=f"{'Linked to' if linked else 'No longer linked to'} {words}",
        )
