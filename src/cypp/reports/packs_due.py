"""Reads for the home page: the board packs an officer has still to build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cypp.commentary.models import ReportingPeriod
from cypp.plans.models import Plan
from cypp.reports.models import BoardPack


@dataclass(frozen=True, slots=True)
class PackDue:
    plan: Plan
    period: ReportingPeriod


def packs_due(*, plans: list[Plan], today: dt.date | None = None) -> list[PackDue]:
    """Each plan whose latest ended reporting period has no pack yet (none queued, being
    built, ready or published; a failed build does not count). Two queries for any number
    of plans, and none when there are no plans."""
    if not plans:
        return []
    today = today or timezone.localdate()
    latest: dict[int, ReportingPeriod] = {}
    ended = ReportingPeriod.objects.filter(
        plan_id__in=[p.pk for p in plans], end__lte=today
    ).order_by("plan_id", "-start")
    for period in ended:
        latest.setdefault(period.plan_id, period)
    built = set(
        BoardPack.objects.filter(period_id__in=[p.pk for p in latest.values()])
        .exclude(status=BoardPack.Status.FAILED)
        .values_list("period_id", flat=True)
    )
    return [
        PackDue(plan=plan, period=latest[plan.pk])
        for plan in plans
        if plan.pk in latest and latest[plan.pk].pk not in built
    ]
