"""Background work for reports (django-tasks): board packs are built off the request path."""

from __future__ import annotations

from django_tasks import task

from cypp.reports.builds import board_pack_generate, board_pack_recover_stalled
from cypp.reports.models import BoardPack


@task()
def board_pack_generate_task(pack_id: int) -> None:
    """Build the requested pack; its row carries the progress and, on failure, the reason.

    A worker starting a build first marks failed the packs whose own worker died mid-build
    (no heartbeat for ``BOARD_PACK_STALLED_MINUTES``): the queue is being served again, so
    whoever waits on those should be told to build them again."""
    board_pack_recover_stalled()
    board_pack_generate(pack=BoardPack.objects.get(pk=pack_id))
