"""Writes for reports: requesting, building and publishing board packs.

A pack is requested (a row, and a task on the queue), built by the task (the tree, its HTML,
its PDF, its tables, written as files), checked by an officer and published. Publishing
freezes it: the files and the data snapshot are never rewritten, and the period's commentary
is locked so the pack and the commentary can never disagree.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cypp.accounts.services import audit_record
from cypp.commentary.services import period_commentary_lock
from cypp.governance.selectors import actions_for_plan
from cypp.plans.models import Plan
from cypp.reports.board_pack import board_pack_build, measure_snapshot
from cypp.reports.board_pack.builder import Progress
from cypp.reports.board_pack.render import pack_fragment, pack_pdf
from cypp.reports.board_pack.sections import BoardPackReport
from cypp.reports.models import BoardPack

logger = logging.getLogger(__name__)


class BoardPackError(ValidationError):
    """A pack cannot be requested, built or published as asked; the message says why."""


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


def board_pack_request(*, plan: Plan, period: Any | None, by: Any) -> BoardPack:
    """Queue a build of the pack for ``plan`` and ``period``; the task fills it in."""
    from cypp.reports.tasks import board_pack_generate_task

    if period is not None and period.plan_id != plan.pk:
        raise BoardPackError("That reporting period belongs to another plan.")
    if period is not None and _published(plan, period):
        raise BoardPackError(
            f"The pack for {period.label} is published; its commentary is locked and the "
            "published pack is kept unchanged."
        )
    with transaction.atomic():
        pack = BoardPack.objects.create(
            plan=plan,
            period=period,
            title=f"{plan.title}: board pack" + (f", {period.label}" if period else ""),
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            progress_message="Waiting for a worker to start the build",
        )
        audit_record(
            user=by, action="create", obj=pack, context=f"plan:{plan.key}", note="Pack requested"
        )
    # Enqueued after the row is committed, so a worker never looks for a pack not yet there.
    result = board_pack_generate_task.enqueue(pack.pk)
    BoardPack.objects.filter(pk=pack.pk, task_id="").update(task_id=str(result.id)[:64])
    pack.refresh_from_db()
    return pack


def _published(plan: Plan, period: Any) -> bool:
    return BoardPack.objects.filter(
        plan=plan, period=period, status=BoardPack.Status.PUBLISHED
    ).exists()


def _progress(pack: BoardPack) -> Progress:
    def tell(percent: int, message: str) -> None:
        # Outside any transaction: the page watching the build must see each step.
        BoardPack.objects.filter(pk=pack.pk).update(progress=percent, progress_message=message)

    return tell


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
    if pack.status not in (BoardPack.Status.QUEUED, BoardPack.Status.FAILED):
        raise BoardPackError(
            f"This pack is {pack.get_status_display().lower()}; it is not rebuilt."
        )
    tell = _progress(pack)
    BoardPack.objects.filter(pk=pack.pk).update(status=BoardPack.Status.BUILDING)
    try:
        report = board_pack_report(plan=pack.plan, period=pack.period, progress=tell)
        fragment = pack_fragment(report)
        tell(88, "Making the PDF")
        rendered = pack_pdf(
            title=report.title, partnership=pack.plan.partnership.name, fragment=fragment
        )
    except Exception as error:
        logger.exception("Board pack %s failed", pack.pk)
        BoardPack.objects.filter(pk=pack.pk).update(
            status=BoardPack.Status.FAILED, error=f"{type(error).__name__}: {error}"
        )
        raise
    tell(97, "Saving the files")
    html_bytes = fragment.encode("utf-8")
    html_digest = hashlib.sha256(html_bytes).hexdigest()
    pdf = rendered.data
    pdf_digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
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
        pack.save()
    return pack


def board_pack_publish(*, pack: BoardPack, by: Any) -> BoardPack:
    """Publish a built pack: from now on its files never change, and its period's commentary
    is locked. Only one pack is published per plan and period."""
    with transaction.atomic():
        # Lock the pack's row only: PostgreSQL cannot lock the nullable side of the period join.
        pack = (
            BoardPack.objects.select_for_update(of=("self",))
            .select_related("plan", "period")
            .get(pk=pack.pk)
        )
        if pack.status != BoardPack.Status.READY:
            raise BoardPackError(
                f"Only a pack that is ready can be published; this one is "
                f"{pack.get_status_display().lower()}."
            )
        if pack.period is not None and _published(pack.plan, pack.period):
            raise BoardPackError(f"A pack for {pack.period.label} is already published.")
        pack.status = BoardPack.Status.PUBLISHED
        pack.published_at = timezone.now()
        pack.published_by = by if getattr(by, "is_authenticated", False) else None
        pack.save(update_fields=["status", "published_at", "published_by"])
        if pack.period is not None and not pack.period.is_locked:
            period_commentary_lock(period=pack.period, by=by)
        audit_record(
            user=by,
            action="update",
            obj=pack,
            context=f"plan:{pack.plan.key}",
            changes={"status": ["ready", "published"]},
            note="Pack published; commentary for the period locked",
        )
    return pack
