"""Writes to actions: raise one, record progress, mark it done, drop it (with a reason),
reopen it. Every change of status is an ``ActionUpdate`` and an audit record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import field_values
from cypp.accounts.models import Organisation, Person
from cypp.governance.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionUpdate,
    Body,
    Meeting,
    Resolution,
)
from cypp.governance.services.common import (
    GovernanceError,
    UserLike,
    audit_changed,
    audit_created,
    text_required,
)

ACTION_FIELDS = [
    "text",
    "owner_person",
    "owner_organisation",
    "owner_role",
    "due_date",
    "due_meeting",
    "due_at_future_meeting",
    "status",
    "dropped_reason",
    "done_on",
    "dropped_on",
]


@dataclass(frozen=True)
class Owner:
    """Who owns an action: exactly one of a person, an organisation or a role in words."""

    person: Person | None = None
    organisation: Organisation | None = None
    role: str = ""

    def checked(self) -> Owner:
        role = (self.role or "").strip()
        given = sum(x is not None for x in (self.person, self.organisation)) + bool(role)
        if given == 0:
            raise GovernanceError("Say who owns the action: a person, an organisation or a role")
        if given > 1:
            raise GovernanceError(
                "Give one owner only: a person, or an organisation, or a role in words"
            )
        return Owner(person=self.person, organisation=self.organisation, role=role[:200])


def _check_due(body: Body, due_meeting: Meeting | None) -> None:
    if due_meeting is not None and due_meeting.body_id != body.pk:
        raise GovernanceError("The action must be due at a meeting of the same body")


@transaction.atomic
def action_add(
    *,
    by: UserLike,
    body: Body,
    text: str,
    owner: Owner,
    meeting: Meeting | None = None,
    resolution: Resolution | None = None,
    due_date: dt.date | None = None,
    due_meeting: Meeting | None = None,
    due_at_future_meeting: bool = False,
) -> Action:
    """An action the body asked someone to do, raised at ``meeting`` (if any)."""
    text = text_required(text, "action")
    owner = owner.checked()
    if meeting is not None and meeting.body_id != body.pk:
        raise GovernanceError("The action must be raised at a meeting of the same body")
    if resolution is not None and (
        meeting is None or resolution.agenda_item.meeting_id != meeting.pk
    ):
        raise GovernanceError("The resolution must be one of the meeting's")
    _check_due(body, due_meeting)
    action = Action.objects.create(
        body=body,
        meeting=meeting,
        resolution=resolution,
        text=text,
        owner_person=owner.person,
        owner_organisation=owner.organisation,
        owner_role=owner.role,
        raised_on=meeting.date if meeting is not None else timezone.localdate(),
        due_date=due_date,
        due_meeting=due_meeting,
        due_at_future_meeting=due_at_future_meeting and due_meeting is None,
    )
    audit_created(by=by, obj=action, body=body, fields=ACTION_FIELDS)
    return action


@transaction.atomic
def action_edit(
    *,
    by: UserLike,
    action: Action,
    text: str,
    owner: Owner,
    due_date: dt.date | None,
    due_meeting: Meeting | None,
    due_at_future_meeting: bool,
) -> Action:
    """Change what an action asks, who owns it and when it is due (board officers)."""
    before = field_values(Action.objects.get(pk=action.pk), ACTION_FIELDS)
    owner = owner.checked()
    _check_due(action.body, due_meeting)
    action.text = text_required(text, "action")
    action.owner_person, action.owner_organisation, action.owner_role = (
        owner.person,
        owner.organisation,
        owner.role,
    )
    action.due_date = due_date
    action.due_meeting = due_meeting
    action.due_at_future_meeting = due_at_future_meeting and due_meeting is None
    action.save()
    audit_changed(by=by, obj=action, body=action.body, before=before, fields=ACTION_FIELDS)
    return action


def _change_status(
    *, by: UserLike, action: Action, status: str, text: str, note: str = ""
) -> ActionUpdate:
    before = field_values(Action.objects.get(pk=action.pk), ACTION_FIELDS)
    status_before = before["status"]
    action.status = status
    action.save()
    authenticated = by is not None and by.is_authenticated
    update = ActionUpdate.objects.create(
        action=action,
        by=by if authenticated else None,  # type: ignore[misc]
        by_name=(by.get_username() if authenticated and by else "") or "CYPP",
        at=timezone.now(),
        text=text,
        status_before=status_before,
        status_after=status,
    )
    audit_changed(
        by=by, obj=action, body=action.body, before=before, fields=ACTION_FIELDS, note=note
    )
    return update


@transaction.atomic
def action_progress_add(
    *, by: UserLike, action: Action, text: str, status: str | None = None
) -> ActionUpdate:
    """A progress update from the owner or an officer; ``status`` may move the action
    between open and in progress (done and dropped have their own services)."""
    text = text_required(text, "progress update")
    if action.status in CLOSED_STATUSES:
        raise GovernanceError("The action is closed; reopen it before adding progress")
    status = status or (
        Action.Status.IN_PROGRESS if action.status == Action.Status.OPEN else action.status
    )
    if status not in OPEN_STATUSES:
        raise GovernanceError("A progress update leaves the action open or in progress")
    return _change_status(by=by, action=action, status=status, text=text, note="Progress")


@transaction.atomic
def action_complete(
    *, by: UserLike, action: Action, text: str = "", done_on: dt.date | None = None
) -> ActionUpdate:
    """Mark the action done (it leaves the action log of the next meetings)."""
    if action.status == Action.Status.DONE:
        raise GovernanceError("The action is already done")
    if action.status == Action.Status.DROPPED:
        raise GovernanceError("The action was dropped; reopen it first")
    action.done_on = done_on or timezone.localdate()
    return _change_status(
        by=by, action=action, status=Action.Status.DONE, text=text.strip() or "Done."
    )


@transaction.atomic
def action_drop(*, by: UserLike, action: Action, reason: str) -> ActionUpdate:
    """Drop the action; the reason is required and kept with it."""
    reason = (reason or "").strip()
    if not reason:
        raise GovernanceError("Enter the reason for dropping the action")
    if action.status in CLOSED_STATUSES:
        raise GovernanceError("The action is already closed")
    action.dropped_reason = reason
    action.dropped_on = timezone.localdate()
    return _change_status(by=by, action=action, status=Action.Status.DROPPED, text=reason)


@transaction.atomic
def action_reopen(*, by: UserLike, action: Action, text: str = "") -> ActionUpdate:
    """Open a done or dropped action again (it comes back to the action log)."""
    if action.status not in CLOSED_STATUSES:
        raise GovernanceError("The action is not closed")
    action.done_on = None
    action.dropped_on = None
    action.dropped_reason = ""
    return _change_status(
        by=by, action=action, status=Action.Status.OPEN, text=text.strip() or "Reopened."
    )
