"""What the governance pages share: the form page every add and change form uses, the
addresses of a body and a meeting, and the meeting reached through its partnership and
body (404 for a meeting of another body, 403 for a person without a role)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypedDict

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cypp.governance.models import Body, Meeting
from cypp.governance.permissions import body_readable
from cypp.governance.services import GovernanceError


class FormPlace(TypedDict):
    """Where a form stands: the caption over its heading and the link back."""

    caption: str
    back: str
    back_text: str


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


def service_form(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    heading: str,
    caption: str,
    back: str,
    back_text: str,
    multipart: bool = False,
) -> HttpResponse:
    """An officer's add or change form: on a valid POST the service saves the cleaned data
    and the officer goes on to ``done`` (an address, or one made from what the service
    returned). A refusal becomes the form's error (the service is atomic, so nothing was
    saved) and the form is shown again, as it is on a GET or with invalid data."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except GovernanceError as error:
            service_error(form, error)
        else:
            return redirect(done if isinstance(done, str) else done(result))
    return form_page(
        request,
        form=form,
        heading=heading,
        caption=caption,
        back=back,
        back_text=back_text,
        multipart=multipart,
    )


def meeting_form(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    heading: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form about one meeting (an agenda item, a resolution, a paper, an action), which
    goes back to the meeting once saved."""
    back = meeting_url(meeting)
    return service_form(
        request,
        form=form,
        save=save,
        done=back,
        heading=heading,
        caption=str(meeting),
        back=back,
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
