"""What the browser journeys do again and again: sign in, watch the Content Security Policy,
and check a page with axe at a phone's width and a desktop's.

Written once here so that every journey signs in the same way (waiting until the sign-in
has been answered) and checks pages against the same rules.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations
from tests.plans.factories import PASSWORD

PHONE = 320  # WCAG 1.4.10 reflow: no sideways scrolling at 320 CSS pixels
DESKTOP = 1280


def sign_in_attempt(page: Any, site_url: str, username: str, *, password: str = PASSWORD) -> None:
    """Fill in the sign-in form from a fresh session and wait for the answer, whatever it is
    (a wrong password and a locked account stay on the sign-in page)."""
    page.context.clear_cookies()
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def sign_in(page: Any, site_url: str, username: str, *, password: str = PASSWORD) -> None:
    """Sign in as ``username`` (signing out whoever was signed in) and wait until the site
    has let them in."""
    sign_in_attempt(page, site_url, username, password=password)
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def watch_csp(page: Any) -> list[str]:
    """Console messages about the Content Security Policy (Chromium logs every violation),
    collected from now on into the list returned."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def assert_axe_clean(page: Any) -> None:
    """axe-core finds nothing on the page as it is now (once it has loaded)."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    assert violations == [], (page.url, violations)


def assert_clean_at(page: Any, width: int) -> None:
    """At the page's present width: nothing pushes the page sideways (wide tables scroll in
    their own region) and axe-core finds nothing.

    Waits for the page to load first: straight after a click on a link the new document
    may not exist yet, and reading it then fails (or reads the page being left)."""
    page.wait_for_load_state("load")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, (page.url, f"{scroll} px wide at {width} px")
    violations = axe_violations(page)
    assert violations == [], (page.url, f"at {width} px", violations)


def assert_clean_at_both_widths(page: Any) -> None:
    """``assert_clean_at`` 320 px (a phone) and 1280 px. Leaves the page at 1280 px."""
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)
