"""Fetching from other services' web addresses (ModernGov, Fingertips, explore education
statistics): pure Python, no Django, so the clients that use it stay testable offline."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another web address (never ftp: or file:)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirected to {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# Opens http(s) addresses only, through redirects too.
OPENER = urllib.request.build_opener(WebRedirects)
