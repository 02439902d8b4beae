"""An analyst's survey pages in Chromium: the list, loading a survey file with problems
(every problem listed, nothing saved), loading it corrected, the survey's page, and opening
it to answers. Every page axe-clean at 320 and 1280 CSS pixels with no sideways scroll, and
no Content Security Policy violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cypp.voice.models import Survey
from tests.browser.helpers import assert_clean_at_both_widths, sign_in, watch_csp
from tests.voice.world import voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

TEXT = (Path(__file__).parents[1] / "voice" / "data" / "surveys" / "wellbeing.yaml").read_text(
    encoding="utf-8"
)


def _choose(page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Survey file", exact=True).set_input_files(
        {"name": name, "mimeType": "application/yaml", "buffer": text.encode()}
    )


def test_an_analyst_loads_a_survey_file_and_opens_the_survey(site_url, page):  # type: ignore[no-untyped-def]
    voice_world()
    csp = watch_csp(page)
    sign_in(page, site_url, "voice-analyst")
    page.goto(f"{site_url}/voice/alpha/surveys/")
    page.get_by_role("heading", name="Surveys", level=1).wait_for()
    assert page.get_by_role("link", name="How are you?").count() == 1
    assert_clean_at_both_widths(page)

    page.get_by_role("link", name="Load a survey file").click()
    page.get_by_role("heading", name="Load a survey file", level=1).wait_for()
    assert_clean_at_both_widths(page)

    broken = TEXT.replace("kind: parents", "kind: parent").replace('{key: "2025"', "{key: 2025")
    _choose(page, "broken.yaml", broken)
    page.get_by_role("button", name="Load the survey file").click()
    page.get_by_role("heading", name="Problems in broken.yaml").wait_for()
    problems = page.get_by_role("table", name="Problems in the survey file")
    assert problems.get_by_role("row").count() == 3  # the heading and two problems
    assert "audiences[2].kind" in problems.inner_text()
    assert not Survey.objects.filter(key="how-are-you").exists()
    assert_clean_at_both_widths(page)

    _choose(page, "wellbeing.yaml", TEXT)
    page.get_by_role("button", name="Load the survey file").click()
    page.wait_for_url("**/voice/alpha/surveys/how-are-you/")
    page.get_by_role("heading", name="How are you?", level=1).wait_for()
    assert "Loaded How are you? (how-are-you)" in page.locator("main").inner_text()
    assert_clean_at_both_widths(page)

    page.get_by_role("link", name="Open the survey to answers").click()
    page.get_by_role("heading", name="Open the survey to answers", level=1).wait_for()
    assert_clean_at_both_widths(page)
    page.get_by_role("button", name="Open the survey").click()
    page.wait_for_url("**/voice/alpha/surveys/how-are-you/")
    assert "How are you? is open to answers." in page.locator("main").inner_text()
    assert Survey.objects.get(key="how-are-you").status == "open"
    assert csp == []


def test_a_viewer_reads_the_surveys_but_loads_nothing(site_url, page):  # type: ignore[no-untyped-def]
    voice_world()
    sign_in(page, site_url, "voice-viewer")
    page.goto(f"{site_url}/voice/alpha/surveys/wellbeing/")
    page.get_by_role("heading", name="How are you?", level=1).wait_for()
    assert page.get_by_role("link", name="Download the survey file").count() == 0
    assert_clean_at_both_widths(page)
    response = page.goto(f"{site_url}/voice/alpha/surveys/upload/")
    assert response is not None and response.status == 403
