"""Writing a measure's commentary for a period, and reviewing it (approve, or return)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cypp.assessment.measure_charts import measure_series_chart
from cypp.assessment.measures import AsAt, measures_assess
from cypp.assessment.published import PublishedAssessment, assessment_published, chart_published
from cypp.charts import Chart
from cypp.commentary import forms, notifications, services
from cypp.commentary.models import MeasureCommentary, ReportingPeriod, Status
from cypp.commentary.permissions import can_read_commentary, can_review, can_write_commentary
from cypp.commentary.selectors import STATUS_WORDS
from cypp.commentary.views_common import (
    history,
    member_plan,
    not_told,
    reporting_period,
    review_response,
    status_of,
    status_url,
)
from cypp.plans.models import Measure, Plan
from cypp.plans.selectors import measures_for_reports


def _measure(plan: Plan, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related(
            "outcome__priority__lead_person__user", "owner_organisation", "owner_subgroup"
        ),
        outcome__priority__plan=plan,
        pk=pk,
    )


def _assessment(
    plan: Plan, measure: Measure, period: ReportingPeriod
) -> PublishedAssessment | None:
    """The measure judged as at the end of the period the commentary is about (the figures
    the writer explains and the board pack shows, not whatever came in since), with its
    small numbers withheld as on its page. A fixed number of queries."""
    full = measures_for_reports().filter(outcome__priority__plan=plan, pk=measure.pk).first()
    if full is None:
        return None
    [raw] = measures_assess(
        measures=[full], with_neighbours=True, as_at=AsAt(end=period.end, period=period.label)
    )
    return assessment_published(raw)


def _chart(assessment: PublishedAssessment | None) -> Chart | None:
    """The measure page's chart over time (England, region, neighbours' average, target)."""
    if assessment is None:
        return None
    return chart_published(measure_series_chart(assessment), assessment)


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


@login_required
def write_page(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = member_plan(request, key)
    chosen = reporting_period(plan, period)
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
                    + not_told(thing=saved, step=notifications.SUBMIT, by=request.user)
                    if submitting
                    else "Your draft is saved. Submit it when it is ready.",
                )
                return redirect(request.path)
    words, tag = status_of(commentary) if commentary else STATUS_WORDS["not_started"]
    if chosen.is_locked:
        words, tag = STATUS_WORDS["locked"]
    assessment = _assessment(plan, measure, chosen)
    return render(
        request,
        "commentary/write.html",
        {
            "plan": plan,
            "period": chosen,
            "measure": measure,
            "assessment": assessment,
            "chart": _chart(assessment),
            "commentary": commentary,
            "form": form,
            "status_words": words,
            "status_tag": tag,
            "can_review": can_review(request.user, plan, measure.outcome.priority),
            "back": status_url(plan, chosen),
            **history(request, plan, commentary),
        },
    )


@login_required
def review_page(request: HttpRequest, key: str, period: str, pk: int) -> HttpResponse:
    plan = member_plan(request, key)
    chosen = reporting_period(plan, period)
    measure = _measure(plan, pk)
    if not can_review(request.user, plan, measure.outcome.priority):
        raise PermissionDenied
    commentary = _commentary(measure, chosen)
    if commentary is None:
        raise Http404("No commentary has been written for this measure and period yet.")
    return review_response(
        request,
        plan=plan,
        period=chosen,
        thing=commentary,
        subject=measure.title,
        approve=lambda: services.measure_commentary_approve(commentary=commentary, by=request.user),
        send_back=lambda reason: services.measure_commentary_return(
            commentary=commentary, by=request.user, reason=reason
        ),
        noun="commentary",
        about=lambda: {
            "measure": measure,
            "assessment": _assessment(plan, measure, chosen),
            "commentary": commentary,
        },
    )
