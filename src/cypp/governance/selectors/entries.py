"""What the governance reads return, and how an action, a plan link or a resolution
becomes one: the entries every list and page shows, built from querysets that fetch
everything they read up front, so a list costs the same queries however long it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from cypp.governance.models import Action, PlanLink, Resolution


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
