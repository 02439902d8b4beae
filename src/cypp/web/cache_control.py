"""No copies of private pages: every response to a signed-in person is marked
``Cache-Control: no-store, private`` (with ``no-cache, must-revalidate, max-age=0`` for old
caches), so neither a shared proxy nor the browser's disk cache keeps a draft board pack, a
non-public plan or an export, and the back button after signing out on a shared computer
does not show them again. Anonymous visitors' public pages keep their caching."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class PrivateResponsesNotStoredMiddleware:
    """After ``AuthenticationMiddleware`` (it reads ``request.user``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Read after the view: a sign-in in this request counts, a sign-out does not.
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
