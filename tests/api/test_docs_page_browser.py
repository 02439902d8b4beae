"""The API's documentation page in Chromium: no script blocked by the CSP (it has none),
axe clean and no sideways scroll at 320 and 1280 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import assert_clean_at_both_widths, watch_csp

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_docs_page_reads_offline_and_accessibly(site_url: str, page: Any) -> None:
    blocked = watch_csp(page)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(site_url) else None
        ),
    )
    response = page.goto(site_url + "/api/v1/docs")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text().startswith("CYPP API")
    assert page.get_by_role("heading", name="GET /api/v1/plans/{key}/scorecard").count() == 1
    assert_clean_at_both_widths(page)
    assert blocked == [] and outside == []
