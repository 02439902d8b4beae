"""An analyst imports a file the demo never loaded, in the browser: uploads a real DfE SEN2
extract (tests/indicators/fixtures), builds its mapping from the file's columns, previews
what would change, confirms, sees the import complete and finds it in the import history.
Every page is axe-clean at 1280 px and 320 px and does not scroll sideways at 320 px.

The test settings run tasks as they are enqueued (ImmediateBackend). The confirm enqueues
the import once the upload's new state commits (``transaction.on_commit``); the test's
transaction, which the site shares, never commits, so the test releases the commit itself
(``django_capture_on_commit_callbacks``) and the page then shows the import done.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cypp.accounts.models import Role
from cypp.indicators.models import ImportBatch, Observation
from tests.browser.conftest import axe_violations
from tests.browser.helpers import sign_in
from tests.indicators.imports_helpers import SEN2, sen2_rows
from tests.plans.factories import person_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def _checked(page: Any, name: str, shots: Path) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], f"{name} at {width} px"
        if width == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        page.screenshot(path=str(shots / f"{name}_{width}.png"), full_page=True)


def test_analyst_uploads_maps_previews_and_imports_an_ees_file(
    site_url: str,
    page: Any,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VAR_DIR = tmp_path
    # The screenshots of each page at each width: CYPP_SCREENSHOTS=/somewhere keeps them.
    shots = Path(os.environ.get("CYPP_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    person_make("importer", role=Role.ANALYST)
    sign_in(page, site_url, "importer")

    page.goto(f"{site_url}/evidence/imports/")
    page.get_by_role("button", name="Import a file").click()
    _checked(page, "start", shots)
    page.get_by_label("The file to import").set_input_files(str(SEN2))
    page.get_by_role("button", name="Upload and continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == (
        "Which columns become which indicators"
    )
    page.get_by_label("new_all_ehc", exact=True).check()
    page.get_by_role("button", name="Describe the chosen columns").click()
    page.get_by_label("Publication").fill("Education, health and care plans")
    page.get_by_label("Code", exact=True).fill("ehc_new_plans")
    page.get_by_label("Title", exact=True).fill("New Education, Health and Care plans issued")
    page.get_by_label("Unit", exact=True).fill("plans")
    page.get_by_label("Decimal places").fill("0")
    _checked(page, "mapping", shots)
    page.get_by_role("button", name="Use this mapping").click()

    assert page.get_by_role("heading", level=1).inner_text() == "What this import would change"
    rows = len(sen2_rows())
    assert page.locator("#count-new").inner_text() == str(rows)
    assert page.locator("#count-revised").inner_text() == "0"
    assert not Observation.objects.filter(indicator__code="ehc_new_plans").exists()
    _checked(page, "preview", shots)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        page.get_by_role("button", name="Import the file").click()
        # Queued, not yet run: nothing is imported before the confirm's state commits.
        assert page.get_by_role("heading", level=1).inner_text() == "Importing the file"
        assert not Observation.objects.filter(indicator__code="ehc_new_plans").exists()
    assert len(queued) == 1
    page.reload()

    assert page.get_by_role("heading", level=1).inner_text() == "Imported"
    assert "Import complete" in page.locator(".govuk-panel").inner_text()
    batch = ImportBatch.objects.get(file_name=SEN2.name)
    assert batch.rows_loaded == rows and batch.imported_by_name == "importer"
    _checked(page, "done", shots)

    page.get_by_role("link", name="go to the import history").click()
    history = page.get_by_role("table", name="Import batches")
    row = history.get_by_role("row").filter(has_text=SEN2.name)
    assert row.count() == 1
    assert f"Batch {batch.pk}" in row.inner_text() and "importer" in row.inner_text()
    _checked(page, "history", shots)
    row.get_by_role("link", name=f"Batch {batch.pk}").click()
    _checked(page, "batch", shots)
