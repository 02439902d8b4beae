"""The explorer's map and all-authorities table in a real browser: accessible at 1280 and
320 pixels, no sideways scroll, the map named, the table sortable without JavaScript."""

from __future__ import annotations

import pytest

from tests.browser.helpers import assert_clean_at

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

QUERY = "/evidence/explorer/?indicator=fingertips:90284&area=E06000019"
MAP_NAME = "Map of England's local authorities by quartile band"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_map_and_table_are_accessible_and_reflow(site_url, browser, width):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    # The first drawing of a page's charts can be slow on a busy machine; later ones are cached.
    assert page.goto(site_url + QUERY, timeout=120_000).status == 200
    assert page.get_by_role("img", name=MAP_NAME).count() == 1
    table = page.get_by_role("table", name="every local authority")
    assert table.count() == 1
    assert table.get_by_role("row").count() >= 154  # the header and 153 authorities
    assert_clean_at(page, width)
    # The map is an image: what it shows is in its description, read by a screen reader.
    described = page.evaluate("document.getElementById('england-map-desc').textContent")
    assert described.startswith("Map of England's 153 upper-tier local authorities")
    context.close()


def test_sorting_and_the_colour_toggle_work_without_javascript(site_url, page_without_javascript):  # type: ignore[no-untyped-def]
    page = page_without_javascript
    page.goto(site_url + QUERY, timeout=120_000)
    page.get_by_role("link", name="Rate per 10,000").click()
    page.wait_for_url("**sort=-value**")
    page.wait_for_load_state()
    header = page.get_by_role("columnheader", name="Rate per 10,000")
    assert header.get_attribute("aria-sort") == "descending"
    first, second = (
        float(
            page.locator(".cypp-authorities tbody tr")
            .nth(i)
            .locator("td")
            .nth(1)
            .inner_text()
            .split()[0]
        )
        for i in range(2)
    )
    assert first >= second
    page.get_by_role("link", name="Colour by comparison with England").click()
    page.wait_for_url("**map=significance**")
    page.wait_for_load_state()
    assert (
        page.get_by_role(
            "img", name="Map of England's local authorities compared with England"
        ).count()
        == 1
    )
    assert "Better than England" in page.locator(".cypp-map__legend").inner_text()
