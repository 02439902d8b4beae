"""Answers to reads: the body checked against its schema, an ETag, conditional requests and
the cache headers.

The ETag is the SHA-256 of the body as sent (a strong validator: the same bytes, the same
tag), so a client that sends it back in ``If-None-Match`` gets ``304 Not Modified`` and no
body when nothing changed. Anonymous reads are of public data only and may be kept by any
cache for a minute; a read made with a token may hold private data and is kept by none.
``Vary: Authorization`` stops a shared cache from giving one caller's answer to another.

A plan's judgements (its measures, one measure, its scorecard) cost the rating engine a
pass over every measure, so those bodies are kept as the report pages keep theirs (ADR
0005, ``cypp.reports.page_cache``): made at most once per version of the plan and its data,
for each address asked (the links in a body name the host, and the query chooses the page
and the period). A client polling with ``If-None-Match`` then costs a few indexed queries,
not a judgement of the whole plan (``make bench``, ``benchmarks/bench_api.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from pydantic import BaseModel

from cypp.plans.models import Plan
from cypp.reports.page_cache import cached_body

PUBLIC = "public, max-age=60"
PRIVATE = "private, no-store"


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:40] + '"'


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names this ETag (weak comparison, as RFC 9110 asks for
    If-None-Match), or is ``*``."""
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def is_anonymous(request: HttpRequest) -> bool:
    """No token was used: the caller is nobody in particular."""
    caller = getattr(request, "auth", None)
    if caller is None:
        return True
    user = getattr(caller, "user", None)
    return getattr(caller, "token_id", None) is None and not getattr(
        user, "is_authenticated", False
    )


def content_of(schema: type[BaseModel], data: Any) -> bytes:
    """``data`` checked against ``schema`` and written as compact JSON: keys the schema does
    not name are not sent."""
    body = schema.model_validate(data).model_dump(mode="json")
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer(request: HttpRequest, schema: type[BaseModel], data: Any) -> HttpResponse:
    """The 200 answer (or a 304 when the client has it already) for ``data``, which is
    checked against ``schema``."""
    return answered(request, content_of(schema, data))


def answer_judged(
    request: HttpRequest, schema: type[BaseModel], plan: Plan, build: Callable[[], Any]
) -> HttpResponse:
    """As ``answer``, for a body of the plan's judgements made by ``build``: made at most
    once per version of the plan and its data for the address asked, then kept. A refusal
    ``build`` raises (an unknown measure or period) is not kept."""
    content = cached_body(
        plan=plan,
        name="api",
        variant=request.build_absolute_uri(),
        render=lambda: content_of(schema, build()).decode("utf-8"),
    )
    return answered(request, content.encode("utf-8"))


def answered(request: HttpRequest, content: bytes) -> HttpResponse:
    """The response for a body: 200 with it, or 304 without it when ``If-None-Match`` names
    its ETag; with the cache headers for the caller."""
    etag = etag_of(content)
    response: HttpResponse
    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC if is_anonymous(request) else PRIVATE
    patch_vary_headers(response, ["Authorization"])
    return response
