"""The public site in Chromium, opened from the file system (file:// URLs), as a resident
would open it from a folder or a council would check it before publishing: every page axe
clean, every link and image a file that is there, nothing sideways at 320 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from cypp.publishing.site_build import site_build
from tests.browser.conftest import axe_violations
from tests.publishing.site_helpers import site_plan_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

# Links that leave the site: the licence and the data package standard.
OUTSIDE = ("https://www.nationalarchives.gov.uk/", "https://datapackage.org/")


def _targets(page: Any) -> list[str]:
    """Every address the page links to or loads: links, images, style sheets."""
    found: list[str] = page.evaluate(
        """() => [
            ...[...document.querySelectorAll('a[href]')].map(a => a.href),
            ...[...document.querySelectorAll('img[src]')].map(i => i.src),
            ...[...document.querySelectorAll('link[href]')].map(l => l.href),
        ]"""
    )
    return found


def _crawl(page: Any, start: Path, width: int) -> set[Path]:
    """Visit every page reachable from ``start``; check each as it is visited."""
    page.set_viewport_size({"width": width, "height": 900})
    seen: set[Path] = set()
    queue = [start.resolve()]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page.goto(path.as_uri())
        where = path.name
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (where, width)
        if width > 320:
            assert axe_violations(page) == [], where
        for target in _targets(page):
            if target.startswith(OUTSIDE):
                continue
            url, fragment = urldefrag(target)
            parsed = urlparse(url)
            assert parsed.scheme == "file", (where, target)
            file = Path(unquote(parsed.path))
            assert file.is_file(), (where, target)
            if fragment and file == path:
                assert page.locator(f"#{fragment}").count() == 1, (where, target)
            if file.suffix == ".html" and start.parent in file.parents:
                queue.append(file)
    return seen


def test_the_public_site_from_the_file_system(site_url, browser, tmp_path):  # type: ignore[no-untyped-def]
    # No page of the application is read: ``site_url`` is here for the database connection
    # the build makes under Playwright's event loop, which it closes at the session's end
    # (otherwise PostgreSQL's test database cannot be dropped).
    plan = site_plan_make()
    out = tmp_path / "site"
    built = site_build(plan_key=plan.key, out=out, today=dt.date(2026, 12, 2))
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    try:
        seen = _crawl(page, out / "index.html", 1280)
        # Every page is reached from the home page: none is left without a link to it.
        assert {p.relative_to(out.resolve()).as_posix() for p in seen} == set(built.pages)
        assert _crawl(page, out / "index.html", 320) == seen
        # Colour is never the only carrier: each rating is also a word.
        page.goto((out / "at-a-glance.html").as_uri())
        for tag in page.locator(".site-card .govuk-tag").all():
            assert tag.inner_text().strip().startswith("Rating: ")
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            for name in ("index.html", "at-a-glance.html", "measures/measure-0.html"):
                page.goto((out / name).as_uri())
                shot = name.replace("/", "-").removesuffix(".html")
                page.screenshot(path=f"/tmp/s2-{shot}-{width}.png", full_page=True)
    finally:
        context.close()
