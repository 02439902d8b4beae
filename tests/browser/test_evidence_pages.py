"""Evidence pages in a real browser: an analyst compares an indicator across statistical
neighbours and downloads the CSV; the area profile renders; both are accessible and work
without JavaScript."""

from __future__ import annotations

import csv
import io

import pytest

from cypp.indicators.models import Observation
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

HEREFORDSHIRE = "E06000019"


def _compare(page, site_url):  # type: ignore[no-untyped-def]
    page.goto(site_url + "/evidence/explorer/")
    page.get_by_label("Indicator", exact=True).fill("fingertips:90284")
    page.get_by_label("Local authority").select_option(label="Herefordshire")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()


def test_analyst_compares_neighbours_and_downloads_csv(site_url, page, tmp_path):  # type: ignore[no-untyped-def]
    _compare(page, site_url)
    own = Observation.objects.get(
        indicator__source__key="fingertips",
        indicator__code="90284",
        area__code=HEREFORDSHIRE,
        period__label="2023-24",
    )
    assert (
        page.get_by_role("heading", level=2).first.inner_text().endswith("Herefordshire, 2023-24")
    )
    chart = page.get_by_role("img", name="Hospital admissions caused by unintentional")
    assert chart.count() == 2
    table = page.get_by_role("table", name="and its statistical neighbours, 2023-24")
    row = table.get_by_role("row").filter(has_text="This area")
    assert f"{own.value:.1f}" in row.inner_text()
    # The period select now lists the indicator's periods; choosing one keeps the rest.
    page.get_by_label("Period").select_option("2022-23")
    page.get_by_role("button", name="Show").click()
    assert "2022-23" in page.get_by_role("heading", level=2).first.inner_text()
    page.get_by_label("Period").select_option("2023-24")
    page.get_by_role("button", name="Show").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this table as CSV").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8") as saved:
        text = saved.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Area", "Role", "Value"]
    assert ["Herefordshire", "This area", f"{own.value:.1f}"] == next(
        r for r in rows if r and r[0] == "Herefordshire"
    )[:3]
    assert rows[-1][0].startswith("Source: OHID Fingertips")
    page.screenshot(path=str(tmp_path / "explorer.png"), full_page=True)
    assert axe_violations(page) == []


def test_area_profile_renders_accessibly(site_url, page):  # type: ignore[no-untyped-def]
    page.goto(f"{site_url}/evidence/areas/{HEREFORDSHIRE}/")
    page.get_by_label("Topic").select_option(label="Children Looked After (72)")
    page.get_by_role("button", name="Show topic").click()
    assert page.get_by_role("heading", level=2).first.inner_text() == "Children Looked After"
    table = page.get_by_role("table", name="Herefordshire: Children Looked After, latest figures")
    lac = table.get_by_role("row").filter(has_text="Children looked after rate per 10,000").first
    # No better direction (LAIT "-"): no test against England and no band, said in words.
    assert "Not compared" in lac.inner_text() and "None: no better direction" in lac.inner_text()
    assert lac.get_by_role("img").count() == 1
    assert axe_violations(page) == []


def test_both_work_without_javascript(site_url, page_without_javascript):  # type: ignore[no-untyped-def]
    page = page_without_javascript
    _compare(page, site_url)
    assert page.get_by_role("img", name="Hospital admissions caused by unintentional").count() == 2
    page.goto(f"{site_url}/evidence/areas/{HEREFORDSHIRE}/?topic=Health+and+Wellbeing")
    assert page.get_by_role("heading", level=1).inner_text() == "Herefordshire"
    assert page.locator("svg.cypp-spine").count() >= 1
