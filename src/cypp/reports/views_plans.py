"""Plan reports: plan on a page, the scorecard, and one page per measure."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cypp.assessment.benchmarking import benchmark_get
from cypp.assessment.measures import MeasureAssessment, measures_assess
from cypp.indicators.models import Observation
from cypp.plans.models import Measure, Plan
from cypp.plans.permissions import can_view_plan
from cypp.plans.selectors import UnknownPlan, plan_get
from cypp.reports.measure_charts import measure_neighbours_chart, measure_series_chart
from cypp.reports.plan_reports import (
    SORTS,
    STATUS_ORDER,
    ScorecardFilters,
    owner_name,
    plan_on_a_page_build,
    scorecard_rows,
)


def _plan(request: HttpRequest, key: str) -> Plan:
    try:
        plan = plan_get(key=key)
    except UnknownPlan as error:
        raise Http404(str(error)) from error
    if not can_view_plan(request.user, plan):
        raise PermissionDenied
    return plan


def plan_on_a_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = _plan(request, key)
    report = plan_on_a_page_build(plan=plan)
    return render(request, "reports/plan_on_a_page.html", {"plan": plan, "report": report})


def scorecard(request: HttpRequest, key: str) -> HttpResponse:
    plan = _plan(request, key)
    report = plan_on_a_page_build(plan=plan)
    filters = ScorecardFilters.from_query(request.GET)
    rows = scorecard_rows(report.assessments, filters)
    owners = sorted({owner_name(a) for a in report.assessments if owner_name(a)})
    return render(
        request,
        "reports/scorecard.html",
        {
            "plan": plan,
            "report": report,
            "rows": rows,
            "filters": filters,
            "owners": owners,
            "statuses": STATUS_ORDER,
            "sorts": SORTS,
            "ratings": ["red", "amber", "green", "grey"],
        },
    )


def measure_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    plan = _plan(request, key)
    measure = (
        Measure.objects.select_related(
            "indicator",
            "indicator__source",
            "area",
            "area__region",
            "outcome",
            "outcome__priority",
            "owner_organisation",
            "owner_subgroup",
        )
        .prefetch_related("local_values", "milestones")
        .filter(outcome__priority__plan=plan, pk=pk)
        .first()
    )
    if measure is None:
        raise Http404("No such measure in this plan")
    [assessment] = measures_assess(measures=[measure], with_neighbours=True)
    benchmark = None
    last_update = None
    if measure.indicator and measure.area and assessment.latest:
        latest_obs = (
            Observation.objects.filter(
                indicator=measure.indicator,
                area=measure.area,
                period__label=assessment.latest.period,
            )
            .select_related("period", "batch")
            .first()
        )
        if latest_obs is not None:
            benchmark = benchmark_get(
                indicator=measure.indicator, area=measure.area, period=latest_obs.period
            )
            last_update = latest_obs.batch
    return render(
        request,
        "reports/measure.html",
        {
            "plan": plan,
            "measure": measure,
            "a": assessment,
            "benchmark": benchmark,
            "last_update": last_update,
            "rows": _figure_rows(assessment),
            "chart_series": measure_series_chart(assessment),
            "chart_neighbours": measure_neighbours_chart(assessment, benchmark),
        },
    )


def _figure_rows(a: MeasureAssessment) -> list[dict[str, object]]:
    """Every figure behind the charts, period by period."""
    return [
        {
            "point": p,
            "england": a.england.get(p.sort_key),
            "region": a.region.get(p.sort_key),
            "neighbours": a.neighbours.get(p.sort_key),
        }
        for p in a.series
    ]
