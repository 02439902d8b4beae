"""Board packs in the browser: request a build, watch it, check it, publish it, download it;
and the scorecard as CSV and XLSX.

Officers (the partnership's analysts and administrators) build and publish packs and read
drafts; everyone who may read the plan reads its published packs.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cypp.commentary.selectors import period_latest, periods_for_plan
from cypp.downloads import (
    CSV,
    XLSX,
    attachment,
    table_csv,
    table_download,
    table_from_json,
    tables_xlsx,
)
from cypp.plans.models import Plan
from cypp.plans.permissions import can_edit_plan, plan_readable
from cypp.reports.as_at import as_at_choice
from cypp.reports.board_pack.tables import scorecard_table
from cypp.reports.builds import BoardPackError, board_pack_recover_stalled
from cypp.reports.models import BoardPack
from cypp.reports.plan_reports import plan_on_a_page_build
from cypp.reports.readiness import pack_readiness
from cypp.reports.services import board_pack_publish, board_pack_request


def _pack(request: HttpRequest, key: str, pk: int) -> tuple[Plan, BoardPack]:
    """The plan's pack: drafts only for officers, published packs for every reader."""
    plan = plan_readable(request.user, key)
    pack = get_object_or_404(BoardPack.objects.select_related("period"), plan=plan, pk=pk)
    if not pack.is_published and not can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan, pack


def _watched_pack(request: HttpRequest, key: str, pk: int) -> tuple[Plan, BoardPack]:
    """The pack as whoever watches it should see it: one whose worker died is failed, not
    "being built" for ever."""
    plan, pack = _pack(request, key, pk)
    if pack.status == BoardPack.Status.BUILDING and board_pack_recover_stalled(pack=pack):
        pack.refresh_from_db()
    return plan, pack


# The words of the boxes an officer ticks to build, or publish, a pack that has gaps.
ACCEPT_GAPS = "I accept these gaps and want to build the pack anyway"
READ_GAPS = "I have read these gaps"


@require_http_methods(["GET", "POST"])
def board_packs(request: HttpRequest, key: str) -> HttpResponse:
    """The plan's packs; for officers, the readiness of a period and the build form.

    Building a pack with gaps takes two steps: the first POST shows the gaps again with a box
    to tick; the build is asked for only when the box is ticked and the gaps, checked again,
    are the ones shown (their digest came with the form)."""
    plan = plan_readable(request.user, key)
    officer = can_edit_plan(request.user, plan)
    periods = periods_for_plan(plan=plan)
    latest = period_latest(plan=plan)
    chosen = request.GET.get("period", "") or (latest.key if latest else "")
    error = ""
    confirm = ""  # why the page asks again: "gaps", "unticked" or "changed"
    readiness = None
    if request.method == "POST":
        if not officer:
            raise PermissionDenied
        chosen = request.POST.get("period", "")
        period = next((p for p in periods if p.key == chosen), None)
        if periods and period is None:
            error = "Choose the reporting period the pack is for."
        else:
            # A published period is refused by the request itself: no gaps to accept first.
            locked = period is not None and period.is_locked
            readiness = None if locked else pack_readiness(plan=plan, period=period)
            asked = request.POST.get("readiness", "")
            if readiness is None or readiness.ready:
                confirm = ""
            elif not asked:
                confirm = "gaps"
            elif asked != readiness.fingerprint:
                confirm = "changed"
            elif request.POST.get("accept_gaps") != "yes":
                confirm = "unticked"
                error = "Tick the box to accept these gaps, or fill them before building."
            if not confirm:
                try:
                    pack = board_pack_request(
                        plan=plan,
                        period=period,
                        by=request.user,
                        accepted_gaps=readiness.gaps_json() if readiness else None,
                    )
                except BoardPackError as problem:
                    error = " ".join(problem.messages)
                else:
                    return redirect("reports:board-pack", plan.key, pack.pk)
    if officer:
        board_pack_recover_stalled(plan=plan)
    packs = BoardPack.objects.filter(plan=plan).select_related("period")
    if not officer:
        packs = packs.filter(status=BoardPack.Status.PUBLISHED)
    period = next((p for p in periods if p.key == chosen), None)
    if readiness is None and officer and (period is not None or not periods):
        readiness = pack_readiness(plan=plan, period=period)
    status = 200
    if error:
        status = 400
    elif confirm == "changed":
        status = 409
    return render(
        request,
        "reports/board_packs.html",
        {
            "plan": plan,
            "packs": list(packs),
            "officer": officer,
            "periods": periods,
            "chosen_period": period,
            "default_period": chosen,
            "readiness": readiness,
            "confirm": confirm,
            "accept_words": ACCEPT_GAPS,
            "error": error,
            # The board report links need only the period: edit the words before building.
            "pack": {"period": period} if period is not None else None,
        },
        status=status,
    )


def _pack_page(
    request: HttpRequest, plan: Plan, pack: BoardPack, *, error: str = "", status: int = 200
) -> HttpResponse:
    fragment = ""
    if pack.html_file and pack.status in (BoardPack.Status.READY, BoardPack.Status.PUBLISHED):
        with pack.html_file.open("rb") as f:
            fragment = f.read().decode("utf-8")
    officer = can_edit_plan(request.user, plan)
    # Before publishing, the officer reads the gaps again: those accepted at the build and
    # those open now (commentary may have been approved, or returned, since).
    readiness = (
        pack_readiness(plan=plan, period=pack.period)
        if officer and pack.status == BoardPack.Status.READY
        else None
    )
    accepted = (pack.accepted_gaps or {}).get("gaps") or []
    return render(
        request,
        "reports/board_pack.html",
        {
            "plan": plan,
            "pack": pack,
            # Built by CYPP from escaped templates and kept unchanged; marked safe to place it.
            "fragment": mark_safe(fragment),  # noqa: S308
            "officer": officer,
            "status_url": reverse("reports:board-pack-status", args=[plan.key, pack.pk]),
            "readiness": readiness,
            "accepted": accepted,
            "accepted_at": _moment(pack.accepted_gaps.get("accepted_at") if accepted else None),
            "must_read": bool(accepted or (readiness and not readiness.ready)),
            "read_words": READ_GAPS,
            "error": error,
        },
        status=status,
    )


def _moment(iso: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


@require_GET
def board_pack_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    plan, pack = _watched_pack(request, key, pk)
    return _pack_page(request, plan, pack)


@require_GET
def board_pack_status(request: HttpRequest, key: str, pk: int) -> JsonResponse:
    """The build's progress, for the page's progress bar."""
    _plan, pack = _watched_pack(request, key, pk)
    return JsonResponse(
        {
            "status": pack.status,
            "status_words": pack.get_status_display(),
            "progress": pack.progress,
            "message": pack.progress_message,
            "finished": pack.is_finished,
            "error": pack.error if pack.status == BoardPack.Status.FAILED else "",
        }
    )


@require_POST
def board_pack_publish_view(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Publish a ready pack. With gaps (accepted at the build, or open now) the officer ticks
    that they have read them; gaps that changed since the page was shown are shown again."""
    plan, pack = _pack(request, key, pk)
    if not can_edit_plan(request.user, plan):
        raise PermissionDenied
    gaps_read = None
    if pack.status == BoardPack.Status.READY:
        readiness = pack_readiness(plan=plan, period=pack.period)
        accepted = (pack.accepted_gaps or {}).get("gaps") or []
        if accepted or not readiness.ready:
            if request.POST.get("gaps_read") != "yes":
                return _pack_page(
                    request,
                    plan,
                    pack,
                    error="Tick the box to say you have read these gaps.",
                    status=400,
                )
            if request.POST.get("readiness", "") != readiness.fingerprint:
                return _pack_page(
                    request,
                    plan,
                    pack,
                    error="The gaps have changed since this page was shown: read them again.",
                    status=409,
                )
            gaps_read = readiness.gaps_json()
    try:
        board_pack_publish(pack=pack, by=request.user, gaps_read=gaps_read)
    except BoardPackError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request,
            "Published. The pack's files will not change, and the period's commentary is locked.",
        )
    return redirect("reports:board-pack", plan.key, pack.pk)


def _private_if(response: HttpResponse, private: bool) -> HttpResponse:
    """A draft pack, or a download of a plan that is not public, is never stored by a cache
    (signed-in responses already are not: this holds whoever asks)."""
    if private:
        add_never_cache_headers(response)
    return response


def _download_name(pack: BoardPack, suffix: str) -> str:
    period = pack.period.key if pack.period else "pack"
    return f"{pack.plan.key}-board-pack-{period}{'' if pack.is_published else '-draft'}.{suffix}"


@require_GET
def board_pack_file(
    request: HttpRequest, key: str, pk: int, kind: str
) -> HttpResponse | FileResponse:
    from cypp.reports.board_pack.render import pack_document

    plan, pack = _pack(request, key, pk)
    private = not (pack.is_published and plan.public)
    if kind == "pdf" and pack.pdf_file:
        pdf = FileResponse(
            pack.pdf_file.open("rb"),
            as_attachment=True,
            filename=_download_name(pack, "pdf"),
            content_type="application/pdf",
        )
        if private:
            add_never_cache_headers(pdf)
        return pdf
    if kind == "html" and pack.html_file:
        with pack.html_file.open("rb") as f:
            fragment = f.read().decode("utf-8")
        document = pack_document(
            title=pack.title,
            partnership=pack.plan.partnership.name,
            fragment=fragment,
            embed_css=True,
        )
        response = attachment(
            document, content_type="text/html; charset=utf-8", filename=_download_name(pack, "html")
        )
        return _private_if(response, private)
    raise Http404("This pack has no such file yet.")


@require_GET
def board_pack_tables(request: HttpRequest, key: str, pk: int, table: str = "") -> HttpResponse:
    """The pack's tables as built: one as CSV, or all as XLSX sheets."""
    plan, pack = _pack(request, key, pk)
    private = not (pack.is_published and plan.public)
    tables = [table_from_json(k, v) for k, v in pack.tables.items()]
    if not tables:
        raise Http404("This pack has no tables yet.")
    if not table:
        return _private_if(
            attachment(
                tables_xlsx(tables, title=pack.title),
                content_type=XLSX,
                filename=_download_name(pack, "xlsx"),
            ),
            private,
        )
    chosen = next((t for t in tables if t.key == table), None)
    if chosen is None:
        raise Http404("This pack has no such table.")
    return _private_if(
        attachment(
            table_csv(chosen), content_type=CSV, filename=_download_name(pack, f"{table}.csv")
        ),
        private,
    )


@require_GET
def scorecard_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """The scorecard on live data, as CSV or XLSX: on the latest data, or as at a reporting
    period (``?as_at=KEY``) as the scorecard page shows it."""
    plan = plan_readable(request.user, key)
    if fmt not in ("csv", "xlsx"):
        raise Http404("The scorecard downloads as CSV or XLSX.")
    choice = as_at_choice(plan=plan, query=request.GET)
    table = scorecard_table(plan_on_a_page_build(plan=plan, as_at=choice.as_at).assessments)
    response = table_download(
        table,
        fmt=fmt,
        filename=f"{plan.key}-scorecard.{fmt}",
        title=f"{plan.title}: scorecard",
    )
    return _private_if(response, not plan.public)
