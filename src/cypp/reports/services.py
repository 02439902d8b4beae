"""Writes for reports: requesting, building and publishing board packs.

A pack is requested (a row, and a task on the queue), built by the task (the tree, its HTML,
its PDF, its tables, written as files), checked by an officer and published. Publishing
freezes it: the files and the data snapshot are never rewritten, and the period's commentary
is locked so the pack and the commentary can never disagree.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record, changes_between, field_values
from cypp.commentary.services import period_commentary_lock
from cypp.plans.models import Plan
from cypp.reports.builds import BoardPackError
from cypp.reports.models import BoardPack
from cypp.reports.tasks import board_pack_generate_task

# The fields the audit trail records, before and after, when a pack is requested and published.
_REQUEST_FIELDS = ["plan", "period", "title", "status", "requested_by"]
_PUBLISH_FIELDS = ["status", "published_at", "published_by"]


def _gaps_words(gaps: list[dict[str, Any]]) -> str:
    """The gaps as the audit note names them: "Commentary not started (28), ..."."""
    return ", ".join(f"{g.get('title', g.get('kind', ''))} ({g.get('count', 0)})" for g in gaps)


def board_pack_request(
    *,
    plan: Plan,
    period: Any | None,
    by: Any,
    accepted_gaps: list[dict[str, Any]] | None = None,
) -> BoardPack:
    """Queue a build of the pack for ``plan`` and ``period``; the task fills it in.

    ``accepted_gaps`` are the readiness gaps (``Readiness.gaps_json()``) the person asking
    accepted: kept on the pack with who accepted them and when, and named in the audit note.
    Checking that they are the gaps open now is the caller's part (the page recomputes them)."""
    if period is not None and period.plan_id != plan.pk:
        raise BoardPackError("That reporting period belongs to another plan.")
    if period is not None and _published(plan, period):
        raise BoardPackError(
            f"The pack for {period.label} is published; its commentary is locked and the "
            "published pack is kept unchanged."
        )
    accepted: dict[str, Any] = {}
    if accepted_gaps:
        accepted = {
            "accepted_by": by.get_username() if getattr(by, "is_authenticated", False) else "",
            "accepted_at": timezone.now().isoformat(),
            "gaps": accepted_gaps,
        }
    with transaction.atomic():
        pack = BoardPack.objects.create(
            plan=plan,
            period=period,
            title=f"{plan.title}: board pack" + (f", {period.label}" if period else ""),
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            progress_message="Waiting for a worker to start the build",
            accepted_gaps=accepted,
        )
        audit_record(
            by=by,
            action="create",
            obj=pack,
            context=audit_context(plan=plan),
            changes=changes_between({}, field_values(pack, _REQUEST_FIELDS)),
            note="Pack requested"
            + (f"; gaps accepted: {_gaps_words(accepted_gaps)}" if accepted_gaps else ""),
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


def board_pack_publish(
    *, pack: BoardPack, by: Any, gaps_read: list[dict[str, Any]] | None = None
) -> BoardPack:
    """Publish a built pack: from now on its files never change, and its period's commentary
    is locked. Only one pack is published per plan and period.

    ``gaps_read`` are the readiness gaps open when the person publishing read them (the page
    asks them to confirm they have): named in the audit note with those accepted at build."""
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
        before = field_values(pack, _PUBLISH_FIELDS)
        pack.status = BoardPack.Status.PUBLISHED
        pack.published_at = timezone.now()
        pack.published_by = by if getattr(by, "is_authenticated", False) else None
        pack.save(update_fields=["status", "published_at", "published_by"])
        if pack.period is not None and not pack.period.is_locked:
            period_commentary_lock(period=pack.period, by=by)
        audit_record(
            by=by,
            action="update",
            obj=pack,
            context=audit_context(plan=pack.plan),
            changes=changes_between(before, field_values(pack, _PUBLISH_FIELDS)),
            note=_publish_note(pack, gaps_read),
        )
    return pack


def _publish_note(pack: BoardPack, gaps_read: list[dict[str, Any]] | None) -> str:
    note = "Pack published; commentary for the period locked"
    accepted = (pack.accepted_gaps or {}).get("gaps") or []
    if accepted:
        note += f"; gaps accepted at build: {_gaps_words(accepted)}"
    if gaps_read:
        note += f"; gaps open at publication, read: {_gaps_words(gaps_read)}"
    return note
