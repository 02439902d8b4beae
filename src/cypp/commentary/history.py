"""Which parts of the history of a commentary or piece of evidence a person may read.

The history carries what the pages keep to the workflow's own people: the draft, submitted
and returned texts (in each save's before-and-after values and in the revisions) and the
lead's reasons for returning (in the notes). So the same rules as the pages apply
(``cypp.commentary.permissions``):

| who                                                  | reads                                  |
| ---------------------------------------------------- | -------------------------------------- |
| its writers and reviewers (``can_see_workings``)     | every event and every earlier version |
| every other reader of the approved (and, for a quote | that it was approved; no text, no      |
| or case study, consented) text                       | reasons, no earlier versions           |
| anyone else                                          | nothing                                |
| (the thing is gone) the plan's officers              | every event                            |

The plan's history page and the commentary pages both ask here, so one rule decides.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from cypp.accounts.models import AuditEvent
from cypp.commentary.models import (
    CommentaryRevision,
    MeasureCommentary,
    QualitativeEvidence,
    Status,
)
from cypp.commentary.permissions import (
    can_read_commentary,
    can_read_evidence,
    can_see_workings,
    is_officer,
)
from cypp.plans.models import Plan

Thing = MeasureCommentary | QualitativeEvidence

COMMENTARY_TYPE = MeasureCommentary._meta.label_lower
EVIDENCE_TYPE = QualitativeEvidence._meta.label_lower
WORKFLOW_TYPES = frozenset({COMMENTARY_TYPE, EVIDENCE_TYPE})


def can_read_approved(user: Any, plan: Plan, thing: Thing) -> bool:
    """May this person read the thing's text as it stands (approved, and publishable)?"""
    if isinstance(thing, MeasureCommentary):
        return can_read_commentary(user, plan, thing)
    return can_read_evidence(user, plan, thing)


def is_approval(event: AuditEvent) -> bool:
    """The event that approved it: its status changed to approved."""
    status = event.changes.get("status") if isinstance(event.changes, dict) else None
    return isinstance(status, list) and bool(status) and status[-1] == Status.APPROVED


def event_readable(user: Any, plan: Plan, event: AuditEvent, thing: Thing | None) -> bool:
    """May this person read this event of a commentary or piece of evidence (``thing``,
    ``None`` when it has been deleted)? A reader of the approved text reads only that it
    was approved (``approval_only``)."""
    if thing is None:
        return is_officer(user, plan)
    if can_see_workings(user, plan, thing):
        return True
    return (
        thing.status == Status.APPROVED
        and is_approval(event)
        and can_read_approved(user, plan, thing)
    )


def approval_only(event: AuditEvent) -> AuditEvent:
    """The approval as a reader of the approved text sees it: the status change alone. The
    event records more (the decision's fields before and after, among them the reason it
    was returned the time before), which is for the workflow's own people."""
    shown = copy.copy(event)
    shown.changes = {"status": event.changes["status"]}
    return shown


def events_readable(*, user: Any, plan: Plan, events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """The events this person may read, in the order given. Events of anything other than
    commentary and evidence are passed through for the caller to judge. Two queries (the
    commentary and the evidence named, with their measures' and outcomes' priorities)."""
    events = list(events)
    ids: dict[str, set[int]] = {COMMENTARY_TYPE: set(), EVIDENCE_TYPE: set()}
    for event in events:
        if event.object_type in WORKFLOW_TYPES and event.object_id.isdigit():
            ids[event.object_type].add(int(event.object_id))
    things: dict[tuple[str, str], Thing] = {}
    if ids[COMMENTARY_TYPE]:
        for c in MeasureCommentary.objects.filter(
            pk__in=ids[COMMENTARY_TYPE], period__plan=plan
        ).select_related("measure__outcome__priority__lead_person"):
            things[(COMMENTARY_TYPE, str(c.pk))] = c
    if ids[EVIDENCE_TYPE]:
        for e in QualitativeEvidence.objects.filter(
            pk__in=ids[EVIDENCE_TYPE], period__plan=plan
        ).select_related("outcome__priority__lead_person"):
            things[(EVIDENCE_TYPE, str(e.pk))] = e
    readable = []
    for event in events:
        if event.object_type not in WORKFLOW_TYPES:
            readable.append(event)
            continue
        thing = things.get((event.object_type, event.object_id))
        if not event_readable(user, plan, event, thing):
            continue
        if thing is not None and not can_see_workings(user, plan, thing):
            event = approval_only(event)
        readable.append(event)
    return readable


def revisions_readable(*, user: Any, plan: Plan, thing: Thing) -> list[CommentaryRevision]:
    """The earlier versions of the text: only for its writers and reviewers (a reader of the
    approved text does not see the drafts that came before it)."""
    if not can_see_workings(user, plan, thing):
        return []
    return list(thing.revisions.select_related("written_by", "replaced_by"))
