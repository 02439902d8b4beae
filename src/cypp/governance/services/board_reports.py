"""A plan's board report on the board's agenda: the pack as the paper of an agenda item."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cypp.accounts.audit import audit_context, audit_record, field_values
from cypp.accounts.models import AuditEvent
from cypp.governance.models import AgendaItem, Meeting, Paper
from cypp.governance.services.common import GovernanceError, UserLike, audit_changed
from cypp.governance.services.meetings import agenda_item_add, agenda_item_edit, paper_add

# A pack goes on an agenda once it is built: ready to check (a draft for the papers) or
# published. (Compared as words: governance sits below reports and does not import it.)
ATTACHABLE = ("ready", "published")


@transaction.atomic
def board_report_attach(
    *,
    pack: Any,
    meeting: Meeting,
    by: UserLike,
    purpose: str | None = None,
    presenter: str | None = None,
) -> AgendaItem:
    """Put the board pack (``reports.BoardPack``) on the meeting's agenda as its report.

    Makes an agenda item titled after the pack, with the report's purpose and its lead
    officer as presenter, and a paper pointing to the pack. Attaching again is no new item:
    the item that already carries a pack of the same plan and period is brought up to date
    (title, purpose, presenter) and its paper points to this pack. ``purpose`` and
    ``presenter`` default to the plan's board report for the period. Refuses a meeting of
    another partnership, a meeting whose minutes are approved, and a pack not yet built.
    """
    plan = pack.plan
    if meeting.body.partnership_id != plan.partnership_id:
        raise GovernanceError(f"Choose a meeting of {plan.partnership.name}")
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise GovernanceError(
            f"The minutes of {meeting} are approved, so its agenda no longer changes"
        )
    if pack.status not in ATTACHABLE:
        raise GovernanceError("Only a built pack (ready to check, or published) can be attached")
    if purpose is None or presenter is None:
        report = plan.board_reports.filter(period_id=pack.period_id).first()
        purpose = (report.purpose if report else "") if purpose is None else purpose
        presenter = (report.lead_officer if report else "") if presenter is None else presenter
    item = (
        AgendaItem.objects.select_for_update()
        .filter(
            meeting=meeting,
            papers__board_pack__plan=plan,
            papers__board_pack__period_id=pack.period_id,
        )
        .order_by("order", "id")
        .first()
    )
    if item is None:
        item = agenda_item_add(
            by=by, meeting=meeting, title=pack.title, purpose=purpose, presenter=presenter
        )
        paper_add(by=by, item=item, title=pack.title, board_pack=pack)
        note = f"Attached to the agenda of {meeting}"
    else:
        agenda_item_edit(by=by, item=item, title=pack.title, purpose=purpose, presenter=presenter)
        for paper in Paper.objects.filter(
            agenda_item=item, board_pack__plan=plan, board_pack__period_id=pack.period_id
        ).exclude(board_pack=pack):
            before = field_values(paper, ["title", "board_pack"])
            paper.board_pack = pack
            paper.title = pack.title[:300]
            paper.save(update_fields=["board_pack", "title"])
            audit_changed(
                by=by,
                obj=paper,
                body=meeting.body,
                before=before,
                fields=["title", "board_pack"],
                note="The paper is now the newest build of the pack",
            )
        note = f"Brought up to date on the agenda of {meeting}"
    # The plan's history says where its report went, as it does for other links to a plan.
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=pack,
        context=audit_context(plan=plan),
        changes={"agenda item": [None, f"{meeting}: {item.title}"]},
        note=note,
    )
    return item
