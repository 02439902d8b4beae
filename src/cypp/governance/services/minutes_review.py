"""Save what an officer confirmed from a minutes page: one agenda item with its minutes,
its resolutions and its actions, all in one transaction (nothing is saved before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from cypp.governance.models import AgendaItem, Meeting
from cypp.governance.services.actions import Owner, action_add
from cypp.governance.services.common import GovernanceError, UserLike
from cypp.governance.services.meetings import (
    PlanItem,
    agenda_item_add,
    plan_links_set,
    resolution_add,
)


@dataclass(frozen=True)
class ResolutionDraft:
    text: str
    label: str = ""
    targets: tuple[PlanItem, ...] = ()


@dataclass(frozen=True)
class ActionDraft:
    text: str
    owner: Owner
    due_date: dt.date | None = None
    due_at_future_meeting: bool = False
    targets: tuple[PlanItem, ...] = ()
    resolution: int | None = None  # index into the resolutions being saved with it


@transaction.atomic
def minutes_decisions_record(
    *,
    by: UserLike,
    meeting: Meeting,
    title: str,
    purpose: str = "",
    presenter: str = "",
    minutes: str = "",
    item_targets: Sequence[PlanItem] = (),
    resolutions: Sequence[ResolutionDraft] = (),
    actions: Sequence[ActionDraft] = (),
) -> AgendaItem:
    """Record an agenda item from its minutes with the resolutions and actions the officer
    kept. All or nothing: any refused part (an action with no owner...) saves nothing."""
    if not resolutions and not actions:
        raise GovernanceError("Keep at least one resolution or action, or add the item by hand")
    item = agenda_item_add(
        by=by,
        meeting=meeting,
        title=title,
        purpose=purpose,
        presenter=presenter,
        minutes=minutes,
    )
    if item_targets:
        plan_links_set(by=by, subject=item, targets=item_targets)
    saved = []
    for order, draft in enumerate(resolutions, start=1):
        resolution = resolution_add(
            by=by, item=item, text=draft.text, label=draft.label, order=order
        )
        if draft.targets:
            plan_links_set(by=by, subject=resolution, targets=draft.targets)
        saved.append(resolution)
    for action_draft in actions:
        under = None
        if action_draft.resolution is not None and 0 <= action_draft.resolution < len(saved):
            under = saved[action_draft.resolution]
        action = action_add(
            by=by,
            body=meeting.body,
            meeting=meeting,
            resolution=under,
            text=action_draft.text,
            owner=action_draft.owner,
            due_date=action_draft.due_date,
            due_at_future_meeting=action_draft.due_at_future_meeting,
        )
        if action_draft.targets:
            plan_links_set(by=by, subject=action, targets=action_draft.targets)
    return item
