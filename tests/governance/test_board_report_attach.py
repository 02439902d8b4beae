"""A board pack on the board's agenda as its report: one agenda item titled after the pack,
with the report's purpose and lead officer, and the pack as its paper; attaching again
updates that item; a meeting of another partnership, a closed meeting and an unbuilt pack
are refused; each change is in the body's history and the plan's."""

from __future__ import annotations

import datetime as dt

import pytest

from cypp.accounts.audit import audit_context
from cypp.accounts.models import AuditEvent
from cypp.governance.models import AgendaItem, Meeting, Paper
from cypp.governance.services import GovernanceError, board_report_attach
from cypp.reports.board_report import board_report_save
from cypp.reports.models import BoardPack
from tests.governance.factories import body_make, meeting_make
from tests.plans.factories import analyst_make, partnership_make, plan_make

pytestmark = pytest.mark.django_db


def _pack(plan, period=None, status=BoardPack.Status.READY) -> BoardPack:  # type: ignore[no-untyped-def]
    title = f"{plan.title}: board pack"
    return BoardPack.objects.create(plan=plan, period=period, title=title, status=status)


def test_the_pack_goes_on_the_agenda_once_with_the_reports_purpose_and_presenter() -> None:
    plan = plan_make()
    officer = analyst_make("officer", partnership=plan.partnership)
    board = body_make("board", partnership=plan.partnership, name="Partnership Board")
    meeting = meeting_make(board, dt.date(2026, 7, 1), status=Meeting.Status.PLANNED)
    board_report_save(
        plan=plan,
        period=None,
        by=officer,
        lead_officer="Jo Smith, Director of Children's Services",
        purpose="To report progress on the plan for the quarter.",
    )
    pack = _pack(plan)

    item = board_report_attach(pack=pack, meeting=meeting, by=officer)

    assert item.meeting == meeting and item.title == pack.title
    assert item.purpose == "To report progress on the plan for the quarter."
    assert item.presenter == "Jo Smith, Director of Children's Services"
    paper = Paper.objects.get(agenda_item=item)
    assert paper.board_pack == pack and paper.title == pack.title and not paper.file

    # A rebuilt pack, attached again: the same item, its paper now the newer build.
    newer = _pack(plan, status=BoardPack.Status.PUBLISHED)
    again = board_report_attach(
        pack=newer, meeting=meeting, by=officer, purpose="Changed purpose", presenter="Sam Lee"
    )

    assert again.pk == item.pk
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    assert Paper.objects.filter(agenda_item=item).count() == 1
    assert Paper.objects.get(agenda_item=item).board_pack == newer
    again.refresh_from_db()
    assert (again.purpose, again.presenter) == ("Changed purpose", "Sam Lee")

    body_events = AuditEvent.objects.filter(context=audit_context(body=board))
    assert body_events.filter(object_type="governance.agendaitem").count() == 2  # made, edited
    assert body_events.filter(object_type="governance.paper").count() == 2  # made, repointed
    plan_notes = list(
        AuditEvent.objects.filter(context=f"plan:{plan.key}", object_type="reports.boardpack")
        .order_by("at", "id")
        .values_list("note", flat=True)
    )
    assert plan_notes == [
        f"Attached to the agenda of {meeting}",
        f"Brought up to date on the agenda of {meeting}",
    ]


def test_another_partnerships_meeting_a_closed_meeting_and_an_unbuilt_pack_are_refused() -> None:
    plan = plan_make()
    officer = analyst_make("officer", partnership=plan.partnership)
    elsewhere = meeting_make(
        body_make("board", partnership=partnership_make("elsewhere")), dt.date(2026, 7, 1)
    )
    closed = meeting_make(
        body_make("board", partnership=plan.partnership),
        dt.date(2026, 3, 1),
        status=Meeting.Status.MINUTES_APPROVED,
    )
    open_meeting = meeting_make(closed.body, dt.date(2026, 9, 1), status=Meeting.Status.PLANNED)

    with pytest.raises(GovernanceError, match="Choose a meeting of"):
        board_report_attach(pack=_pack(plan), meeting=elsewhere, by=officer)
    with pytest.raises(GovernanceError, match=r"minutes .* are approved"):
        board_report_attach(pack=_pack(plan), meeting=closed, by=officer)
    for status in (BoardPack.Status.QUEUED, BoardPack.Status.BUILDING, BoardPack.Status.FAILED):
        with pytest.raises(GovernanceError, match="built pack"):
            board_report_attach(pack=_pack(plan, status=status), meeting=open_meeting, by=officer)

    assert not AgendaItem.objects.exists()
    assert not Paper.objects.exists()
