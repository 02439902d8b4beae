"""The build of a board pack, run by the task queue's worker (``cypp.reports.tasks``):
the pack's tree from live data, its HTML, PDF and tables saved as files, its progress and
heartbeat on its row, and the recovery of builds whose worker died.

Apart from ``cypp.reports.services`` (requesting and publishing, which enqueue the task), so
that the task imports this module and the services import the task, with no cycle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cypp.errors import ApplicationError
from cypp.governance.selectors import actions_for_plan
from cypp.plans.models import Plan
from cypp.reports.board_pack import board_pack_build, measure_snapshot
from cypp.reports.board_pack.builder import Progress
from cypp.reports.board_pack.render import pack_fragment, pack_pdf
from cypp.reports.board_pack.sections import BoardPackReport
from cypp.reports.models import BoardPack

logger = logging.getLogger(__name__)


class BoardPackError(ApplicationError, ValidationError):
    """A pack cannot be requested, built or published as asked; the message says why."""


# What a pack whose worker died says, on its page and in its status JSON.
WORKER_STOPPED = "The worker stopped while building this pack; build it again."
# Recorded on the task queue's row of such a build (django_tasks_db never finishes it itself).
WORKER_STOPPED_CLASS = "cypp.reports.services.WorkerStopped"


def previous_published_pack(*, plan: Plan, period: Any | None) -> BoardPack | None:
    """The last pack published for an earlier period: "changes since the last pack"."""
    packs = BoardPack.objects.filter(plan=plan, status=BoardPack.Status.PUBLISHED)
    if period is not None:
        packs = packs.exclude(period=period).filter(period__end__lt=period.end)
    return packs.order_by("-published_at").first()


def board_pack_report(
    *, plan: Plan, period: Any | None, progress: Progress | None = None
) -> BoardPackReport:
    """The pack's tree from live data: the one place every renderer gets its pack from."""
    as_of = period.end if period is not None else None
    return board_pack_build(
        plan=plan,
        period=period,
        previous_pack=previous_published_pack(plan=plan, period=period),
        actions=actions_for_plan(plan=plan, as_of=as_of),
        progress=progress,
    )


def _progress(pack: BoardPack, attempt: str) -> Progress:
    def tell(percent: int, message: str) -> None:
        # Outside any transaction: the page watching the build must see each step. Each step is
        # also the build's heartbeat. A build given up for dead that turns out to be alive (a
        # step slower than the stall limit) takes its pack back; a newer build's pack it leaves.
        BoardPack.objects.filter(
            pk=pack.pk,
            build_attempt=attempt,
            status__in=(BoardPack.Status.BUILDING, BoardPack.Status.FAILED),
        ).update(
            status=BoardPack.Status.BUILDING,
            error="",
            progress=percent,
            progress_message=message,
            heartbeat_at=timezone.now(),
        )

    return tell


def stalled_after() -> dt.timedelta:
    """How long a build may go without a heartbeat before its worker is taken for dead."""
    return dt.timedelta(minutes=getattr(settings, "BOARD_PACK_STALLED_MINUTES", 5))


def board_pack_recover_stalled(
    *, pack: BoardPack | None = None, plan: Plan | None = None
) -> list[int]:
    """Mark failed every pack (or just ``pack``, or ``plan``'s packs) "being built" whose worker
    stopped: no heartbeat for ``BOARD_PACK_STALLED_MINUTES``. Its task row on the queue is
    marked failed too. Returns the ids of the packs marked; each can be built again.

    Run when a pack's page or status is read, when a worker starts a build, and by
    ``cypp report recover`` (for a service to run at start-up or on a timer)."""
    cutoff = timezone.now() - stalled_after()
    stalled = BoardPack.objects.filter(status=BoardPack.Status.BUILDING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, requested_at__lt=cutoff)
    )
    if pack is not None:
        stalled = stalled.filter(pk=pack.pk)
    if plan is not None:
        stalled = stalled.filter(plan=plan)
    recovered = []
    for pk, task_id in stalled.values_list("pk", "task_id"):
        # The same condition again in the UPDATE: a heartbeat that arrived since wins.
        with transaction.atomic():
            marked = stalled.filter(pk=pk).update(
                status=BoardPack.Status.FAILED,
                error=WORKER_STOPPED,
                progress_message="The build stopped",
            )
            if marked:
                _task_row_fail(task_id)
        if marked:
            logger.warning("Board pack %s: no heartbeat since before %s; marked failed", pk, cutoff)
            recovered.append(pk)
    return recovered


def _task_row_fail(task_id: str) -> None:
    """The queue's row of a build whose worker died stays "running" for good: close it."""
    try:
        key = uuid.UUID(task_id)
    except ValueError:
        return  # no row on the database queue (an immediate task, or never enqueued)
    DBTaskResult.objects.filter(id=key, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=WORKER_STOPPED_CLASS,
        traceback=WORKER_STOPPED,
    )


def _file_name(pack: BoardPack, suffix: str, digest: str) -> str:
    period = pack.period.key if pack.period else "no-period"
    stem = re.sub(r"[^a-z0-9-]+", "-", f"{pack.plan.key}-{period}".lower()).strip("-")
    return f"{stem}-{pack.pk}-{digest[:12]}.{suffix}"


def tables_json(report: BoardPackReport) -> dict[str, Any]:
    return {
        t.key: {"caption": t.caption, "columns": list(t.columns), "rows": [list(r) for r in t.rows]}
        for t in report.tables
    }


def board_pack_generate(*, pack: BoardPack) -> BoardPack:
    """Build a requested pack: its tree, HTML, PDF and tables, saved as files. A failure is
    recorded on the pack (with its message) rather than lost in a worker's log."""
    pack = BoardPack.objects.select_related("plan__partnership", "period").get(pk=pack.pk)
    attempt = get_random_string(32)
    # Claimed in one UPDATE, so two workers never build the same pack at once.
    claimed = BoardPack.objects.filter(
        pk=pack.pk, status__in=(BoardPack.Status.QUEUED, BoardPack.Status.FAILED)
    ).update(
        status=BoardPack.Status.BUILDING,
        build_attempt=attempt,
        heartbeat_at=timezone.now(),
        progress=0,
        progress_message="Starting the build",
        error="",
    )
    if not claimed:
        pack.refresh_from_db()
        raise BoardPackError(
            f"This pack is {pack.get_status_display().lower()}; it is not rebuilt."
        )
    tell = _progress(pack, attempt)
    try:
        report = board_pack_report(plan=pack.plan, period=pack.period, progress=tell)
        fragment = pack_fragment(report)
        tell(88, "Making the PDF")
        rendered = pack_pdf(
            title=report.title, partnership=pack.plan.partnership.name, fragment=fragment
        )
    except Exception as error:
        logger.exception("Board pack %s failed", pack.pk)
        BoardPack.objects.filter(pk=pack.pk, build_attempt=attempt).update(
            status=BoardPack.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    tell(97, "Saving the files")
    html_bytes = fragment.encode("utf-8")
    html_digest = hashlib.sha256(html_bytes).hexdigest()
    pdf = rendered.data
    pdf_digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        # Still this build's pack? (A newer build of it started while this one was given up.)
        if not (
            BoardPack.objects.select_for_update()
            .filter(
                pk=pack.pk,
                build_attempt=attempt,
                status__in=(BoardPack.Status.BUILDING, BoardPack.Status.FAILED),
            )
            .exists()
        ):
            logger.warning("Board pack %s: a newer build replaced this one; not saved", pack.pk)
            pack.refresh_from_db()
            return pack
        pack.html_file.save(
            _file_name(pack, "html", html_digest), ContentFile(html_bytes), save=False
        )
        pack.pdf_file.save(_file_name(pack, "pdf", pdf_digest), ContentFile(pdf), save=False)
        pack.html_sha256 = html_digest
        pack.pdf_sha256 = pdf_digest
        pack.page_count = rendered.pages
        pack.snapshot = measure_snapshot(report.assessments)
        pack.tables = tables_json(report)
        pack.data_as_of = report.data_as_of
        pack.built_at = timezone.now()
        pack.status = BoardPack.Status.READY
        pack.progress = 100
        pack.progress_message = "Ready to check"
        pack.error = ""
        pack.heartbeat_at = timezone.now()
        pack.build_attempt = attempt
        pack.save()
    return pack
