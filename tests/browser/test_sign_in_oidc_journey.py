"""Signing in, in Chromium, with a local OpenID Connect provider (oidc-provider-mock): an
administrator sets up and passes two-factor after their password and reaches the home page,
then signs in through the provider (which does its own second factor) without being asked
again; a new person signs in through the provider and is told they have no role yet, until
the administrator, signed in through the provider, gives them one. Every
page of ours is checked with axe-core and for Content Security Policy violations."""

from __future__ import annotations

import hashlib
import hmac
import struct
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from cypp.accounts.models import Role
from tests.accounts.oidc_provider import provider_person, provider_running, sso_settings
from tests.browser.conftest import axe_violations
from tests.browser.helpers import watch_csp
from tests.plans.factories import PASSWORD, TEST_PARTNERSHIP, person_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def totp(key_hex: str, at: float) -> str:
    """RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) from the device's hex key."""
    digest = hmac.new(
        bytes.fromhex(key_hex), struct.pack(">Q", int(at // 30)), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


@pytest.fixture(scope="module")
def provider():
    with provider_running() as address:
        yield address


@pytest.fixture
def sso(settings, provider):
    sso_settings(settings, provider)
    return provider


def _at_provider_sign_in_as(page: Any, provider: str, sub: str) -> None:
    assert page.url.startswith(f"{provider}/oauth2/authorize?")
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_an_administrator_passes_two_factor_then_signs_in_through_the_provider(site_url, page, sso):
    csp = watch_csp(page)
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    boss.email = "boss@herefordshire.gov.uk"
    boss.save()

    page.goto(f"{site_url}/account/sign-in/")
    assert page.get_by_role("button", name="Sign in with Microsoft").count() == 1
    assert axe_violations(page) == []
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    # No app yet: the set-up comes before anything else.
    assert page.url.startswith(f"{site_url}/account/two-factor/set-up/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor authentication"
    assert page.get_by_role("img", name="QR code to scan with your authenticator app").is_visible()
    assert axe_violations(page) == []
    page.goto(f"{site_url}/plans/")
    assert page.url.startswith(f"{site_url}/account/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=boss, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert (
        page.get_by_role("link", name="Enter the 6-digit code from your authenticator app").count()
        == 1
    )
    assert axe_violations(page) == []  # the error summary and message too
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    page.get_by_label("Code from your authenticator app").fill(totp(device.key, time.time()))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert page.get_by_role("heading", name="Save your backup codes").count() == 1
    assert page.locator("#backup-codes li").count() == 10
    assert axe_violations(page) == []
    page.get_by_role("button", name="I have saved my backup codes – continue").click()
    assert page.url == f"{site_url}/plans/"

    page.goto(f"{site_url}/account/")
    assert "Two-factor authentication is on." in page.content()
    assert axe_violations(page) == []

    # Next time, the code after the password.
    page.get_by_role("button", name="Sign out (boss)").click()
    page.goto(f"{site_url}/account/sign-in/?next=/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url.startswith(f"{site_url}/account/two-factor/?next=")
    assert axe_violations(page) == []
    device.refresh_from_db()
    page.get_by_label("Code from your authenticator app").fill(totp(device.key, time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    assert page.url == f"{site_url}/"
    assert page.get_by_role("button", name="Sign out (boss)").count() == 1

    # Through the provider: no code asked here (the provider asks for its own).
    page.get_by_role("button", name="Sign out (boss)").click()
    provider_person(sso, "boss-sub", {"email": "Boss@Herefordshire.gov.uk", "email_verified": True})
    page.goto(f"{site_url}/account/sign-in/?next=/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_provider_sign_in_as(page, sso, "boss-sub")
    assert page.url == f"{site_url}/"
    assert page.get_by_role("button", name="Sign out (boss)").count() == 1
    page.goto(f"{site_url}/account/")
    assert "You sign in with Microsoft, which asks for your second factor" in page.content()
    assert axe_violations(page) == []
    assert csp == []


def test_a_new_person_signs_in_through_the_provider_and_has_no_role(site_url, page, sso):
    csp = watch_csp(page)
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    boss.email = "boss@herefordshire.gov.uk"
    boss.save()
    provider_person(
        sso,
        "new-sub",
        {"email": "sam@herefordshire.gov.uk", "email_verified": True, "name": "Sam Jones"},
    )
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_provider_sign_in_as(page, sso, "new-sub")
    assert page.url == f"{site_url}/account/no-role/"
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have a role yet"
    assert page.get_by_role("link", name="boss@herefordshire.gov.uk").count() == 1
    assert axe_violations(page) == []
    assert page.get_by_role("button", name="Sign out (sam@herefordshire.gov.uk)").count() == 1

    # An address the provider has not verified is refused, plainly.
    page.get_by_role("button", name="Sign out (sam@herefordshire.gov.uk)").click()
    provider_person(sso, "eve-sub", {"email": "eve@herefordshire.gov.uk", "email_verified": False})
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_provider_sign_in_as(page, sso, "eve-sub")
    assert page.get_by_role("heading", level=1).inner_text() == "You could not be signed in"
    assert axe_violations(page) == []

    # The administrator signs in through the provider and gives Sam a role; Sam signs in
    # again and has it.
    provider_person(sso, "boss-sub", {"email": "boss@herefordshire.gov.uk", "email_verified": True})
    page.goto(f"{site_url}/account/sign-in/?next=/partnerships/{TEST_PARTNERSHIP}/people/invite/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_provider_sign_in_as(page, sso, "boss-sub")
    assert page.url == f"{site_url}/partnerships/{TEST_PARTNERSHIP}/people/invite/"
    page.get_by_label("Full name").fill("Sam Jones")
    page.get_by_label("E-mail address").fill("sam@herefordshire.gov.uk")
    page.get_by_label("Role in this partnership").select_option("viewer")
    page.get_by_role("button", name="Send the invitation").click()
    assert "already had an account and now has the role" in page.content()
    sam = User.objects.get(email="sam@herefordshire.gov.uk")
    assert list(sam.partnership_roles.values_list("partnership__key", "role")) == [
        (TEST_PARTNERSHIP, Role.VIEWER)
    ]
    page.get_by_role("button", name="Sign out (boss)").click()
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_role("button", name="Sign in with Microsoft").click()
    _at_provider_sign_in_as(page, sso, "new-sub")
    assert page.url == f"{site_url}/"
    assert csp == []
