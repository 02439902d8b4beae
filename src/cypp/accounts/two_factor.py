"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

Administrators (the administrator role in any partnership) and superusers must use it when
they sign in with a password; anyone else signing in with a password may turn it on from
"Your account". People who sign in through single sign-on are never asked: their
organisation's provider asks for its own second factor.

After the password, the session carries ``PENDING`` ("verify" or "set-up") until the code is
given; ``TwoFactorMiddleware`` lets such a session reach only the two-factor pages and
sign-out, whatever address it asks for. Deciding at sign-in and keeping the answer in the
session costs no query on later requests.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cypp.accounts.models import PartnershipRole, Role

# Session key: what the person must still do before anything else ("verify" or "set-up").
PENDING = "cypp_two_factor_pending"
VERIFY = "verify"
SET_UP = "set-up"
DEVICE_NAME = "Authenticator app"
BACKUP_CODES_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10


class CodeNotAccepted(Exception):
    """A code was wrong, or was given too soon after wrong ones; the message says which."""


def two_factor_required(user: Any) -> bool:
    """Superusers and administrators in any partnership must use two-factor with a password."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return PartnershipRole.objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def authenticator_get(user: Any) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def pending_after_password(user: Any) -> str | None:
    """What a person who has just given the right password must do next, if anything."""
    if authenticator_get(user) is not None:
        return VERIFY
    if two_factor_required(user):
        return SET_UP
    return None


@transaction.atomic
def authenticator_start(*, user: Any) -> TOTPDevice:
    """The unconfirmed device (a new secret) for a person setting up their app; the same
    one until they confirm it, so reloading the page does not change the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _refuse_if_throttled(device: TOTPDevice | StaticDevice) -> None:
    """django-otp throttles: after n wrong codes the next is refused for 2**(n-1) seconds
    (times ``OTP_TOTP_THROTTLE_FACTOR`` or ``OTP_STATIC_THROTTLE_FACTOR``), whatever it is."""
    allowed, data = device.verify_is_allowed()
    if not allowed:
        until = (data or {}).get("locked_until") or timezone.now()
        wait = max(1, int((until - timezone.now()).total_seconds() + 0.999))
        raise CodeNotAccepted(
            f"You have entered too many wrong codes. Wait {wait} second"
            f"{'s' if wait != 1 else ''} and try again with a new code."
        )


def _check(device: TOTPDevice, code: str) -> None:
    """Raise ``CodeNotAccepted`` unless ``code`` is the device's current code."""
    _refuse_if_throttled(device)
    cleaned = "".join(code.split())
    if not (cleaned.isdigit() and len(cleaned) == device.digits):
        device.throttle_increment()
        raise CodeNotAccepted(f"Enter the {device.digits}-digit code from your authenticator app")
    if not device.verify_token(cleaned):
        raise CodeNotAccepted(
            "The code is not right. Enter the code your authenticator app shows now"
        )


def authenticator_confirm(*, user: Any, device: TOTPDevice, code: str) -> TOTPDevice:
    """Confirm a new device with its first code; it replaces any earlier one."""
    # Committed even when the code is wrong, so that the failure counts for throttling.
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        try:
            _check(locked, code)
        except CodeNotAccepted as refusal:
            error = refusal
        else:
            TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
            locked.confirmed = True
            locked.save(update_fields=["confirmed"])
            return locked
    raise error


def authenticator_verify(*, user: Any, code: str) -> TOTPDevice:
    """Check a signed-in person's code against their confirmed device."""
    # Its own transaction, committed even when the code is wrong: the failure count must
    # stay counted for the throttling to work.
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            raise CodeNotAccepted("You have not set up an authenticator app")
        try:
            _check(device, code)
        except CodeNotAccepted as refusal:
            error = refusal
        else:
            return device
    raise error


@transaction.atomic
def authenticator_remove(*, user: Any) -> int:
    """Turn two-factor off (app and backup codes) for a person who is not required to use it."""
    if two_factor_required(user):
        raise CodeNotAccepted("Administrators must keep two-factor authentication on")
    StaticDevice.objects.filter(user=user).delete()
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return int(deleted)


@transaction.atomic
def backup_codes_make(*, user: Any) -> list[str]:
    """Ten new one-use backup codes for when the app is not to hand; earlier ones stop
    working. Only their holder sees them, once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def backup_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def backup_code_use(*, user: Any, code: str) -> StaticDevice:
    """Sign in with a backup code instead of the app's code; each code works once."""
    cleaned = "".join(code.split()).lower()
    # Committed even when the code is wrong, so that the failure counts for throttling.
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            raise CodeNotAccepted("You have no backup codes")
        try:
            _refuse_if_throttled(device)
            if not device.verify_token(cleaned):
                raise CodeNotAccepted("The backup code is not right, or it has been used already")
        except CodeNotAccepted as refusal:
            error = refusal
        else:
            return device
    raise error


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32 (what authenticator apps ask for), in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The set-up QR code as SVG for the page itself (the Content Security Policy allows
    no inline style or script; the SVG uses neither)."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", border=4)
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to scan with your authenticator app" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - made by segno from our own data, no user input


def _paths(*names: str) -> frozenset[str]:
    found = set()
    for name in names:
        with contextlib.suppress(NoReverseMatch):
            found.add(reverse(name))
    return frozenset(found)


class TwoFactorMiddleware:
    """Holds a session that still owes its two-factor code to the two-factor pages and
    sign-out; sends the Django admin's own password form to the service's sign-in, so no
    password sign-in can skip the second step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: frozenset[str] | None = None
        self._admin_login: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._open is None:
            self._open = _paths(
                "accounts:sign-out", "accounts:two-factor-verify", "accounts:two-factor-set-up"
            )
            self._admin_login = _paths("admin:login")
        if self._admin_login and request.path in self._admin_login:
            query = urlencode({"next": request.GET.get("next", "/admin/")})
            return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")
        pending = request.session.get(PENDING) if hasattr(request, "session") else None
        if pending and request.path not in self._open:
            target = (
                "accounts:two-factor-verify" if pending == VERIFY else "accounts:two-factor-set-up"
            )
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(reverse(target) + (f"?{query}" if query else ""))
        return self.get_response(request)
