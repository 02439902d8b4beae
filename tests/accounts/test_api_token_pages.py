"""Your API tokens at /account/api-tokens/: the list, a new token's secret shown once, revoking
after a question; only your own; CSRF-protected; in Chromium without JavaScript, axe clean
at 1280 and 320 CSS pixels."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cypp.accounts.models import ApiToken
from cypp.accounts.tokens import api_token_create, secret_hash
from tests.api.helpers import api_get
from tests.browser.helpers import assert_clean_at
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"cypp_[A-Za-z0-9_-]{43}")


def _client(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_a_new_token_is_shown_once_and_then_only_by_its_prefix():
    user = person_make("viewer", role="viewer")
    client = _client(user)
    assert client.get("/account/api-tokens/").status_code == 200
    made = client.post(
        "/account/api-tokens/new/",
        {"name": "Dashboard", "scope": "read", "expires": "90"},
    )
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"] or "no-cache" in made["Cache-Control"]
    [secret] = set(SECRET.findall(made.content.decode()))
    token = ApiToken.objects.get(user=user)
    assert token.secret_hash == secret_hash(secret) and token.scope == "read"
    days = (token.expires_at - token.created_at).days
    assert days in (89, 90)
    listing = client.get("/account/api-tokens/").content.decode()
    assert "Dashboard" in listing and token.prefix in listing
    assert secret not in listing and not SECRET.search(listing)
    assert api_get("/", secret).status_code == 200


def test_the_form_says_what_is_missing():
    client = _client(person_make("viewer", role="viewer"))
    answer = client.post("/account/api-tokens/new/", {"name": "", "scope": "admin"})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "There is a problem" in body and 'href="#id_name"' in body and 'href="#id_scope"' in body
    assert ApiToken.objects.count() == 0


def test_a_token_that_never_expires_and_a_write_token():
    user = person_make("analyst", role="analyst")
    _client(user).post(
        "/account/api-tokens/new/", {"name": "Upload", "scope": "write", "expires": "0"}
    )
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write" and token.expires_at is None


def test_revoking_asks_first_and_then_the_token_stops_working():
    user = person_make("viewer", role="viewer")
    made = api_token_create(user=user, name="Old script", scope="read", by=user)
    client = _client(user)
    question = client.get(f"/account/api-tokens/{made.token.pk}/revoke/")
    assert question.status_code == 200 and "Revoke the token" in question.content.decode()
    assert ApiToken.objects.get().revoked_at is None  # asking changes nothing
    done = client.post(f"/account/api-tokens/{made.token.pk}/revoke/")
    assert done.status_code == 302 and done["Location"] == "/account/api-tokens/"
    assert ApiToken.objects.get().revoked_at is not None
    assert api_get("/", made.secret).status_code == 401
    assert "Revoked" in client.get("/account/api-tokens/").content.decode()


def test_someone_elses_token_is_not_found_and_not_listed():
    owner = person_make("owner", role="viewer")
    made = api_token_create(user=owner, name="Owner's script", scope="read", by=owner)
    other = _client(person_make("other", role="administrator"))
    assert "Owner&#x27;s script" not in other.get("/account/api-tokens/").content.decode()
    assert other.get(f"/account/api-tokens/{made.token.pk}/revoke/").status_code == 404
    assert other.post(f"/account/api-tokens/{made.token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_the_forms_need_the_csrf_token():
    user = person_make("viewer", role="viewer")
    made = api_token_create(user=user, name="x", scope="read", by=user)
    client = _client(user, enforce_csrf_checks=True)
    assert (
        client.post(
            "/account/api-tokens/new/", {"name": "y", "scope": "read", "expires": "30"}
        ).status_code
        == 403
    )
    assert client.post(f"/account/api-tokens/{made.token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.get().revoked_at is None


def test_signed_out_people_are_sent_to_sign_in():
    answer = Client().get("/account/api-tokens/")
    assert answer.status_code == 302 and "/account/sign-in/" in answer["Location"]


def _context(chromium: Any, address: str, user: Any, width: int, *, javascript: bool) -> Any:
    """A browser context already signed in as ``user`` (signing in is tested elsewhere)."""
    client = _client(user)
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": address,
            }
        ]
    )
    return context


def _journey(page: Any, address: str, user: Any, check: Any) -> None:
    """From your account to a new token and back, revoking it; ``check`` on every page."""
    page.goto(f"{address}/account/")
    page.get_by_role("link", name="Manage your API tokens").click()
    page.wait_for_url("**/account/api-tokens/")
    assert page.get_by_role("heading", level=1).inner_text() == "API tokens"
    check(page)
    page.get_by_role("button", name="Create a token").click()
    page.wait_for_url("**/api-tokens/new/")
    page.get_by_role("button", name="Create the token").click()  # nothing filled in
    page.wait_for_load_state("load")
    assert "There is a problem" in page.content()
    check(page)
    page.get_by_label("Name").fill("Nightly upload")
    page.get_by_label("Read and write").check()
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create the token").click()
    page.wait_for_load_state("load")
    secret = page.locator("#token-secret").input_value()
    assert SECRET.fullmatch(secret)
    check(page)
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write" and token.secret_hash == secret_hash(secret)
    page.get_by_role("link", name="Go to your API tokens").click()
    page.wait_for_url("**/account/api-tokens/")
    assert "Nightly upload" in page.content() and secret not in page.content()
    page.get_by_role("link", name="Revoke Nightly upload").click()
    page.wait_for_url("**/revoke/")
    check(page)
    page.get_by_role("button", name="Revoke the token").click()
    page.wait_for_url("**/account/api-tokens/")
    assert "is revoked" in page.content()
    check(page)
    assert ApiToken.objects.get().revoked_at is not None


@pytest.mark.browser
def test_in_chromium_without_javascript_a_person_makes_and_revokes_a_token(
    site_url: str,
    browser: Any,
):
    user = person_make("viewer", role="viewer")
    context = _context(browser, site_url, user, 1280, javascript=False)
    _journey(context.new_page(), site_url, user, lambda _page: None)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_every_token_page_is_axe_clean_and_reflows(
    site_url: str,
    browser: Any,
    width,
):
    user = person_make("viewer", role="viewer")
    context = _context(browser, site_url, user, width, javascript=True)
    _journey(context.new_page(), site_url, user, lambda page: assert_clean_at(page, width))
    context.close()
