"""Error bodies of the API: RFC 9457 problem details, one shape for every refusal.

``{"type": "about:blank", "title": "Not found", "status": 404, "detail": "No plan 'x'."}``,
served as ``application/problem+json``; a refused upload adds ``errors``, one entry per
problem with the file, row, field and reason (as the import pages list them).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

PROBLEM_JSON = "application/problem+json"


def problem(
    status: int, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    """The response for a refusal: status, a short title, and the detail in words."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON)


class ApiProblem(Exception):
    """Raised in an endpoint to answer with a problem (handled in ``cypp.api.api``)."""

    def __init__(
        self, status: int, title: str, detail: str, *, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors

    def response(self, _request: HttpRequest | None = None) -> JsonResponse:
        return problem(self.status, self.title, self.detail, errors=self.errors)


def api_address_unknown(request: HttpRequest) -> JsonResponse:
    """An address under the API that no operation answers: a problem, as from every other
    refusal of the API, rather than the site's HTML page (a script reads JSON)."""
    return problem(
        404,
        "Not found",
        f"The API has no address {request.path!r}: its operations are listed at /api/v1/docs "
        "and in /api/v1/openapi.json.",
    )
