"""Uploads of local data from partners' systems: ``POST /imports`` takes a tidy CSV (the
import page's and ``cypp data import``'s format and importer, ``observations_import`` with
``importer="tidy"``) and ``GET /imports/{id}`` tells a batch's state.

The file is sent as the request body (``Content-Type: text/csv``) or as the ``file`` part of
a multipart form. The import is all or nothing: refused, the answer is 422 with ``errors``
listing the file, row, field, value and reason of every problem, and nothing changes;
accepted, 201 with the batch (rows added, changed, unchanged; the indicators it changed) and
its revisions. The same file sent again changes nothing: 200 with the earlier batch and
``already_imported: true``, as the import page says "already imported".

Uploading needs a ``write`` token whose person may import (``indicators.import_indicators``:
analysts and administrators of any partnership, superusers). Reading a batch needs a token
of such a person, of either scope: the import history is theirs to read, as on the pages.
The import runs in the request: local files are small (the national files go through the
import page, whose background task reports its progress).
"""

from __future__ import annotations

import csv
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from cypp.api.auth import Caller, token_required, write_scope_required
from cypp.api.errors import ApiProblem
from cypp.errors import ApplicationError, error_message
from cypp.indicators.history import import_batch_detail
from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.models import ImportBatch, Indicator
from cypp.indicators.services import observations_import
from cypp.indicators.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_WORDS, safe_file_name

router = Router(tags=["imports"])

IMPORTER = "tidy"
DEFAULT_FILE_NAME = "upload.csv"
CSV_TYPES = ("text/csv", "text/plain", "application/octet-stream")
CHUNK = 1 << 16


class ProblemOut(Schema):
    """RFC 9457 problem details (``cypp.api.errors``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class RevisionOut(Schema):
    indicator: str = Field(description="SOURCE:CODE")
    area: str
    period: str
    field: str
    before: Any = None
    after: Any = None


class ImportBatchOut(Schema):
    id: int
    status: str = Field(description="completed, rolled_back, or rollback")
    file: str
    importer: str
    imported_by: str
    started_at: datetime
    finished_at: datetime
    already_imported: bool = Field(
        False, description="The same file was imported before: this is that batch."
    )
    rows_read: int
    rows_added: int
    rows_changed: int
    rows_unchanged: int
    rows_skipped: int
    indicators: list[str] = Field(
        description="The indicators (SOURCE:CODE) whose figures or description it changed."
    )
    indicators_revised: int
    revisions: list[RevisionOut] = Field(
        description="Each changed value before and after (the first 500; the count covers all)."
    )
    warnings: list[Any]


PROBLEMS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 429: ProblemOut}

REQUEST_BODY = {
    "required": True,
    "description": "A tidy CSV (docs/data-formats.md), as the body or a form's 'file' part.",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}


def _may_import(caller: Caller) -> None:
    if not caller.user.has_perm("indicators.import_indicators"):
        raise ApiProblem(
            403,
            "Forbidden",
            "Only analysts and administrators of a partnership may import data.",
        )


def _batch_out(batch: ImportBatch, *, already_imported: bool = False) -> dict[str, Any]:
    detail = import_batch_detail(batch=batch)
    written = set(batch.observations.values_list("indicator_id", flat=True))
    written |= set(batch.indicator_revisions.values_list("indicator_id", flat=True))
    indicators = sorted(
        i.reference for i in Indicator.objects.filter(pk__in=written).select_related("source")
    )
    return {
        "id": batch.pk,
        "status": batch.status,
        "file": batch.file_name,
        "importer": batch.importer,
        "imported_by": batch.imported_by_name,
        "started_at": batch.started_at,
        "finished_at": batch.finished_at,
        "already_imported": already_imported,
        "rows_read": batch.rows_read,
        "rows_added": batch.rows_loaded,
        "rows_changed": batch.rows_revised,
        "rows_unchanged": batch.rows_unchanged,
        "rows_skipped": batch.rows_skipped,
        "indicators": indicators,
        "indicators_revised": batch.indicators_revised,
        "revisions": [c.as_dict() for c in detail.value_changes],
        "warnings": batch.warnings,
    }


def _too_big() -> ApiProblem:
    return ApiProblem(413, "File too large", f"A file may be up to {MAX_UPLOAD_WORDS}.")


def _received_file(request: HttpRequest, folder: Path, file_name: str) -> Path:
    """Write the sent file into ``folder``: the multipart form's ``file``, or the body."""
    content_type = request.content_type or ""
    if content_type == "multipart/form-data":
        sent = request.FILES.get("file")
        if sent is None:
            raise ApiProblem(422, "No file", "Send the CSV as the form's 'file' part.")
        if sent.size is not None and sent.size > MAX_UPLOAD_BYTES:
            raise _too_big()
        path = folder / safe_file_name(sent.name or file_name)
        with path.open("wb") as out:
            for chunk in sent.chunks():
                out.write(chunk)
        return path
    if content_type not in CSV_TYPES:
        raise ApiProblem(
            415,
            "Unsupported media type",
            "Send a tidy CSV as 'text/csv', or as the 'file' part of 'multipart/form-data'.",
        )
    path = folder / safe_file_name(file_name)
    written = 0
    with path.open("wb") as out:
        # Read the stream, not request.body: a big file never sits whole in memory.
        while chunk := request.read(CHUNK):
            written += len(chunk)
            if written > MAX_UPLOAD_BYTES:
                raise _too_big()
            out.write(chunk)
    if written == 0:
        raise ApiProblem(422, "No file", "The request has no body: send the CSV.")
    return path


def _problems(rejected: ImportRejected) -> list[dict[str, Any]]:
    return [
        {"file": p.file, "row": p.row, "field": p.column, "value": p.value, "reason": p.reason}
        for p in rejected.problems
    ]


@router.post(
    "/imports",
    summary="Upload local data (a tidy CSV)",
    response={200: ImportBatchOut, 201: ImportBatchOut, 413: ProblemOut, 415: ProblemOut}
    | {422: ProblemOut}
    | PROBLEMS,
    openapi_extra={"requestBody": REQUEST_BODY},
)
def import_upload(request: HttpRequest, file_name: str = DEFAULT_FILE_NAME) -> Any:
    """Import a tidy CSV of local data, all or nothing, as the token's person.

    ``file_name`` names the batch when the body is the CSV itself (a multipart part's own
    name is used otherwise). 201: the new batch; 200: the same file was imported before and
    nothing changed; 422: the file was refused, with every problem in ``errors``.
    """
    caller: Caller = request.auth  # type: ignore[attr-defined]
    write_scope_required(caller)
    _may_import(caller)
    with tempfile.TemporaryDirectory(prefix="cypp-api-") as folder:
        path = _received_file(request, Path(folder), file_name)
        try:
            report = observations_import(importer=IMPORTER, path=path, by=caller.user)
        except ImportRejected as rejected:
            raise ApiProblem(
                422,
                "The file was not imported",
                f"{len(rejected.problems)} problem(s); nothing was changed.",
                errors=_problems(rejected),
            ) from rejected
        except (ApplicationError, UnicodeDecodeError, csv.Error) as refused:
            raise ApiProblem(422, "The file was not imported", error_message(refused)) from None
    assert report.batch is not None  # a report without a batch is only ever a refusal
    status = 200 if report.already_imported else 201
    return Status(status, _batch_out(report.batch, already_imported=report.already_imported))


@router.get(
    "/imports/{batch_id}",
    summary="An import batch",
    response={200: ImportBatchOut} | PROBLEMS,
)
def import_batch(request: HttpRequest, batch_id: int) -> Any:
    """One import batch: its state (completed, rolled back), counts, indicators and revisions."""
    caller: Caller = request.auth  # type: ignore[attr-defined]
    token_required(caller)
    _may_import(caller)
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise ApiProblem(404, "Not found", f"No import batch {batch_id}.")
    return Status(200, _batch_out(batch))
