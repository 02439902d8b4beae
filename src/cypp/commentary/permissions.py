"""Who may write, read, approve and return commentary and evidence (docs/commentary.md).

| what                                   | who                                                  |
| -------------------------------------- | ---------------------------------------------------- |
| write and submit a measure's commentary | whoever may edit the measure: contributors of the   |
|                                        | organisation that owns it, analysts, administrators  |
| add and submit qualitative evidence    | contributors, analysts and administrators of the     |
|                                        | partnership (a contributor changes only their own)   |
| approve or return                      | the priority's lead person, an administrator of the  |
|                                        | partnership; an analyst only when the priority has   |
|                                        | no lead person                                       |
| read drafts, submitted and returned    | those who may write or approve it                    |
| text, return reasons, earlier versions | (``can_see_workings``; ``cypp.commentary.history``)  |
| read approved text                     | anyone who may read the plan                         |
| reporting periods, reminders           | analysts and administrators ("officers")             |

``rules`` permissions on the plan: ``commentary.change_periods`` (the officers) and
``commentary.add_evidence``. The checks about one measure's commentary or one piece of
evidence take the plan beside the thing, so that no check walks up to the plan; they stay
functions (a ``rules`` predicate takes one object).

Superusers may do everything. Every check reads the person's roles through ``access_get``
(two queries a request, then none), so a page checking every measure costs no more. The
priority's ``lead_person`` must be loaded with the measure (``select_related``).
"""

from __future__ import annotations

from typing import Any

from cypp.accounts.models import Role
from cypp.accounts.permissions import add_rule
from cypp.accounts.selectors import access_get
from cypp.commentary.models import MeasureCommentary, QualitativeEvidence, Status
from cypp.plans.models import Measure, Plan, Priority
from cypp.plans.permissions import can_edit_part, can_view_plan


def _runs_the_timetable(user: Any, plan: Any) -> bool:
    return isinstance(plan, Plan) and access_get(user).edits_structure(plan.partnership_id)


def _adds_evidence(user: Any, plan: Any) -> bool:
    if not isinstance(plan, Plan):
        return False
    access = access_get(user)
    return access.edits_structure(plan.partnership_id) or (
        access.role_in(plan.partnership_id) == Role.CONTRIBUTOR
    )


add_rule("commentary.change_periods", _runs_the_timetable)
add_rule("commentary.add_evidence", _adds_evidence)


def is_officer(user: Any, plan: Plan) -> bool:
    """Analysts and administrators run the timetable and send the reminders."""
    return bool(user.has_perm("commentary.change_periods", plan))


def is_priority_lead(user: Any, priority: Priority) -> bool:
    lead = priority.lead_person
    return lead is not None and user.is_authenticated and lead.user_id == user.pk


def can_review(user: Any, plan: Plan, priority: Priority) -> bool:
    """Approve or return the commentary and evidence of this priority's measures and outcomes."""
    access = access_get(user)
    if access.is_superuser:
        return True
    role = access.role_in(plan.partnership_id)
    if role is None:
        return False
    if role == Role.ADMINISTRATOR or is_priority_lead(user, priority):
        return True
    return role == Role.ANALYST and priority.lead_person_id is None


def can_write_commentary(user: Any, plan: Plan, measure: Measure) -> bool:
    return can_edit_part(user, plan, measure)


def can_read_commentary(user: Any, plan: Plan, commentary: MeasureCommentary | None) -> bool:
    """Approved commentary is for every reader of the plan; anything else for its writers
    and reviewers."""
    if commentary is None:
        return False
    if commentary.status == Status.APPROVED:
        return can_view_plan(user, plan)
    return can_see_workings(user, plan, commentary)


def can_add_evidence(user: Any, plan: Plan) -> bool:
    return bool(user.has_perm("commentary.add_evidence", plan))


def can_write_evidence(user: Any, plan: Plan, evidence: QualitativeEvidence) -> bool:
    """Officers change any evidence; a contributor the evidence they wrote."""
    if is_officer(user, plan):
        return True
    return can_add_evidence(user, plan) and evidence.written_by_id == user.pk


def can_read_evidence(user: Any, plan: Plan, evidence: QualitativeEvidence) -> bool:
    if evidence.status == Status.APPROVED and evidence.publishable:
        return can_view_plan(user, plan)
    return can_see_workings(user, plan, evidence)


def can_see_workings(user: Any, plan: Plan, thing: MeasureCommentary | QualitativeEvidence) -> bool:
    """The workings of a commentary or piece of evidence (its draft, submitted and returned
    texts, the reasons it was returned, its earlier versions): its writers and reviewers."""
    if isinstance(thing, MeasureCommentary):
        measure = thing.measure
        return can_write_commentary(user, plan, measure) or can_review(
            user, plan, measure.outcome.priority
        )
    return can_write_evidence(user, plan, thing) or can_review(user, plan, thing.outcome.priority)
