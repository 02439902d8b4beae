"""Who may read and edit a plan and each part of it: the rules (``rules``) and the
functions the views and templates ask.

| permission                  | who                                                            |
| --------------------------- | -------------------------------------------------------------- |
| ``plans.view_plan``         | anyone for a public plan; else any role in its partnership     |
| ``plans.change_plan``       | analysts and administrators of the plan's partnership          |
| ``plans.change_measure``    | analysts, administrators; a contributor whose organisation     |
| ``plans.change_commitment`` | owns the measure or commitment (``owner_organisation``)        |

Superusers may do everything. Each rule reads the person's roles through ``access_get``
(two queries per request, then none), so checking every measure on a page costs nothing
more. Registered when the plans app is ready (``PlansConfig.ready``). The plan is passed to
the functions below so that no check has to walk from a part back up to its plan.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from cypp.accounts.models import Partnership
from cypp.accounts.permissions import add_rule, is_superuser
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


def partnership_id_of(obj: Any) -> int | None:
    """The partnership a plan, measure or commitment belongs to (a measure's chain of parents
    is already loaded on the plan page, so this asks nothing there)."""
    if isinstance(obj, Partnership):
        return obj.pk
    if isinstance(obj, Plan):
        return obj.partnership_id
    if isinstance(obj, Measure):
        return obj.outcome.priority.plan.partnership_id
    if isinstance(obj, Commitment):
        return obj.plan.partnership_id
    return None


def _is_public_plan(_user: Any, plan: Any) -> bool:
    return isinstance(plan, Plan) and plan.public


def _has_role_in_partnership(user: Any, obj: Any) -> bool:
    return obj is not None and access_get(user).reads(partnership_id_of(obj))


def _edits_structure(user: Any, obj: Any) -> bool:
    return obj is not None and access_get(user).edits_structure(partnership_id_of(obj))


def _edits_owned(user: Any, obj: Any) -> bool:
    if not isinstance(obj, Measure | Commitment):
        return False
    return access_get(user).edits_owned(partnership_id_of(obj), obj.owner_organisation_id)


add_rule("plans.view_plan", _is_public_plan, _has_role_in_partnership, is_superuser)
add_rule("plans.change_plan", _edits_structure)
add_rule("plans.change_measure", _edits_owned)
add_rule("plans.change_commitment", _edits_owned)


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
