"""Reads of a body's meetings: the next one, the forward plan, a body's meetings, and a
meeting's agenda items and actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cypp.governance.models import OPEN_STATUSES, AgendaItem, Body, Meeting, Paper, Resolution
from cypp.governance.selectors.entries import (
    ActionEntry,
    _today,
    action_entries,
    actions_queryset,
    links_queryset,
)


@dataclass(frozen=True)
class ForwardMeeting:
    meeting: Meeting
    items: list[AgendaItem]
    actions_due: list[ActionEntry]


@dataclass(frozen=True)
class ForwardPlan:
    """What is coming to the body: its planned meetings with their items and the actions
    due at them, and actions due "at a future meeting" not yet given a meeting."""

    meetings: list[ForwardMeeting]
    unscheduled: list[ActionEntry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.meetings or self.unscheduled)


def next_meeting(*, body: Body, after: dt.date | None = None) -> Meeting | None:
    """The body's first meeting after ``after`` (default: on or after today)."""
    meetings = Meeting.objects.filter(body=body).select_related("body__partnership")
    meetings = (
        meetings.filter(date__gt=after)
        if after
        else meetings.filter(date__gte=timezone.localdate())
    )
    return meetings.order_by("date", "start_time", "id").first()


def forward_plan(*, body: Body, as_of: dt.date | None = None) -> ForwardPlan:
    """The body's forward plan: each planned meeting from ``as_of`` (default today) with
    its agenda items and the open actions due at it, and the open actions due "at a future
    meeting" that no meeting has been chosen for."""
    today = _today(as_of)
    meetings = list(
        Meeting.objects.filter(body=body, status=Meeting.Status.PLANNED, date__gte=today)
        .order_by("date", "start_time", "id")
        .prefetch_related("items")
    )
    due = (
        actions_queryset()
        .filter(body=body, status__in=OPEN_STATUSES)
        .filter(
            Q(due_meeting__in=meetings) | Q(due_meeting__isnull=True, due_at_future_meeting=True)
        )
    )
    entries = action_entries(due, today)
    by_meeting: dict[int, list[ActionEntry]] = {}
    unscheduled = []
    for entry in entries:
        if entry.action.due_meeting_id:
            by_meeting.setdefault(entry.action.due_meeting_id, []).append(entry)
        else:
            unscheduled.append(entry)
    return ForwardPlan(
        meetings=[
            ForwardMeeting(m, list(m.items.all()), by_meeting.get(m.pk, [])) for m in meetings
        ],
        unscheduled=unscheduled,
    )


def body_meetings(*, body: Body) -> list[Meeting]:
    return list(
        Meeting.objects.filter(body=body)
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-date", "-id")
    )


def meeting_items(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items with their papers, resolutions and links: five queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.select_related("board_pack__plan")),
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.prefetch_related(
                    Prefetch("plan_links", queryset=links_queryset())
                ),
            ),
            Prefetch("plan_links", queryset=links_queryset()),
        )
        .order_by("order", "id")
    )


def meeting_actions(*, meeting: Meeting) -> list[ActionEntry]:
    return action_entries(actions_queryset().filter(meeting=meeting), timezone.localdate())


def meetings_upcoming(
    *, partnership_ids: set[int], as_of: dt.date | None = None, limit: int = 5
) -> list[Meeting]:
    """The soonest planned meetings of these partnerships' boards and subgroups, from
    ``as_of`` (default today): one query, for the home page."""
    if not partnership_ids:
        return []
    return list(
        Meeting.objects.filter(
            body__partnership_id__in=partnership_ids,
            status=Meeting.Status.PLANNED,
            date__gte=_today(as_of),
        )
        .select_related("body__partnership")
        .order_by("date", "start_time", "id")[:limit]
    )
