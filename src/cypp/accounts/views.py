"""Sign-in pages beyond Django's own: what a person sees when too many wrong passwords have
locked their account (django-axes calls ``sign_in_locked_out``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def locked_until(request: HttpRequest, username: str) -> dt.datetime:
    """When the lock ends: the cool-off after the last failed attempt that counted (attempts
    made while locked are not recorded, so they do not push the time back)."""
    cool_off = get_cool_off(request) or dt.timedelta(0)
    last = (
        AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return timezone.localtime((last or timezone.now()) + cool_off)


def sign_in_locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The sign-in page's answer while an account is locked: says so, and until when."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(request, username)
    cool_off = get_cool_off(request) or dt.timedelta(0)
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60),
        "until": until,
        "same_day": until.date() == timezone.localdate(),
    }
    return render(request, "accounts/locked_out.html", context, status=429)
