"""The agenda builder: a meeting's draft agenda from its own items, the forward plan and
the action log, with the latest board pack of the partnership when there is one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cypp.governance.models import OPEN_STATUSES, BoardPack, Meeting, Paper
from cypp.governance.selectors import (
    ActionEntry,
    action_entries,
    action_log,
    actions_queryset,
    next_meeting,
)


@dataclass(frozen=True)
class AgendaLine:
    number: int
    title: str
    purpose: str = ""
    presenter: str = ""
    source: str = ""  # where the line comes from, in words
    papers: tuple[Paper, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class BoardPackLink:
    title: str
    status: str
    when: Any
    url: str


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    previous: Meeting | None
    following: Meeting | None
    lines: list[AgendaLine]
    action_log: list[ActionEntry]
    board_pack: BoardPackLink | None
    is_next: bool
    made_on: Any = field(default_factory=timezone.localdate)


def latest_board_pack(*, partnership_id: int) -> BoardPackLink | None:
    """The partnership's newest published board pack (or newest ready draft). ``None`` when
    there is none."""
    pack = (
        BoardPack.objects.filter(plan__partnership_id=partnership_id)
        .filter(Q(status="published") | Q(status="ready"))
        .select_related("plan")
        .order_by("-published_at", "-built_at", "-id")
        .first()
    )
    if pack is None:
        return None
    try:
        url = reverse("reports:board-pack", args=[pack.plan.key, pack.pk])
    except NoReverseMatch:  # pragma: no cover - the board pack pages are not installed
        url = ""
    return BoardPackLink(
        title=pack.title,
        status=pack.get_status_display(),
        when=pack.published_at or pack.built_at,
        url=url,
    )


def agenda_build(*, meeting: Meeting) -> Agenda:
    """The draft agenda of ``meeting``:

    1. welcome, apologies and declarations of interest;
    2. the minutes of the previous meeting (if there was one);
    3. the action log: every action raised before this meeting and still open on its day,
       carried until it is done or dropped;
    4. the meeting's own agenda items, with their papers;
    5. the forward plan: actions due at this meeting, and, when this is the body's next
       meeting, the actions asked for "at a future meeting";
    6. the latest board pack of the partnership, when there is one;
    7. any other business, and the date of the next meeting.
    """
    body = meeting.body
    previous = (
        Meeting.objects.filter(body=body, date__lt=meeting.date).order_by("-date", "-id").first()
    )
    following = next_meeting(body=body, after=meeting.date)
    coming = next_meeting(body=body)
    is_next = coming is not None and coming.pk == meeting.pk
    log = action_log(body=body, as_of=meeting.date, raised_before=meeting.date)

    lines: list[AgendaLine] = []

    def add(title: str, **kw: Any) -> None:
        lines.append(AgendaLine(number=len(lines) + 1, title=title, **kw))

    add("Welcome, apologies and declarations of interest", source="Standing item")
    if previous is not None:
        add(
            f"Minutes of the meeting on {previous.date:%-d %B %Y} and matters arising",
            purpose="To agree the minutes as a true record.",
            source="Standing item",
        )
    if len(log) == 1:
        log_purpose = "To review the action carried from earlier meetings until it is done."
    elif log:
        log_purpose = f"To review the {len(log)} actions carried from earlier meetings until done."
    else:
        log_purpose = "No actions are carried from earlier meetings."
    add("Action log", purpose=log_purpose, source="Action log", actions=tuple(log))
    papers = Paper.objects.select_related("board_pack__plan")
    for item in meeting.items.prefetch_related(Prefetch("papers", queryset=papers)).order_by(
        "order", "id"
    ):
        add(
            item.title,
            purpose=item.purpose,
            presenter=item.presenter,
            source="On the agenda",
            papers=tuple(item.papers.all()),
        )
    due = actions_queryset().filter(body=body, status__in=OPEN_STATUSES)
    due = due.filter(
        Q(due_meeting=meeting) | Q(due_meeting__isnull=True, due_at_future_meeting=True)
        if is_next
        else Q(due_meeting=meeting)
    )
    for entry in action_entries(due, meeting.date):
        add(
            entry.text,
            presenter=entry.owner,
            source=(
                "Forward plan: due at this meeting"
                if entry.action.due_meeting_id == meeting.pk
                else "Forward plan: asked for at a future meeting"
            ),
            actions=(entry,),
            url=entry.url,
        )
    pack = latest_board_pack(partnership_id=body.partnership_id)
    if pack is not None:
        add(
            f"Board pack: {pack.title}",
            purpose="Performance against the plan's measures.",
            source=f"Latest board pack ({pack.status.lower()})",
            url=pack.url,
        )
    add("Any other business", source="Standing item")
    if following is not None:
        add(f"Date of the next meeting: {following.date:%-d %B %Y}", source="Standing item")
    return Agenda(
        meeting=meeting,
        previous=previous,
        following=following,
        lines=lines,
        action_log=log,
        board_pack=pack,
        is_next=is_next,
    )
