"""Safeguarding alerts, as pages, for their contacts only (``cypp.voice.access``).

- The list: the alerts the person is a contact for, those to deal with first.
- An alert's page: what was said, to which question of which survey, the rest of the
  response, who answered (named surveys only raise alerts) and how to reach them, the
  deadline and any escalation; with the forms to acknowledge it and to close it with what
  was done.

Anyone else, superusers and administrators included, gets the same 404 whether the alert
exists or not: an alert names a child.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cypp.errors import ApplicationError, error_message
from cypp.voice.forms_alerts import AlertCloseForm
from cypp.voice.models import SafeguardingAlert
from cypp.voice.notifications_alerts import when
from cypp.voice.selectors_alerts import alert_for, alert_overdue, alerts_for, response_answers
from cypp.voice.services_alerts import alert_acknowledge, alert_close

NOT_FOUND = "Page not found"  # the same words whether the alert exists or not


def _alert(request: HttpRequest, alert_id: int) -> SafeguardingAlert:
    found = alert_for(request.user, alert_id)
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@login_required
@require_http_methods(["GET"])
def alerts_page(request: HttpRequest) -> HttpResponse:
    found = alerts_for(request.user)
    rows = [{"alert": a, "overdue": alert_overdue(a)} for a in found.to_deal_with]
    return render(request, "voice/alerts/list.html", {"rows": rows, "closed": found.closed})


def _alert_render(
    request: HttpRequest, alert: SafeguardingAlert, form: AlertCloseForm, status: int = 200
) -> HttpResponse:
    open_ = alert.status != SafeguardingAlert.Status.CLOSED
    context: dict[str, Any] = {
        "alert": alert,
        "survey": alert.survey,
        "response": alert.response,
        "answers": response_answers(alert),
        "overdue": alert_overdue(alert),
        "raised": when(alert.raised_at),
        "due": when(alert.due_at),
        "escalated": when(alert.escalated_at) if alert.escalated_at else "",
        "acknowledged": when(alert.acknowledged_at) if alert.acknowledged_at else "",
        "closed": when(alert.closed_at) if alert.closed_at else "",
        "acknowledgeable": alert.status == SafeguardingAlert.Status.OPEN,
        "form": form if open_ else None,
    }
    return render(request, "voice/alerts/alert.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def alert_page(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    return _alert_render(request, alert, AlertCloseForm())


@login_required
@require_POST
def alert_acknowledge_page(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    try:
        alert_acknowledge(alert=alert, by=request.user)
    except ApplicationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, "You have acknowledged the alert. It will not be escalated.")
    return redirect("voice:alert", alert_id=alert.pk)


@login_required
@require_POST
def alert_close_page(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    if alert.status == SafeguardingAlert.Status.CLOSED:
        messages.error(request, "This alert has been closed already.")
        return redirect("voice:alert", alert_id=alert.pk)
    form = AlertCloseForm(request.POST)
    if form.is_valid():
        try:
            alert_close(
                alert=alert, by=request.user, what_was_done=form.cleaned_data["what_was_done"]
            )
        except ApplicationError as error:
            form.add_error(getattr(error, "field", None), error_message(error))
        else:
            messages.success(request, "You have closed the alert, with what was done.")
            return redirect("voice:alert", alert_id=alert.pk)
    return _alert_render(request, alert, form)
