"""Every page of the site, as each role, at 320 CSS pixels: no page scrolls sideways
(WCAG 2.2, 1.4.10 Reflow) and axe-core finds nothing.

The pages are not listed here: every URL pattern comes from the URL conf, as in the
authorisation matrix (tests/security/test_authorisation_matrix.py), with its parameters
filled from the matrix's rows and the matrix's world (tests/security/world.py). So a page
added tomorrow is crawled tomorrow. Each role signs in as the matrix's people do (a session
made for them, past the two-factor step of the administrator); each pattern is opened in
Chromium once per role where the matrix says the role may open it ("ok"), and only what
answers 200 with HTML, without a redirect, is checked (each page is rendered once: asking
the test client first doubled the crawl's time). Where the matrix says a role is sent to
sign in, refused or moved on, the crawl does not open the page as that role: the matrix test
holds the page to that answer, and opening the sign-in or refusal pages those lead to took a
quarter of the crawl (164 s to 121 s, alone). ``NOT_PAGES`` names the patterns that never
answer with a page (files, JSON, redirects).

The width is checked on every page as every role. axe runs once per pattern (as the first
role that sees it: the same template, and most of the time): 226 pages with axe on each
took 1,092 s on a loaded two-core machine. ``CYPP_CRAWL_AXE=every`` runs it on every page
as every role. Every failure is collected and reported at once.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import axe_violations
from tests.security.test_authorisation_matrix import path_for, table_read, url_patterns
from tests.security.world import world_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

WIDTH = 320
# The roles a person has on the site; the matrix's other columns (no role, other partnership,
# superuser) see these pages or fewer.
ROLES = ("anonymous", "viewer", "contributor", "analyst", "administrator")
# Patterns that answer with something other than a page to read: files, JSON, a status.
NOT_PAGES = {
    "web:healthz",  # the load balancer's status
    "reports:scorecard-export",  # CSV or XLSX
    "reports:board-pack-file",  # the pack as PDF or HTML document
    "reports:board-pack-status",  # a fragment the pack page polls
    "governance:agenda-pdf",
    "governance:paper",  # a paper's file
    "evidence:indicator-suggest",  # the picker's JSON
    # A measure card's HTML snippet, for a partner's own page (no <html>, title or main of
    # its own): axe checks it inside the embed page, which shows it as it will be included.
    "reports:measure-card-html",
}
PAGE_TYPES = ("text/html",)
NOT_A_PAGE_ERRORS = ("Download is starting", "net::ERR_ABORTED", "ERR_HTTP_RESPONSE_CODE_FAILURE")


def _page_paths(world: Any) -> tuple[list[tuple[str, str, dict[str, str]]], list[str]]:
    """(pattern name, path, the matrix's answer to a GET by role) of every pattern that may
    be a page, and the problems met. A pattern without a row (the matrix test fails for it)
    has no answers, and is opened as every role."""
    rows, _problems = table_read()
    found, problems = [], []
    for pattern in url_patterns():
        if pattern.name in NOT_PAGES or pattern.name.startswith("(unnamed)"):
            continue
        row = rows.get((pattern.name, "GET"))
        arguments = {**getattr(row, "arguments", {})}
        try:
            found.append(
                (pattern.name, path_for(pattern, arguments, world), getattr(row, "expected", {}))
            )
        except LookupError as error:
            problems.append(str(error))
    return found, problems


def _session_cookie(user: Any, site_url: str) -> list[dict[str, str]]:
    """A signed-in session for ``user``, as a cookie Chromium can carry (the matrix's
    force_login: the session is past the sign-in and its two-factor step)."""
    if user is None:
        return []
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site_url}]


class Tab:
    """One browser tab of a role's context, opening addresses one after another."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.page = context.new_page()

    def open_page(self, url: str) -> bool:
        """Open ``url``; whether it is a page to check: 200, HTML, reached without a redirect
        (a sign-in or a moved page is checked at its own address). Chromium reports a file
        (which starts a download) and an empty refusal (405 to a GET) as failed navigations,
        and then loads its own error page, which would interrupt the next address: a new tab
        takes over."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            response = self.page.goto(url)
        except PlaywrightError as error:
            if not any(reason in str(error) for reason in NOT_A_PAGE_ERRORS):
                raise
            self.page.close()
            self.page = self.context.new_page()
            return False
        if response is None or response.status != 200 or response.request.redirected_from:
            return False
        kind = response.headers.get("content-type", "").split(";")[0]
        disposition = response.headers.get("content-disposition", "")
        return kind in PAGE_TYPES and "attachment" not in disposition


def _too_wide(page: Any) -> str:
    """What pushes the page wider than the window: the widest element that reaches past its
    right edge, for the failure's message (empty when the page fits)."""
    return str(
        page.evaluate(
            """(width) => {
                if (document.documentElement.scrollWidth <= width) return "";
                let worst = null, right = width;
                for (const el of document.body.querySelectorAll("*")) {
                    const box = el.getBoundingClientRect();
                    if (box.right > right + 0.5) { worst = el; right = box.right; }
                }
                if (!worst) return "the page is " + document.documentElement.scrollWidth + " px";
                const name = worst.tagName.toLowerCase()
                    + (worst.id ? "#" + worst.id : "")
                    + (worst.className && typeof worst.className === "string"
                        ? "." + worst.className.trim().split(/\\s+/).join(".") : "");
                return "the page is " + document.documentElement.scrollWidth + " px; "
                    + name + " reaches " + Math.round(right) + " px";
            }""",
            WIDTH,
        )
    )


def test_every_page_as_each_role_reflows_at_320_pixels_and_passes_axe(
    site_url: str, browser: Any
) -> None:
    world = world_make()
    paths, problems = _page_paths(world)
    failures: list[str] = [f"cannot fill the address: {p}" for p in problems]
    axe_once = os.environ.get("CYPP_CRAWL_AXE") != "every"
    checked_by_axe: set[str] = set()
    seen = 0
    seen_as: dict[str, int] = {}
    started = time.monotonic()
    for role in ROLES:
        user = world.people[role]
        context = browser.new_context(viewport={"width": WIDTH, "height": 640})
        context.add_cookies(_session_cookie(user, site_url))
        tab = Tab(context)
        for name, path, answers in paths:
            if answers.get(role, "ok") != "ok":
                continue
            if not tab.open_page(site_url + path):
                continue
            page = tab.page
            where = f"{role:13} {name} ({path})"
            seen += 1
            seen_as[role] = seen_as.get(role, 0) + 1
            wide = _too_wide(page)
            if wide:
                failures.append(f"{where}: scrolls sideways at {WIDTH} px: {wide}")
            if axe_once and name in checked_by_axe:
                continue
            checked_by_axe.add(name)
            for violation in axe_violations(page):
                nodes = ", ".join(str(n) for n in violation["nodes"][:3])
                failures.append(f"{where}: axe {violation['id']}: {violation['help']} ({nodes})")
        context.close()
    print(f"\n{seen} pages as {len(ROLES)} roles in {time.monotonic() - started:.0f} s")
    assert seen > 100, f"only {seen} pages were opened: is the world or the URL conf wrong?"
    # A session Chromium does not carry would quietly crawl the sign-in page only: every
    # signed-in role must open more pages than an anonymous visitor.
    anonymous = seen_as.get("anonymous", 0)
    assert all(seen_as.get(role, 0) > anonymous for role in ROLES[1:]), seen_as
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
