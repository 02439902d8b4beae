"""Partnerships: those with a plan the caller may read, or a role of theirs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.params.functions import Path

from cypp.api import schemas
from cypp.api.caching import answer
from cypp.api.errors import ApiProblem
from cypp.api.pagination import Paging, paginated
from cypp.api.routers.common import SLUG, caller_user, url_for
from cypp.api.selectors import partnerships_readable, plans_readable

router = Router(tags=["partnerships"])


def _partnership(request: HttpRequest, partnership: Any, plan_keys: list[str]) -> dict[str, Any]:
    return {
        "key": partnership.key,
        "name": partnership.name,
        "area": {"code": partnership.area.code, "name": partnership.area.name},
        "description": partnership.description,
        "plans": plan_keys,
        "url": url_for(request, "api-v1:partnership", partnership.key),
    }


def _plan_keys_by_partnership(request: HttpRequest) -> dict[int, list[str]]:
    keys: dict[int, list[str]] = {}
    for partnership_id, key in plans_readable(user=caller_user(request)).values_list(
        "partnership_id", "key"
    ):
        keys.setdefault(partnership_id, []).append(key)
    return keys


@router.get(
    "/partnerships",
    response=schemas.responses(schemas.Page[schemas.Partnership]),
    url_name="partnerships",
    summary="Partnerships",
    tags=["partnerships"],
)
def partnerships(request: HttpRequest, paging: Query[Paging]) -> HttpResponse:
    """The partnerships with a plan the caller may read (or a role of theirs)."""
    keys = _plan_keys_by_partnership(request)
    body = paginated(
        request,
        partnerships_readable(user=caller_user(request)),
        paging,
        lambda p: _partnership(request, p, keys.get(p.pk, [])),
    )
    return answer(request, schemas.Page[schemas.Partnership], body)


@router.get(
    "/partnerships/{key}",
    response=schemas.responses(schemas.Partnership),
    url_name="partnership",
    summary="One partnership",
    tags=["partnerships"],
)
def partnership(
    request: HttpRequest,
    key: str = Path(..., pattern=SLUG, max_length=80, description="The partnership's key."),
) -> HttpResponse:
    found = partnerships_readable(user=caller_user(request)).filter(key=key).first()
    if found is None:
        raise ApiProblem(404, "Not found", f"No partnership has the key {key!r}.")
    keys = _plan_keys_by_partnership(request)
    return answer(
        request, schemas.Partnership, _partnership(request, found, keys.get(found.pk, []))
    )
