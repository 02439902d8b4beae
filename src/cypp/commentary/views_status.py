"""A period's status page, the periods' timetable (set up, change) and the reminders."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cypp.commentary import forms, services
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.notifications import person_name
from cypp.commentary.permissions import can_add_evidence, can_read_evidence, is_officer
from cypp.commentary.reminders import commentary_reminders_send, people_without_address
from cypp.commentary.selectors import (
    STATUS_WORDS,
    period_evidence,
    period_latest,
    period_status_rows,
    periods_for_plan,
)
from cypp.commentary.views_common import member_plan, reporting_period, status_url
from cypp.plans.models import Outcome, Plan


@login_required
def status_page(request: HttpRequest, key: str, period: str | None = None) -> HttpResponse:
    plan = member_plan(request, key)
    periods = periods_for_plan(plan=plan)
    chosen = reporting_period(plan, period) if period else period_latest(plan=plan)
    rows = period_status_rows(period=chosen, user=request.user) if chosen else []
    tally = Counter(row.status for row in rows)
    counts = {
        words: tally[status] for status, (words, _tag) in STATUS_WORDS.items() if tally[status]
    }
    evidence = []
    outcomes: list[Outcome] = []
    if chosen is not None:
        evidence = [
            e for e in period_evidence(period=chosen) if can_read_evidence(request.user, plan, e)
        ]
        for e in evidence:
            e.period = chosen
        if can_add_evidence(request.user, plan) and not chosen.is_locked:
            outcomes = list(
                Outcome.objects.filter(priority__plan=plan).order_by(
                    "priority__order", "order", "pk"
                )
            )
    officer = is_officer(request.user, plan)
    return render(
        request,
        "commentary/status.html",
        {
            "plan": plan,
            "periods": periods,
            "period": chosen,
            "rows": rows,
            "counts": counts,
            "owed": [r for r in rows if r.owes],
            "evidence": evidence,
            "outcomes": outcomes,
            "officer": officer,
            "without_address": [person_name(u) for u in people_without_address(period=chosen)]
            if officer and chosen is not None
            else [],
            "status_words": STATUS_WORDS,
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, key: str, period: str) -> HttpResponse:
    plan = _officers_plan(request, key)
    chosen = reporting_period(plan, period)
    sent = commentary_reminders_send(period=chosen, by=request.user)
    messages.success(
        request,
        f"Reminders sent: {sent} e-mail{'s' if sent != 1 else ''}."
        if sent
        else "Nobody with an e-mail address owes anything for this period: no reminder sent.",
    )
    return redirect(status_url(plan, chosen))


# Periods -------------------------------------------------------------------------------------


@login_required
def periods_create(request: HttpRequest, key: str) -> HttpResponse:
    plan = _officers_plan(request, key)
    form = forms.PeriodsCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.reporting_periods_create(
            plan=plan, frequency=form.cleaned_data["frequency"], by=request.user
        )
        messages.success(request, f"{len(made)} reporting periods for {plan.title}.")
        return redirect("commentary:status", key=plan.key)
    return _period_form_page(
        request,
        plan,
        form=form,
        heading="Set up the reporting periods",
        button="Create the periods",
        cancel=reverse("commentary:status", args=[plan.key]),
    )


@login_required
def period_edit(request: HttpRequest, key: str, period: str) -> HttpResponse:
    plan = _officers_plan(request, key)
    chosen = reporting_period(plan, period)
    initial = {
        "label": chosen.label,
        "commentary_due": chosen.commentary_due,
        "signoff_due": chosen.signoff_due,
        "meeting_date": chosen.meeting_date,
    }
    form = forms.PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.reporting_period_update(period=chosen, by=request.user, **form.cleaned_data)
        messages.success(request, f"The timetable for {form.cleaned_data['label']} is saved.")
        return redirect(status_url(plan, chosen))
    return _period_form_page(
        request,
        plan,
        form=form,
        heading=f"Change the timetable: {chosen.label}",
        button="Save",
        cancel=status_url(plan, chosen),
        period=chosen,
    )


def _officers_plan(request: HttpRequest, key: str) -> Plan:
    """The plan, for an officer of its partnership: only they run its timetable and send
    its reminders (404 for an unknown plan, 403 for anyone else)."""
    plan = member_plan(request, key)
    if not is_officer(request.user, plan):
        raise PermissionDenied
    return plan


def _period_form_page(
    request: HttpRequest,
    plan: Plan,
    *,
    form: forms.PeriodsCreateForm | forms.PeriodForm,
    heading: str,
    button: str,
    cancel: str,
    period: ReportingPeriod | None = None,
) -> HttpResponse:
    context: dict[str, object] = {
        "plan": plan,
        "form": form,
        "heading": heading,
        "button": button,
        "cancel": cancel,
    }
    if period is not None:
        context["period"] = period
    return render(request, "commentary/period_form.html", context)
