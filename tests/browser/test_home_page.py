"""The home page in a real browser: what a user sees, keyboard use, and accessibility."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cypp.indicators.models import Observation
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_home_lists_sources_and_counts_accessibly(site_url, page, tmp_path):
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert page.title() == "Children and young people's plans – CYPP"
    table = page.get_by_role("table", name="Sources, their indicators and observations")
    lait_row = table.get_by_role("row").filter(has_text="Local Authority Interactive Tool")
    lait_count = Observation.objects.filter(indicator__source__key="lait").count()
    assert f"{lait_count:,}" in lait_row.inner_text()
    assert "Source: DfE" in lait_row.inner_text()
    # GOV.UK Frontend's stylesheet is served.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-header')).backgroundColor"
    ) in {"rgb(11, 12, 12)", "rgb(29, 112, 184)"}
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert axe_violations(page) == []


def test_keyboard_reaches_the_skip_link_first(site_url, page):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    # Following a fragment link updates the address after the key press returns, so wait
    # for it rather than read it at once (read at once it failed one CI run in many).
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_works_without_javascript(site_url, page_without_javascript):
    page = page_without_javascript
    page.goto(site_url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Children and young people's plans"
    assert page.get_by_role("table").count() == 1
