"""Writes for the live refresh from the official APIs (docs/live-refresh.md).

``indicators_refresh`` fetches one answer (Fingertips' CSV export, or an EES data set
version), writes it to a temporary file and imports it through ``observations_import``:
so a refresh is an import batch exactly like a file's, all or nothing, with revisions of
changed values, and "already imported" when the answer has not changed. The batch's
options name the address it came from (``source_url``) and whether it was read from a
recorded response (``recorded``). A failure to fetch changes nothing.

Schedules: ``refresh_schedule_add`` / ``refresh_schedule_remove``; ``refresh_schedules_queue``
(``cypp data refresh --due``) queues the due ones for the worker, which runs each with
``refresh_schedule_run``.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_record
from cypp.errors import ApplicationError, error_message
from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.models import RefreshSchedule
from cypp.indicators.refresh import (
    UPPER_TIER,
    ApiRequest,
    OfficialApiError,
    RecordedTransport,
    Transport,
    WebTransport,
    ees_csv_request,
    ees_meta_csv,
    ees_meta_request,
    fingertips_request,
    indicator_ids_parse,
)
from cypp.indicators.selectors_refresh import refresh_schedules_due
from cypp.indicators.services import ImportReport, observations_import

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


class RefreshError(ApplicationError):
    """A refresh or schedule refused: the message says what to put right."""


def transport_for(recorded_dir: str | Path | None) -> Transport:
    """Recorded responses from ``recorded_dir`` when given, else the web."""
    if recorded_dir:
        if not Path(recorded_dir).is_dir():
            raise RefreshError(f"{recorded_dir}: no such folder of recorded responses.")
        return RecordedTransport(recorded_dir)
    return WebTransport()


def indicators_refresh(
    *,
    source: str,
    by: User | None = None,
    indicator_ids: tuple[int, ...] = (),
    profile_id: int | None = None,
    area_type: int = UPPER_TIER,
    dataset_id: str = "",
    version: str = "",
    mapping: dict[str, Any] | None = None,
    mapping_file: str = "",
    options: dict[str, Any] | None = None,
    transport: Transport | None = None,
    force: bool = False,
) -> ImportReport:
    """Fetch from ``source`` ("fingertips" or "ees") and import the answer as one batch.

    OfficialApiError (nothing changed) when the API cannot be reached or refuses;
    ImportRejected (nothing changed) when the answer is not a file the importer takes.
    """
    transport = transport or WebTransport()
    chosen = dict(options or {})
    if source == "fingertips":
        request = fingertips_request(
            indicator_ids=indicator_ids, profile_id=profile_id, area_type=area_type
        )
        meta_request = None
    elif source == "ees":
        if not mapping:
            raise RefreshError(
                "An EES refresh needs a mapping: which columns become which indicators "
                "(docs/data-formats.md)."
            )
        request = ees_csv_request(dataset_id=dataset_id, version=version)
        meta_request = ees_meta_request(dataset_id=dataset_id, version=version)
        chosen["mapping"] = mapping
        chosen["mapping_file"] = mapping_file or "mapping"
    else:
        raise RefreshError(f"{source!r}: refresh from fingertips or ees.")
    # What the batch says of where it came from; part of the fingerprint, so the same
    # answer from the same address is "already imported".
    chosen["source_url"] = request.url
    if transport.recorded:
        chosen["recorded"] = True
    body = transport.call(request)
    meta = _meta_fetch(transport, meta_request)
    with tempfile.TemporaryDirectory(prefix="cypp-refresh-") as folder:
        path = Path(folder) / request.recorded_name
        path.write_bytes(body)
        if meta is not None:
            # Beside the data, named as EES names it, where the importer looks for it.
            path.with_name(path.name.removesuffix(".csv") + ".meta.csv").write_text(
                meta, encoding="utf-8"
            )
        return observations_import(importer=source, path=path, options=chosen, by=by, force=force)


def _meta_fetch(transport: Transport, request: ApiRequest | None) -> str | None:
    """EES metadata as ``.meta.csv`` text; a recorded folder may leave it out (the
    mapping then gives each indicator's title and unit)."""
    if request is None:
        return None
    if isinstance(transport, RecordedTransport) and not transport.has(request):
        return None
    return ees_meta_csv(transport.call(request), what=request.what)


def refresh_schedule_add(
    *,
    by: User | None,
    name: str,
    api: str,
    indicator_ids: str = "",
    profile_id: int | None = None,
    area_type: int = UPPER_TIER,
    dataset_id: str = "",
    dataset_version: str = "",
    mapping: dict[str, Any] | None = None,
    mapping_file: str = "",
    every_hours: int = 24 * 7,
    recorded_dir: str = "",
) -> RefreshSchedule:
    """Add a schedule; refused in words when it names nothing to fetch or the name is taken."""
    if api not in RefreshSchedule.Api.values:
        raise RefreshError(f"{api!r}: a schedule refreshes from fingertips or ees.")
    if every_hours < 1:
        raise RefreshError("A schedule runs at most once an hour: give --every-hours 1 or more.")
    if api == "fingertips":
        ids = indicator_ids_parse(indicator_ids)
        fingertips_request(indicator_ids=ids, profile_id=profile_id, area_type=area_type)
        indicator_ids = ",".join(str(i) for i in ids)
    else:
        ees_csv_request(dataset_id=dataset_id, version=dataset_version)
        if not mapping:
            raise RefreshError("An EES schedule needs a mapping (--mapping FILE).")
    if RefreshSchedule.objects.filter(name=name).exists():
        raise RefreshError(f"There is already a schedule called {name!r}.")
    with transaction.atomic():
        schedule = RefreshSchedule.objects.create(
            name=name,
            api=api,
            indicator_ids=indicator_ids,
            profile_id=profile_id,
            area_type=area_type,
            dataset_id=dataset_id,
            dataset_version=dataset_version,
            mapping=mapping or {},
            mapping_file=mapping_file,
            every_hours=every_hours,
            recorded_dir=recorded_dir,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        audit_record(by=by, action="create", obj=schedule, note="refresh schedule added")
    return schedule


def refresh_schedule_remove(*, by: User | None, schedule: RefreshSchedule) -> None:
    """Remove a schedule; the batches it imported stay."""
    with transaction.atomic():
        audit_record(by=by, action="delete", obj=schedule, note="refresh schedule removed")
        schedule.delete()


def refresh_schedules_queue(*, now: dt.datetime | None = None) -> list[RefreshSchedule]:
    """Queue every due schedule for the worker (``indicators_refresh_task``), once each."""
    now = now or timezone.now()
    queued = []
    for schedule in refresh_schedules_due(now=now):
        with transaction.atomic():
            # Marked first, so a second --due before the worker starts does not queue it again.
            marked = RefreshSchedule.objects.filter(
                pk=schedule.pk, queued_at=schedule.queued_at
            ).update(queued_at=now)
            if marked:
                transaction.on_commit(partial(_enqueue, schedule.pk))
                queued.append(schedule)
    return queued


def _enqueue(schedule_id: int) -> None:
    from cypp.indicators.tasks import indicators_refresh_task

    indicators_refresh_task.enqueue(schedule_id)


def refresh_schedule_run(*, schedule: RefreshSchedule) -> RefreshSchedule:
    """Run the schedule's refresh now and record how it went (the task's work)."""
    report, error = None, ""
    try:
        transport = transport_for(schedule.recorded_dir)
        if schedule.api == "fingertips":
            report = indicators_refresh(
                source="fingertips",
                indicator_ids=indicator_ids_parse(schedule.indicator_ids),
                profile_id=schedule.profile_id,
                area_type=schedule.area_type,
                transport=transport,
            )
        else:
            report = indicators_refresh(
                source="ees",
                dataset_id=schedule.dataset_id,
                version=schedule.dataset_version,
                mapping=schedule.mapping,
                mapping_file=schedule.mapping_file,
                transport=transport,
            )
    except ImportRejected as rejected:
        error = error_message(rejected)
    except (OfficialApiError, ApplicationError) as refused:
        error = error_message(refused)
    except Exception:
        logger.exception("Refresh %s failed", schedule.name)
        error = "The refresh stopped with an error; nothing was changed. See the worker's log."
    fields: dict[str, Any] = {"last_run_at": timezone.now(), "queued_at": None}
    if report is not None:
        fields |= {"last_error": "", "last_result": refresh_words(report)}
        fields["last_batch_id"] = report.batch.pk if report.batch else None
    else:
        fields |= {"last_error": error, "last_result": "Failed; nothing was changed."}
    RefreshSchedule.objects.filter(pk=schedule.pk).update(**fields)
    schedule.refresh_from_db()
    return schedule


REQUEST_KEYS = {"source", "indicator_ids", "profile_id", "area_type", "dataset_id", "version"}
REQUEST_KEYS |= {"mapping", "mapping_file", "recorded_dir", "force"}


def refresh_enqueue(*, request: dict[str, Any]) -> str:
    """Queue one refresh for the worker (``cypp data refresh --enqueue``); the task's id.

    ``request`` holds ``indicators_refresh``'s arguments as plain values (the queue keeps
    JSON), with ``recorded_dir`` for a folder of recorded responses."""
    unknown = set(request) - REQUEST_KEYS
    if unknown:
        raise RefreshError(f"Not a refresh argument: {', '.join(sorted(unknown))}.")
    from cypp.indicators.tasks import indicators_refresh_task

    result = indicators_refresh_task.enqueue(request=request)
    return str(result.id)


def refresh_request_run(*, request: dict[str, Any]) -> dict[str, Any]:
    """Run one queued refresh (the task's work): its report, or the refusal in words."""
    arguments = dict(request)
    transport = transport_for(arguments.pop("recorded_dir", None))
    arguments["indicator_ids"] = tuple(arguments.get("indicator_ids") or ())
    try:
        report = indicators_refresh(transport=transport, **arguments)
    except ApplicationError as refused:
        return {"error": error_message(refused)}
    return {k: v for k, v in report.as_dict().items() if k != "changes"} | {
        "result": refresh_words(report)
    }


def refresh_words(report: ImportReport) -> str:
    """One line for people: the batch and its rows."""
    result = report.as_dict()
    if report.already_imported:
        return f"No change since batch {result['batch']} (already imported)."
    return (
        f"Batch {result['batch']}: {result['rows_loaded']} added, {result['rows_revised']} "
        f"changed, {result['rows_unchanged']} unchanged."
    )
