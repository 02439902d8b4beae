"""Reads of actions: a body's action log, the actions about a plan, a person's own, and
the conditions (open on a day, overdue) the queries share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cypp.accounts.selectors import access_get
from cypp.governance.models import CLOSED_STATUSES, OPEN_STATUSES, Action, Body, PlanLink
from cypp.governance.selectors.entries import (
    ActionEntry,
    _today,
    action_entries,
    actions_queryset,
)
from cypp.plans.models import Plan


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
