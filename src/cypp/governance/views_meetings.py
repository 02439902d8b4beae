"""Governance pages for a meeting: recording one, its page, its status, and the forms
officers use to add and change its agenda items, resolutions and papers and to say
which plan items they are about. Every view checks on the server (404, then 403)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cypp.governance import forms, services
from cypp.governance.models import Action, AgendaItem, Meeting, Paper, Resolution
from cypp.governance.permissions import body_readable, is_officer, officer_required
from cypp.governance.selectors import (
    link_values,
    meeting_actions,
    meeting_items,
    plan_item_choices,
    plan_items_resolve,
)
from cypp.governance.services import GovernanceError
from cypp.governance.views_common import (
    body_url,
    meeting_form,
    meeting_of,
    meeting_url,
    service_form,
)


@login_required
def meeting_add(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    return service_form(
        request,
        form=forms.MeetingForm(request.POST or None, initial={"status": Meeting.Status.HELD}),
        save=lambda data: services.meeting_record(
            by=request.user,
            body=b,
            date=data["date"],
            start_time=data["start_time"],
            location=data["location"],
            status=data["status"],
        ),
        done=meeting_url,
        heading="Record a meeting",
        caption=b.name,
        back=body_url(b),
        back_text=f"Back to {b.name}",
    )


@login_required
def meeting_page(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer = is_officer(request.user, meeting.body.partnership_id)
    return render(
        request,
        "governance/meeting.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "partnership": meeting.body.partnership,
            "items": meeting_items(meeting=meeting),
            "actions": meeting_actions(meeting=meeting),
            "officer": officer,
            "status_form": forms.MeetingStatusForm(initial={"status": meeting.status}),
        },
    )


@login_required
@require_POST
def meeting_status(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    form = forms.MeetingStatusForm(request.POST)
    if form.is_valid():
        services.meeting_status_set(
            by=request.user, meeting=meeting, status=form.cleaned_data["status"]
        )
    return redirect(meeting_url(meeting))


@login_required
def item_add(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    return meeting_form(
        request,
        meeting,
        form=forms.AgendaItemForm(request.POST or None),
        save=lambda data: services.agenda_item_add(by=request.user, meeting=meeting, **data),
        heading="Add an agenda item",
    )


def _officers_item(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> tuple[Meeting, AgendaItem]:
    """A meeting's agenda item, for an officer of the partnership (404, then 403)."""
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    item.meeting = meeting
    return meeting, item


@login_required
def item_edit(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting, item = _officers_item(request, partnership, body, pk, item_pk)
    initial = {
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "minutes": item.minutes,
    }
    return meeting_form(
        request,
        meeting,
        form=forms.AgendaItemForm(request.POST or None, initial=initial),
        save=lambda data: services.agenda_item_edit(by=request.user, item=item, **data),
        heading=f"Change the agenda item: {item.title}",
    )


@login_required
def resolution_add(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting, item = _officers_item(request, partnership, body, pk, item_pk)
    return meeting_form(
        request,
        meeting,
        form=forms.ResolutionForm(request.POST or None),
        save=lambda data: services.resolution_add(by=request.user, item=item, **data),
        heading=f"Add a resolution to ‘{item.title}’",
    )


@login_required
def paper_add(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting, item = _officers_item(request, partnership, body, pk, item_pk)
    return meeting_form(
        request,
        meeting,
        form=forms.PaperForm(
            request.POST or None, request.FILES or None, partnership=meeting.body.partnership
        ),
        save=lambda data: services.paper_add(by=request.user, item=item, **data),
        heading=f"Add a paper to ‘{item.title}’",
        multipart=True,
    )


@login_required
def links_edit(
    request: HttpRequest, partnership: str, body: str, pk: int, kind: str, subject_pk: int
) -> HttpResponse:
    """Which plan items an agenda item, resolution or action of this meeting is about."""
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    subject: AgendaItem | Resolution | Action
    if kind == "item":
        subject = get_object_or_404(AgendaItem, pk=subject_pk, meeting=meeting)
        subject.meeting = meeting
    elif kind == "resolution":
        subject = get_object_or_404(
            Resolution.objects.select_related("agenda_item"),
            pk=subject_pk,
            agenda_item__meeting=meeting,
        )
        subject.agenda_item.meeting = meeting
    elif kind == "action":
        subject = get_object_or_404(Action, pk=subject_pk, meeting=meeting)
        subject.body = meeting.body
    else:
        raise Http404("No such kind of decision")
    p = meeting.body.partnership
    groups = plan_item_choices(partnership=p)
    current = set(link_values(subject.plan_links.all()))
    errors = []
    if request.method == "POST":
        chosen = request.POST.getlist("targets")
        valid = {value for _, items in groups for value, _ in items}
        if any(value not in valid for value in chosen):
            errors.append("Choose plan items from the list")
        else:
            try:
                services.plan_links_set(
                    by=request.user,
                    subject=subject,
                    targets=plan_items_resolve(partnership=p, values=chosen),
                )
            except GovernanceError as error:
                errors.append(str(error))
            else:
                return redirect(meeting_url(meeting))
        current = set(chosen)
    return render(
        request,
        "governance/links.html",
        {
            "meeting": meeting,
            "subject": subject,
            "groups": groups,
            "current": current,
            "errors": errors,
            "back": meeting_url(meeting),
        },
        status=400 if errors else 200,
    )


@login_required
def paper_download(
    request: HttpRequest, partnership: str, body: str, pk: int, paper_pk: int
) -> FileResponse:
    """An uploaded paper, for the people who may read the meeting. Always a download, never
    shown in the page: an uploaded HTML file must not run as one of our pages."""
    meeting = meeting_of(request, partnership, body, pk)
    paper = get_object_or_404(Paper, pk=paper_pk, agenda_item__meeting=meeting)
    if not paper.file:
        raise Http404("This paper is a board pack, not a file.")
    name = (paper.file.name or "paper").rsplit("/", 1)[-1]
    return FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/octet-stream",
    )
