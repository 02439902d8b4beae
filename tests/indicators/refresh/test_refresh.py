"""Live refresh from the official APIs, offline: recorded responses stand in for the web.

``recorded/`` (see its README) holds an extract of a real Fingertips export of indicator 90284
and an extract of a real EES file. The expected figures are read from those files with the
csv module, never from CYPP.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import timezone

from cypp.indicators.models import (
    ImportBatch,
    Indicator,
    Observation,
    ObservationRevision,
    RefreshSchedule,
)
from cypp.indicators.refresh import (
    ApiRequest,
    OfficialApiError,
    RecordedTransport,
    WebTransport,
    fingertips_request,
)
from cypp.indicators.services_refresh import (
    indicators_refresh,
    refresh_schedule_add,
    refresh_schedule_remove,
    refresh_schedules_queue,
)
from tests.conftest import cli, cli_json
from tests.indicators.imports_helpers import new_plans_mapping, sen2_rows

RECORDED = Path(__file__).with_name("recorded")
FINGERTIPS_FILE = RECORDED / "fingertips_indicators_90284_502_6.csv"
SEX_CODES = {"Persons": "90284", "Male": "90284-male", "Female": "90284-female"}
URL = (
    "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id?indicator_ids=90284"
    "&child_area_type_id=502&parent_area_type_id=6"
)

pytestmark = pytest.mark.django_db


def export_rows(path: Path = FINGERTIPS_FILE) -> list[dict[str, str]]:
    """The export's rows of the indicator itself (no inequality breakdowns), read plainly."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [r for r in csv.DictReader(handle) if not r["Category Type"]]


def stored(row: dict[str, str]) -> Observation:
    return Observation.objects.get(
        indicator__source__key="fingertips",
        indicator__code=SEX_CODES[row["Sex"]],
        area__code=row["Area Code"],
        period__label=row["Time period"].replace("/", "-"),
    )


def fingertips(transport: Any, **kwargs: Any) -> Any:
    return indicators_refresh(
        source="fingertips", indicator_ids=(90284,), transport=transport, **kwargs
    )


def test_a_recorded_response_refreshes_the_indicator_as_a_new_batch() -> None:
    before = ImportBatch.objects.count()
    rows = export_rows()

    report = fingertips(RecordedTransport(RECORDED))

    assert ImportBatch.objects.count() == before + 1
    batch = report.batch
    assert not report.already_imported
    assert batch.importer == "fingertips"
    assert batch.options == {"source_url": URL, "recorded": True}
    assert batch.rows_read == 601  # every data line of the file, breakdowns included
    # The demo loaded the authorities and England from a file of the same figures; the
    # regions (parent area type 6) are new. Every row of the indicator is accounted for.
    assert batch.rows_loaded + batch.rows_revised + batch.rows_unchanged == len(rows)
    regions = [r for r in rows if r["Area Type"] == "Regions (statistical)"]
    assert batch.rows_loaded == len(regions) == 342
    # The indicator's description (title, unit, polarity...) is the demo file's: unrevised.
    assert batch.indicators_revised == 0
    for row in rows:
        found = stored(row)
        expected = float(row["Value"]) if row["Value"] else None
        assert found.value == expected, row
        if row["Count"]:
            assert found.numerator == float(row["Count"])
        if row["Area Type"] == "Regions (statistical)":
            assert found.batch_id == batch.pk


def test_one_changed_value_is_a_revision(tmp_path: Path) -> None:
    first = fingertips(RecordedTransport(RECORDED))
    # The next answer differs in one figure: West Midlands, Persons, 2023/24, 0.1 higher.
    with FINGERTIPS_FILE.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    target = next(
        r
        for r in rows
        if r["Area Code"] == "E12000005"
        and r["Sex"] == "Persons"
        and r["Time period"] == "2023/24"
        and not r["Category Type"]
    )
    old_value = float(target["Value"])
    # A small revision, as Fingertips makes: still count / denominator x 10,000 within 1%.
    target["Value"] = f"{old_value + 0.1:.7f}"
    new_value = float(target["Value"])
    with (tmp_path / FINGERTIPS_FILE.name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)

    report = fingertips(RecordedTransport(tmp_path))

    assert (report.batch.rows_loaded, report.batch.rows_revised) == (0, 1)
    found = stored(target)
    assert found.value == new_value
    revision = ObservationRevision.objects.get(observation=found, replaced_by=report.batch)
    assert revision.previous["value"] == old_value
    assert revision.previous_batch_id == first.batch.pk
    assert [(c.area, c.field, c.before, c.after) for c in report.changes] == [
        ("E12000005", "value", old_value, new_value)
    ]


def test_the_same_answer_again_is_already_imported() -> None:
    first = fingertips(RecordedTransport(RECORDED))
    count = ImportBatch.objects.count()

    again = fingertips(RecordedTransport(RECORDED))

    assert again.already_imported
    assert again.batch.pk == first.batch.pk
    assert ImportBatch.objects.count() == count


def test_no_network_gives_a_clear_message_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(101, "Network is unreachable")

    # The machine's own "no way out": every connection refused as a closed network does.
    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    counts = (ImportBatch.objects.count(), Observation.objects.count())

    with pytest.raises(OfficialApiError) as raised:
        fingertips(WebTransport(timeout=5))

    message = str(raised.value)
    assert "fingertips.phe.org.uk" in message
    assert "Network is unreachable" in message
    assert "Nothing was changed" in message
    assert (ImportBatch.objects.count(), Observation.objects.count()) == counts


def test_a_timeout_names_the_host_and_the_wait() -> None:
    # A listening socket that never answers: the request waits, then gives up.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        request = ApiRequest(base=f"http://127.0.0.1:{port}/api/", path="x", what="a test")
        with pytest.raises(
            OfficialApiError,
            match=r"No answer from 127\.0\.0\.1:\d+ for a test within 0\.5 seconds",
        ):
            WebTransport(timeout=0.5).call(request)


def test_a_missing_recording_says_which_file(tmp_path: Path) -> None:
    with pytest.raises(OfficialApiError, match=r"fingertips_indicators_90284_502_6\.csv"):
        fingertips(RecordedTransport(tmp_path))


def test_the_request_is_the_documented_address() -> None:
    assert fingertips_request(indicator_ids=(90284,)).url == URL
    profile = fingertips_request(profile_id=133)
    assert profile.url == (
        "https://fingertips.phe.org.uk/api/all_data/csv/by_profile_id?child_area_type_id=502"
        "&parent_area_type_id=6&profile_id=133"
    )


def test_a_due_schedule_is_queued_and_the_task_runs_it() -> None:
    schedule = refresh_schedule_add(
        by=None,
        name="injuries",
        api="fingertips",
        indicator_ids="90284",
        every_hours=24,
        recorded_dir=str(RECORDED),
    )
    # Never run: due. The test settings run tasks at once (django-tasks' immediate backend).
    with django_capture_on_commit():
        queued = refresh_schedules_queue()
    assert [s.name for s in queued] == ["injuries"]
    schedule.refresh_from_db()
    assert schedule.last_error == ""
    assert schedule.last_batch is not None
    assert schedule.last_batch.options["source_url"] == URL
    assert schedule.queued_at is None
    assert schedule.last_result.startswith(f"Batch {schedule.last_batch_id}: 342 added")
    # Just run: not due until a day has passed; then due, and unchanged.
    assert refresh_schedules_queue() == []
    later = timezone.now() + dt.timedelta(hours=25)
    with django_capture_on_commit():
        assert [s.name for s in refresh_schedules_queue(now=later)] == ["injuries"]
    schedule.refresh_from_db()
    assert schedule.last_result.startswith("No change since batch")


def test_a_failing_schedule_records_the_error_in_words(tmp_path: Path) -> None:
    refresh_schedule_add(
        by=None, name="nothing-here", api="fingertips", indicator_ids="90284",
        recorded_dir=str(tmp_path),
    )  # fmt: skip
    with django_capture_on_commit():
        refresh_schedules_queue()
    schedule = RefreshSchedule.objects.get(name="nothing-here")
    assert "No recorded response for Fingertips indicator 90284" in schedule.last_error
    assert schedule.last_batch is None
    assert schedule.last_run_at is not None


def test_ees_by_id_and_version_from_a_recorded_response() -> None:
    rows = sen2_rows()
    report = indicators_refresh(
        source="ees",
        dataset_id="sen2-mi-extract",
        version="1.0",
        mapping=new_plans_mapping(),
        mapping_file="sen2_new_plans.yaml",
        transport=RecordedTransport(RECORDED),
    )

    assert report.batch is not None
    assert report.batch.options["source_url"] == (
        "https://api.education.gov.uk/statistics/v1/data-sets/sen2-mi-extract/csv"
        "?dataSetVersion=1.0"
    )
    assert report.batch.rows_loaded == len(rows) == 36
    for row in rows:
        code = row["new_la_code"] if row["geographic_level"] == "Local authority" else "E92000001"
        found = Observation.objects.get(
            indicator__source__key="ees",
            indicator__code="ehc_new_plans",
            area__code=code,
            period__label=row["time_period"],
        )
        assert found.value == float(row["new_all_ehc"])


def test_the_command_refreshes_and_prints_json_then_already_imported() -> None:
    result = cli_json("data", "refresh", "--fingertips", "90284", "--recorded", str(RECORDED))
    assert result["source_url"] == URL
    assert result["recorded"] is True
    assert (result["rows_loaded"], result["rows_revised"]) == (342, 0)

    again = cli("data", "refresh", "--fingertips", "90284", "--recorded", str(RECORDED))
    assert f"unchanged since batch {result['batch']} (already imported)" in again


def test_the_command_manages_schedules(tmp_path: Path) -> None:
    mapping = tmp_path / "sen2_new_plans.yaml"
    mapping.write_text(yaml.safe_dump(new_plans_mapping()), encoding="utf-8")
    recorded = tmp_path / "recorded"
    shutil.copytree(RECORDED, recorded)
    out = cli(
        "data", "schedule", "add", "ehc-plans", "--ees", "sen2-mi-extract", "--version", "1.0",
        "--mapping", str(mapping), "--recorded", str(recorded), "--every-hours", "168",
    )  # fmt: skip
    assert "Added the schedule ehc-plans" in out
    listed = cli_json("data", "schedule", "list")
    assert [(s["name"], s["api"], s["due"]) for s in listed] == [("ehc-plans", "ees", True)]

    with django_capture_on_commit():
        assert "Queued 1 refresh(es) for the worker: ehc-plans." in cli("data", "refresh", "--due")
    schedule = RefreshSchedule.objects.get(name="ehc-plans")
    assert schedule.last_result.startswith(f"Batch {schedule.last_batch_id}: 36 added")

    assert "Removed the schedule ehc-plans." in cli("data", "schedule", "remove", "ehc-plans")
    assert not RefreshSchedule.objects.exists()


def django_capture_on_commit() -> Any:
    """Run the on-commit callbacks (the enqueue) inside the test's transaction."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_enqueue_leaves_the_refresh_to_the_worker() -> None:
    before = ImportBatch.objects.count()
    with django_capture_on_commit():
        out = cli(
            "data", "refresh", "--fingertips", "90284", "--recorded", str(RECORDED), "--enqueue"
        )
    assert "Queued for the worker" in out
    # The test settings' immediate backend has run it: one batch, from the recorded answer.
    assert ImportBatch.objects.count() == before + 1
    assert ImportBatch.objects.order_by("-pk").first().options["source_url"] == URL  # type: ignore[union-attr]


def test_an_http_error_names_the_host_and_the_status() -> None:
    import http.server
    import threading

    class Busy(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(503, "Service Unavailable")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Busy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        request = ApiRequest(base=f"http://127.0.0.1:{port}/api/", path="x", what="a test")
        with pytest.raises(OfficialApiError) as raised:
            WebTransport(timeout=5).call(request)
    finally:
        server.shutdown()
        server.server_close()
    assert str(raised.value) == (
        f"127.0.0.1:{port} answered the request for a test with an error "
        "(503 Service Unavailable). Try again later. Nothing was changed."
    )


def test_ees_metadata_gives_the_title_unit_and_decimals(tmp_path: Path) -> None:
    # Not a recorded answer: metadata written here in the shape the API's reference gives
    # ("Get a data set's metadata": indicators with column, label, unit, decimalPlaces),
    # beside the recorded CSV, to show the importer reads it as a .meta.csv.
    shutil.copy(RECORDED / "ees_sen2-mi-extract_1.0.csv", tmp_path)
    meta = {
        "filters": [],
        "indicators": [
            {"id": "x1", "column": "new_all_ehc", "label": "New EHC plans", "unit": "",
             "decimalPlaces": 0},
        ],
    }  # fmt: skip
    (tmp_path / "ees_sen2-mi-extract_1.0.meta.json").write_text(json.dumps(meta))
    mapping = new_plans_mapping()
    for key in ("title", "unit", "decimals"):
        del mapping["indicators"][0][key]

    report = indicators_refresh(
        source="ees",
        dataset_id="sen2-mi-extract",
        version="1.0",
        mapping=mapping,
        transport=RecordedTransport(tmp_path),
    )

    assert report.batch is not None
    indicator = Indicator.objects.get(source__key="ees", code="ehc_new_plans")
    assert (indicator.title, indicator.decimals) == ("New EHC plans", 0)


def test_adding_and_removing_a_schedule_is_audited() -> None:
    from cypp.accounts.models import AuditEvent

    schedule = refresh_schedule_add(
        by=None, name="audited", api="fingertips", indicator_ids="90284"
    )
    pk = str(schedule.pk)
    refresh_schedule_remove(by=None, schedule=schedule)

    events = AuditEvent.objects.filter(object_type="indicators.refreshschedule", object_id=pk)
    assert sorted(events.values_list("action", "note")) == [
        ("create", "refresh schedule added"),
        ("delete", "refresh schedule removed"),
    ]
