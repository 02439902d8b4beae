"""What the API reads, for one caller: the plans and partnerships they may see, a plan by
its key (a private plan is "not found" to those who may not read it, so its existence is
not given away), and the reporting period a judgement is made as at.

The rules are the pages' (``can_view_plan``); nothing here decides anew who sees what.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cypp.accounts.models import Partnership
from cypp.accounts.selectors import access_get
from cypp.api.errors import ApiProblem
from cypp.assessment.measures import AsAt
from cypp.commentary.selectors import periods_for_plan
from cypp.plans.models import Plan
from cypp.plans.permissions import can_view_plan
from cypp.plans.selectors import UnknownPlan, plan_get, plans_list


def _readable_q(user: Any) -> Q | None:
    """The plans this person may read, as a filter (None: every plan). The same rule as
    ``plans.view_plan``: public plans, those of partnerships they have a role in, all for a
    superuser."""
    access = access_get(user)
    if access.is_superuser:
        return None
    return Q(public=True) | Q(partnership_id__in=list(access.roles))


def plans_readable(*, user: Any) -> QuerySet[Plan]:
    """Every plan this person may read, in the plans' order (partnership, newest first)."""
    plans = plans_list()
    readable = _readable_q(user)
    return plans if readable is None else plans.filter(readable)


def partnerships_readable(*, user: Any) -> QuerySet[Partnership]:
    """The partnerships with a plan this person may read, or a role of theirs."""
    access = access_get(user)
    partnerships = Partnership.objects.select_related("area").order_by("name", "pk")
    if access.is_superuser:
        return partnerships
    return partnerships.filter(Q(pk__in=list(access.roles)) | Q(plans__public=True)).distinct()


def plan_for(*, user: Any, key: str) -> Plan:
    """The plan with this key if this person may read it; a 404 problem if there is none or
    they may not (the same answer, so a private plan's key tells nothing)."""
    try:
        plan = plan_get(key=key)
    except UnknownPlan:
        plan = None
    if plan is None or not can_view_plan(user, plan):
        raise ApiProblem(404, "Not found", f"No plan has the key {key!r}.")
    return plan


def as_at_for(*, plan: Plan, period: str | None) -> AsAt | None:
    """The judgement date for ``?period=KEY``: the end of that reporting period of the plan,
    which must have ended (as the report pages' "as at" choice); None for the latest data."""
    if not period:
        return None
    today = timezone.localdate()
    periods = periods_for_plan(plan=plan)
    chosen = next((p for p in periods if p.key == period), None)
    if chosen is None or chosen.end > today:
        ended = [p.key for p in periods if p.end <= today]
        why = "has not ended yet" if chosen is not None else "is not one of the plan's periods"
        raise ApiProblem(
            422,
            "Invalid parameter",
            f"period {period!r} {why}; choose one of: {', '.join(ended) or 'none yet'}.",
            errors=[{"field": "period", "in": "query", "reason": why}],
        )
    return AsAt(end=chosen.end, period=chosen.label)
