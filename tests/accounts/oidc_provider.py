"""A local OpenID Connect provider for the tests (oidc-provider-mock, in a thread), and the
steps of a sign-in through it with the Django test client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import requests
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "cypp-tests"
CLIENT_SECRET = "not-a-secret"


@contextmanager
def provider_running() -> Iterator[str]:
    """The provider's address (its issuer), while it runs."""
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def sso_settings(settings: Any, provider: str, name: str = "Microsoft") -> None:
    """Point the site at the provider, by its discovery address only."""
    from cypp.accounts.oidc import discovery_forget

    discovery_forget()
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY = provider
    settings.OIDC_PROVIDER_NAME = name


def provider_person(provider: str, sub: str, claims: dict[str, Any]) -> None:
    """Tell the provider who ``sub`` is (the claims it will give)."""
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()


def provider_answer(authorize_url: str, sub: str) -> str:
    """Sign in at the provider's page as ``sub``; the address it sends the browser back to."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def sso_sign_in(client: Any, provider: str, sub: str, next_page: str = "/plans/") -> Any:
    """The whole round trip with the test client; the callback's response."""
    start = client.get(f"/account/oidc/sign-in/?next={next_page}")
    assert start.status_code == 302, start
    assert start["Location"].startswith(f"{provider}/oauth2/authorize?")
    back = urlsplit(provider_answer(start["Location"], sub))
    assert back.path == "/account/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")
