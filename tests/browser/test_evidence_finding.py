"""Finding the evidence in a real browser: a new analyst goes from the home page to the
explorer through the header, types part of an indicator's name, picks it with the
keyboard and submits; the same without JavaScript; every page axe-clean at 1280 and 320 px."""

from __future__ import annotations

import pytest

from cypp.indicators.models import Indicator
from tests.browser.helpers import assert_clean_at_both_widths, sign_in
from tests.plans.factories import analyst_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_a_new_analyst_finds_the_explorer_and_picks_an_indicator_by_name(site_url, page):
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    analyst_make("newanalyst")
    sign_in(page, site_url, "newanalyst")
    page.goto(site_url + "/")
    assert_clean_at_both_widths(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Evidence").click()
    page.wait_for_url("**/evidence/")
    assert page.get_by_role("heading", level=1).inner_text() == "Evidence"
    assert_clean_at_both_widths(page)
    page.get_by_role("link", name="Indicator explorer").click()
    page.wait_for_url("**/evidence/explorer/")

    box = page.get_by_role("combobox", name="Indicator")
    box.click()
    box.press_sequentially("looked after rate", delay=20)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    # The count is announced in the live region.
    status = page.locator(".cypp-picker [role=status]")
    assert "found" in status.inner_text()
    options = listbox.get_by_role("option")
    titles = [t.strip() for t in options.locator(".cypp-picker__title").all_inner_texts()]
    assert lac.title in titles, titles
    # Arrow down to the indicator; each step marks one option selected and points the
    # box's aria-activedescendant at it.
    for _ in range(titles.index(lac.title) + 1):
        box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert lac.title in page.locator(f"#{active}").inner_text()
    box.press("Enter")
    assert box.input_value() == f"{lac.title} (lait:LAC)"
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    assert_clean_at_both_widths(page)

    page.get_by_label("Local authority").select_option(label="Herefordshire")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert heading.startswith(f"{lac.title}: Herefordshire")
    nav = page.get_by_role("navigation", name="Menu")
    assert (
        nav.get_by_role("link", name="Evidence", exact=True).get_attribute("aria-current") == "true"
    )
    assert_clean_at_both_widths(page)


def test_escape_closes_the_suggestions_and_enter_without_a_choice_submits(site_url, page):
    page.goto(site_url + "/evidence/explorer/")
    box = page.get_by_role("combobox", name="Indicator")
    box.press_sequentially("lait:LAC", delay=20)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for(state="visible")
    box.press("Escape")
    assert listbox.is_hidden()
    assert box.input_value() == "lait:LAC"
    page.get_by_label("Local authority").select_option(label="Herefordshire")
    box.press("Enter")  # nothing highlighted: the form submits as typed
    page.wait_for_url("**/evidence/explorer/?**")
    assert "lait%3ALAC" in page.url or "lait:LAC" in page.url


def test_without_javascript_the_catalogue_and_a_typed_name_still_work(
    site_url, page_without_javascript
):
    page = page_without_javascript
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Evidence").click()
    page.get_by_role("link", name="Indicator catalogue").click()
    page.get_by_label("Words").fill("looked after rate")
    page.get_by_label("Source").select_option(label=lac.source.name)
    page.get_by_role("button", name="Search").click()
    assert "q=looked+after+rate" in page.url and "source=lait" in page.url
    page.get_by_role("link", name=lac.title, exact=True).click()
    assert page.get_by_label("Indicator", exact=True).input_value() == "lait:LAC"
    # The box stays a plain text box, and takes an exact name too.
    page.goto(site_url + "/evidence/explorer/")
    box = page.get_by_label("Indicator", exact=True)
    assert box.get_attribute("role") is None
    box.fill(lac.title)
    page.get_by_label("Local authority").select_option(label="Herefordshire")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("heading", level=2).first.inner_text().startswith(lac.title)


def test_the_catalogue_is_accessible_and_reflows(site_url, page):
    page.goto(site_url + "/evidence/indicators/?q=looked&area=E06000019")
    assert_clean_at_both_widths(page)
    page.get_by_role("navigation", name="Pages of indicators").get_by_role(
        "link", name="Next page"
    ).click()
    assert "page=2" in page.url and "q=looked" in page.url
    assert_clean_at_both_widths(page)
