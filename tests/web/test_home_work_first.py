"""The home page leads with the person's work: commentary owed, actions, what they own,
the next meetings, board packs to build; then their plans; then the evidence loaded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from cypp.commentary.services import reporting_periods_create
from cypp.governance.models import Meeting
from cypp.reports.models import BoardPack
from tests.commentary.helpers import world_make
from tests.governance.factories import body_make, meeting_make
from tests.plans.factories import plan_make

pytestmark = pytest.mark.django_db


def _headings(html: str) -> list[str]:
    """The page's level-2 headings in order, as words."""
    main = html[html.index("<main") :]
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", main)]


def _before(headings: list[str], *names: str) -> bool:
    positions = [headings.index(n) for n in names]
    return positions == sorted(positions)


def test_a_visitor_sees_plans_then_the_evidence(client):
    headings = _headings(client.get("/").content.decode())
    assert _before(headings, "Plans", "Evidence loaded")
    for work in ("Your actions", "Next meetings", "Board packs to build", "Commentary you owe"):
        assert work not in headings
    html = client.get("/").content.decode()
    assert 'href="/evidence/">Find and compare indicators in the Evidence area</a>' in html


def test_a_contributor_sees_their_work_before_their_plans_and_the_evidence(client):
    world = world_make(key="home-work")
    client.force_login(world.contributor)
    headings = _headings(client.get("/").content.decode())
    assert _before(
        headings,
        "Commentary you owe",
        "Your actions",
        "Your measures and commitments",
        "Next meetings",
        "Your plans",
        "Evidence loaded",
    )
    # Building packs is an officer's job.
    assert "Board packs to build" not in headings


def test_an_analyst_sees_the_packs_to_build_after_the_meetings_and_before_the_plans(client):
    world = world_make(key="home-analyst")
    client.force_login(world.analyst)
    headings = _headings(client.get("/").content.decode())
    assert _before(
        headings,
        "Your actions",
        "Next meetings",
        "Board packs to build",
        "Your plans",
        "Evidence loaded",
    )


def test_the_next_meetings_are_the_planned_ones_from_today_soonest_first(client):
    world = world_make(key="home-meetings")
    board = body_make("board", partnership=world.plan.partnership, name="Children's Board")
    today = timezone.localdate()
    meeting_make(board, today - dt.timedelta(days=7), status=Meeting.Status.HELD)
    later = meeting_make(board, today + dt.timedelta(days=60), status=Meeting.Status.PLANNED)
    sooner = meeting_make(board, today + dt.timedelta(days=10), status=Meeting.Status.PLANNED)
    client.force_login(world.viewer)
    html = client.get("/").content.decode()
    section = html[html.index("Next meetings") : html.index("Your plans")]
    assert section.count("Children&#x27;s Board, ") == 2
    assert section.index(f"{sooner.date:%-d %B %Y}") < section.index(f"{later.date:%-d %B %Y}")
    assert f"/meetings/{sooner.pk}/" in section


def test_a_pack_is_due_for_the_latest_ended_period_until_one_is_built(client):
    world = world_make(key="home-packs")
    client.force_login(world.analyst)
    # The plan ran 2015 to 2018: its last quarter, January to March 2018, has ended.
    last = world.plan.reporting_periods.order_by("-start").first()
    assert last is not None and last.end == dt.date(2018, 3, 31)
    html = client.get("/").content.decode()
    section = html[html.index("Board packs to build") : html.index("Your plans")]
    assert f"Plan home-packs: {last.label}" in section
    assert f"/plans/home-packs/board-packs/?period={last.key}" in section
    BoardPack.objects.create(plan=world.plan, period=last, title="Pack", status="ready")
    html = client.get("/").content.decode()
    section = html[html.index("Board packs to build") : html.index("Your plans")]
    assert "Plan home-packs" not in section
    assert "Every plan you edit has a pack for its latest reporting period" in section


def test_a_failed_pack_leaves_the_pack_due(client):
    world = world_make(key="home-failed")
    last = world.plan.reporting_periods.order_by("-start").first()
    BoardPack.objects.create(plan=world.plan, period=last, title="Pack", status="failed")
    client.force_login(world.analyst)
    html = client.get("/").content.decode()
    section = html[html.index("Board packs to build") : html.index("Your plans")]
    assert f"Plan home-failed: {last.label}" in section


def test_meetings_and_packs_do_not_add_queries_per_meeting_or_plan(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cypp.reports.packs_due import packs_due

    world = world_make(key="home-count")
    client.force_login(world.analyst)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    board = body_make("board", partnership=world.plan.partnership)
    for days in (5, 15, 25):
        meeting_make(
            board, timezone.localdate() + dt.timedelta(days=days), status=Meeting.Status.PLANNED
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
    # The packs due: the plans' ended periods, then the packs built for the latest ones.
    second = plan_make(key="home-count-2")
    reporting_periods_create(plan=second, by=None)
    with django_assert_num_queries(2):
        assert len(packs_due(plans=[world.plan])) == 1
    with django_assert_num_queries(2):
        assert len(packs_due(plans=[world.plan, second])) == 2
    with django_assert_num_queries(0):
        assert packs_due(plans=[]) == []
