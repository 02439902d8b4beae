"""Sign-in pages beyond Django's own: what a person sees when too many wrong passwords have
locked their account (django-axes calls ``sign_in_locked_out``), and how to get back in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cypp.accounts.lockout import address_failure_limit, address_throttled, lock_ends


def locked_until(request: HttpRequest, username: str) -> dt.datetime:
    """When the lock ends: the cool-off after the last failed attempt that counted (attempts
    made while locked are not recorded, so they do not push the time back)."""
    ends = lock_ends(
        username=username, address=getattr(request, "axes_ip_address", None), request=request
    )
    cool_off = get_cool_off(request) or dt.timedelta(0)
    return timezone.localtime(ends or (timezone.now() + cool_off))


def sign_in_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page's answer while an account (or the address) is locked: says so, until
    when, and how to unlock it now (a password reset e-mail, or an administrator)."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(request, username)
    cool_off = get_cool_off(request) or dt.timedelta(0)
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "address_limit": address_failure_limit(),
        # Too many wrong passwords from this address, for any usernames: not the person's lock.
        "address_throttled": address_throttled(
            address=getattr(request, "axes_ip_address", None), request=request
        ),
        "minutes": int(cool_off.total_seconds() // 60),
        "until": until,
        "same_day": until.date() == timezone.localdate(),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
