"""What the governance pages share: the form page every add and change form uses, the
addresses of a body and a meeting, and the meeting reached through its partnership and
body (404 for a meeting of another body, 403 for a person without a role)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cypp.governance.models import Body, Meeting
from cypp.governance.permissions import body_readable
from cypp.governance.services import GovernanceError


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


def service_error(form: Any, error: GovernanceError) -> None:
    form.add_error(None, str(error))


def saved(form: Any, save: Callable[[], object]) -> bool:
    """Run the service behind a valid form; a refusal becomes the form's error (the service
    is atomic, so nothing was saved) and the form is shown again."""
    try:
        save()
    except GovernanceError as error:
        service_error(form, error)
        return False
    return True


def meeting_form_page(
    request: HttpRequest, meeting: Meeting, *, form: Any, heading: str, multipart: bool = False
) -> HttpResponse:
    """A form about one meeting (an agenda item, a resolution, a paper, an action)."""
    return form_page(
        request,
        form=form,
        heading=heading,
        caption=str(meeting),
        back=meeting_url(meeting),
        back_text="Back to the meeting",
        multipart=multipart,
    )


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
