"""API tokens: stored hashed, shown once, revocable, expiring; a request with one acts as its
person, one with a bad one is refused with 401 and ``WWW-Authenticate: Bearer``, and none is
an anonymous caller. Session cookies open nothing in the API."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from cypp.accounts.models import ApiToken, AuditEvent
from cypp.accounts.tokens import (
    TokenRefused,
    api_token_create,
    api_token_for_secret,
    api_token_revoke,
    api_token_used,
)
from cypp.api.api import api
from tests.api.helpers import api_get, bearer
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db


def _whoami_path() -> str:
    # /imports/{id} of a batch that does not exist: 404 for a person who may import, 403
    # for one who may not, 401 for no token; enough to tell who the API thinks calls.
    return "/imports/999999"


def test_the_secret_is_stored_only_as_its_sha256_with_a_visible_prefix():
    user = person_make("analyst", role="analyst")
    made = api_token_create(user=user, name="Nightly upload", scope="write", by=user)
    token = ApiToken.objects.get()
    assert made.secret.startswith("cypp_") and len(made.secret) == 5 + 43
    assert token.secret_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert token.prefix == made.secret[:12]
    stored = [str(v) for v in ApiToken.objects.values_list(flat=False).get()]
    assert made.secret not in " ".join(stored)
    assert made.secret not in str(token)
    # A year, by default.
    lifetime = token.expires_at - token.created_at
    assert dt.timedelta(days=364, hours=23) < lifetime <= dt.timedelta(days=365, seconds=5)
    event = AuditEvent.objects.get(object_type="accounts.apitoken")
    assert event.action == "create" and event.user == user
    assert event.context == f"person:{user.pk}"
    assert made.secret not in str(event.changes) + event.object_repr


def test_a_person_manages_only_their_own_tokens():
    owner = person_make("owner", role="viewer")
    other = person_make("other", role="administrator")
    with pytest.raises(TokenRefused):
        api_token_create(user=owner, name="x", scope="read", by=other)
    made = api_token_create(user=owner, name="x", scope="read", by=owner)
    with pytest.raises(TokenRefused):
        api_token_revoke(token=made.token, by=other)
    with pytest.raises(TokenRefused):
        api_token_create(user=owner, name="x", scope="admin", by=owner)
    with pytest.raises(TokenRefused):
        api_token_create(user=owner, name="  ", scope="read", by=owner)


def test_no_header_is_anonymous_and_a_token_acts_as_its_person():
    analyst = person_make("analyst", role="analyst")
    viewer = person_make("viewer", role="viewer")
    assert api_get(_whoami_path()).status_code == 401
    assert (
        api_get(
            _whoami_path(), api_token_create(user=viewer, name="v", scope="read", by=None).secret
        ).status_code
        == 403
    )
    assert (
        api_get(
            _whoami_path(), api_token_create(user=analyst, name="a", scope="read", by=None).secret
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "state", ["unknown", "revoked", "expired", "inactive person", "not bearer"]
)
def test_a_token_that_opens_nothing_is_refused_with_401_and_a_bearer_challenge(state):
    user = person_make("analyst", role="analyst")
    made = api_token_create(user=user, name="t", scope="read", by=user)
    secret = made.secret
    if state == "unknown":
        secret = "cypp_" + "A" * 43
    elif state == "revoked":
        api_token_revoke(token=made.token, by=user)
    elif state == "expired":
        ApiToken.objects.filter(pk=made.token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif state == "inactive person":
        user.is_active = False
        user.save()
    headers = bearer(secret) if state != "not bearer" else {"HTTP_AUTHORIZATION": f"Token {secret}"}
    response = Client().get("/api/v1/", **headers)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]


def test_revoking_is_recorded_and_at_once():
    user = person_make("analyst", role="analyst")
    made = api_token_create(user=user, name="t", scope="read", by=user)
    assert api_get("/", made.secret).status_code == 200
    api_token_revoke(token=made.token, by=user)
    assert api_get("/", made.secret).status_code == 401
    assert api_token_for_secret(made.secret) is None
    event = AuditEvent.objects.filter(object_type="accounts.apitoken", action="update").get()
    assert list(event.changes) == ["revoked_at"]
    api_token_revoke(token=made.token, by=user)  # again: nothing more recorded
    assert AuditEvent.objects.filter(object_type="accounts.apitoken").count() == 2


def test_last_used_is_written_at_most_once_a_minute(django_assert_num_queries):
    user = person_make("analyst", role="analyst")
    made = api_token_create(user=user, name="t", scope="read", by=user)
    assert made.token.last_used_at is None
    api_get("/", made.secret)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    token = ApiToken.objects.get()
    with django_assert_num_queries(0):
        api_token_used(token)  # within the minute: no write, no query
    token.last_used_at = timezone.now() - dt.timedelta(minutes=2)
    with django_assert_num_queries(1):
        api_token_used(token)


def test_a_session_cookie_opens_nothing_in_the_api():
    user = person_make("analyst", role="analyst")
    client = Client()
    client.force_login(user)
    # Signed in on the site, but the API sees an anonymous caller.
    assert client.get("/api/v1" + _whoami_path()).status_code == 401


def test_the_openapi_document_declares_the_bearer_scheme():
    document = api.get_openapi_schema()
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    served = Client().get("/api/v1/openapi.json").json()
    assert served["components"]["securitySchemes"] == schemes


def test_the_command_line_makes_lists_and_revokes_tokens():
    from tests.conftest import cli

    user = person_make("analyst", role="analyst")
    made = cli(
        "accounts", "token", "create", "--user", "analyst", "--name", "Demo", "--scope", "write"
    )
    secret = made.strip().splitlines()[-1]
    token = ApiToken.objects.get(user=user)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.scope == "write" and f"Made token {token.pk} 'Demo' (write)" in made
    listed = cli("accounts", "token", "list", "--user", "analyst")
    assert token.prefix in listed and "Active" in listed and secret not in listed
    assert api_get("/", secret).status_code == 200
    cli("accounts", "token", "revoke", "--id", str(token.pk))
    assert api_get("/", secret).status_code == 401
    assert "Revoked" in cli("accounts", "token", "list", "--user", "analyst")
    forever = cli("accounts", "token", "create", "--user", "analyst", "--name", "F", "--no-expiry")
    assert "with no expiry" in forever
