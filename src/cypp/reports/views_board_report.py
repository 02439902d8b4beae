"""The board report page: the officer's words at the front of the period's pack (meeting,
lead officer, purpose, what the board is asked to do, key messages, implications), beside
CYPP's drafts; and the button that puts the pack on the meeting's agenda.

Officers only (the partnership's analysts and administrators): everyone else gets 403, as
for a draft pack.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cypp.commentary.models import ReportingPeriod
from cypp.governance.services import GovernanceError, board_report_attach
from cypp.plans.models import Plan
from cypp.plans.permissions import can_edit_plan, plan_readable
from cypp.reports.board_pack.front import purpose_draft
from cypp.reports.board_report import (
    BoardReportError,
    board_report_draft_restore,
    board_report_drafts,
    board_report_get,
    board_report_meetings,
    board_report_pack,
    board_report_save,
)
from cypp.reports.forms_board_report import BoardReportForm, form_initial
from cypp.reports.models import BoardPack, BoardReport

RESTORE = {"restore-recommendations": "recommendations", "restore-key-messages": "key_messages"}


@require_http_methods(["GET", "POST"])
def board_report(request: HttpRequest, key: str, period_key: str) -> HttpResponse:
    plan = plan_readable(request.user, key)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    period = get_object_or_404(ReportingPeriod, plan=plan, key=period_key)
    report = board_report_get(plan=plan, period=period)
    drafts = board_report_drafts(plan=plan, period=period)
    meetings = board_report_meetings(
        plan=plan, period=period, current=report.meeting if report else None
    )
    pack = board_report_pack(plan=plan, period=period)
    problem_words = ""
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "attach":
        problem_words = _attach(request, plan, period, report, pack)
        if not problem_words:
            return redirect("reports:board-report", plan.key, period.key)
    if request.method == "POST" and action in RESTORE:
        try:
            board_report_draft_restore(
                plan=plan, period=period, by=request.user, part=RESTORE[action]
            )
        except BoardReportError as problem:
            problem_words = " ".join(problem.messages)
        else:
            messages.success(request, _saved_words(pack, RESTORE[action]))
            return redirect("reports:board-report", plan.key, period.key)
    if request.method == "POST" and action == "save":
        form = BoardReportForm(request.POST, meetings=meetings)
        if form.is_valid():
            try:
                board_report_save(
                    plan=plan,
                    period=period,
                    by=request.user,
                    drafts=drafts,
                    **form.service_fields(),
                )
            except BoardReportError as problem:
                for field, errors in problem.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _saved_words(pack, None))
                return redirect("reports:board-report", plan.key, period.key)
    else:
        form = BoardReportForm(initial=form_initial(report, drafts), meetings=meetings)
    failed = bool(form.errors or problem_words)
    return render(
        request,
        "reports/board_report.html",
        {
            "plan": plan,
            "period": period,
            "report": report,
            "form": form,
            "drafts": drafts,
            "purpose_draft": purpose_draft(plan, period),
            "pack": pack,
            "meetings": meetings,
            "can_attach": bool(report and report.meeting and pack),
            "problem_words": problem_words,
            "locked": period.is_locked,
        },
        status=400 if failed else 200,
    )


def _saved_words(pack: BoardPack | None, part: str | None) -> str:
    words = "Saved."
    if part:
        what = "recommendations" if part == "recommendations" else "key messages"
        words = f"The drafted {what} are back: the pack drafts them afresh from the data."
    if pack is not None and pack.status == BoardPack.Status.READY:
        words += " Build the pack again to put these words in it."
    return words


def _attach(
    request: HttpRequest,
    plan: Plan,
    period: ReportingPeriod,
    report: BoardReport | None,
    pack: BoardPack | None,
) -> str:
    """Put the pack on the chosen meeting's agenda; the problem in words, or "" when done."""
    meeting = report.meeting if report is not None else None
    if report is None or meeting is None:
        return "Choose the meeting and save the report before attaching the pack"
    if pack is None:
        return "Build the pack for this period before attaching it to the agenda"
    try:
        item = board_report_attach(
            pack=pack,
            meeting=meeting,
            by=request.user,
            purpose=report.purpose or purpose_draft(plan, period),
            presenter=report.lead_officer,
        )
    except GovernanceError as problem:
        return str(problem)
    messages.success(request, f"The pack is on the agenda of {meeting} as “{item.title}”.")
    return ""
