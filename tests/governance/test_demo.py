"""The governance demo loads over the demo plans, twice without duplicates, with one
action overdue, one done, and one the demo contributor can update."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from cypp.demo.loader import demo_people_load, demo_plans_load
from cypp.governance.demo import demo_governance_load
from cypp.governance.models import (
    Action,
    AgendaItem,
    Body,
    BodyMember,
    BodyRelation,
    Meeting,
    PlanLink,
    Resolution,
)
from cypp.governance.permissions import can_update_action
from cypp.governance.selectors import actions_for_plan
from cypp.plans.models import Plan

pytestmark = pytest.mark.django_db
PLANS = Path(__file__).resolve().parents[2] / "demo" / "plans"


def _counts():
    models = (Body, BodyMember, BodyRelation, Meeting, AgendaItem, Resolution, Action, PlanLink)
    return [m.objects.count() for m in models]


def test_the_demo_loads_twice_without_duplicates():
    said: list[str] = []
    demo_plans_load(plans_dir=PLANS, say=said.append)
    demo_people_load(say=said.append)
    demo_governance_load(say=said.append)
    first = _counts()
    demo_governance_load(say=said.append)
    assert _counts() == first
    assert said[-1].startswith("Governance: 0 bodies, 0 meetings and 0 actions added")

    worcs = Body.objects.filter(partnership__key="worcestershire")
    assert worcs.filter(kind="subgroup").count() == 4
    spb = worcs.get(key="strategic-partnership-board")
    assert set(spb.relations_out.values_list("kind", "to_body__key")) == {
        ("reports_to", "health-and-wellbeing-board"),
        ("gives_feedback_to", "staying-safe"),
        ("gives_feedback_to", "emotional-wellbeing"),
        ("gives_feedback_to", "send-inclusion"),
        ("gives_feedback_to", "voice"),
    }
    hwb = Body.objects.get(partnership__key="herefordshire", key="health-and-wellbeing-board")
    labels = list(
        Resolution.objects.filter(agenda_item__meeting__body=hwb).values_list("label", flat=True)
    )
    assert labels == ["(a)", "(b)", "(c)"]

    entries = actions_for_plan(plan=Plan.objects.get(key="herefordshire-2015-2018"))
    words = [e.status_words for e in entries]
    assert words.count("Overdue") == 1 and words.count("Done") == 1
    overdue = next(e for e in entries if e.overdue)
    contributor = User.objects.get(username="contributor")
    assert can_update_action(contributor, overdue.action)
    assert Meeting.objects.filter(body=hwb, status="planned").count() == 1
