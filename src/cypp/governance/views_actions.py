"""Governance pages for actions: a person's own actions; an action's page, with its status
in words, its updates, and the form its owner or an officer uses to record progress, mark
it done, drop it (with a reason) or reopen it; and the forms officers use to add an action
at a meeting and to change one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from cypp.governance import forms, services
from cypp.governance.models import Action, Resolution
from cypp.governance.permissions import (
    can_update_action,
    is_officer,
    officer_required,
    partnership_readable,
)
from cypp.governance.selectors import action_entry, actions_owned, actions_queryset
from cypp.governance.services import GovernanceError, Owner
from cypp.governance.views_common import (
    meeting_form,
    meeting_of,
    service_form,
)


def _action(request: HttpRequest, partnership: str, pk: int) -> Action:
    p = partnership_readable(request.user, partnership)
    action = (
        actions_queryset()
        .select_related("meeting", "resolution__agenda_item")
        .filter(pk=pk, body__partnership=p)
        .first()
    )
    if action is None:
        from django.http import Http404

        raise Http404("No such action in this partnership")
    return action


def owner_from(data: dict[str, Any]) -> Owner:
    return Owner(
        person=data.get("owner_person"),
        organisation=data.get("owner_organisation"),
        role=data.get("owner_role") or "",
    )


@login_required
def your_actions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/your_actions.html",
        {"entries": actions_owned(user=request.user, include_closed=False)},
    )


@login_required
def action_page(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    action = _action(request, partnership, pk)
    officer = is_officer(request.user, action.body.partnership_id)
    may_update = can_update_action(request.user, action)
    form = None
    if may_update:
        form = forms.ActionUpdateForm(request.POST or None, action=action, officer=officer)
        if not form.fields["change"].choices:  # type: ignore[attr-defined]
            form = None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            change = form.cleaned_data["change"]
            text = form.cleaned_data["text"]
            try:
                if change == "progress":
                    services.action_progress_add(by=request.user, action=action, text=text)
                elif change == "done":
                    services.action_complete(by=request.user, action=action, text=text)
                elif change == "drop":
                    services.action_drop(by=request.user, action=action, reason=text)
                elif change == "reopen":
                    services.action_reopen(by=request.user, action=action, text=text)
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                return redirect(request.path)
    return render(
        request,
        "governance/action.html",
        {
            "entry": action_entry(action, today=timezone.localdate()),
            "action": action,
            "body": action.body,
            "partnership": action.body.partnership,
            "updates": list(action.updates.select_related("by").order_by("at", "id")),
            "form": form,
            "officer": officer,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def action_add(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    resolutions = list(
        Resolution.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item")
    )
    choices = [(str(r.pk), f"{r.label} {r.text[:80]}".strip()) for r in resolutions]
    return meeting_form(
        request,
        meeting,
        form=forms.ActionForm(request.POST or None, body=meeting.body, resolutions=choices),
        save=lambda data: services.action_add(
            by=request.user,
            body=meeting.body,
            meeting=meeting,
            resolution=next((r for r in resolutions if str(r.pk) == data.get("resolution")), None),
            text=data["text"],
            owner=owner_from(data),
            due_date=data["due_date"],
            due_meeting=data["due_meeting"],
            due_at_future_meeting=data["due_at_future_meeting"],
        ),
        heading="Add an action",
    )


@login_required
def action_edit(request: HttpRequest, partnership: str, pk: int) -> HttpResponse:
    action = _action(request, partnership, pk)
    officer_required(request.user, action.body.partnership_id)
    initial = {
        "text": action.text,
        "owner_person": action.owner_person_id,
        "owner_organisation": action.owner_organisation_id,
        "owner_role": action.owner_role,
        "due_date": action.due_date,
        "due_meeting": action.due_meeting_id,
        "due_at_future_meeting": action.due_at_future_meeting,
    }
    back = reverse("governance:action", args=[action.body.partnership.key, action.pk])
    return service_form(
        request,
        form=forms.ActionForm(request.POST or None, initial=initial, body=action.body),
        save=lambda data: services.action_edit(
            by=request.user,
            action=action,
            text=data["text"],
            owner=owner_from(data),
            due_date=data["due_date"],
            due_meeting=data["due_meeting"],
            due_at_future_meeting=data["due_at_future_meeting"],
        ),
        done=back,
        heading="Change the action",
        caption=action.body.name,
        back=back,
        back_text="Back to the action",
    )
