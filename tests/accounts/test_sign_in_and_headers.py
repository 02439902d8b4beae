"""Sign-in throttling (django-axes), the Content Security Policy and the production cookie
and transport settings."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.config.test_settings import _import_settings
from tests.plans.factories import PASSWORD, viewer_make

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"

# Exactly these directives and sources (django-csp does not keep their order).
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    policy = {d[0]: d[1:] for d in directives}
    assert len(policy) == len(directives), "a directive given twice"
    return policy


def _sign_in(client, password: str, username: str = "viewer"):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_the_right_password_signs_in(client):
    viewer_make()
    response = _sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_30_minutes(client):
    viewer_make()
    for attempt in range(4):
        response = _sign_in(client, "wrong")
        assert response.status_code == 200, attempt
        assert "Please enter a correct username and password" in response.content.decode()
    fifth = _sign_in(client, "wrong")
    assert fifth.status_code == 429
    response = _sign_in(client, PASSWORD)  # the right one, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "<title>Your account is locked – CYPP</title>" in html
    assert '<h1 class="govuk-heading-l">Your account is locked</h1>' in html
    assert "entered 5 times" in html and "for 30 minutes" in html
    last = AccessAttempt.objects.get(username="viewer").attempt_time
    until = timezone.localtime(last + dt.timedelta(minutes=30))
    assert f"You can try again after {until:%-I:%M}{until:%p}".lower() in html.lower()


def test_the_lock_is_for_one_username_and_ends_after_30_minutes(client):
    viewer_make()
    viewer_make("other")
    for _ in range(5):
        _sign_in(client, "wrong")
    assert _sign_in(client, PASSWORD, username="other").status_code == 302
    client.logout()
    AccessAttempt.objects.filter(username="viewer").update(
        attempt_time=timezone.now() - dt.timedelta(minutes=31)
    )
    assert _sign_in(client, PASSWORD).status_code == 302


def test_a_right_password_clears_the_count(client):
    viewer_make()
    for _ in range(4):
        _sign_in(client, "wrong")
    assert _sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "wrong").status_code == 200


def test_every_page_has_the_strict_content_security_policy(client):
    for url in ["/", "/plans/", SIGN_IN]:
        response = client.get(url)
        assert _policy(response["Content-Security-Policy"]) == EXPECTED_CSP, url
        assert "unsafe" not in response["Content-Security-Policy"]
    assert client.get("/")["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_sign_in_form_carries_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert "csrfmiddlewaretoken" in strict.get(SIGN_IN).content.decode()
    assert strict.post(SIGN_IN, {"username": "x", "password": "y"}).status_code == 403


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-looking-secret-key-for-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": "cypp.example.org",
    "DATABASE_URL": "postgres://x@y/z",
}


def test_production_cookies_and_transport_are_secure():
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "AXES_FAILURE_LIMIT",
    ]
    module = "cypp.config.settings.production"
    script = (
        f"{module}; import json; from {module} import *; "
        f"print(json.dumps({{n: globals()[n] for n in {names!r}}}))"
    )
    result = _import_settings(script, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "AXES_FAILURE_LIMIT": 5,
    }


def test_production_passes_djangos_deployment_checks_for_security():
    script = (
        "os; os.environ['DJANGO_SETTINGS_MODULE'] = 'cypp.config.settings.production'; "
        "import django; django.setup(); "
        "from django.core import checks; "
        "print(' '.join(m.id for m in checks.run_checks("
        "include_deployment_checks=True, tags=['security'])))"
    )
    result = _import_settings(script, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # Only the HSTS preload list is left to choose (SECURE_HSTS_PRELOAD): hard to undo.
    assert result.stdout.split() == ["security.W021"]
