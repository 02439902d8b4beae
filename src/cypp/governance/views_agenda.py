"""The agenda builder's pages: a meeting's draft agenda on the site, as a standalone HTML
document and as a tagged PDF (PDF/UA) made from that same document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from cypp.downloads import attachment
from cypp.governance.agenda import agenda_build
from cypp.governance.permissions import body_readable, is_officer
from cypp.governance.selectors import next_meeting
from cypp.governance.views_common import meeting_of


def _file_name(agenda_meeting: object, ext: str) -> str:
    meeting = agenda_meeting
    return f"agenda-{meeting.body.key}-{meeting.date:%Y-%m-%d}.{ext}"  # type: ignore[attr-defined]


@login_required
def agenda_page(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    return render(
        request,
        "governance/agenda.html",
        {
            "agenda": agenda_build(meeting=meeting),
            "meeting": meeting,
            "body": meeting.body,
            "partnership": meeting.body.partnership,
            "officer": is_officer(request.user, meeting.body.partnership_id),
        },
    )


def agenda_document(request: HttpRequest, partnership: str, body: str, pk: int) -> str:
    meeting = meeting_of(request, partnership, body, pk)
    return render_to_string(
        "governance/agenda_document.html",
        {"agenda": agenda_build(meeting=meeting), "meeting": meeting, "body": meeting.body},
        request=request,
    )


@login_required
def agenda_html(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    return attachment(
        agenda_document(request, partnership, body, pk),
        content_type="text/html; charset=utf-8",
        filename=_file_name(meeting, "html"),
    )


@login_required
def agenda_pdf(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    from cypp.documents.pdf import pdf_from_html

    meeting = meeting_of(request, partnership, body, pk)
    pdf = pdf_from_html(agenda_document(request, partnership, body, pk))
    return attachment(pdf, content_type="application/pdf", filename=_file_name(meeting, "pdf"))


@login_required
def next_agenda(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    """The draft agenda of the body's next meeting."""
    b = body_readable(request.user, partnership, body)
    meeting = next_meeting(body=b)
    if meeting is None:
        raise Http404("No meeting of this body is planned; record one first")
    return redirect(reverse("governance:agenda", args=[b.partnership.key, b.key, meeting.pk]))
