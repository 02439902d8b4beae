"""Commentary pages: a period's status, writing and reviewing a measure's commentary, the
qualitative evidence of an outcome, the periods' timetable and the reminders.

Every view checks on the server who may do what (``cypp.commentary.permissions``) and calls
the services for every write; forms post with a CSRF token and work without JavaScript.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cypp.accounts.selectors import access_get
from cypp.assessment.measures import MeasureAssessment, measures_assess
from cypp.commentary import forms, services
from cypp.commentary.models import (
    MeasureCommentary,
    QualitativeEvidence,
    ReportingPeriod,
    Status,
)
from cypp.commentary.permissions import (
    can_add_evidence,
    can_read_commentary,
    can_read_evidence,
    can_review,
    can_write_commentary,
    can_write_evidence,
    is_officer,
)
from cypp.commentary.reminders import commentary_reminders_send
from cypp.commentary.selectors import (
    STATUS_WORDS,
    UnknownPeriod,
    commentary_history,
    period_evidence,
    period_get,
    period_latest,
    period_status_rows,
    periods_for_plan,
)
from cypp.plans.models import Measure, Outcome, Plan
from cypp.plans.permissions import plan_readable
from cypp.plans.selectors import measures_for_reports


def _member_plan(request: HttpRequest, key: str) -> Plan:
    """The plan, for a person with a role in its partnership (the commentary pages are the
    partnership's own workspace, even for a published plan)."""
    plan = plan_readable(request.user, key)
    if not access_get(request.user).reads(plan.partnership_id):
        raise PermissionDenied
    return plan


def _period(plan: Plan, key: str) -> ReportingPeriod:
    try:
        return period_get(plan=plan, key=key)
    except UnknownPeriod as error:
        raise Http404(str(error)) from error


def _status_url(plan: Plan, period: ReportingPeriod) -> str:
    return reverse("commentary:status-period", args=[plan.key, period.key])


def _status_of(thing: MeasureCommentary | QualitativeEvidence | None) -> tuple[str, str]:
    if thing is None:
        return STATUS_WORDS["not_started"]
    if thing.period.is_locked:
        return STATUS_WORDS["locked"]
    return STATUS_WORDS[thing.status]


# The period's status ------------------------------------------------------------------------


@login_required
def status_page(request: HttpRequest, key: str, period: str | None = None) -> HttpResponse:
    plan = _member_plan(request, key)
    periods = periods_for_plan(plan=plan)
    chosen = _period(plan, period) if period else period_latest(plan=plan)
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
            "officer": is_officer(request.user, plan),
            "status_words": STATUS_WORDS,
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, key: str, period: str) -> HttpResponse:
    plan = _member_plan(request, key)
    if not is_officer(request.user, plan):
        raise PermissionDenied
    chosen = _period(plan, period)
    sent = commentary_reminders_send(period=chosen, by=request.user)
    messages.success(
        request,
        f"Reminders sent: {sent} e-mail{'s' if sent != 1 else ''}."
        if sent
        else "Nobody with an e-mail address owes anything for this period: no reminder sent.",
    )
    return redirect(_status_url(plan, chosen))


# Periods -------------------------------------------------------------------------------------


@login_required
def periods_create(request: HttpRequest, key: str) -> HttpResponse:
    plan = _member_plan(request, key)
    if not is_officer(request.user, plan):
        raise PermissionDenied
    form = forms.PeriodsCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.reporting_periods_create(
            plan=plan, frequency=form.cleaned_data["frequency"], by=request.user
        )
        messages.success(request, f"{len(made)} reporting periods for {plan.title}.")
        return redirect("commentary:status", key=plan.key)
    return render(
        request,
        "commentary/period_form.html",
        {
            "plan": plan,
            "form": form,
            "heading": "Set up the reporting periods",
            "button": "Create the periods",
            "cancel": reverse("commentary:status", args=[plan.key]),
        },
    )


@login_required
def period_edit(request: HttpRequest, key: str, period: str) -> HttpResponse:
    plan = _member_plan(request, key)
    if not is_officer(request.user, plan):
        raise PermissionDenied
    chosen = _period(plan, period)
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
        return redirect(_status_url(plan, chosen))
    return render(
        request,
        "commentary/period_form.html",
        {
            "plan": plan,
            "form": form,
            "heading": f"Change the timetable: {chosen.label}",
            "button": "Save",
            "period": chosen,
            "cancel": _status_url(plan, chosen),
        },
    )


# A measure's commentary ----------------------------------------------------------------------


def _measure(plan: Plan, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related(
            "outcome__priority__lead_person__user", "owner_organisation", "owner_subgroup"
        ),
        outcome__priority__plan=plan,
        pk=pk,
    )


def _assessment(plan: Plan, measure: Measure) -> MeasureAssessment | None:
    """The measure's latest figure and rating, as its page shows them (five queries)."""
    full = measures_for_reports().filter(outcome__priority__plan=plan, pk=measure.pk).first()
    return measures_assess(measures=[full])[0] if full is not None else None


def _commentary(measure: Measure, period: ReportingPeriod) -> MeasureCommentary | None:
    commentary = (
        MeasureCommentary.objects.filter(measure=measure, period=period)
        .select_related("written_by", "decided_by")
        .first()
    )
    if commentary is not None:
        commentary.measure = measure
        commentary.period = period
    return commentary


def _history(thing: MeasureCommentary | QualitativeEvidence | None) -> dict[str, Any]:
    if thing is None:
        return {"events": [], "revisions": []}
    return {
        "events": commentary_history(thing=thing),
        "revisions": list(thing.revisions.select_related("written_by", "replaced_by")),
    }


@login_required
def write_page(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = _member_plan(request, key)
    chosen = _period(plan, period)
    measure = _measure(plan, pk)
    commentary = _commentary(measure, chosen)
    may_write = can_write_commentary(request.user, plan, measure)
    if not may_write and not can_read_commentary(request.user, plan, commentary):
        raise PermissionDenied
    editable = (
        may_write
        and not chosen.is_locked
        and (commentary is None or commentary.status in (Status.DRAFT, Status.RETURNED))
    )
    form = None
    submitting = request.method == "POST" and forms.SUBMIT in request.POST
    if editable:
        initial = commentary.text_values() if commentary else {}
        form = forms.CommentaryForm(request.POST or None, initial=initial, submitting=submitting)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = services.measure_commentary_save(
                    measure=measure, period=chosen, by=request.user, **form.cleaned_data
                )
                if submitting:
                    services.measure_commentary_submit(commentary=saved, by=request.user)
            except services.CommentaryError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Your commentary is submitted for approval."
                    if submitting
                    else "Your draft is saved. Submit it when it is ready.",
                )
                return redirect(request.path)
    words, tag = _status_of(commentary) if commentary else STATUS_WORDS["not_started"]
    if chosen.is_locked:
        words, tag = STATUS_WORDS["locked"]
    return render(
        request,
        "commentary/write.html",
        {
            "plan": plan,
            "period": chosen,
            "measure": measure,
            "assessment": _assessment(plan, measure),
            "commentary": commentary,
            "form": form,
            "status_words": words,
            "status_tag": tag,
            "can_review": can_review(request.user, plan, measure.outcome.priority),
            "back": _status_url(plan, chosen),
            **_history(commentary),
        },
    )


@login_required
def review_page(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = _member_plan(request, key)
    chosen = _period(plan, period)
    measure = _measure(plan, pk)
    if not can_review(request.user, plan, measure.outcome.priority):
        raise PermissionDenied
    commentary = _commentary(measure, chosen)
    if commentary is None:
        raise Http404("No commentary has been written for this measure and period yet.")
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.measure_commentary_approve(commentary=commentary, by=request.user)
                note = "The commentary is approved."
            else:
                services.measure_commentary_return(
                    commentary=commentary, by=request.user, reason=form.cleaned_data["reason"]
                )
                note = "The commentary is returned to its writer with your reason."
        except services.CommentaryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, note)
            return redirect(_status_url(plan, chosen))
    words, tag = _status_of(commentary)
    return render(
        request,
        "commentary/review.html",
        {
            "plan": plan,
            "period": chosen,
            "measure": measure,
            "assessment": _assessment(plan, measure),
            "commentary": commentary,
            "subject": measure.title,
            "form": form,
            "may_approve": commentary.status == Status.SUBMITTED and not chosen.is_locked,
            "may_return": commentary.status in (Status.SUBMITTED, Status.APPROVED)
            and not chosen.is_locked,
            "status_words": words,
            "status_tag": tag,
            "back": _status_url(plan, chosen),
            **_history(commentary),
        },
    )


# Qualitative evidence -----------------------------------------------------------------------


def _evidence(plan: Plan, period: ReportingPeriod, pk: int) -> QualitativeEvidence:
    evidence = get_object_or_404(
        QualitativeEvidence.objects.select_related(
            "outcome__priority__lead_person__user", "written_by", "decided_by"
        ),
        period=period,
        outcome__priority__plan=plan,
        pk=pk,
    )
    evidence.period = period
    return evidence


def _evidence_form_page(
    request: HttpRequest,
    plan: Plan,
    period: ReportingPeriod,
    outcome: Outcome,
    evidence: QualitativeEvidence | None,
) -> HttpResponse:
    editable = not period.is_locked and (
        evidence is None or evidence.status in (Status.DRAFT, Status.RETURNED)
    )
    submitting = request.method == "POST" and forms.SUBMIT in request.POST
    initial = evidence.text_values() if evidence else {}
    form = (
        forms.EvidenceForm(request.POST or None, initial=initial, submitting=submitting)
        if editable
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                saved = services.qualitative_evidence_save(
                    outcome=outcome,
                    period=period,
                    by=request.user,
                    evidence=evidence,
                    **form.cleaned_data,
                )
                if submitting:
                    services.qualitative_evidence_submit(evidence=saved, by=request.user)
            except services.ConsentMissing as error:
                form.add_error("consent_recorded", str(error))
            except services.CommentaryError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "The evidence is submitted for approval."
                    if submitting
                    else "The evidence is saved as a draft.",
                )
                return redirect(
                    "commentary:evidence-edit", key=plan.key, period=period.key, pk=saved.pk
                )
    words, tag = _status_of(evidence)
    return render(
        request,
        "commentary/evidence_form.html",
        {
            "plan": plan,
            "period": period,
            "outcome": outcome,
            "evidence": evidence,
            "form": form,
            "status_words": words,
            "status_tag": tag,
            "can_review": can_review(request.user, plan, outcome.priority),
            "back": _status_url(plan, period),
            **_history(evidence),
        },
    )


@login_required
def evidence_add(request: HttpRequest, key: str, period: str, outcome: int) -> HttpResponse:
    plan = _member_plan(request, key)
    chosen = _period(plan, period)
    if not can_add_evidence(request.user, plan):
        raise PermissionDenied
    target = get_object_or_404(
        Outcome.objects.select_related("priority__lead_person"), priority__plan=plan, pk=outcome
    )
    return _evidence_form_page(request, plan, chosen, target, None)


@login_required
def evidence_edit(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = _member_plan(request, key)
    chosen = _period(plan, period)
    evidence = _evidence(plan, chosen, pk)
    if can_write_evidence(request.user, plan, evidence):
        return _evidence_form_page(request, plan, chosen, evidence.outcome, evidence)
    if request.method == "POST" or not can_read_evidence(request.user, plan, evidence):
        raise PermissionDenied
    return _evidence_form_page_readonly(request, plan, chosen, evidence)


def _evidence_form_page_readonly(
    request: HttpRequest, plan: Plan, period: ReportingPeriod, evidence: QualitativeEvidence
) -> HttpResponse:
    words, tag = _status_of(evidence)
    return render(
        request,
        "commentary/evidence_form.html",
        {
            "plan": plan,
            "period": period,
            "outcome": evidence.outcome,
            "evidence": evidence,
            "form": None,
            "status_words": words,
            "status_tag": tag,
            "can_review": can_review(request.user, plan, evidence.outcome.priority),
            "back": _status_url(plan, period),
            **_history(evidence),
        },
    )


@login_required
def evidence_review(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = _member_plan(request, key)
    chosen = _period(plan, period)
    evidence = _evidence(plan, chosen, pk)
    if not can_review(request.user, plan, evidence.outcome.priority):
        raise PermissionDenied
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.qualitative_evidence_approve(evidence=evidence, by=request.user)
                note = "The evidence is approved."
            else:
                services.qualitative_evidence_return(
                    evidence=evidence, by=request.user, reason=form.cleaned_data["reason"]
                )
                note = "The evidence is returned to its writer with your reason."
        except services.CommentaryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, note)
            return redirect(_status_url(plan, chosen))
    words, tag = _status_of(evidence)
    return render(
        request,
        "commentary/review.html",
        {
            "plan": plan,
            "period": chosen,
            "evidence": evidence,
            "subject": evidence.title,
            "form": form,
            "may_approve": evidence.status == Status.SUBMITTED and not chosen.is_locked,
            "may_return": evidence.status in (Status.SUBMITTED, Status.APPROVED)
            and not chosen.is_locked,
            "status_words": words,
            "status_tag": tag,
            "back": _status_url(plan, chosen),
            **_history(evidence),
        },
    )
