"""The plans side of the read API: who sees what, the plan's structure and versions, the
measures' judgements (checked against figures read from the source file), the scorecard,
periods, board packs and governance actions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import api_get, token_for
from tests.api.world import HEREFORDSHIRE, World, lait_rows, world_make
from tests.plans.factories import viewer_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_make()


def _json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_anonymous_lists_only_public_plans(world: World) -> None:
    body = _json(api_get("/plans"))
    assert [p["key"] for p in body["results"]] == ["public-plan"]
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None


def test_an_address_no_operation_answers_is_a_problem_not_a_page() -> None:
    # Schemathesis sent a code with a newline in it: no route matched, and the site's HTML
    # page answered a script that reads JSON.
    for path in ("/nothing-here", "/indicators/lait/a%0Ab", "/indicators/lait/"):
        response = api_get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404 and "/api/v1/docs" in response.json()["detail"]


def test_a_private_plan_is_not_found_for_anonymous(world: World) -> None:
    for path in ("", "/measures", "/scorecard", "/outcomes", "/periods", "/actions"):
        response = api_get(f"/plans/private-plan{path}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        # The same answer as for a plan that does not exist: nothing is given away.
        assert response.json()["detail"] == "No plan has the key 'private-plan'."


def test_a_viewer_of_the_partnership_reads_its_private_plan(world: World) -> None:
    viewer = viewer_make("other-viewer", partnership="other-partnership")
    secret = token_for(viewer)
    body = _json(api_get("/plans", secret))
    assert sorted(p["key"] for p in body["results"]) == ["private-plan", "public-plan"]
    assert _json(api_get("/plans/private-plan", secret))["public"] is False


def test_plan_structure_and_versions(world: World) -> None:
    body = _json(api_get("/plans/public-plan"))
    [priority] = body["priorities"]
    assert priority["key"] == "early-years"
    [outcome] = priority["outcomes"]
    assert [m["key"] for m in outcome["measures"]] == [
        "measure-0",
        "measure-1",
        "children-waiting",
    ]
    assert outcome["measures"][0]["indicator"] == "lait:6wksBreast"
    assert outcome["measures"][0]["target_value"] == 60.0
    assert body["versions"] == {
        "version": "",
        "status": "draft",
        "approval": {"approved_by": "", "approved_on": None},
        "succeeds": None,
        "succeeded_by": [],
        "revisions": [],
    }


def test_plan_filters(world: World) -> None:
    assert _json(api_get("/plans?status=approved"))["count"] == 0
    assert _json(api_get("/plans?partnership=test-partnership"))["count"] == 1
    problem = _json(api_get("/plans?status=finished"), 422)
    assert problem["errors"][0]["field"] == "status"


def test_measure_judgement_uses_the_latest_published_figure(world: World) -> None:
    """Herefordshire's latest breastfeeding figure and England's, from the LAIT file."""
    hereford = lait_rows("6wksBreast", "Herefordshire")
    england = lait_rows("6wksBreast", "England")
    year = max(y for y, v in hereford.items() if v not in ("-", "x", "c"))
    body = _json(api_get("/plans/public-plan/measures/measure-0"))
    assert body["indicator"] == "lait:6wksBreast"
    # LAIT's "2024" for this indicator is the financial year 2023-24.
    assert body["latest"]["period"] == f"{int(year) - 1}-{year[2:]}"
    # LAIT prints two decimals; the judgement writes the indicator's (at most two).
    assert body["latest"]["value"] == pytest.approx(float(hereford[year]), abs=0.051)
    assert body["england"]["value"] == pytest.approx(float(england[year]), abs=0.051)
    assert body["outcome"] == "school-ready" and body["priority"] == "early-years"
    measure = world.local_measure.outcome.measures.get(key="measure-0")
    assert body["url"].endswith(f"/plans/public-plan/measures/{measure.pk}/")


def test_a_local_small_number_is_withheld(world: World) -> None:
    body = _json(api_get("/plans/public-plan/measures/children-waiting"))
    series = {p["period"]: p["value"] for p in body["series"]}
    assert series == {"2022": 31, "2023": "c", "2024": 25}
    assert body["latest"] == {"period": "2024", "value": 25}


def test_measures_list_is_paginated(world: World) -> None:
    first = _json(api_get("/plans/public-plan/measures?page_size=2"))
    assert first["count"] == 3 and len(first["results"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = _json(api_get(first["next"].split("/api/v1", 1)[1]))
    assert [m["key"] for m in second["results"]] == ["children-waiting"]
    assert second["next"] is None and "page=1" in second["previous"]


@pytest.mark.parametrize("query", ["page=0", "page_size=501", "page=x"])
def test_bad_paging_is_a_problem_naming_the_parameter(world: World, query: str) -> None:
    response = api_get(f"/plans/public-plan/measures?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == query.split("=")[0]


def test_scorecard_as_at_a_reporting_period(world: World) -> None:
    body = _json(api_get("/plans/public-plan/scorecard?period=2019-q4"))
    assert body["plan"] == "public-plan"
    assert body["as_at"] == {"period": "January to March 2019", "end": "2019-03-31"}
    by_key = {m["key"]: m for m in body["measures"]}
    # Nothing after 31 March 2019: the local count's first figure is for 2022.
    assert by_key["children-waiting"]["latest"] is None
    latest = _json(api_get("/plans/public-plan/scorecard"))
    assert latest["as_at"] == {"period": None, "end": None}
    assert {m["key"]: m for m in latest["measures"]}["children-waiting"]["latest"] == {
        "period": "2024",
        "value": 25,
    }


def test_a_period_not_ended_or_unknown_is_refused(world: World) -> None:
    for key in ("2099-q1", "nonsense"):
        problem = _json(api_get(f"/plans/public-plan/measures?period={key}"), 422)
        assert problem["errors"][0]["field"] == "period"
        assert "2019-q4" in problem["detail"]


def test_periods_and_published_board_packs(world: World) -> None:
    periods = _json(api_get("/plans/public-plan/periods"))
    assert [p["key"] for p in periods["results"]] == ["2019-q4", "2099-q1"]
    packs = _json(api_get("/plans/public-plan/board-packs"))
    assert [p["title"] for p in packs["results"]] == ["Board pack, spring 2019"]
    assert packs["results"][0]["pdf"] is None  # no file built in this world


def test_actions_only_for_the_partnership(world: World) -> None:
    problem = _json(api_get("/plans/public-plan/actions"), 403)
    assert problem["status"] == 403
    viewer = viewer_make()
    body = _json(api_get("/plans/public-plan/actions", token_for(viewer)))
    [action] = body["results"]
    assert action["text"] == "Report on waiting times"
    assert action["overdue"] is True and action["due_date"] == "2020-01-31"


def test_partnerships(world: World) -> None:
    body = _json(api_get("/partnerships"))
    assert [(p["key"], p["plans"]) for p in body["results"]] == [
        ("test-partnership", ["public-plan"])
    ]
    assert _json(api_get("/partnerships/test-partnership"))["area"]["code"] == HEREFORDSHIRE
    assert api_get("/partnerships/other-partnership").status_code == 404


def test_the_plans_listed_are_those_the_pages_let_each_caller_read(world: World) -> None:
    """The list's filter is the pages' rule (``can_view_plan``), caller by caller."""
    from django.contrib.auth.models import AnonymousUser

    from cypp.plans.models import Plan
    from cypp.plans.permissions import can_view_plan

    viewer = viewer_make("other-viewer", partnership="other-partnership")
    for user, secret in ((AnonymousUser(), None), (viewer, token_for(viewer))):
        listed = {p["key"] for p in _json(api_get("/plans", secret))["results"]}
        assert listed == {p.key for p in Plan.objects.all() if can_view_plan(user, p)}
