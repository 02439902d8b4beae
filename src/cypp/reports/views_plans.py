"""Plan reports: plan on a page, the scorecard, and one page per measure.

Each page's body is built and rendered once per version of the plan and its data (see
``page_cache``); the page around it (who is signed in) is rendered for every request.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cypp.accounts.selectors import access_get
from cypp.assessment.benchmarking import measure_benchmark
from cypp.assessment.measure_charts import measure_neighbours_chart, measure_series_chart
from cypp.assessment.measures import measures_assess
from cypp.assessment.published import (
    assessment_published,
    assessments_published,
    benchmark_published,
    chart_published,
    figure_rows,
    neighbours_chart_published,
)
from cypp.commentary.selectors import outcome_evidence
from cypp.governance.selectors import decisions_about
from cypp.indicators.models import Observation
from cypp.plans.models import Measure, Outcome, Plan
from cypp.plans.permissions import plan_readable
from cypp.plans.selectors import measures_for_reports
from cypp.reports.as_at import AsAtChoice, as_at_choice
from cypp.reports.page_cache import cached_body
from cypp.reports.plan_reports import (
    SORTS,
    STATUS_ORDER,
    ScorecardFilters,
    owner_name,
    plan_on_a_page_build,
    scorecard_rows,
)


def _page(request: HttpRequest, template: str, plan: Plan, body: str, **extra: Any) -> HttpResponse:
    # The body was rendered from escaped templates; it is marked safe only to place it.
    return render(request, template, {"plan": plan, "body": mark_safe(body), **extra})  # noqa: S308


def plan_on_a_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_readable(request.user, key)

    choice = as_at_choice(plan=plan, query=request.GET)

    def body() -> str:
        report = plan_on_a_page_build(plan=plan, as_at=choice.as_at)
        return render_to_string(
            "reports/plan_on_a_page_body.html", {"plan": plan, "report": report, "choice": choice}
        )

    return _page(
        request,
        "reports/plan_on_a_page.html",
        plan,
        cached_body(plan=plan, name="on-a-page", variant=repr(choice), render=body),
    )


def scorecard(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_readable(request.user, key)
    filters = ScorecardFilters.from_query(request.GET)
    choice = as_at_choice(plan=plan, query=request.GET)

    def body() -> str:
        report = plan_on_a_page_build(plan=plan, as_at=choice.as_at)
        rows = scorecard_rows(report.assessments, filters)
        return render_to_string(
            "reports/scorecard_body.html",
            {
                "plan": plan,
                "report": report,
                "rows": rows,
                "filters": filters,
                "choice": choice,
                "owners": sorted({owner_name(a) for a in report.assessments if owner_name(a)}),
                "statuses": STATUS_ORDER,
                "sorts": SORTS,
                "ratings": ["red", "amber", "green", "grey"],
            },
        )

    return _page(
        request,
        "reports/scorecard.html",
        plan,
        cached_body(plan=plan, name="scorecard", variant=repr((filters, choice)), render=body),
        as_at_query=choice.query,
    )


def measure_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    plan = plan_readable(request.user, key)
    choice = as_at_choice(plan=plan, query=request.GET)
    # Only the title is needed around a cached body; the body loads the measure in full.
    # No ordering: a measure's default ordering joins its outcome.
    found = list(
        Measure.objects.filter(outcome__priority__plan=plan, pk=pk)
        .order_by()
        .values_list("title", "key")
    )
    if not found:
        raise Http404("No such measure in this plan")
    [(title, measure_key)] = found
    return _page(
        request,
        "reports/measure.html",
        plan,
        cached_body(
            plan=plan,
            name="measure",
            variant=repr((pk, choice)),
            render=lambda: _measure_body(plan, pk, choice),
        ),
        title=title,
        # Not in the cached body: decisions change without a new plan version, and only
        # people with a role in the partnership see them.
        decisions=(
            decisions_about(measure=pk)
            if access_get(request.user).reads(plan.partnership_id)
            else None
        ),
        embed_key=_embeddable_key(plan, measure_key),
    )


def _embeddable_key(plan: Plan, measure_key: str) -> str | None:
    """The key of the measure's card for partners' websites: public plans only, and only a
    key no other outcome of the plan uses (the card of a shared key is the first
    measure's, which may not be this one)."""
    if not plan.public:
        return None
    shared = (
        Measure.objects.filter(outcome__priority__plan=plan, key=measure_key).order_by().count()
    )
    return measure_key if shared == 1 else None


def outcome_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """One outcome: its measures and where they stand, what children and families said about
    it (approved evidence), and the boards' decisions and actions about it. Outcomes that
    data cannot measure have a page too: the evidence and the decisions are their record."""
    plan = plan_readable(request.user, key)
    outcome = (
        Outcome.objects.select_related("priority")
        .filter(priority__plan=plan, pk=pk)
        .order_by()
        .first()
    )
    if outcome is None:
        raise Http404("No such outcome in this plan")
    measures = list(measures_for_reports().filter(outcome=outcome))
    reads = access_get(request.user).reads(plan.partnership_id)
    return render(
        request,
        "reports/outcome.html",
        {
            "plan": plan,
            "outcome": outcome,
            "assessments": assessments_published(measures_assess(measures=measures)),
            # Approved evidence only; quotes and case studies only with consent recorded.
            "evidence": outcome_evidence(outcome=outcome),
            "decisions": decisions_about(outcome=outcome) if reads else None,
            "decisions_subject": "outcome",
        },
    )


def _measure_body(plan: Plan, pk: int, choice: AsAtChoice) -> str:
    measure = (
        measures_for_reports()
        .prefetch_related("milestones")
        .get(outcome__priority__plan=plan, pk=pk)
    )
    [raw] = measures_assess(measures=[measure], with_neighbours=True, as_at=choice.as_at)
    # The page is public for a public plan: every figure on it is as published.
    assessment = assessment_published(raw)
    benchmark = raw_benchmark = None
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
            last_update = latest_obs.batch
        raw_benchmark = measure_benchmark(assessment)
        benchmark = benchmark_published(raw_benchmark, assessment)
    return render_to_string(
        "reports/measure_body.html",
        {
            "plan": plan,
            "measure": assessment.measure,
            "a": assessment,
            "choice": choice,
            "benchmark": benchmark,
            "last_update": last_update,
            "rows": figure_rows(assessment),
            "chart_series": chart_published(measure_series_chart(assessment), assessment),
            "chart_neighbours": neighbours_chart_published(
                measure_neighbours_chart(assessment, benchmark),
                raw_benchmark,
                benchmark,
                assessment.rule,
            ),
        },
    )
