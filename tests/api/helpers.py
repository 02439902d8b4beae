"""What the API's tests of tokens, uploads and limits share: a token for a person, and a
client call with it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cypp.accounts.tokens import api_token_create


def token_for(user: Any, scope: str = "read", name: str = "test") -> str:
    """A new token's secret for ``user`` (made by the command line's way: ``by=None``)."""
    return api_token_create(user=user, name=name, scope=scope, by=None).secret


def bearer(secret: str) -> dict[str, str]:
    """The header a script sends its token in, as the test client takes it."""
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def api_get(path: str, secret: str | None = None, **extra: Any) -> Any:
    headers = bearer(secret) if secret else {}
    return Client().get(f"/api/v1{path}", **headers, **extra)


def api_post_csv(path: str, body: str, secret: str | None = None, **extra: Any) -> Any:
    headers = bearer(secret) if secret else {}
    return Client().post(
        f"/api/v1{path}", data=body.encode(), content_type="text/csv", **headers, **extra
    )
