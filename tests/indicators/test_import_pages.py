"""Imports in the browser: upload, mapping, preview (which changes nothing), confirm.

Expected counts come from reading the fixture with Python's csv module (imports_helpers),
not from the importer: the SEN2 extract has 36 data rows, each one observation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Role
from cypp.indicators.models import ImportBatch, ImportUpload, Indicator, Observation, Period
from cypp.indicators.uploads import format_from_head
from tests.plans.factories import person_make

from .imports_helpers import SEN2, mapping_file, new_plans_mapping, sen2_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def analyst(var_dir: Path) -> Client:
    client = Client()
    client.force_login(person_make("importer", role=Role.ANALYST))
    return client


def _store_counts() -> tuple[int, int, int, int]:
    return (
        Observation.objects.count(),
        Indicator.objects.count(),
        Period.objects.count(),
        ImportBatch.objects.count(),
    )


def _upload(client: Client, path: Path, importer: str = "") -> Any:
    with path.open("rb") as handle:
        return client.post(reverse("evidence:import-start"), {"file": handle, "importer": importer})


def _build_mapping(client: Client, upload: ImportUpload) -> Any:
    fields = {
        "how": "build",
        "column": "new_all_ehc",
        "publication": "Education, health and care plans",
        "topic": "Special educational needs",
        "code_0": "ehc_new_plans",
        "title_0": "New Education, Health and Care plans issued",
        "unit_0": "plans",
        "value_type_0": "count",
        "multiplier_0": "1",
        "polarity_0": "none",
        "decimals_0": "0",
        "definition_0": "All new EHC plans issued in the calendar year.",
    }
    return client.post(reverse("evidence:import-mapping", args=[upload.pk]), fields)


def test_who_may_import(var_dir: Path) -> None:
    url = reverse("evidence:import-start")
    assert Client().get(url)["Location"].startswith(reverse("accounts:sign-in"))
    viewer = Client()
    viewer.force_login(person_make("reader", role=Role.VIEWER))
    assert viewer.get(url).status_code == 403
    assert viewer.get(reverse("evidence:import-history")).status_code == 403
    admin = Client()
    admin.force_login(person_make("administrator", role=Role.ADMINISTRATOR))
    page = admin.get(url)
    assert page.status_code == 200
    assert "no larger than 200 MB" in page.content.decode()


def test_upload_is_kept_under_a_random_name_and_its_format_inferred(
    analyst: Client, var_dir: Path
) -> None:
    response = _upload(analyst, SEN2)

    upload = ImportUpload.objects.get()
    assert response["Location"] == reverse("evidence:import-mapping", args=[upload.pk])
    assert upload.importer == "ees"
    assert upload.original_name == "sen2_mi_three_las.csv"
    stored = var_dir / "uploads" / upload.stored_name
    assert stored.read_bytes() == SEN2.read_bytes()
    folder = stored.parent.name
    assert len(folder) == 32 and folder != "sen2_mi_three_las"


@pytest.mark.parametrize(
    ("head", "importer"),
    [
        (b"time_period,time_identifier,geographic_level,country_code\n", "ees"),
        (b'"time_period","time_identifier","geographic_level"\n', "ees"),
        (b"Indicator ID,Indicator Name,Parent Code,Parent Name\n", "fingertips"),
        (b"indicator,area,period,period_type,value\n", "tidy"),
        (b"PAR1\x15\x04", "lait"),
        (b"name,count\n", None),
    ],
)
def test_format_from_the_header(head: bytes, importer: str | None) -> None:
    assert format_from_head(head) == importer


def test_mapping_built_in_the_form_then_preview_counts_and_changes_nothing(
    analyst: Client,
) -> None:
    _upload(analyst, SEN2)
    upload = ImportUpload.objects.get()
    form = analyst.get(
        reverse("evidence:import-mapping", args=[upload.pk]), {"column": "new_all_ehc"}
    )
    assert form.status_code == 200
    assert 'value="new_all_ehc"' in form.content.decode()
    before = _store_counts()

    response = _build_mapping(analyst, upload)
    assert response["Location"] == reverse("evidence:import-preview", args=[upload.pk])
    preview = analyst.get(response["Location"])

    assert preview.status_code == 200
    upload.refresh_from_db()
    counts = upload.result["preview"]
    rows = sen2_rows()
    assert (counts["rows_read"], counts["new"], counts["revised"], counts["unchanged"]) == (
        len(rows),
        len(rows),
        0,
        0,
    )
    assert [i["code"] for i in counts["new_indicators"]] == ["ehc_new_plans"]
    page = preview.content.decode()
    assert f'<dd class="govuk-summary-list__value" id="count-new">{len(rows)}</dd>' in page
    assert _store_counts() == before


def test_confirm_runs_the_import_as_a_background_task(
    analyst: Client, var_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    _upload(analyst, SEN2)
    upload = ImportUpload.objects.get()
    _build_mapping(analyst, upload)
    analyst.get(reverse("evidence:import-preview", args=[upload.pk]))

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = analyst.post(
            reverse("evidence:import-preview", args=[upload.pk]), {"confirm": "import"}
        )
    # Nothing is queued inside the transaction: the task waits for the commit.
    upload.refresh_from_db()
    assert upload.state == ImportUpload.State.QUEUED and len(queued) == 1
    queued[0]()

    assert response["Location"] == reverse("evidence:import-progress", args=[upload.pk])
    upload.refresh_from_db()
    assert upload.state == ImportUpload.State.COMPLETED
    assert upload.batch is not None
    assert upload.batch.rows_loaded == len(sen2_rows())
    assert upload.batch.imported_by_name == "importer"
    assert Observation.objects.filter(indicator__code="ehc_new_plans").count() == 36
    herefordshire = Observation.objects.get(
        indicator__code="ehc_new_plans", area__code="E06000019", period__label="2022"
    )
    assert herefordshire.value == 169  # new_all_ehc of 884 in 2022 in the DfE's file
    page = analyst.get(response["Location"]).content.decode()
    assert "Import complete" in page
    assert not (var_dir / "uploads" / upload.stored_name).exists()
    # A second confirm does nothing more.
    again = analyst.post(
        reverse("evidence:import-preview", args=[upload.pk]), {"confirm": "import"}
    )
    assert (
        again.status_code == 302
        and ImportBatch.objects.filter(importer="ees", file_name=SEN2.name).count() == 1
    )


def test_preview_shows_a_changed_description_before_and_after(
    analyst: Client, var_dir: Path
) -> None:
    from cypp.indicators.services import observations_import

    observations_import(
        importer="ees",
        path=SEN2,
        options={"mapping": new_plans_mapping("Old words."), "mapping_file": "m"},
    )
    _upload(analyst, SEN2)
    upload = ImportUpload.objects.get()
    (var_dir / "mappings").mkdir()
    saved = mapping_file(var_dir / "mappings", new_plans_mapping("New words."))
    response = analyst.post(
        reverse("evidence:import-mapping", args=[upload.pk]),
        {"how": "saved", "mapping": saved.name},
    )
    assert response.status_code == 302
    page = analyst.get(response["Location"]).content.decode()
    upload.refresh_from_db()
    preview = upload.result["preview"]
    assert (preview["new"], preview["revised"], preview["unchanged"]) == (0, 0, 36)
    assert preview["changed_indicators"] == [
        {
            "code": "ehc_new_plans",
            "title": "New Education, Health and Care plans issued",
            "before": {"definition": "Old words."},
            "after": {"definition": "New words."},
        }
    ]
    assert "Old words." in page and "New words." in page


def test_problems_are_listed_with_file_row_and_column(analyst: Client, tmp_path: Path) -> None:
    bad = tmp_path / "local_visits.csv"
    bad.write_text(
        "indicator,area,period,period_type,value,title\n"
        "local_visits,E06000019,2023,calendar,12,Youth club visits\n"
        "local_visits,E06999999,2023,calendar,13,\n"
        "local_visits,E10000034,2023,calendar,lots,\n",
        encoding="utf-8",
    )
    before = _store_counts()
    response = _upload(analyst, bad)
    upload = ImportUpload.objects.get()
    assert upload.importer == "tidy"
    page = analyst.get(response["Location"])

    assert page.status_code == 200
    problems = ImportUpload.objects.get().result["preview"]["problems"]
    places = {(p["file"], p["row"], p["column"]) for p in problems}
    assert ("local_visits.csv", 4, "value") in places
    text = page.content.decode()
    assert "The file cannot be imported" in text and "Import the file" not in text
    csv_text = analyst.get(reverse("evidence:import-problems", args=[upload.pk])).content.decode()
    assert csv_text.splitlines()[0] == "file,row,column,value,reason"
    assert len(csv_text.splitlines()) == len(problems) + 1
    assert any(line.startswith("local_visits.csv,4,value,lots,") for line in csv_text.splitlines())
    refused = analyst.post(
        reverse("evidence:import-preview", args=[upload.pk]), {"confirm": "import"}
    )
    assert refused.status_code == 400
    assert _store_counts() == before


def test_a_pasted_mapping_with_a_mistake_is_refused_naming_its_line(analyst: Client) -> None:
    _upload(analyst, SEN2)
    upload = ImportUpload.objects.get()
    response = analyst.post(
        reverse("evidence:import-mapping", args=[upload.pk]),
        {
            "how": "yaml",
            "text": "indicators:\n  - code: x\n    value: new_all_ehc\n    polarty: high\n",
        },
    )
    assert response.status_code == 400
    assert "row 4" in response.content.decode() and "polarty" in response.content.decode()


def test_someone_elses_upload_is_hidden(analyst: Client) -> None:
    _upload(analyst, SEN2)
    upload = ImportUpload.objects.get()
    other = Client()
    other.force_login(person_make("other-analyst", role=Role.ANALYST))
    assert other.get(reverse("evidence:import-preview", args=[upload.pk])).status_code == 404


def test_an_unknown_area_is_a_problem_naming_its_row(analyst: Client, tmp_path: Path) -> None:
    bad = tmp_path / "local_visits.csv"
    bad.write_text(
        "indicator,area,period,period_type,value,title\n"
        "local_visits,E06000019,2023,calendar,12,Youth club visits\n"
        "local_visits,E06999999,2023,calendar,13,\n",
        encoding="utf-8",
    )
    analyst.get(_upload(analyst, bad)["Location"])
    problems = ImportUpload.objects.get().result["preview"]["problems"]
    assert [(p["file"], p["row"], p["column"], p["value"]) for p in problems] == [
        ("local_visits.csv", 3, "area", "E06999999")
    ]


def test_the_mapping_builder_offers_the_weeks_and_a_kind_of_period() -> None:
    """A year-to-date file of weeks 8 to 30 (DfE pupil attendance) cannot be mapped without
    choosing one week and saying what its periods are: the builder offers both."""
    from cypp.indicators.forms_imports import BuildMappingForm
    from cypp.indicators.views_imports import _filters_offered

    found = {
        "filters": {"education_phase": ["All schools", "Primary"]},
        "time_identifiers": {"Week 10": 3, "Week 8": 3, "Week 30": 3},
    }
    filters = _filters_offered(found)
    assert filters["time_identifier"] == ["Week 8", "Week 10", "Week 30"]
    # One identifier needs no choice.
    assert "time_identifier" not in _filters_offered({**found, "time_identifiers": {"Week 30": 3}})

    data = {
        "filter_0": "All schools",
        "filter_1": "Week 30",
        "code_0": "pa_pct",
        "title_0": "Persistent absence, year to date",
        "unit_0": "%",
        "value_type_0": "proportion",
        "multiplier_0": "100",
        "polarity_0": "low",
        "decimals_0": "1",
        "period_type_0": "academic",
    }
    form = BuildMappingForm(
        data, columns=["persistent_absence_percent"], labels={}, filters=filters
    )
    assert form.is_valid(), form.errors
    (entry,) = form.mapping()["indicators"]
    assert entry["period_type"] == "academic"
    assert entry["filters"] == {"education_phase": "All schools", "time_identifier": "Week 30"}
    # Left as the file says, the mapping carries no period type.
    form = BuildMappingForm(
        {**data, "period_type_0": ""},
        columns=["persistent_absence_percent"],
        labels={},
        filters=filters,
    )
    assert form.is_valid(), form.errors
    assert "period_type" not in form.mapping()["indicators"][0]


def test_no_file_chosen_says_what_to_do(analyst: Client) -> None:
    """GOV.UK's file upload pattern: the error says what to do, in the summary and the field."""
    response = analyst.post(reverse("evidence:import-start"), {"importer": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("Choose the file to import") == 2  # the summary's link and the field
    assert "This field is required" not in page
    assert not ImportUpload.objects.exists()
