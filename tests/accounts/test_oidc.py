"""Single sign-on through a local OpenID Connect provider (oidc-provider-mock): people are
matched by verified e-mail address, new people get no role, refusals are plain and
recorded, and nobody signing in this way is asked for a two-factor code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User

from cypp.accounts.models import AuditEvent, Person, Role
from cypp.accounts.sign_in_record import SIGNED_IN_WITH, SINGLE_SIGN_ON
from cypp.accounts.two_factor import PENDING
from tests.accounts.oidc_provider import (
    CLIENT_ID,
    provider_answer,
    provider_person,
    provider_running,
    sso_settings,
    sso_sign_in,
)
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"


@pytest.fixture(scope="module")
def provider():
    with provider_running() as address:
        yield address


@pytest.fixture
def sso(settings, provider):
    sso_settings(settings, provider)
    return provider


def _signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_without_configuration_the_sign_in_page_has_only_the_password_form(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    settings.OIDC_OP_DISCOVERY = ""
    html = client.get(SIGN_IN).content.decode()
    assert "Sign in with" not in html
    assert 'name="password"' in html
    # The single sign-on addresses send people back to the password form.
    response = client.get("/account/oidc/sign-in/")
    assert response.status_code == 302 and response["Location"] == "/account/sign-in/"


def test_with_configuration_the_sign_in_page_offers_the_provider(client, sso):
    html = client.get(f"{SIGN_IN}?next=/plans/").content.decode()
    assert (
        '<a href="/account/oidc/sign-in/?next=/plans/" role="button" draggable="false" '
        'class="govuk-button" data-module="govuk-button">Sign in with Microsoft</a>'
    ) in html
    assert 'name="password"' in html  # the password form stays, for those without an account there


def test_the_request_to_the_provider_uses_discovery_pkce_and_a_nonce(client, sso):
    response = client.get("/account/oidc/sign-in/")
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{sso}/oauth2/authorize"
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://testserver/account/oidc/callback/"]
    assert query["response_type"] == ["code"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["nonce"][0]) == 32 and len(query["state"][0]) == 32


def test_an_existing_person_is_matched_by_email_whatever_its_case(client, sso):
    admin = person_make("amira", role=Role.ADMINISTRATOR)
    admin.email = "Amira.Khan@Herefordshire.gov.uk"
    admin.save()
    provider_person(
        sso, "amira-sub", {"email": "amira.khan@herefordshire.gov.uk", "email_verified": True}
    )
    response = sso_sign_in(client, sso, "amira-sub", next_page="/plans/")
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert _signed_in_as(client) == admin.pk
    assert User.objects.count() == 1
    # The provider asks for the second factor: an administrator is not asked again here.
    session = client.session
    assert session[SIGNED_IN_WITH] == SINGLE_SIGN_ON and PENDING not in session
    assert client.get("/plans/").status_code == 200
    event = AuditEvent.objects.get(action="sign_in")
    assert (event.user, event.object_id, event.context) == (
        admin,
        str(admin.pk),
        f"person:{admin.pk}",
    )
    assert event.note == "Signed in with Microsoft"


def test_a_new_person_is_made_with_no_role_and_told_whom_to_ask(client, sso):
    boss = person_make("boss", role=Role.ADMINISTRATOR)
    boss.email = "boss@herefordshire.gov.uk"
    boss.save()
    provider_person(
        sso,
        "new-sub",
        {
            "email": "Sam.Jones@Herefordshire.gov.uk",
            "email_verified": True,
            "name": "Sam Jones",
            "given_name": "Sam",
            "family_name": "Jones",
        },
    )
    response = sso_sign_in(client, sso, "new-sub")
    assert response.status_code == 302 and response["Location"] == "/account/no-role/"
    user = User.objects.get(email__iexact="sam.jones@herefordshire.gov.uk")
    # Django's create_user lowers the domain only (RFC 5321: the local part may be case-sensitive).
    assert user.email == "Sam.Jones@herefordshire.gov.uk"
    assert _signed_in_as(client) == user.pk
    assert user.username == "sam.jones@herefordshire.gov.uk"
    assert (user.first_name, user.last_name) == ("Sam", "Jones")
    assert not user.has_usable_password()
    assert user.partnership_roles.count() == 0
    person = Person.objects.get(user=user)
    assert (person.organisation, person.display_name) == (None, "Sam Jones")
    html = client.get("/account/no-role/").content.decode()
    assert '<h1 class="govuk-heading-l">You do not have a role yet</h1>' in html
    assert "<li>Test Partnership: boss (" in html
    assert 'href="mailto:boss@herefordshire.gov.uk"' in html
    # The plans of the partnership stay closed to them.
    assert AuditEvent.objects.filter(user=user, action="sign_in").count() == 1
    # A second sign-in finds the same person, and still says they have no role.
    client.logout()
    again = sso_sign_in(client, sso, "new-sub")
    assert again["Location"] == "/account/no-role/"
    assert User.objects.filter(email__iexact="sam.jones@herefordshire.gov.uk").count() == 1


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        (
            {"email": "eve@herefordshire.gov.uk", "email_verified": False},
            "The sign-in service has not verified the e-mail address eve@herefordshire.gov.uk.",
        ),
        (
            {"name": "No Address"},
            "Your account at the sign-in service did not give an e-mail address.",
        ),
    ],
)
def test_an_unverified_or_missing_email_is_refused(client, sso, claims, reason):
    provider_person(sso, "eve-sub", claims)
    response = sso_sign_in(client, sso, "eve-sub")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">You could not be signed in</h1>' in html
    assert f'<p class="govuk-body" id="reason">{reason}</p>' in html
    assert _signed_in_as(client) is None
    assert User.objects.count() == 0


def test_an_unverified_email_of_an_existing_person_is_refused_and_recorded(client, sso):
    viewer = person_make("viewer", role=Role.VIEWER)
    viewer.email = "viewer@herefordshire.gov.uk"
    viewer.save()
    provider_person(sso, "v-sub", {"email": "VIEWER@herefordshire.gov.uk", "email_verified": False})
    response = sso_sign_in(client, sso, "v-sub")
    assert response.status_code == 403
    assert _signed_in_as(client) is None
    event = AuditEvent.objects.get(action="refused")
    assert event.object_id == str(viewer.pk)
    assert event.note == (
        "Sign-in with Microsoft refused: The sign-in service has not verified the e-mail "
        "address VIEWER@herefordshire.gov.uk."
    )


def test_a_switched_off_person_is_refused(client, sso):
    gone = person_make("gone", role=Role.VIEWER)
    gone.email = "gone@herefordshire.gov.uk"
    gone.is_active = False
    gone.save()
    provider_person(sso, "gone-sub", {"email": "gone@herefordshire.gov.uk", "email_verified": True})
    response = sso_sign_in(client, sso, "gone-sub")
    assert response.status_code == 403
    assert "Your account on this service has been switched off." in response.content.decode()
    assert _signed_in_as(client) is None


def test_only_the_listed_email_domains_may_sign_in(client, sso, settings):
    settings.OIDC_EMAIL_DOMAINS = ["herefordshire.gov.uk"]
    provider_person(sso, "out-sub", {"email": "someone@example.com", "email_verified": True})
    response = sso_sign_in(client, sso, "out-sub")
    assert response.status_code == 403
    assert "someone@example.com is not an address this service accepts" in response.content.decode()
    assert User.objects.count() == 0


def test_an_answer_for_another_sign_in_is_refused(client, sso):
    provider_person(sso, "x-sub", {"email": "x@herefordshire.gov.uk", "email_verified": True})
    start = client.get("/account/oidc/sign-in/")
    back = urlsplit(provider_answer(start["Location"], "x-sub"))
    query = parse_qs(back.query)
    forged = f"{back.path}?code={query['code'][0]}&state=not-the-state-we-sent"
    response = client.get(forged)
    assert response.status_code == 403
    assert "could not be checked" in response.content.decode()
    assert _signed_in_as(client) is None


def test_a_person_who_says_no_at_the_provider_is_told_so(client, sso):
    start = client.get("/account/oidc/sign-in/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/account/oidc/callback/?error=access_denied&state={state}")
    assert response.status_code == 403
    assert "Microsoft did not sign you in (access_denied)." in response.content.decode()


def test_entra_style_fallback_to_preferred_username(client, sso, settings):
    """Entra ID sends no email claim unless it is added as an optional claim; its sign-in
    name (preferred_username) can stand in when the setting names it."""
    settings.OIDC_EMAIL_FALLBACK_CLAIM = "preferred_username"
    provider_person(sso, "e-sub", {"preferred_username": "Pat@Herefordshire.gov.uk", "name": "Pat"})
    response = sso_sign_in(client, sso, "e-sub")
    assert response.status_code == 302
    assert User.objects.get().email == "Pat@herefordshire.gov.uk"
