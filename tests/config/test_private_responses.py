"""Cache-Control: no-store, private on every response to a signed-in person and on private
downloads; anonymous visitors' public pages keep their caching."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory

from cypp.web.cache_control import PrivateResponsesNotStoredMiddleware
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


NOT_STORED = {"no-store", "private", "no-cache", "must-revalidate", "max-age=0"}


def test_every_page_for_a_signed_in_person_is_not_stored() -> None:
    plan = plan_make()
    client = Client()
    client.force_login(viewer_make())
    for url in ["/", "/plans/", f"/plans/{plan.key}/", f"/plans/{plan.key}/scorecard/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _directives(response) == NOT_STORED, url
        assert "Expires" in response


def test_exports_of_a_plan_that_is_not_public_are_not_stored() -> None:
    plan = plan_make()
    client = Client()
    client.force_login(analyst_make())
    for fmt in ["csv", "xlsx"]:
        response = client.get(f"/plans/{plan.key}/scorecard.{fmt}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert _directives(response) == NOT_STORED, fmt


def test_public_pages_for_anonymous_visitors_keep_their_caching() -> None:
    plan = plan_make(public=True)
    anonymous = Client()
    for url in ["/", f"/plans/{plan.key}/scorecard/", f"/plans/{plan.key}/scorecard.csv"]:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert not {"no-store", "private"} & _directives(response), url


def test_a_page_marked_public_by_its_view_becomes_private_for_a_signed_in_person() -> None:
    def cached_view(_request):
        response = HttpResponse("hello")
        response["Cache-Control"] = "public, max-age=600"
        return response

    middleware = PrivateResponsesNotStoredMiddleware(cached_view)
    request = RequestFactory().get("/")
    request.user = viewer_make()
    assert _directives(middleware(request)) == NOT_STORED
    request.user = AnonymousUser()
    assert _directives(middleware(request)) == {"public", "max-age=600"}
