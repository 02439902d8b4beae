"""API tokens: making one (its secret shown once), revoking one, and finding the token a
request's secret belongs to.

A secret reads ``cypp_`` then 43 URL-safe characters (32 random bytes). Only its SHA-256 is
stored, so the database never holds a usable secret; the first 12 characters are kept as
the token's ``prefix`` so a person can tell which token is which. The services record who
made and revoked each token in the person's history (``audit_context(person=...)``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import ApiToken, AuditEvent
from cypp.errors import ApplicationError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

SECRET_START = "cypp_"  # noqa: S105 (what every secret starts with, not a secret)
PREFIX_LENGTH = 12
# A token lasts a year unless its person chooses otherwise: long enough for a nightly
# script, short enough that a forgotten one stops working by itself.
DEFAULT_LIFETIME = dt.timedelta(days=365)
# How stale "last used" may be: a busy script would otherwise write on every request.
LAST_USED_EVERY = dt.timedelta(minutes=1)


class TokenRefused(ApplicationError):
    """A token cannot be made or revoked as asked; the message says why."""


@dataclass(frozen=True)
class NewToken:
    """A token just made and its secret: the only time the secret exists outside the
    caller's hands."""

    token: ApiToken
    secret: str


def secret_hash(secret: str) -> str:
    """The SHA-256 (hex) a secret is stored and looked up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(
    *,
    user: User,
    name: str,
    scope: str,
    by: User | AnonymousUser | None,
    expires_at: dt.datetime | None = None,
    never_expires: bool = False,
) -> NewToken:
    """Make a token for ``user`` and return it with its secret (shown once, never stored).

    It expires at ``expires_at``, or (left out) a year from now, or never with
    ``never_expires``. Only the person themselves, a superuser, or the command line (``by``
    ``None``) may make a person's token.
    """
    name = name.strip()
    if not name:
        raise TokenRefused("Give the token a name, so you can tell it from your others.")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise TokenRefused("The token's name must be 100 characters or fewer.")
    if scope not in ApiToken.Scope.values:
        raise TokenRefused(f"A token's scope is 'read' or 'write', not {scope!r}.")
    _may_manage(user=user, by=by)
    if not user.is_active:
        raise TokenRefused(f"'{user.get_username()}' cannot sign in, so cannot have a token.")
    now = timezone.now()
    expiry = None if never_expires else (expires_at or now + DEFAULT_LIFETIME)
    if expiry is not None and expiry <= now:
        raise TokenRefused("The expiry date must be in the future.")
    secret = SECRET_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=secret[:PREFIX_LENGTH],
            secret_hash=secret_hash(secret),
            expires_at=expiry,
        )
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=token,
            context=audit_context(person=user),
            changes={
                "scope": [None, token.scope],
                "expires_at": [None, expiry.isoformat() if expiry else None],
            },
        )
    return NewToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken, by: User | AnonymousUser | None) -> ApiToken:
    """Revoke ``token`` at once: it opens nothing from now on. Revoking a revoked token
    changes nothing. Its person, a superuser, or the command line may revoke it."""
    _may_manage(user=token.user, by=by)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=token,
            context=audit_context(person=token.user_id),
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
            note="API token revoked",
        )
    return token


def _may_manage(*, user: Any, by: User | AnonymousUser | None) -> None:
    if by is None:  # the command line: whoever runs it runs the server
        return
    if by.is_authenticated and (by.pk == user.pk or by.is_superuser):
        return
    raise TokenRefused("You can only manage your own API tokens.")


# Reads ----------------------------------------------------------------------------------


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    """A person's tokens, newest first, revoked ones included (their history)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The token a request's secret opens, with its person; ``None`` for an unknown,
    revoked or expired token, or one whose person can no longer sign in."""
    if not secret.startswith(SECRET_START) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token


def api_token_used(token: ApiToken) -> None:
    """Note that ``token`` was just used, at most once a minute (a query only then)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def token_state(token: ApiToken) -> str:
    """ "Active", "Revoked" or "Expired", as a person's list shows it."""
    if token.revoked_at is not None:
        return "Revoked"
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return "Expired"
    return "Active"
