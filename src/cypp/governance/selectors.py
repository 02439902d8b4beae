"""Reads for governance: the action log, the forward plan, the next meeting, the decisions
about a measure or outcome, a plan's actions and a person's own. Each is a fixed handful
of queries, whatever the number of actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cypp.accounts.models import Person
from cypp.accounts.selectors import access_get
from cypp.governance.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    AgendaItem,
    Body,
    BodyRelation,
    Meeting,
    Paper,
    PlanLink,
    Resolution,
)
from cypp.plans.models import Commitment, Measure, Outcome, Partnership, Plan, Priority

# --- what the selectors return ---------------------------------------------------------


@dataclass(frozen=True)
class LinkEntry:
    """A plan item a decision is about, with words and an address to read it."""

    kind: str  # "priority" | "outcome" | "measure" | "commitment"
    kind_words: str  # "Priority" or "Pledge", "Outcome", "Measure", "Commitment"
    title: str
    plan_key: str
    plan_title: str
    url: str


@dataclass(frozen=True)
class ActionEntry:
    """An action as every list shows it: owner, due, status in words, overdue or not."""

    action: Action
    pk: int
    text: str
    body_name: str
    partnership_key: str
    owner: str
    status: str  # open | in_progress | done | dropped
    status_words: str  # "Overdue", "Open", "In progress", "Done", "Dropped"
    overdue: bool
    due_words: str  # "by 31 March 2026", "at the meeting on 4 June 2026", ...
    due_date: dt.date | None  # the earliest due date (its own, or its due meeting's)
    raised_on: dt.date
    resolution_label: str
    links: tuple[LinkEntry, ...]
    url: str

    @property
    def tag_class(self) -> str:
        if self.overdue:
            return "govuk-tag--red"
        return {
            "open": "govuk-tag--blue",
            "in_progress": "govuk-tag--light-blue",
            "done": "govuk-tag--green",
            "dropped": "govuk-tag--grey",
        }.get(self.status, "")


@dataclass(frozen=True)
class ResolutionEntry:
    resolution: Resolution
    label: str
    text: str
    body_name: str
    meeting_date: dt.date
    item_title: str
    url: str
    links: tuple[LinkEntry, ...] = ()


@dataclass(frozen=True)
class Decisions:
    """What the bodies resolved about a measure or outcome, and the actions that followed."""

    resolutions: list[ResolutionEntry]
    actions: list[ActionEntry]

    def __bool__(self) -> bool:
        return bool(self.resolutions or self.actions)


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


# --- building blocks -------------------------------------------------------------------


def _today(as_of: dt.date | None) -> dt.date:
    return as_of or timezone.localdate()


def links_queryset() -> QuerySet[PlanLink]:
    return PlanLink.objects.select_related(
        "priority__plan",
        "outcome__priority__plan",
        "measure__outcome__priority__plan",
        "commitment__plan",
    )


def actions_queryset() -> QuerySet[Action]:
    """Actions with everything an ``ActionEntry`` reads: three queries for any number."""
    return Action.objects.select_related(
        "body__partnership",
        "resolution",
        "owner_person__user",
        "owner_organisation",
        "due_meeting",
    ).prefetch_related(Prefetch("plan_links", queryset=links_queryset()))


def link_entry(link: PlanLink) -> LinkEntry | None:
    if link.measure_id and link.measure is not None:
        plan = link.measure.outcome.priority.plan
        url = reverse("reports:measure", args=[plan.key, link.measure_id])
        return LinkEntry("measure", "Measure", link.measure.title, plan.key, plan.title, url)
    if link.outcome_id and link.outcome is not None:
        plan = link.outcome.priority.plan
        url = reverse("plans:plan", args=[plan.key])
        return LinkEntry("outcome", "Outcome", link.outcome.title, plan.key, plan.title, url)
    if link.priority_id and link.priority is not None:
        plan = link.priority.plan
        url = reverse("plans:plan", args=[plan.key]) + f"#{plan.priority_word}-{link.priority.key}"
        words = plan.get_priority_word_display()
        return LinkEntry("priority", words, link.priority.title, plan.key, plan.title, url)
    if link.commitment_id and link.commitment is not None:
        plan = link.commitment.plan
        url = reverse("plans:plan", args=[plan.key])
        return LinkEntry(
            "commitment", "Commitment", link.commitment.title, plan.key, plan.title, url
        )
    return None


def link_entries(links: Iterable[PlanLink]) -> tuple[LinkEntry, ...]:
    return tuple(e for e in (link_entry(link) for link in links) if e is not None)


def due_words(action: Action) -> str:
    parts = []
    if action.due_date:
        parts.append(f"by {action.due_date:%-d %B %Y}")
    if action.due_meeting_id and action.due_meeting is not None:
        parts.append(f"at the meeting on {action.due_meeting.date:%-d %B %Y}")
    if action.due_at_future_meeting:
        parts.append("at a future meeting")
    return " and ".join(parts) or "No due date"


def action_entry(action: Action, *, today: dt.date) -> ActionEntry:
    overdue = action.overdue_on(today)
    dates = action.due_dates()
    return ActionEntry(
        action=action,
        pk=action.pk,
        text=action.text,
        body_name=action.body.name,
        partnership_key=action.body.partnership.key,
        owner=action.owner_words,
        status=action.status,
        status_words="Overdue" if overdue else action.get_status_display(),
        overdue=overdue,
        due_words=due_words(action),
        due_date=min(dates) if dates else None,
        raised_on=action.raised_on,
        resolution_label=action.resolution.label
        if action.resolution_id and action.resolution
        else "",
        links=link_entries(action.plan_links.all()),
        url=reverse("governance:action", args=[action.body.partnership.key, action.pk]),
    )


_STATUS_RANK = {"open": 1, "in_progress": 1, "done": 2, "dropped": 3}


def _sorted(entries: list[ActionEntry]) -> list[ActionEntry]:
    """Overdue first, then open by due date (undated last), then done, then dropped."""
    far = dt.date.max
    return sorted(
        entries,
        key=lambda e: (
            0 if e.overdue else _STATUS_RANK.get(e.status, 9),
            e.due_date or far,
            e.raised_on,
            e.pk,
        ),
    )


def action_entries(actions: Iterable[Action], today: dt.date) -> list[ActionEntry]:
    return _sorted([action_entry(a, today=today) for a in actions])


def open_at(as_of: dt.date) -> Q:
    """Open or in progress now, or closed only after ``as_of``: open on that day."""
    return Q(status__in=OPEN_STATUSES) | Q(done_on__gt=as_of) | Q(dropped_on__gt=as_of)


def overdue_q(today: dt.date) -> Q:
    """Open or in progress and past its due date or its due meeting's date (for queries)."""
    return Q(status__in=OPEN_STATUSES) & (Q(due_date__lt=today) | Q(due_meeting__date__lt=today))


# --- the selectors ---------------------------------------------------------------------


def action_log(
    *, body: Body, as_of: dt.date | None = None, raised_before: dt.date | None = None
) -> list[ActionEntry]:
    """The body's action log on ``as_of`` (default today): every action raised by then that
    was not yet done or dropped on that day, overdue ones first. Open actions are carried
    from meeting to meeting until done or dropped. ``raised_before`` leaves out the actions
    raised on or after a date (a meeting's agenda carries those raised before it)."""
    today = _today(as_of)
    actions = actions_queryset().filter(body=body, raised_on__lte=today).filter(open_at(today))
    if raised_before is not None:
        actions = actions.filter(raised_on__lt=raised_before)
    return action_entries(actions, today)


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


def _linked_ids(target: Q) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """Subqueries: ids of the resolutions and of the actions linked to these plan items."""
    links = PlanLink.objects.filter(target)
    return (
        links.filter(resolution__isnull=False).values("resolution_id"),
        links.filter(action__isnull=False).values("action_id"),
    )


def _actions_linked(target: Q) -> QuerySet[Action]:
    """Actions linked to these plan items, or raised under a resolution that is."""
    resolution_ids, action_ids = _linked_ids(target)
    return actions_queryset().filter(Q(pk__in=action_ids) | Q(resolution_id__in=resolution_ids))


def resolution_entries(resolutions: Iterable[Resolution]) -> list[ResolutionEntry]:
    entries = []
    for r in resolutions:
        meeting = r.agenda_item.meeting
        entries.append(
            ResolutionEntry(
                resolution=r,
                label=r.label,
                text=r.text,
                body_name=meeting.body.name,
                meeting_date=meeting.date,
                item_title=r.agenda_item.title,
                url=reverse(
                    "governance:meeting",
                    args=[meeting.body.partnership.key, meeting.body.key, meeting.pk],
                ),
                links=link_entries(r.plan_links.all()),
            )
        )
    return entries


def decisions_about(
    *,
    measure: Measure | int | None = None,
    outcome: Outcome | int | None = None,
    as_of: dt.date | None = None,
) -> Decisions:
    """The resolutions and actions linked to this measure, or to this outcome or any of its
    measures (newest meeting first; actions overdue first). Four queries."""
    if (measure is None) == (outcome is None):
        raise ValueError("Give a measure or an outcome")
    if measure is not None:
        target = Q(measure=measure)
    else:
        target = Q(outcome=outcome) | Q(measure__outcome=outcome)
    resolution_ids, _ = _linked_ids(target)
    resolutions = (
        Resolution.objects.filter(pk__in=resolution_ids)
        .select_related("agenda_item__meeting__body__partnership")
        .prefetch_related(Prefetch("plan_links", queryset=links_queryset()))
        .order_by("-agenda_item__meeting__date", "agenda_item__order", "order", "id")
    )
    return Decisions(
        resolutions=resolution_entries(resolutions),
        actions=action_entries(_actions_linked(target), _today(as_of)),
    )


def plan_target_q(plan: Plan | int) -> Q:
    """Links to anything in the plan: a priority, outcome, measure or commitment of it."""
    return (
        Q(priority__plan=plan)
        | Q(outcome__priority__plan=plan)
        | Q(measure__outcome__priority__plan=plan)
        | Q(commitment__plan=plan)
    )


def actions_for_plan(
    *, plan: Plan | int, as_of: dt.date | None = None, include_closed: bool = True
) -> list[ActionEntry]:
    """Every action linked to anything in the plan (directly, or through the resolution it
    was raised under), raised on or before ``as_of`` (default today), with its status in
    words and whether it is overdue on ``as_of``. Overdue first, then open and in progress by
    due date, then done, then dropped. Three queries (actions, their links, nothing per row).
    The board pack's actions section is built from this."""
    today = _today(as_of)
    actions = _actions_linked(plan_target_q(plan)).filter(raised_on__lte=today)
    if not include_closed:
        actions = actions.filter(open_at(today))
    return action_entries(actions, today)


def actions_owned(*, user: Any, include_closed: bool = False) -> list[ActionEntry]:
    """The actions this person owns: as the named person, or (as a contributor, analyst or
    administrator of the body's partnership) for the organisation they work for."""
    access = access_get(user)
    if access.user_id is None:
        return []
    mine = Q(owner_person__user_id=access.user_id)
    if access.organisation_id is not None:
        partnerships = [pk for pk, role in access.roles.items() if role != "viewer"]
        mine |= Q(
            owner_organisation_id=access.organisation_id,
            body__partnership_id__in=partnerships,
        )
    actions = actions_queryset().filter(mine)
    if not include_closed:
        actions = actions.exclude(status__in=CLOSED_STATUSES)
    return action_entries(actions, timezone.localdate())


# --- page reads ------------------------------------------------------------------------


def partnership_bodies(*, partnership: Partnership) -> list[Body]:
    """The partnership's bodies, each with its chair and its number of open actions."""
    return list(
        Body.objects.filter(partnership=partnership)
        .select_related("chair__user", "partnership")
        .annotate(open_actions=Count("actions", filter=Q(actions__status__in=OPEN_STATUSES)))
    )


def partnership_relations(*, partnership: Partnership) -> list[BodyRelation]:
    return list(
        BodyRelation.objects.filter(from_body__partnership=partnership).select_related(
            "from_body", "to_body"
        )
    )


def body_get(*, partnership: Partnership, key: str) -> Body | None:
    return (
        Body.objects.filter(partnership=partnership, key=key)
        .select_related("partnership", "chair__user")
        .prefetch_related("members__person__user", "members__organisation")
        .first()
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


def plan_item_choices(*, partnership: Partnership) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every priority, outcome, measure and commitment of the partnership's plans as form
    choices (``"measure:12"``), grouped by plan: four queries."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    plans = Plan.objects.filter(partnership=partnership).order_by("-start")
    for plan in plans:
        groups[plan.pk] = (plan.title, [])
    word = {p.pk: p.get_priority_word_display() for p in plans}
    for priority in Priority.objects.filter(plan__partnership=partnership).order_by("order"):
        groups[priority.plan_id][1].append(
            (f"priority:{priority.pk}", f"{word[priority.plan_id]}: {priority.title}")
        )
    for outcome in Outcome.objects.filter(priority__plan__partnership=partnership).select_related(
        "priority"
    ):
        groups[outcome.priority.plan_id][1].append(
            (f"outcome:{outcome.pk}", f"Outcome: {outcome.title}")
        )
    for measure in Measure.objects.filter(
        outcome__priority__plan__partnership=partnership
    ).select_related("outcome__priority"):
        groups[measure.outcome.priority.plan_id][1].append(
            (f"measure:{measure.pk}", f"Measure: {measure.title}")
        )
    for commitment in Commitment.objects.filter(plan__partnership=partnership):
        groups[commitment.plan_id][1].append(
            (f"commitment:{commitment.pk}", f"Commitment: {commitment.title}")
        )
    return [g for g in groups.values() if g[1]]


_TARGET_MODELS: dict[str, Any] = {
    "priority": (Priority, "plan__partnership"),
    "outcome": (Outcome, "priority__plan__partnership"),
    "measure": (Measure, "outcome__priority__plan__partnership"),
    "commitment": (Commitment, "plan__partnership"),
}


def plan_items_resolve(
    *, partnership: Partnership, values: Iterable[str]
) -> list[Priority | Outcome | Measure | Commitment]:
    """The plan items named by form values like ``"measure:12"``, in the partnership's
    plans only (others are ignored): one query per kind named."""
    wanted: dict[str, list[int]] = {}
    for value in values:
        kind, _, pk = str(value).partition(":")
        if kind in _TARGET_MODELS and pk.isdigit():
            wanted.setdefault(kind, []).append(int(pk))
    found: list[Any] = []
    for kind, pks in wanted.items():
        model, path = _TARGET_MODELS[kind]
        found.extend(model.objects.filter(pk__in=pks, **{path: partnership}))
    return found


def link_values(links: Iterable[PlanLink]) -> list[str]:
    return [f"{link.target_kind}:{getattr(link, f'{link.target_kind}_id')}" for link in links]


def people_in_partnership(*, partnership: Partnership) -> list[Person]:
    """People with a role in the partnership: who may chair, sit on or own."""
    return list(
        Person.objects.filter(user__partnership_roles__partnership=partnership)
        .select_related("user", "organisation")
        .order_by("display_name", "user__username")
        .distinct()
    )
