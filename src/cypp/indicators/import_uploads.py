"""Imports started in the browser: keep the upload, preview it, run it in the background.

An ``ImportUpload`` is a file waiting to be imported. The preview is worked out once and
kept on the upload (the evidence store is not touched); confirming queues a background
task (django-tasks, as board packs are built) that runs ``observations_import`` with a
progress callback saving the stage and rows done on the upload, for its page to show.
The import itself stays all-or-nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cypp.errors import ApplicationError
from cypp.indicators.import_preview import import_preview
from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.models import ImportUpload
from cypp.indicators.services import observations_import
from cypp.indicators.uploads import upload_path, upload_remove, upload_store, uploads_dir

logger = logging.getLogger(__name__)


class ImportUploadError(ApplicationError):
    """The upload cannot go on as asked; the message says why, in the user's words."""


def import_upload_create(
    *,
    chunks: Iterable[bytes],
    name: str,
    size: int,
    importer: str,
    options: dict[str, Any],
    by: Any,
) -> ImportUpload:
    """Keep an uploaded file under a random name, waiting for its preview."""
    stored = upload_store(chunks=chunks, name=name)
    with transaction.atomic():
        return ImportUpload.objects.create(
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            uploaded_at=timezone.now(),
            original_name=upload_path(stored).name,
            stored_name=stored,
            size=size,
            importer=importer,
            options=options,
        )


def import_upload_options_set(*, upload: ImportUpload, options: dict[str, Any]) -> ImportUpload:
    """Change the options (an EES mapping) of an upload not yet imported; its preview goes."""
    if upload.state != ImportUpload.State.UPLOADED:
        raise ImportUploadError("This file has already been imported or queued.")
    with transaction.atomic():
        upload.options = options
        upload.result = {}
        upload.save(update_fields=["options", "result", "updated_at"])
    return upload


def import_upload_preview(*, upload: ImportUpload) -> dict[str, Any]:
    """The upload's preview, worked out the first time it is asked for and kept."""
    if "preview" not in upload.result:
        preview = import_preview(
            importer=upload.importer,
            path=upload_path(upload.stored_name),
            options=dict(upload.options),
        )
        with transaction.atomic():
            upload.result = {"preview": preview.as_dict()}
            upload.save(update_fields=["result", "updated_at"])
    return dict(upload.result["preview"])


def import_upload_confirm(*, upload: ImportUpload, by: Any) -> ImportUpload:
    """Queue the import of a previewed upload with no problems."""
    preview = upload.result.get("preview")
    if upload.state != ImportUpload.State.UPLOADED:
        raise ImportUploadError("This file has already been imported or queued.")
    if not preview or preview.get("problems"):
        raise ImportUploadError("Only a file whose preview found no problems can be imported.")
    with transaction.atomic():
        marked = ImportUpload.objects.filter(
            pk=upload.pk, state=ImportUpload.State.UPLOADED
        ).update(
            state=ImportUpload.State.QUEUED,
            stage="Waiting for a worker to start the import",
            updated_at=timezone.now(),
        )
        if marked:
            # Enqueued once the queued state is committed (a caller's transaction included),
            # so a worker never looks for an upload that is not there or not queued.
            transaction.on_commit(partial(_import_enqueue, upload.pk))
    if not marked:
        raise ImportUploadError("This file has already been imported or queued.")
    upload.refresh_from_db()
    return upload


def _import_enqueue(upload_id: int) -> None:
    from cypp.indicators.tasks import import_upload_task

    result = import_upload_task.enqueue(upload_id)
    ImportUpload.objects.filter(pk=upload_id, task_id="").update(task_id=str(result.id)[:64])


def import_upload_run(*, upload: ImportUpload) -> ImportUpload:
    """Import the upload (the background task's work), saving progress as it goes."""

    def tell(stage: str, done: int, total: int) -> None:
        # Outside the import's transactions: the page watching must see each step.
        ImportUpload.objects.filter(pk=upload.pk).update(
            stage=stage[:120], rows_done=done, rows_total=total, updated_at=timezone.now()
        )

    ImportUpload.objects.filter(pk=upload.pk).update(
        state=ImportUpload.State.RUNNING, stage="Starting", updated_at=timezone.now()
    )
    state, result, batch_id = ImportUpload.State.FAILED, dict(upload.result), None
    try:
        report = observations_import(
            importer=upload.importer,
            path=upload_path(upload.stored_name),
            options=dict(upload.options),
            by=upload.uploaded_by,
            progress=tell,
        )
    except ImportRejected as rejected:
        result["problems"] = [p.as_dict() for p in rejected.problems]
    except Exception:
        logger.exception("Import of upload %s failed", upload.pk)
        result["error"] = "The import stopped with an error; nothing was changed."
    else:
        state, batch_id = ImportUpload.State.COMPLETED, report.batch.pk if report.batch else None
        result["report"] = {k: v for k, v in report.as_dict().items() if k != "changes"}
    ImportUpload.objects.filter(pk=upload.pk).update(
        state=state,
        stage="Done" if state == ImportUpload.State.COMPLETED else "Stopped",
        result=result,
        batch_id=batch_id,
        updated_at=timezone.now(),
    )
    # The stored file is not needed once the import has run: the batch keeps its name and
    # fingerprint, and a failed one is uploaded again after it is put right.
    upload_remove(upload.stored_name)
    dictionary = upload.options.get("dictionary")
    root = uploads_dir().resolve()
    if dictionary and root in Path(dictionary).parents:  # LAIT's dictionary, uploaded with it
        upload_remove(str(Path(dictionary).relative_to(root)))
    upload.refresh_from_db()
    return upload
