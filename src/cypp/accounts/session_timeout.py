"""Signing out a session left idle (``CYPP_SESSION_IDLE_MINUTES``, 30 by default), on top of
the absolute limit of the session cookie (8 hours in production).

The time of the last request is kept in the session itself, so it works with every session
engine and every settings module. It is written at most once a minute, so a page does not
cost a session write on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

LAST_SEEN = "cypp_last_seen"
# How much later than the stored time a request must be to store it again.
RESOLUTION_SECONDS = 60
AUTH_SESSION_KEY = "_auth_user_id"


def idle_seconds() -> int:
    return int(getattr(settings, "CYPP_SESSION_IDLE_MINUTES", 30)) * 60


def session_seen(session: Any, at: float | None = None) -> None:
    """Note that the session was used now (called at sign-in and by the middleware)."""
    session[LAST_SEEN] = int(time.time() if at is None else at)


def on_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: the idle clock starts at sign-in."""
    if request is not None and hasattr(request, "session"):
        session_seen(request.session)


class IdleTimeoutMiddleware:
    """Signs out a session that made no request for ``CYPP_SESSION_IDLE_MINUTES`` minutes
    (0 turns this off) and sends the person to sign in again, saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = idle_seconds()
        session = getattr(request, "session", None)
        # Read the session, not request.user: no query for anonymous visitors.
        if limit > 0 and session is not None and session.get(AUTH_SESSION_KEY):
            now = time.time()
            last = session.get(LAST_SEEN)
            if isinstance(last, int | float) and now - last > limit:
                logout(request)
                query = {"signed_out": "idle"}
                if request.method == "GET":
                    query["next"] = request.get_full_path()
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")
            if not isinstance(last, int | float) or now - last >= RESOLUTION_SECONDS:
                session_seen(session, now)
        return self.get_response(request)
