"""An outcome's qualitative evidence for a period: adding it, changing it (or reading it,
for those who may not change it), and reviewing it (approve, or return)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cypp.commentary import forms, notifications, services
from cypp.commentary.models import QualitativeEvidence, ReportingPeriod, Status
from cypp.commentary.permissions import (
    can_add_evidence,
    can_read_evidence,
    can_review,
    can_write_evidence,
)
from cypp.commentary.views_common import (
    history,
    member_plan,
    not_told,
    reporting_period,
    review_response,
    status_of,
    status_url,
)
from cypp.plans.models import Outcome, Plan


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
            except services.CommentaryError as error:
                # Shown beside its field where it names one (consent), else above the form.
                form.add_error(error.field, error.message)
            else:
                messages.success(
                    request,
                    "The evidence is submitted for approval."
                    + not_told(thing=saved, step=notifications.SUBMIT, by=request.user)
                    if submitting
                    else "The evidence is saved as a draft.",
                )
                return redirect(
                    "commentary:evidence-edit", key=plan.key, period=period.key, pk=saved.pk
                )
    return _evidence_page(request, plan, period, outcome, evidence, form)


@login_required
def evidence_add(request: HttpRequest, key: str, period: str, outcome: int) -> HttpResponse:
    plan = member_plan(request, key)
    chosen = reporting_period(plan, period)
    if not can_add_evidence(request.user, plan):
        raise PermissionDenied
    target = get_object_or_404(
        Outcome.objects.select_related("priority__lead_person"), priority__plan=plan, pk=outcome
    )
    return _evidence_form_page(request, plan, chosen, target, None)


@login_required
def evidence_edit(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = member_plan(request, key)
    chosen = reporting_period(plan, period)
    evidence = _evidence(plan, chosen, pk)
    if can_write_evidence(request.user, plan, evidence):
        return _evidence_form_page(request, plan, chosen, evidence.outcome, evidence)
    if request.method == "POST" or not can_read_evidence(request.user, plan, evidence):
        raise PermissionDenied
    return _evidence_page(request, plan, chosen, evidence.outcome, evidence, None)


def _evidence_page(
    request: HttpRequest,
    plan: Plan,
    period: ReportingPeriod,
    outcome: Outcome,
    evidence: QualitativeEvidence | None,
    form: forms.EvidenceForm | None,
) -> HttpResponse:
    """The evidence page, with the form to change it or (form None) to read it only."""
    words, tag = status_of(evidence)
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
            "back": status_url(plan, period),
            **history(request, plan, evidence),
        },
    )


@login_required
def evidence_review(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = member_plan(request, key)
    chosen = reporting_period(plan, period)
    evidence = _evidence(plan, chosen, pk)
    if not can_review(request.user, plan, evidence.outcome.priority):
        raise PermissionDenied
    return review_response(
        request,
        plan=plan,
        period=chosen,
        thing=evidence,
        subject=evidence.title,
        approve=lambda: services.qualitative_evidence_approve(evidence=evidence, by=request.user),
        send_back=lambda reason: services.qualitative_evidence_return(
            evidence=evidence, by=request.user, reason=reason
        ),
        noun="evidence",
        about=lambda: {"evidence": evidence},
    )
