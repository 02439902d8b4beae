"""The API object: its title, version, authentication and error handlers, and its routers.

Served at ``/api/v1/`` (``cypp.config.urls``); the OpenAPI document at
``/api/v1/openapi.json`` and its pages at ``/api/v1/docs``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from cypp.api.auth import api_auth
from cypp.api.caching import answer
from cypp.api.errors import ApiProblem
from cypp.api.openapi import ApiDocs, CyppApi, problems_register
from cypp.api.routers import evidence, governance, partnerships, plans, uploads
from cypp.api.schemas import ApiIndex, responses

api = CyppApi(
    title="CYPP API",
    version="1",
    description="A children's partnership's plan, measures, judgements and evidence as JSON.",
    urls_namespace="api-v1",
    auth=api_auth,
    docs=ApiDocs(),
)
problems_register(api)


@api.exception_handler(ApiProblem)
def _problem(request, error: ApiProblem):  # type: ignore[no-untyped-def]
    return error.response(request)


@api.get("/", summary="What the API offers", tags=["index"], response=responses(ApiIndex))
def index(request: HttpRequest) -> HttpResponse:
    """The API's version and where its OpenAPI document and its documentation are."""
    body = {
        "version": "1",
        "openapi": request.build_absolute_uri("openapi.json"),
        "docs": request.build_absolute_uri("docs"),
    }
    return answer(request, ApiIndex, body)


api.add_router("/", partnerships.router)  # partnerships
api.add_router("/", plans.router)  # plans, outcomes, measures, scorecard, periods, packs
api.add_router("/", governance.router)  # a plan's governance actions
api.add_router("/", evidence.router)  # indicators, observations, benchmarks
api.add_router("/", uploads.router)  # uploads of local data: POST /imports
