"""ETags, conditional requests and cache headers on the read endpoints, the docs page under
the site's CSP, and query counts that do not grow with the rows of a list."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import api_get, token_for
from tests.api.world import world_make
from tests.plans.factories import plan_make, viewer_make

pytestmark = pytest.mark.django_db


def test_etag_and_304_for_if_none_match() -> None:
    world_make()
    first = api_get("/plans/public-plan/scorecard")
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first["Cache-Control"] == "public, max-age=60"
    assert "Authorization" in first["Vary"]
    again = api_get("/plans/public-plan/scorecard", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    weak = api_get("/plans/public-plan/scorecard", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    assert weak.status_code == 304
    other = api_get("/plans/public-plan/scorecard", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200 and other.content == first.content


def test_a_token_read_is_private() -> None:
    world_make()
    response = api_get("/plans/public-plan", token_for(viewer_make()))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]


def test_docs_page_works_without_outside_scripts() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/plans/{key}/scorecard" in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    document = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/indicators/{source}/{code}/benchmark" in document["paths"]


@pytest.mark.parametrize(
    "path",
    [
        "/plans/public-plan/measures?page_size=500",
        "/plans/public-plan/scorecard",
        "/plans/public-plan",
        "/plans/public-plan/outcomes",
        "/plans",
        "/partnerships",
    ],
)
def test_queries_do_not_grow_with_rows(django_assert_num_queries: Any, path: str) -> None:
    """A plan of 12 measures (and a second plan in the lists) costs the queries of a plan
    of 2 measures alone."""
    small = plan_make(key="plan-small", public=True, measures=2)
    with CaptureQueriesContext(connection) as captured:
        assert api_get(path.replace("public-plan", small.key)).status_code == 200
    large = plan_make(key="plan-large", public=True, measures=12)
    with django_assert_num_queries(len(captured)):
        assert api_get(path.replace("public-plan", large.key)).status_code == 200


def test_the_index_has_an_etag_and_names_the_document() -> None:
    response = api_get("/")
    assert response.status_code == 200 and response["ETag"]
    body = response.json()
    assert body["version"] == "1"
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["docs"].endswith("/api/v1/docs")
    assert Client().get("/api/v1/docs").status_code == 200


LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"},
}


def test_judgements_are_made_once_per_version_of_the_plan_and_its_data() -> None:
    from django.core.cache import caches
    from django.test import override_settings

    from cypp.plans.models import Measure
    from cypp.plans.services import plan_part_save
    from tests.plans.factories import analyst_make

    world = world_make()
    with override_settings(CACHES=LOCMEM):
        caches["pages"].clear()
        path = "/plans/public-plan/scorecard"
        with CaptureQueriesContext(connection) as judged:
            first = api_get(path)
        with CaptureQueriesContext(connection) as kept:
            polled = api_get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert polled.status_code == 304
        # The plan, who may read it, and the versions of the plan and the data: no judgement.
        assert len(kept) <= 6 < len(judged), [q["sql"] for q in kept.captured_queries]
        assert api_get(path).content == first.content

        measure = Measure.objects.filter(outcome__priority__plan__key="public-plan").first()
        assert measure is not None
        measure.title = "Renamed by the analyst"
        plan_part_save(by=analyst_make(), plan=world.public, instance=measure, fields=["title"])
        changed = api_get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
        assert "Renamed by the analyst" in changed.content.decode()

        # A body kept for a reader of the private plan is never given to anybody else.
        secret = token_for(viewer_make(partnership=world.private.partnership))
        assert api_get("/plans/private-plan/scorecard", secret).status_code == 200
        assert api_get("/plans/private-plan/scorecard").status_code == 404
