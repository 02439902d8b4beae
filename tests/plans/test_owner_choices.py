"""Owner lists offer only the plan's partnership's organisations, and a form refuses an
organisation of another partnership posted anyway (changing nothing).

A partnership's organisations are its members (from its plan files), those its people work
for, and those already owning its measures, commitments or actions
(``cypp.plans.selectors.partnership_organisations``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Role
from cypp.governance.models import Action
from cypp.plans.models import Commitment, Measure, PartnershipMember, Plan
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import analyst_make, organisation_make, person_make, plan_make
from tests.plans.test_plan_editing import _measure_form

pytestmark = pytest.mark.django_db

OURS = ("Herefordshire Council", "West Mercia Police", "Wye Valley NHS Trust")
THEIRS = "Shropshire Council"


@pytest.fixture
def plan() -> Plan:
    """A plan whose measures the council owns; the police work in its partnership; the NHS
    trust is a member; Shropshire Council works only in another partnership."""
    plan = plan_make(key="owned-plan")
    person_make(
        "officer", role=Role.CONTRIBUTOR, organisation=OURS[1], partnership=plan.partnership
    )
    PartnershipMember.objects.create(
        partnership=plan.partnership, organisation=organisation_make(OURS[2])
    )
    plan_make(key="their-plan", partnership="their-partnership")
    person_make("theirs", role=Role.ANALYST, organisation=THEIRS, partnership="their-partnership")
    return plan


def _options(html: str) -> set[str]:
    names = set(OURS) | {THEIRS}
    return {name for name in names if f">{name}</option>" in html}


def test_the_measure_and_commitment_forms_offer_only_the_partnerships_organisations(
    client: Client, plan: Plan
) -> None:
    client.force_login(analyst_make(partnership=plan.partnership))
    measure = Measure.objects.get(outcome__priority__plan=plan)
    for path in (
        reverse("plans:part-edit", args=[plan.key, "measures", measure.pk]),
        reverse("plans:part-add", args=[plan.key, "commitments"]),
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert _options(page.content.decode()) == set(OURS), path


def test_a_posted_organisation_of_another_partnership_is_refused(
    client: Client, plan: Plan
) -> None:
    client.force_login(analyst_make(partnership=plan.partnership))
    theirs = organisation_make(THEIRS)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    owner = measure.owner_organisation_id
    edit = reverse("plans:part-edit", args=[plan.key, "measures", measure.pk])
    refused = client.post(edit, _measure_form(owner_organisation=str(theirs.pk)))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    measure.refresh_from_db()
    assert measure.owner_organisation_id == owner

    commitments = Commitment.objects.count()
    add = reverse("plans:part-add", args=[plan.key, "commitments"])
    form = {"title": "Open hubs", "key": "", "priority": "", "description": "", "lead": ""}
    form |= {"due_day": "", "due_month": "", "due_year": "", "status": "not_started", "order": "0"}
    refused = client.post(add, {**form, "owner_organisation": str(theirs.pk)})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert Commitment.objects.count() == commitments
    # The same form with one of the partnership's organisations is accepted.
    police = organisation_make(OURS[1])
    accepted = client.post(add, {**form, "owner_organisation": str(police.pk)})
    assert accepted.status_code == 302
    assert Commitment.objects.get(plan=plan, title="Open hubs").owner_organisation == police


def test_action_owners_are_the_partnerships_organisations_only(client: Client, plan: Plan) -> None:
    body = body_make(partnership=plan.partnership)
    meeting = meeting_make(body, dt.date(2016, 7, 14))
    action_make(body, meeting=meeting)
    client.force_login(analyst_make(partnership=plan.partnership))
    path = reverse("governance:action-add", args=[plan.partnership.key, body.key, meeting.pk])
    page = client.get(path)
    assert page.status_code == 200
    assert _options(page.content.decode()) == set(OURS)
    actions = Action.objects.count()
    theirs = organisation_make(THEIRS)
    refused = client.post(path, {"text": "Report back", "owner_organisation": str(theirs.pk)})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert Action.objects.count() == actions
