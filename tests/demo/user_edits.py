"""What a partnership does with the demo, and how to tell it survived: shared by the demo's
load-once tests (test_demo_once.py starts from an empty store; test_demo_once_loaded.py from
one demo load shared by its tests)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Model

from cypp.accounts.models import PartnershipRole
from cypp.accounts.services import partnership_role_set
from cypp.commentary.models import CommentaryRevision, MeasureCommentary, ReportingPeriod
from cypp.commentary.services import measure_commentary_save
from cypp.governance.models import Action, Body, Meeting, PlanLink
from cypp.plans.models import Measure, MeasureValue, Outcome, Plan, Priority
from cypp.plans.services import plan_part_save
from tests.conftest import DEMO_DATA

H_PLAN = "herefordshire-2015-2018"
DEMO_PLANS = DEMO_DATA.parent / "plans"
COUNTED: tuple[type[Model], ...] = (
    Plan,
    Priority,
    Outcome,
    Measure,
    MeasureValue,
    MeasureCommentary,
    CommentaryRevision,
    ReportingPeriod,
    Body,
    Meeting,
    Action,
    PlanLink,
    PartnershipRole,
    User,
)


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def quiet(_message: str) -> None:
    pass


def user_edits() -> dict[str, object]:
    """What a partnership does with the demo: add a measure, retitle one, write commentary
    on a period the demo left empty, delete a demo commentary, change a role and a password.
    Everything through the services, as the pages do."""
    plan = Plan.objects.get(key=H_PLAN)
    analyst = User.objects.get(username="analyst")
    outcome = Outcome.objects.get(priority__plan=plan, key="school-ready")
    added = Measure(outcome=outcome, key="reading-at-seven", title="Reading at seven", order=9)
    plan_part_save(by=analyst, plan=plan, instance=added, fields=["key", "title"])
    mmr = Measure.objects.get(outcome__priority__plan=plan, key="mmr")
    mmr.title = "MMR: both doses by five (our wording)"
    plan_part_save(by=analyst, plan=plan, instance=mmr, fields=["title"])
    period = ReportingPeriod.objects.get(plan=plan, key="2017-q3")
    measure_commentary_save(
        measure=mmr, period=period, by=analyst, story_behind_curve="Written by a user."
    )
    gone = MeasureCommentary.objects.get(measure__key="initiation")
    gone.delete()  # a user's choice the demo must not undo
    partnership_role_set(
        by=None,
        user=User.objects.get(username="viewer"),
        partnership=plan.partnership,
        role="analyst",
    )
    viewer = User.objects.get(username="viewer")
    viewer.set_password("a password the user chose")
    viewer.save()
    return {"added": added.pk, "mmr": mmr.pk}


def assert_edits_intact(ids: dict[str, object]) -> None:
    assert Measure.objects.get(pk=ids["added"]).title == "Reading at seven"
    assert Measure.objects.get(pk=ids["mmr"]).title == "MMR: both doses by five (our wording)"
    assert (
        MeasureCommentary.objects.get(
            measure_id=ids["mmr"], period__key="2017-q3"
        ).story_behind_curve
        == "Written by a user."
    )
    assert not MeasureCommentary.objects.filter(measure__key="initiation").exists()
    role = PartnershipRole.objects.get(user__username="viewer", partnership__key="herefordshire")
    assert role.role == "analyst"
    assert User.objects.get(username="viewer").check_password("a password the user chose")
