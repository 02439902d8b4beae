"""Background work for the evidence store (django-tasks): imports started in the browser."""

from __future__ import annotations

from django_tasks import task

from cypp.indicators.models import ImportUpload


@task()
def import_upload_task(upload_id: int) -> None:
    """Import an uploaded file; its row carries the progress and, at the end, the result."""
    from cypp.indicators.import_uploads import import_upload_run

    import_upload_run(upload=ImportUpload.objects.get(pk=upload_id))


@task()
def indicators_refresh_task(schedule_id: int) -> None:
    """Run a refresh schedule (queued by ``cypp data refresh --due``); the schedule's row
    records the batch or the error in words."""
    from cypp.indicators.models import RefreshSchedule
    from cypp.indicators.services_refresh import refresh_schedule_run

    schedule = RefreshSchedule.objects.filter(pk=schedule_id).first()
    if schedule is not None:  # removed while it waited in the queue: nothing to do
        refresh_schedule_run(schedule=schedule)
