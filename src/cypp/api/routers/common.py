"""What the routers share: the pattern of a key in a path, and the caller and addresses."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja.params.functions import Path

SLUG = r"^[-a-zA-Z0-9_]+$"
PlanKey = Path(..., pattern=SLUG, max_length=80, description="The plan's key.")


def url_for(request: HttpRequest, name: str, *args: Any) -> str:
    """The full address of a named URL (an API operation or a page)."""
    return request.build_absolute_uri(reverse(name, args=args))


def caller_user(request: HttpRequest) -> Any:
    """The person calling (``AnonymousUser`` without a token): ``request.auth.user``."""
    return request.auth.user  # type: ignore[attr-defined]
