"""An analyst brings in a Microsoft Forms export in the browser: a file with problems is
refused with every problem listed (row, column, reason) and nothing saved; the clean file
is imported, and its page and the list of imports show it. Every page is axe-clean at 1280
and 320 px and does not scroll sideways at 320 px; no page breaks the Content Security
Policy. The files are the made-up ones of tests/voice/data/imports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cypp.voice.models import Response, VoiceImport
from tests.browser.helpers import assert_clean_at_both_widths, sign_in, watch_csp
from tests.voice.imports_helpers import DATA
from tests.voice.world import voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _shot(page: Any, shots: Path, name: str) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"h6-{name}-{width}.png"), full_page=True)


def _upload(page: Any, file: Path) -> None:
    page.get_by_label("Where the file comes from").select_option(label="Microsoft Forms (CSV)")
    page.get_by_label("Wave").select_option(label="Spring 2025")
    page.get_by_label("Who answered").select_option(label="I am 12 to 15")
    page.get_by_label("The CSV file").set_input_files(str(file))
    with page.expect_navigation():
        page.get_by_role("button", name="Check and import the file").click()


def test_analyst_sees_every_problem_then_imports_the_clean_file(
    site_url: str, page: Any, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("CYPP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    voice_world()
    csp = watch_csp(page)
    sign_in(page, site_url, "voice-analyst")
    page.goto(f"{site_url}/voice/alpha/surveys/wellbeing/imports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Answers from other tools"
    assert_clean_at_both_widths(page)
    _shot(page, shots, "imports")

    _upload(page, DATA / "forms_problems.csv")
    assert page.get_by_role("heading", name="Problems in forms_problems.csv").is_visible()
    table = page.get_by_role("table", name="Problems in the file")
    assert table.get_by_role("row").count() == 1 + 5
    assert "'Narnia' is not one of this question's options" in table.inner_text()
    assert "Zebedee" not in page.content()
    assert not VoiceImport.objects.exists()
    assert_clean_at_both_widths(page)
    _shot(page, shots, "problems")

    _upload(page, DATA / "forms_wellbeing.csv")
    assert page.get_by_role("heading", level=1).inner_text() == "forms_wellbeing.csv"
    assert "Imported 4 responses (20 answers) from forms_wellbeing.csv." in page.inner_text("body")
    assert Response.objects.filter(consent="imported").count() == 4
    assert_clean_at_both_widths(page)
    _shot(page, shots, "import")

    page.get_by_role("link", name="Back to answers from other tools").click()
    page.wait_for_load_state("load")
    listed = page.get_by_role("table", name="Files imported")
    assert "forms_wellbeing.csv" in listed.inner_text()
    assert_clean_at_both_widths(page)
    assert csp == []
