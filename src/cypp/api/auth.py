"""Who is calling the API: an anonymous caller, or a person through their API token.

Every endpoint receives a ``Caller`` as ``request.auth``; permission checks use
``caller.user`` exactly as the pages use ``request.user`` (``can_view_plan`` and the rules),
so the API can show nothing a page would not. Session cookies are not read by the API: a
script never carries one, and with no cookie there is no cross-site request to forge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


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


def api_auth(request: HttpRequest) -> Caller:
    """Placeholder until tokens land: every caller is anonymous."""
    return Caller(user=AnonymousUser())
