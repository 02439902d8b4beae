"""Single sign-on through the council's OpenID Connect provider (Microsoft Entra ID or
another), built on mozilla-django-oidc.

mozilla-django-oidc 5 wants every endpoint in settings and reads them when its classes are
made; it has no discovery, does not check the ID token's audience or issuer, and matches
people by an e-mail address whether or not the provider verified it. The classes here add
those: endpoints from the provider's discovery document (fetched when someone signs in, not
at start-up, and kept for an hour), the audience and issuer checks, a verified e-mail, and
new people made with no role. See docs/sign-in.md.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from cypp.accounts.sign_in_record import (
    SIGNED_IN_WITH,
    SINGLE_SIGN_ON,
    sign_in_record,
    sign_in_refusal_record,
)

logger = logging.getLogger(__name__)

WELL_KNOWN = "/.well-known/openid-configuration"
# Where the backend leaves the reason a sign-in was refused, for the page that says so.
REFUSAL = "cypp_oidc_refusal"
DISCOVERY_SECONDS = 3600
_UNCHECKED = "The answer from the sign-in service could not be checked. Please try again."


@dataclass(frozen=True, slots=True)
class ProviderEndpoints:
    authorization: str
    token: str
    userinfo: str
    jwks: str
    issuer: str


def oidc_enabled() -> bool:
    """Single sign-on is on when a client id and the provider (discovery or endpoints) are set."""
    if not getattr(settings, "OIDC_RP_CLIENT_ID", ""):
        return False
    if getattr(settings, "OIDC_OP_DISCOVERY", ""):
        return True
    return all(
        getattr(settings, name, "")
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
    )


def provider_name() -> str:
    return str(getattr(settings, "OIDC_PROVIDER_NAME", "") or "your organisation's account")


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}
_discovered_lock = threading.Lock()


def discovery_url(value: str) -> str:
    """The discovery document's address, from it or from the issuer's address."""
    value = value.rstrip("/")
    return value if value.endswith(WELL_KNOWN) else value + WELL_KNOWN


def discovery_document(url: str) -> dict[str, Any]:
    """The provider's discovery document, fetched at most once an hour per process."""
    with _discovered_lock:
        cached = _discovered.get(url)
        if cached and time.monotonic() - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", None) or 10)
    response.raise_for_status()
    document = response.json()
    if not isinstance(document, dict):
        raise ImproperlyConfigured(f"{url} did not return an OpenID Connect discovery document.")
    with _discovered_lock:
        _discovered[url] = (time.monotonic(), document)
    return document


def discovery_forget() -> None:
    """Drop the cached discovery documents (tests start their own provider each time)."""
    with _discovered_lock:
        _discovered.clear()


def provider_endpoints() -> ProviderEndpoints:
    """The endpoints: those set in settings win; the rest come from discovery."""
    document: dict[str, Any] = {}
    discovery = getattr(settings, "OIDC_OP_DISCOVERY", "")
    if discovery:
        document = discovery_document(discovery_url(discovery))

    def pick(setting: str, key: str) -> str:
        value = getattr(settings, setting, "") or document.get(key, "")
        if not value and key != "issuer":
            raise ImproperlyConfigured(
                f"Single sign-on needs {setting} or OIDC_OP_DISCOVERY giving '{key}'."
            )
        return str(value)

    return ProviderEndpoints(
        authorization=pick("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
        token=pick("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
        userinfo=pick("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint"),
        jwks=pick("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
        issuer=pick("OIDC_OP_ISSUER", "issuer"),
    )


def _refuse(request: HttpRequest | None, reason: str, user: Any = None) -> None:
    """Remember why, for the page, and raise what mozilla-django-oidc turns into a refusal."""
    if request is not None:
        setattr(request, REFUSAL, (reason, user))
    raise SuspiciousOperation(reason)


def email_of(claims: dict[str, Any]) -> str:
    """The person's e-mail address: the ``email`` claim, or the fallback claim named in
    ``OIDC_EMAIL_FALLBACK_CLAIM`` (Entra ID's ``preferred_username``, the sign-in name)."""
    email = claims.get("email") or ""
    fallback = getattr(settings, "OIDC_EMAIL_FALLBACK_CLAIM", "")
    if not email and fallback:
        email = claims.get(fallback) or ""
    return str(email).strip() if "@" in str(email) else ""


def email_refusal(claims: dict[str, Any]) -> str:
    """Why these claims cannot sign anyone in, or "" when they can."""
    email = email_of(claims)
    if not email:
        return "Your account at the sign-in service did not give an e-mail address."
    # Refuse only what the provider says is not verified: Entra ID does not send
    # email_verified; its xms_edov optional claim says the domain's owner verified it.
    for claim in ("email_verified", "xms_edov"):
        if claim in claims and claims[claim] not in (True, "true", "True", 1, "1"):
            return f"The sign-in service has not verified the e-mail address {email}."
    domains = [d.lower().lstrip("@") for d in getattr(settings, "OIDC_EMAIL_DOMAINS", [])]
    if domains and email.rsplit("@", 1)[1].lower() not in domains:
        return f"{email} is not an address this service accepts for single sign-on."
    return ""


def username_for(email: str, claims: dict[str, Any] | None = None) -> str:
    """A new person's username: their e-mail address, lower case, made unique if needed."""
    base = email_of(claims or {}) or email
    base = base.lower()[:140]
    users = get_user_model().objects
    candidate, number = base, 1
    while users.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class ProviderBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # no stubs
    """Signs people in from the provider's answer; does nothing for a password sign-in, and
    nothing at all when single sign-on is not configured."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the parent's __init__: it reads every endpoint (and would need discovery, over
        # the network) each time Django asks the backends about a password sign-in.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None)
        self.issuer = ""

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        # Only the callback passes a nonce; a password form never reaches the provider.
        if request is None or not oidc_enabled() or "nonce" not in kwargs:
            return None
        if "username" in kwargs or "password" in kwargs:
            return None
        endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.token
        self.OIDC_OP_USER_ENDPOINT = endpoints.userinfo
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.jwks
        self.issuer = endpoints.issuer
        return super().authenticate(request, **kwargs)

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            _refuse(self.request, "The sign-in service's answer was meant for another service.")
        # A multi-tenant discovery document's issuer is a template ({tenantid}); only a
        # concrete one can be compared.
        if self.issuer and "{" not in self.issuer and payload.get("iss") != self.issuer:
            _refuse(self.request, "The sign-in service's answer came from an unexpected issuer.")
        return payload

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The provider's signing key for this token: the one its ``kid`` names or, for a
        token without one, the provider's only signing key for the algorithm."""
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT, timeout=getattr(settings, "OIDC_TIMEOUT", None) or 10
        )
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            _refuse(self.request, "The sign-in service's answer is not signed with its key.")
        return jwt.PyJWK(keys[0])

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        # The ID token's claims (checked above) and the userinfo endpoint's, which win:
        # Entra ID puts optional claims (email, xms_edov) in the token, not in userinfo.
        userinfo = super().get_userinfo(access_token, id_token, payload)
        return {**payload, **(userinfo if isinstance(userinfo, dict) else {})}

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        reason = email_refusal(claims)
        if reason:
            matched = self.UserModel.objects.filter(email__iexact=email_of(claims)).first()
            _refuse(self.request, reason, matched if email_of(claims) else None)
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        users = self.UserModel.objects.filter(email__iexact=email_of(claims))
        if len(users) > 1:
            _refuse(
                self.request,
                f"More than one person here has the e-mail address {email_of(claims)}; "
                "an administrator must give each their own address.",
            )
        return users

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        """A new person with no role and no organisation, until an administrator gives them
        one (see ``cypp.accounts.views_sign_in.no_role_page``)."""
        from cypp.accounts.services import person_save

        email = email_of(claims)
        user = self.UserModel.objects.create_user(username_for(email, claims), email=email)
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        name = str(claims.get("name") or f"{user.first_name} {user.last_name}".strip())[:200]
        person_save(by=user, user=user, organisation=None, display_name=name)
        return user

    def get_user(self, user_id: Any) -> Any:
        # Django's rule (an inactive person's session ends), not the parent's any-user one.
        return ModelBackend.get_user(self, user_id)


class ProviderSignInView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider, with the endpoint from discovery."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads OIDC_OP_AUTHORIZATION_ENDPOINT here; it is found per request.
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_OP_AUTH_ENDPOINT = ""
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            return redirect("accounts:sign-in")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoints().authorization
        except (requests.RequestException, ValueError, ImproperlyConfigured) as error:
            logger.warning("Single sign-on discovery failed: %s", error)
            return sign_in_failed_page(
                request, f"This service could not reach {provider_name()} just now."
            )
        response: HttpResponse = super().get(request)
        return response


class ProviderCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer: signs the person in (no two-factor here: the provider asks
    for it), or says plainly why not and records the refusal."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc_enabled():
            return redirect("accounts:sign-in")
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as error:
            # A forged, replayed or stale answer (state not in this session, a bad
            # signature, a token for another service): refused like any other.
            logger.warning("Single sign-on answer refused: %s", error)
            if not hasattr(request, REFUSAL):
                setattr(request, REFUSAL, (_UNCHECKED, None))
            return self.login_failure()
        except (requests.RequestException, ValueError, ImproperlyConfigured) as error:
            logger.warning("Single sign-on failed: %s", error)
            return sign_in_failed_page(
                request, f"This service could not check your sign-in with {provider_name()}."
            )
        return response

    def login_failure(self) -> HttpResponse:
        request = self.request
        reason, user = getattr(request, REFUSAL, (None, None))
        user = user or getattr(self, "user", None)
        if reason is None and user is not None and not user.is_active:
            reason = "Your account on this service has been switched off."
        if reason is None and request.GET.get("error"):
            reason = f"{provider_name()} did not sign you in ({request.GET['error'][:60]})."
        reason = reason or f"{provider_name()} did not sign you in."
        if user is not None:
            sign_in_refusal_record(user=user, how=provider_name(), reason=reason)
        logger.warning("Single sign-on refused: %s", reason)
        return sign_in_failed_page(request, reason)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        self.request.session[SIGNED_IN_WITH] = SINGLE_SIGN_ON
        sign_in_record(user=self.user, how=provider_name())
        from cypp.accounts.selectors import access_get

        access = access_get(self.user)
        if not access.is_superuser and not access.roles:
            return redirect("accounts:no-role")
        return response


def sign_in_failed_page(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "accounts/sign_in_failed.html",
        {"reason": reason, "provider_name": provider_name()},
        status=403,
    )
