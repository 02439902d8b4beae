"""The area profile as Fingertips users expect it, in Chromium: the spine chart fits the
column at 1280 px, the page does not scroll sideways at 320 px (the table scrolls in its
own labelled region), markers say the comparison by shape and words as well as colour,
a topic is shown before one is chosen, and every indicator links to the explorer."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from cypp.indicators.models import Indicator
from cypp.reports.area_topics import topic_default, topics_list
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

HEREFORDSHIRE = "E06000019"
SHOTS = os.environ.get("CYPP_SHOTS", "")  # a folder to keep the screenshots in, if set


def _open(browser: Any, site_url: str, width: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/evidence/areas/{HEREFORDSHIRE}/")
    return context, page


def test_spine_chart_fits_the_column_at_1280(site_url, browser, tmp_path):  # type: ignore[no-untyped-def]
    default = topic_default(topics_list(list(Indicator.objects.all())))
    assert default is not None
    context, page = _open(browser, site_url, 1280)
    # A topic is shown without choosing one, and the picker is still there.
    assert page.get_by_role("heading", level=2).first.inner_text() == default.name
    assert page.get_by_label("Topic").input_value() == default.name
    table = page.get_by_role("table", name=f"Herefordshire: {default.name}, latest figures")
    column = page.locator("main").bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= column["x"] + column["width"] + 1
    region = page.get_by_role("region", name="latest figures")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    spines = table.locator("svg.cypp-spine")
    assert spines.count() >= 5
    for i in range(spines.count()):
        spine = spines.nth(i)
        spine_box = spine.bounding_box()
        assert spine_box["x"] + spine_box["width"] <= column["x"] + column["width"] + 1
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert "Compared with England" in headers and "Quartile band" in headers
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "c_profile_1280.png"), full_page=True)
    assert axe_violations(page) == []
    context.close()


def test_markers_say_the_comparison_in_shape_and_words(site_url, browser):  # type: ignore[no-untyped-def]
    context, page = _open(browser, site_url, 1280)
    page.get_by_label("Topic").select_option(value="Other indicators")
    page.get_by_role("button", name="Show topic").click()
    # count() does not wait: read the rows of the new page, not of the one being left.
    page.wait_for_url("**/?topic=Other+indicators")
    table = page.get_by_role("table", name="latest figures")
    rows = table.locator("tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        spine = row.locator("svg.cypp-spine")
        label = spine.get_attribute("aria-label") or ""
        cells = row.get_by_role("cell").all_inner_texts()
        comparison = cells[4].split("\n")[0]
        # The words in the table and the marker's name agree; the marker has a shape.
        assert comparison in {"Better", "Similar", "Worse", "Higher", "Lower", "Not compared"}
        if comparison != "Not compared":
            assert f"({comparison.lower()})" in label
        assert spine.locator("circle, rect, polygon").count() >= 3  # range, middle half, marker
        # The indicator links to the explorer for this area and indicator.
        link = row.get_by_role("rowheader").get_by_role("link")
        query = parse_qs(urlparse(link.get_attribute("href") or "").query)
        assert query["area"] == [HEREFORDSHIRE] and ":" in query["indicator"][0]
    # The key says every marker in words.
    key = page.get_by_role("heading", name="Key to the markers")
    assert key.count() == 1
    assert "Significantly worse than England" in page.locator(".cypp-key-list").inner_text()
    context.close()


def test_no_sideways_scroll_at_320(site_url, browser):  # type: ignore[no-untyped-def]
    context, page = _open(browser, site_url, 320)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name="latest figures")
    assert region.get_attribute("tabindex") == "0"
    # The table scrolls inside its region, reachable by keyboard.
    region.focus()
    page.keyboard.press("ArrowRight")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "c_profile_320.png"), full_page=False)
    assert axe_violations(page) == []
    context.close()
