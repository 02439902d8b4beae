"""Background work for the evidence store (django-tasks): imports started in the browser."""

from __future__ import annotations

from django_tasks import task

from cypp.indicators.models import ImportUpload


@task()
def import_upload_task(upload_id: int) -> None:
    """Import an uploaded file; its row carries the progress and, at the end, the result."""
    from cypp.indicators.import_uploads import import_upload_run

    import_upload_run(upload=ImportUpload.objects.get(pk=upload_id))
