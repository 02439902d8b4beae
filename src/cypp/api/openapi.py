"""The API's document and its pages: refusals written as problem+json in the OpenAPI
document, validation errors answered as problems naming the parameter, and a docs page
rendered on the server (no script from elsewhere: the site's CSP is ``script-src 'self'``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import DocsBase

from cypp.api.errors import PROBLEM_JSON, problem

METHODS = ("get", "post", "put", "patch", "delete")
# The operations anyone may call without a token (what they answer depends on who calls).
OPEN_READS = {"index", "partnerships", "plans", "governance", "evidence"}


class CyppApi(NinjaAPI):
    """NinjaAPI whose OpenAPI document says what the API really does: a refusal is
    ``application/problem+json`` (RFC 9457), not ``application/json``, and a read needs no
    token (one is optional)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if operation.get("security") and set(operation.get("tags", ())) & OPEN_READS:
                    # Reads are open to anonymous callers (public plans, open data): the
                    # token is optional there, which OpenAPI writes as an empty requirement.
                    operation["security"] = [{}, *operation["security"]]
                responses = operation.get("responses", {})
                if (operation.get("parameters") or operation.get("requestBody")) and (
                    "422" not in responses and 422 not in responses
                ):
                    # Any parameter can be invalid: the handler below answers 422.
                    responses[422] = {
                        "description": "Unprocessable Entity",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    }
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status)[0] in "45" and "application/json" in content:
                        response["content"] = {PROBLEM_JSON: content["application/json"]}
        return schema


def _parameter_errors(error: ValidationError) -> list[dict[str, Any]]:
    errors = []
    for item in error.errors:
        loc = [str(part) for part in item.get("loc", ())]
        where = loc[0] if loc else ""
        # ninja nests a query schema's fields under the argument's name: the field is last.
        field = loc[-1] if len(loc) > 1 else where
        errors.append({"field": field, "in": where, "reason": str(item.get("msg", ""))})
    return errors


def problems_register(api: NinjaAPI) -> None:
    """Every error an endpoint can meet answers with a problem body."""

    @api.exception_handler(ValidationError)
    def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = _parameter_errors(error)
        named = ", ".join(sorted({e["field"] for e in errors})) or "the request"
        return problem(422, "Invalid parameter", f"Check {named}.", errors=errors)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return problem(404, "Not found", str(error) or "There is nothing at this address.")

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return problem(403, "Forbidden", str(error) or "You may not read this.")


class ApiDocs(DocsBase):
    """The API's operations listed on a plain page made from the OpenAPI document."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        operations = []
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                if method not in METHODS:
                    continue
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "tags": op.get("tags", []),
                        "parameters": op.get("parameters", []),
                        "responses": sorted(op.get("responses", {}).items()),
                    }
                )
        return render(
            request,
            "api/docs.html",
            {
                "api": api,
                "operations": operations,
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
