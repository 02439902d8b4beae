"""Save what an officer confirmed from a minutes page: one agenda item with its minutes,
its resolutions and its actions, all in one transaction (nothing is saved before); or,
for an item synced from the committee system, its confirmed decisions onto that item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from cypp.accounts.audit import field_values
from cypp.governance.models import AgendaItem, Meeting
from cypp.governance.services.actions import Owner, action_add
from cypp.governance.services.common import GovernanceError, UserLike, audit_changed
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
    _decisions_add(
        by=by, item=item, item_targets=item_targets, resolutions=resolutions, actions=actions
    )
    return item


@transaction.atomic
def synced_item_decisions_confirm(
    *,
    by: UserLike,
    item: AgendaItem,
    item_targets: Sequence[PlanItem] = (),
    resolutions: Sequence[ResolutionDraft] = (),
    actions: Sequence[ActionDraft] = (),
) -> AgendaItem:
    """Record the decisions an officer confirmed from a synced item's draft onto that item
    (it came from the committee system, with its minutes) and mark its review "confirmed".
    All or nothing; an item already confirmed is refused, so a second confirmation (another
    tab, a double click) cannot record the decisions twice."""
    locked = AgendaItem.objects.select_for_update().select_related("meeting__body").get(pk=item.pk)
    if locked.review == AgendaItem.Review.CONFIRMED:
        raise GovernanceError(
            f"The decisions of \u201c{locked.title}\u201d were confirmed already; change them "
            "on the meeting's page instead"
        )
    if locked.review != AgendaItem.Review.TO_REVIEW:
        raise GovernanceError(
            f"\u201c{locked.title}\u201d has no draft decisions from the committee system to confirm"
        )
    if not resolutions and not actions:
        raise GovernanceError("Keep at least one resolution or action to confirm")
    _decisions_add(
        by=by, item=locked, item_targets=item_targets, resolutions=resolutions, actions=actions
    )
    before = field_values(locked, ["review"])
    locked.review = AgendaItem.Review.CONFIRMED
    locked.save(update_fields=["review"])
    audit_changed(
        by=by,
        obj=locked,
        body=locked.meeting.body,
        before=before,
        fields=["review"],
        note="decisions confirmed from the committee system's minutes",
    )
    return locked


def _decisions_add(
    *,
    by: UserLike,
    item: AgendaItem,
    item_targets: Sequence[PlanItem],
    resolutions: Sequence[ResolutionDraft],
    actions: Sequence[ActionDraft],
) -> None:
    """The item's plan links, resolutions and actions (under their resolutions), as kept."""
    meeting = item.meeting
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
