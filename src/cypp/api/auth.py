"""Who is calling the API: an anonymous caller, or a person through their API token.

Every endpoint receives a ``Caller`` as ``request.auth``; permission checks use
``caller.user`` exactly as the pages use ``request.user`` (``can_view_plan`` and the rules),
so the API can show nothing a page would not. Session cookies are not read by the API: a
script never carries one, and with no cookie there is no cross-site request to forge.

A token is sent as ``Authorization: Bearer <secret>`` (``cypp.accounts.tokens``). No header:
an anonymous caller, who reads what the public may read. A header with an unknown, revoked
or expired token: 401 (problem+json, ``WWW-Authenticate: Bearer``), never a quiet fall back
to anonymous, so a script whose token stopped working is told so. The rate limits
(``cypp.api.throttling``) are checked here too, once the caller is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from ninja.security import HttpBearer

from cypp.accounts.tokens import api_token_for_secret, api_token_used
from cypp.api.errors import ApiProblem
from cypp.api.throttling import client_address, rate_limit_check


@dataclass(frozen=True)
class Caller:
    """The person behind a request (``AnonymousUser`` when no token was sent) and what their
    token allows: ``"read"`` or ``"write"`` (``None`` for an anonymous caller)."""

    user: Any
    scope: str | None = None
    token_id: int | None = None

    @property
    def may_write(self) -> bool:
        return self.scope == "write"


class NotAuthenticated(ApiProblem):
    """401: the token is missing where one is needed, or does not open anything."""

    def __init__(self, detail: str, *, error: str = "") -> None:
        super().__init__(401, "Not authenticated", detail)
        self.error = error

    def response(self, _request: HttpRequest | None = None) -> JsonResponse:
        answer = super().response(_request)
        # RFC 6750 section 3: the scheme, and why a token that was sent was refused.
        challenge = 'Bearer realm="cypp"'
        if self.error:
            challenge += f', error="{self.error}"'
        answer["WWW-Authenticate"] = challenge
        return answer


class BearerToken(HttpBearer):
    """The API's authentication: declared in the OpenAPI document as the HTTP bearer scheme,
    and answering a ``Caller`` for every request (anonymous when no token is sent)."""

    def __call__(self, request: HttpRequest) -> Caller:
        sent = request.headers.get(self.header, "")
        if not sent:
            rate_limit_check(kind="anonymous", who=client_address(request))
            return Caller(user=AnonymousUser())
        scheme, _, secret = sent.strip().partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            rate_limit_check(kind="anonymous", who=client_address(request))
            raise NotAuthenticated(
                "Send the token as 'Authorization: Bearer <token>'.", error="invalid_request"
            )
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = api_token_for_secret(token)
        if found is None:
            # Counted by address: guessing tokens costs the same as any anonymous call.
            rate_limit_check(kind="anonymous", who=client_address(request))
            raise NotAuthenticated(
                "This token is not known, has been revoked or has expired.",
                error="invalid_token",
            )
        rate_limit_check(kind="token", who=str(found.pk))
        api_token_used(found)
        return Caller(user=found.user, scope=found.scope, token_id=found.pk)


api_auth = BearerToken()


def token_required(caller: Caller) -> None:
    """Refuse an anonymous caller with 401 (for what only a person may do)."""
    if caller.token_id is None:
        raise NotAuthenticated("This needs an API token: 'Authorization: Bearer <token>'.")


def write_scope_required(caller: Caller) -> None:
    """Refuse a caller whose token may only read (403), or who sent none (401)."""
    token_required(caller)
    if not caller.may_write:
        raise ApiProblem(
            403, "Forbidden", "This token may only read; sending data needs a 'write' token."
        )
