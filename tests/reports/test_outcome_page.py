"""The outcome page: its measures, the approved evidence about it (only what may be
published), and the boards' decisions and actions about it, for readers of the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cypp.commentary.services import (
    qualitative_evidence_approve,
    qualitative_evidence_save,
    qualitative_evidence_submit,
)
from cypp.governance import services as governance
from cypp.plans.models import Outcome
from tests.governance.factories import action_make, body_make, meeting_make
from tests.reports.board_pack_helpers import demo_plan_with_periods

pytestmark = pytest.mark.django_db


def test_an_outcome_with_no_measure_shows_its_evidence_and_the_actions_about_it() -> None:
    plan, period, analyst, viewer = demo_plan_with_periods()
    outcome = Outcome.objects.get(priority__plan=plan, key="top-quartile")
    assert not outcome.measures.exists()
    quote = qualitative_evidence_save(
        outcome=outcome,
        period=period,
        by=analyst,
        kind="quote",
        title="Ready for school",
        text="My son can write his name now.",
        attributed_to="a parent",
        consent_recorded=True,
        consent_note="Consent form kept by the children's centre",
    )
    qualitative_evidence_approve(
        evidence=qualitative_evidence_submit(evidence=quote, by=analyst), by=analyst
    )
    draft = qualitative_evidence_save(
        outcome=outcome,
        period=period,
        by=analyst,
        kind="case_study",
        title="Not yet approved",
        text="A draft case study.",
    )
    body = body_make("health-and-wellbeing-board", partnership=plan.partnership)
    action = action_make(
        body, meeting=meeting_make(body, dt.date(2018, 1, 10)), text="Report on school readiness"
    )
    governance.plan_links_set(by=None, subject=action, targets=[outcome])
    client = Client()
    client.force_login(viewer)

    page = client.get(f"/plans/{plan.key}/outcomes/{outcome.pk}/").content.decode()

    assert outcome.title in page
    assert "No measure yet: how could success be measured?" in page
    assert "My son can write his name now." in page and "Consent to share was recorded" in page
    assert draft.title not in page
    assert "Decisions and actions about this outcome" in page
    assert "Report on school readiness" in page


def test_anyone_reads_a_public_plans_outcome_but_only_partners_see_decisions() -> None:
    plan, _period, _analyst, viewer = demo_plan_with_periods()
    assert plan.public  # the demo plans are published
    outcome = Outcome.objects.filter(priority__plan=plan).first()
    assert outcome is not None
    url = f"/plans/{plan.key}/outcomes/{outcome.pk}/"

    public = Client().get(url)
    assert public.status_code == 200
    assert "Decisions and actions" not in public.content.decode()
    partner = Client()
    partner.force_login(viewer)
    assert "Decisions and actions about this outcome" in partner.get(url).content.decode()
    assert partner.get(f"/plans/{plan.key}/outcomes/999999/").status_code == 404
