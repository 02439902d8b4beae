"""Who may read and edit a plan and each part of it: the plan-facing side of the roles.

The rules themselves are in ``cypp.accounts.permissions`` (``plans.view_plan``,
``plans.change_plan``, ``plans.change_measure``, ``plans.change_commitment``). These
functions are what the views and templates ask; the plan is passed in so that no check
has to walk from a part back up to its plan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from cypp.accounts.selectors import access_get
from cypp.plans.models import (
    Commitment,
    CommitmentMilestone,
    Measure,
    MeasureValue,
    Milestone,
    Plan,
    ProgressNote,
)
from cypp.plans.selectors import UnknownPlan, plan_get


def can_view_plan(user: Any, plan: Plan) -> bool:
    """A public plan is for everyone; any other for the people with a role in its partnership."""
    return bool(user.has_perm("plans.view_plan", plan))


def plan_readable(user: Any, key: str) -> Plan:
    """The plan with this key, for a page that shows it: 404 if there is none, 403 if this
    person may not read it. Every plan page (the plan, its reports, its forms) starts here."""
    try:
        plan = plan_get(key=key)
    except UnknownPlan as error:
        raise Http404(str(error)) from error
    if not can_view_plan(user, plan):
        raise PermissionDenied
    return plan


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """The plan's structure (its details, priorities, outcomes, measures, commitments, budget,
    principles, strategies, subgroups): its partnership's analysts and administrators."""
    return bool(user.has_perm("plans.change_plan", plan))


def owner_organisation_id(instance: Model) -> int | None:
    """The organisation that owns a measure or commitment, or the one a milestone, figure or
    progress note belongs to through its measure or commitment (``None`` for other parts)."""
    if isinstance(instance, Measure | Commitment):
        return instance.owner_organisation_id
    if isinstance(instance, Milestone | MeasureValue):
        return instance.measure.owner_organisation_id
    if isinstance(instance, CommitmentMilestone | ProgressNote):
        return instance.commitment.owner_organisation_id
    return None


def can_edit_part(user: Any, plan: Plan, instance: Model) -> bool:
    """May this person change this part of this plan (or add to it: a milestone or figure to a
    measure, a milestone or progress note to a commitment)?

    Measures and commitments, and what hangs from them, follow ``plans.change_measure`` and
    ``plans.change_commitment``: a contributor edits those their organisation owns. Every other
    part is the plan's structure (``plans.change_plan``). Deleting is structure too. The caller
    has checked that ``instance`` belongs to ``plan``.
    """
    access = access_get(user)
    if isinstance(instance, Plan) or not isinstance(
        instance,
        Measure | Commitment | Milestone | MeasureValue | CommitmentMilestone | ProgressNote,
    ):
        return access.edits_structure(plan.partnership_id)
    return access.edits_owned(plan.partnership_id, owner_organisation_id(instance))
