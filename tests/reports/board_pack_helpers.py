"""The demo Herefordshire 2015-2018 plan with its reporting periods, for board pack tests."""

from __future__ import annotations

from django.contrib.auth.models import User

from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import period_latest
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_save,
    measure_commentary_submit,
    reporting_periods_create,
)
from cypp.plans.models import Measure, Plan
from cypp.plans.plan_files import plan_load
from tests.conftest import ROOT
from tests.plans.factories import analyst_make, viewer_make

DEMO_PLAN = ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml"
ESTIMATE_MEASURE = "Children and young people estimated to need support with their mental health"


def demo_plan_with_periods() -> tuple[Plan, ReportingPeriod, User, User]:
    """The demo plan (loaded from its file), its quarterly periods, an analyst and a viewer."""
    plan = plan_load(path=DEMO_PLAN, by=None).plan
    reporting_periods_create(plan=plan, by=None)
    period = period_latest(plan=plan)
    assert period is not None
    analyst = analyst_make("officer", partnership=plan.partnership)
    viewer = viewer_make("reader", partnership=plan.partnership)
    return plan, period, analyst, viewer


def approve_commentary(measure: Measure, period: ReportingPeriod, by: User, story: str) -> None:
    commentary = measure_commentary_save(
        measure=measure,
        period=period,
        by=by,
        story_behind_curve=story,
        what_is_working="Weekly multi-agency huddles.",
        next_steps="Extend the huddles to the north of the county.",
        partners="West Mercia Police; Wye Valley NHS Trust",
    )
    commentary = measure_commentary_submit(commentary=commentary, by=by)
    measure_commentary_approve(commentary=commentary, by=by)
