"""Governance pages: the partnership's bodies and chart, a body, a meeting, and the forms
board officers use to record them. Every view checks on the server (404, then 403)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cypp.accounts.selectors import access_get
from cypp.governance import forms, services
from cypp.governance.chart import governance_chart
from cypp.governance.models import Action, AgendaItem, Body, Meeting, Resolution
from cypp.governance.permissions import (
    body_readable,
    is_officer,
    officer_required,
    partnership_readable,
)
from cypp.governance.selectors import (
    action_log,
    actions_owned,
    body_meetings,
    forward_plan,
    link_values,
    meeting_actions,
    meeting_items,
    next_meeting,
    partnership_bodies,
    partnership_relations,
    plan_item_choices,
    plan_items_resolve,
)
from cypp.governance.services import GovernanceError, Owner
from cypp.plans.models import Partnership


def form_page(
    request: HttpRequest,
    *,
    form: Any,
    heading: str,
    caption: str,
    back: str,
    back_text: str,
    submit: str = "Save",
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "heading": heading,
            "caption": caption,
            "back": back,
            "back_text": back_text,
            "submit": submit,
            "multipart": multipart,
        },
        status=status,
    )


def _service_error(form: Any, error: GovernanceError) -> None:
    form.add_error(None, str(error))


def body_url(body: Body) -> str:
    return reverse("governance:body", args=[body.partnership.key, body.key])


def meeting_url(meeting: Meeting) -> str:
    body = meeting.body
    return reverse("governance:meeting", args=[body.partnership.key, body.key, meeting.pk])


def meeting_of(request: HttpRequest, partnership: str, body_key: str, pk: int) -> Meeting:
    body = body_readable(request.user, partnership, body_key)
    meeting = get_object_or_404(Meeting, pk=pk, body=body)
    meeting.body = body
    return meeting


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access = access_get(request.user)
    partnerships = Partnership.objects.order_by("name")
    if not access.is_superuser:
        partnerships = partnerships.filter(pk__in=list(access.roles))
    return render(
        request,
        "governance/index.html",
        {"partnerships": list(partnerships), "mine": actions_owned(user=request.user)},
    )


@login_required
def your_actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/your_actions.html",
        {"entries": actions_owned(user=request.user, include_closed=False)},
    )


@login_required
def partnership_page(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    bodies = partnership_bodies(partnership=p)
    relations = partnership_relations(partnership=p)
    chart = governance_chart(
        title=f"Governance chart of the {p.name}", bodies=bodies, relations=relations
    )
    return render(
        request,
        "governance/partnership.html",
        {
            "partnership": p,
            "bodies": bodies,
            "chart": chart,
            "officer": is_officer(request.user, p.pk),
        },
    )


@login_required
def body_add(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    officer_required(request.user, p.pk)
    form = forms.BodyForm(request.POST or None, partnership=p)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            body = services.body_create(
                user=request.user,
                partnership=p,
                name=data["name"],
                key=data.get("key") or "",
                kind=data["kind"],
                chair=data["chair"],
                chair_name=data["chair_name"],
                terms_of_reference=data["terms_of_reference"],
                order=data["order"] or 0,
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(body_url(body))
    back = reverse("governance:partnership", args=[p.key])
    return form_page(
        request,
        form=form,
        heading="Add a board or subgroup",
        caption=p.name,
        back=back,
        back_text=f"Back to the governance of {p.name}",
    )


@login_required
def relation_add(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    officer_required(request.user, p.pk)
    form = forms.RelationForm(request.POST or None, partnership=p)
    back = reverse("governance:partnership", args=[p.key])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.body_relation_add(
                user=request.user,
                from_body=data["from_body"],
                to_body=data["to_body"],
                kind=data["kind"],
                two_way=data["two_way"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(back)
    return form_page(
        request,
        form=form,
        heading="Say how two bodies relate",
        caption=p.name,
        back=back,
        back_text=f"Back to the governance of {p.name}",
    )


@login_required
def body_page(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    return render(
        request,
        "governance/body.html",
        {
            "body": b,
            "partnership": b.partnership,
            "meetings": body_meetings(body=b),
            "log": action_log(body=b),
            "forward": forward_plan(body=b),
            "next": next_meeting(body=b),
            "officer": is_officer(request.user, b.partnership_id),
        },
    )


@login_required
def body_edit(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    initial = {
        "name": b.name,
        "kind": b.kind,
        "chair": b.chair_id,
        "chair_name": b.chair_name,
        "terms_of_reference": b.terms_of_reference,
        "order": b.order,
    }
    form = forms.BodyForm(
        request.POST or None, initial=initial, partnership=b.partnership, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.body_update(
                user=request.user,
                body=b,
                name=data["name"],
                kind=data["kind"],
                chair=data["chair"],
                chair_name=data["chair_name"],
                terms_of_reference=data["terms_of_reference"],
                order=data["order"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(body_url(b))
    return form_page(
        request,
        form=form,
        heading=f"Change {b.name}",
        caption=b.partnership.name,
        back=body_url(b),
        back_text=f"Back to {b.name}",
    )


@login_required
def member_add(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    form = forms.MemberForm(request.POST or None, partnership=b.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.body_member_add(
                user=request.user,
                body=b,
                person=data["person"],
                organisation=data["organisation"],
                role=data["role"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(body_url(b))
    return form_page(
        request,
        form=form,
        heading=f"Add a member to {b.name}",
        caption=b.partnership.name,
        back=body_url(b),
        back_text=f"Back to {b.name}",
    )


@login_required
def meeting_add(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    form = forms.MeetingForm(request.POST or None, initial={"status": Meeting.Status.HELD})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_record(
                user=request.user,
                body=b,
                date=data["date"],
                start_time=data["start_time"],
                location=data["location"],
                status=data["status"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
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
            user=request.user, meeting=meeting, status=form.cleaned_data["status"]
        )
    return redirect(meeting_url(meeting))


@login_required
def item_add(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(user=request.user, meeting=meeting, **form.cleaned_data)
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
        heading="Add an agenda item",
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
    )


def _item_of(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    item.meeting = meeting
    return item


@login_required
def item_edit(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    item = _item_of(meeting, item_pk)
    initial = {
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "minutes": item.minutes,
    }
    form = forms.AgendaItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_edit(
                user=request.user,
                item=item,
                title=data["title"],
                purpose=data["purpose"],
                presenter=data["presenter"],
            )
            services.agenda_item_minutes_record(
                user=request.user, item=item, minutes=data["minutes"]
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
        heading=f"Change the agenda item: {item.title}",
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
    )


@login_required
def resolution_add(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    item = _item_of(meeting, item_pk)
    form = forms.ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_add(user=request.user, item=item, **form.cleaned_data)
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
        heading=f"Add a resolution to ‘{item.title}’",
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
    )


@login_required
def paper_add(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    item = _item_of(meeting, item_pk)
    form = forms.PaperForm(
        request.POST or None, request.FILES or None, partnership=meeting.body.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_add(
                user=request.user,
                item=item,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
                board_pack=form.cleaned_data["board_pack"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
        heading=f"Add a paper to ‘{item.title}’",
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
        multipart=True,
    )


def owner_from(data: dict[str, Any]) -> Owner:
    return Owner(
        person=data.get("owner_person"),
        organisation=data.get("owner_organisation"),
        role=data.get("owner_role") or "",
    )


@login_required
def action_add(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    resolutions = list(
        Resolution.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item")
    )
    choices = [(str(r.pk), f"{r.label} {r.text[:80]}".strip()) for r in resolutions]
    form = forms.ActionForm(request.POST or None, body=meeting.body, resolutions=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolution = next((r for r in resolutions if str(r.pk) == data.get("resolution")), None)
        try:
            services.action_add(
                user=request.user,
                body=meeting.body,
                meeting=meeting,
                resolution=resolution,
                text=data["text"],
                owner=owner_from(data),
                due_date=data["due_date"],
                due_meeting=data["due_meeting"],
                due_at_future_meeting=data["due_at_future_meeting"],
            )
        except GovernanceError as error:
            _service_error(form, error)
        else:
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form=form,
        heading="Add an action",
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
    )


LINK_SUBJECTS = {"item": AgendaItem, "resolution": Resolution, "action": Action}


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
                    user=request.user,
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
