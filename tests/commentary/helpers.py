"""A plan with reporting periods and the people of the commentary workflow."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from cypp.accounts.models import Person, Role
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.services import reporting_periods_create
from cypp.plans.models import Measure, Plan, Priority
from tests.plans.factories import (
    analyst_make,
    contributor_make,
    person_make,
    plan_make,
    viewer_make,
)


@dataclass
class World:
    plan: Plan
    period: ReportingPeriod
    measure: Measure
    priority: Priority
    contributor: User  # works for the council that owns the measures
    other: User  # a contributor of another organisation
    lead: User  # the priority's lead person (a contributor of the NHS)
    analyst: User
    viewer: User


def world_make(*, key: str = "commentary-plan", measures: int = 1, lead: bool = True) -> World:
    plan = plan_make(key=key, measures=measures)
    periods = reporting_periods_create(plan=plan, by=None)
    contributor = contributor_make("writer", partnership=plan.partnership)
    other = contributor_make(
        "other", organisation="West Mercia Police", partnership=plan.partnership
    )
    lead_user = person_make(
        "lead",
        role=Role.CONTRIBUTOR,
        partnership=plan.partnership,
        organisation="Herefordshire Clinical Commissioning Group",
    )
    for user in (contributor, other, lead_user):
        user.email = f"{user.username}@example.org"
        user.save()
    priority = Priority.objects.get(plan=plan)
    if lead:
        priority.lead_person = Person.objects.get(user=lead_user)
        priority.save()
    return World(
        plan=plan,
        period=periods[4],  # April to June 2016
        measure=Measure.objects.filter(outcome__priority__plan=plan).order_by("order").first(),  # type: ignore[arg-type]
        priority=priority,
        contributor=contributor,
        other=other,
        lead=lead_user,
        analyst=analyst_make(partnership=plan.partnership),
        viewer=viewer_make(partnership=plan.partnership),
    )


STORY = {
    "story_behind_curve": "Fewer mothers breastfeed at 6-8 weeks in the market towns.",
    "what_is_working": "Peer supporters on the maternity ward.",
    "next_steps": "Extend peer support to the health visitors' clinics by June.",
    "partners": "Wye Valley NHS Trust, health visiting",
}
