"""The open-data page and a measure's embed page in Chromium: axe clean and no sideways
scroll at 320 and 1280 px, the downloads and the card image served, the card's preview
styled (its inline styles allowed by their hashes, no Content Security Policy violation),
and screenshots to /tmp/s1-*.png to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import DESKTOP, PHONE, assert_clean_at, watch_csp
from tests.plans.factories import plan_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

SHOTS = Path(os.environ.get("CYPP_SHOTS", "/tmp"))


def test_open_data_and_embed_pages(site_url: str, page: Any) -> None:
    plan = plan_make(key="open-plan", measures=2, public=True)
    violations = watch_csp(page)
    # From the plan's page to its open data.
    page.goto(f"{site_url}/plans/{plan.key}/")
    page.get_by_role("link", name="Open data: download the plan's measures and figures").click()
    page.wait_for_url(f"**/plans/{plan.key}/open-data/")
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)
        page.screenshot(path=str(SHOTS / f"s1-open-data-{width}.png"), full_page=True)
    # Every download link answers with its file.
    links = page.locator("a[href*='/open-data']").evaluate_all("(as) => as.map(a => a.href)")
    downloads = [h for h in links if h.endswith((".csv", ".json", ".zip"))]
    assert len(downloads) == 6  # datapackage.json, four CSV files, the zip
    for href in downloads:
        response = page.request.get(href)
        assert response.status == 200 and response.body(), href
    # From the open-data page to the first measure's card.
    page.locator(f"a[href='/plans/{plan.key}/measures/measure-0/embed/']").click()
    page.wait_for_url("**/measures/measure-0/embed/")
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)
        page.screenshot(path=str(SHOTS / f"s1-embed-{width}.png"), full_page=True)
    # The preview is styled: its coloured rating band is drawn (the inline style applied).
    band = page.locator("figure.cypp-measure-card strong").first
    assert band.evaluate("(e) => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # The card image loaded (an image that failed has no natural width).
    image = page.get_by_role("region", name="The card as an image").locator("img")
    assert image.evaluate("(img) => img.complete && img.naturalWidth") == 360
    assert violations == []
    # The card on its own, as a partner's page would show it.
    page.goto(f"{site_url}/plans/{plan.key}/measures/measure-0/card.svg")
    page.screenshot(path=str(SHOTS / "s1-card.png"))
