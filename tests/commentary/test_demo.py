"""The demo's commentary: periods, a lead, one of each status and a quote; loading twice
changes nothing."""

from __future__ import annotations

import pytest

from cypp.commentary.demo import demo_commentary_load
from cypp.commentary.models import MeasureCommentary, QualitativeEvidence
from cypp.commentary.selectors import approved_evidence, period_get, period_latest
from cypp.demo.loader import demo_people_load, demo_plans_load
from cypp.plans.models import Priority
from cypp.plans.selectors import plan_get
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_demo_commentary_loads_once():
    demo_plans_load(plans_dir=ROOT / "demo" / "plans", say=lambda _m: None)
    demo_people_load(say=lambda _m: None)
    said: list[str] = []
    demo_commentary_load(say=said.append)
    plan = plan_get(key="herefordshire-2015-2018")
    assert plan.reporting_periods.count() == 12
    assert Priority.objects.get(plan=plan, key="early-years").lead_person.user.username == "admin"
    statuses = sorted(MeasureCommentary.objects.values_list("status", flat=True))
    assert statuses == ["approved", "approved", "returned", "submitted"]
    latest = period_latest(plan=plan)
    assert latest is not None and latest.key == "2018-q1"
    [quotes] = approved_evidence(period=period_get(plan=plan, key="2018-q1")).values()
    assert quotes[0].kind == "quote" and quotes[0].consent_recorded
    assert quotes[0].outcome.measures.count() == 0
    assert "4 commentaries and 1 quote added" in said[0]
    demo_commentary_load(say=said.append)
    assert MeasureCommentary.objects.count() == 4 and QualitativeEvidence.objects.count() == 1
    assert "0 commentaries and 0 quote added" in said[1]


def test_the_demo_workflow_people_have_addresses_and_the_seeding_told_nobody(
    django_capture_on_commit_callbacks, mailoutbox
):
    from django.contrib.auth.models import User

    demo_plans_load(plans_dir=ROOT / "demo" / "plans", say=lambda _m: None)
    demo_people_load(say=lambda _m: None)
    with django_capture_on_commit_callbacks(execute=True):
        demo_commentary_load(say=lambda _m: None)
    assert mailoutbox == []  # the demo's own history is not news to anyone
    assert dict(
        User.objects.filter(username__in=["admin", "contributor"]).values_list("username", "email")
    ) == {"admin": "admin@example.org", "contributor": "contributor@example.org"}
