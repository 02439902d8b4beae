"""The history of a plan and of a commentary shows drafts, returned versions, return reasons
and quotes saved before consent only to their writers and reviewers (docs/commentary.md):
a viewer, a contributor of another organisation, and anyone of another partnership reading
a public plan see that a commentary was approved, never the words before."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Role
from cypp.commentary import services
from cypp.commentary.models import QualitativeEvidence
from tests.commentary.helpers import STORY, World, world_make
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db

FIRST_DRAFT = "FIRSTDRAFTWORDS about the market towns"
REASON = "RETURNREASONWORDS: say which towns"
APPROVED = "APPROVEDWORDS: Leominster and Bromyard"
QUOTE = "UNCONSENTEDQUOTEWORDS from a mother"
HIDDEN = (FIRST_DRAFT, REASON, QUOTE)


def _story(world: World) -> None:
    """Written, returned with a reason, written again and approved; and a quote saved
    before anyone recorded consent."""
    w = world
    draft = services.measure_commentary_save(
        measure=w.measure,
        period=w.period,
        by=w.contributor,
        **{**STORY, "story_behind_curve": FIRST_DRAFT},
    )
    draft = services.measure_commentary_submit(commentary=draft, by=w.contributor)
    services.measure_commentary_return(commentary=draft, by=w.lead, reason=REASON)
    again = services.measure_commentary_save(
        measure=w.measure, period=w.period, by=w.contributor, story_behind_curve=APPROVED
    )
    again = services.measure_commentary_submit(commentary=again, by=w.contributor)
    services.measure_commentary_approve(commentary=again, by=w.lead)
    services.qualitative_evidence_save(
        outcome=w.measure.outcome,
        period=w.period,
        by=w.contributor,
        kind=QualitativeEvidence.Kind.QUOTE,
        title="Said on the ward",
        text=QUOTE,
    )


def _page(user: User, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


@pytest.fixture
def world() -> World:
    w = world_make()
    w.plan.public = True
    w.plan.save()
    _story(w)
    return w


def test_the_plan_history_hides_the_workings_from_readers(world: World) -> None:
    history = reverse("plans:history", args=[world.plan.key])
    outsider = person_make("outsider", role=Role.ANALYST, partnership="another-partnership")
    for reader in (world.viewer, world.other, outsider):
        page = _page(reader, history)
        shown = [words for words in HIDDEN if words in page]
        assert shown == [], f"{reader} reads {shown} in the plan's history"
        assert "Approved" in page  # the approval itself is part of the story
    for insider in (world.contributor, world.lead, world.analyst):
        page = _page(insider, history)
        assert all(words in page for words in HIDDEN), insider


def test_a_reader_of_approved_commentary_sees_no_earlier_version_or_reason(world: World) -> None:
    path = reverse("commentary:write", args=[world.plan.key, world.period.key, world.measure.pk])
    page = _page(world.viewer, path)
    assert APPROVED in page
    assert FIRST_DRAFT not in page and REASON not in page
    assert "Earlier versions" not in page
    writer = _page(world.contributor, path)
    assert "Earlier versions" in writer and FIRST_DRAFT in writer and REASON in writer
