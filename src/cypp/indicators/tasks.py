"""Background work for the evidence store (django-tasks): imports started in the browser."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from cypp.indicators.models import ImportUpload


@task()
def import_upload_task(upload_id: int) -> None:
    """Import an uploaded file; its row carries the progress and, at the end, the result."""
    from cypp.indicators.import_uploads import import_upload_run

    import_upload_run(upload=ImportUpload.objects.get(pk=upload_id))


@task()
def indicators_refresh_task(
    schedule_id: int | None = None, request: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Run a refresh schedule (queued by ``cypp data refresh --due``; its row records the
    batch or the error in words), or one refresh queued by ``cypp data refresh --enqueue``
    (``request``: the refresh's arguments; its result is the task's)."""
    from cypp.indicators.models import RefreshSchedule
    from cypp.indicators.services_refresh import refresh_request_run, refresh_schedule_run

    if request is not None:
        return refresh_request_run(request=request)
    if schedule_id is None:
        raise ValueError("indicators_refresh_task needs a schedule_id or a request.")
    schedule = RefreshSchedule.objects.filter(pk=schedule_id).first()
    if schedule is None:  # removed while it waited in the queue: nothing to do
        return {"schedule": schedule_id, "removed": True}
    schedule = refresh_schedule_run(schedule=schedule)
    return {
        "schedule": schedule.name,
        "batch": schedule.last_batch_id,
        "error": schedule.last_error,
    }
