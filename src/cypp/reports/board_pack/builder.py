"""Build the board pack for a plan and reporting period: one tree, read from live data.

The builder only reads (selectors, assessments, the commentary leads approved); it writes
nothing. A fixed number of queries gathers the plan's measures and their series; each
measure with an indicator adds one benchmark (the LAIT rank and band need every authority's
value for its period).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.db.models import Max
from django.utils import timezone

from cypp.accounts.audit import audit_context
from cypp.accounts.models import AuditEvent
from cypp.assessment.benchmarking import Benchmark, measure_benchmark
from cypp.assessment.measure_charts import measure_series_chart
from cypp.assessment.measures import STATUS_WORDS, AsAt, MeasureAssessment, plan_assessments
from cypp.assessment.published import (
    PublishedAssessment,
    assessments_published,
    benchmark_published,
    chart_published,
    is_withheld,
)
from cypp.charts.ratings import ratings_by_priority_chart
from cypp.commentary import selectors as commentary
from cypp.disclosure import disclosure_rule
from cypp.indicators.models import ImportBatch, Period
from cypp.plans.measurability import plan_measurability
from cypp.plans.models import ESTIMATED, BudgetLine, Commitment, Plan
from cypp.reports.board_pack.contents import pack_sections
from cypp.reports.board_pack.front import front_pages_build
from cypp.reports.board_pack.glance import (
    commentary_outstanding,
    glance_fill,
    ratings_by_priority,
)
from cypp.reports.board_pack.glossary import GLOSSARY
from cypp.reports.board_pack.sections import (
    BoardPackReport,
    Change,
    MeasurePage,
    OutcomePages,
    PriorityPages,
)
from cypp.reports.plan_reports import RATING_ORDER, RATING_WORDS, STATUS_ORDER, counts_in_order
from cypp.voice.selectors_themes import replies_published

Progress = Callable[[int, str], None]

# Commitments due by this many days after the period ends are "due" in its pack.
COMMITMENTS_LOOKAHEAD_DAYS = 92


def _no_progress(_percent: int, _message: str) -> None:
    return None


def board_pack_build(
    *,
    plan: Plan,
    period: Any | None,
    previous_pack: Any | None = None,
    actions: list[Any] | None = None,
    progress: Progress | None = None,
) -> BoardPackReport:
    """The board pack of ``plan`` for ``period`` (a ``ReportingPeriod``, or ``None`` for a
    plan with no reporting periods yet), as a tree of sections.

    ``previous_pack`` (the last published pack) gives "changes since the last pack";
    ``actions`` are the governance actions about the plan; ``progress`` is told the share
    done and what is happening, for the page that watches a background build.
    """
    progress = progress or _no_progress
    progress(5, "Assessing every measure")
    # As at the pack's own period: rebuilding a past pack tells the same story.
    as_at = AsAt(end=period.end, period=period.label) if period else None
    # With the neighbours' average over time: without it the exception charts had no
    # neighbours' line. A pack is published (to the board, often to the public): its figures
    # are as published.
    published = assessments_published(
        plan_assessments(plan=plan, as_at=as_at, with_neighbours=True)
    )
    assessments: list[MeasureAssessment] = list(published)
    progress(25, "Comparing with statistical neighbours")
    benchmarks = pack_benchmarks(published)
    approved = commentary.approved_commentary(period=period) if period else {}
    evidence = commentary.approved_evidence(period=period) if period else {}

    pages: dict[int, MeasurePage] = {}
    total = max(len(published), 1)
    for index, a in enumerate(published):
        if index % 5 == 0:
            progress(30 + int(50 * index / total), f"Drawing measure {index + 1} of {total}")
        benchmark = benchmarks.get(a.measure.pk)
        neighbours = a.neighbours_comparison.label
        page = MeasurePage(
            anchor=f"measure-{a.measure.pk}",
            assessment=a,
            benchmark=benchmark,
            # Only an exception has a page of its own with its chart; every other measure is
            # a row of the appendix with its sparkline.
            chart=chart_published(measure_series_chart(a), a) if a.exception_reasons else None,
            commentary=approved.get(a.measure.pk),
            exception_reasons=a.exception_reasons,
            neighbours_comparison="" if neighbours == "not compared" else neighbours,
        )
        glance_fill(page)
        pages[a.measure.pk] = page
    progress(80, "Gathering commitments, budget and data notes")

    priorities = []
    for number, priority in enumerate(plan.priorities.prefetch_related("outcomes"), start=1):
        outcomes = [
            OutcomePages(
                outcome=o,
                measures=[p for p in pages.values() if p.measure.outcome_id == o.pk],
                evidence=evidence.get(o.pk, []),
            )
            for o in priority.outcomes.all()
        ]
        priorities.append(PriorityPages(priority=priority, number=number, outcomes=outcomes))

    as_of = period.end if period else timezone.localdate()
    report = BoardPackReport(
        plan=plan,
        period=period,
        title=_title(plan, period),
        built_at=timezone.now(),
        data_as_of=_data_as_of(plan),
        assessments=assessments,
        by_status=counts_in_order([a.status for a in assessments], STATUS_ORDER),
        by_rating=counts_in_order(
            [a.rating.colour if a.rating else "grey" for a in assessments], list(RATING_ORDER)
        ),
        measurability_score=plan_measurability(plan=plan).score,
        commentary_counts=commentary.commentary_status_counts(period=period) if period else {},
        previous_pack=previous_pack,
        changes=_changes(assessments, previous_pack.snapshot if previous_pack else None),
        priorities=priorities,
        exceptions=[p for p in pages.values() if p.exception_reasons],
        commitments=_commitments(plan, as_of),
        budget=_budget(plan),
        budget_totals=[],
        actions=actions or [],
        data_notes=_data_notes(assessments, plan),
        glossary=GLOSSARY,
    )
    report.budget_totals = _budget_totals(report.budget)
    report.ratings_chart = ratings_by_priority_chart(
        ratings_by_priority(priorities, plan.get_priority_word_display())
    )
    report.outstanding = commentary_outstanding(period=period, pages=report.measure_pages)
    report.you_said_we_did = replies_published(partnership=plan.partnership, plan=plan)
    report.front = front_pages_build(
        plan=plan,
        period=period,
        assessments=assessments,
        benchmarks=benchmarks,
        exceptions=report.exceptions,
    )
    report.sections = pack_sections(report)
    progress(85, "Pack assembled")
    return report


def measure_snapshot(assessments: list[MeasureAssessment]) -> dict[str, dict[str, Any]]:
    """Each measure's standing, kept with a published pack for the next pack to compare."""
    return {
        str(a.measure.pk): {
            "title": a.measure.title,
            "status": a.status,
            "rating": a.rating.colour if a.rating else "grey",
            "latest_period": a.latest.period if a.latest else None,
            "latest_value": a.latest.value if a.latest else None,
        }
        for a in assessments
    }


def _title(plan: Plan, period: Any | None) -> str:
    return f"{plan.title}: board pack" + (f", {period.label}" if period else "")


def _data_as_of(plan: Plan) -> dt.datetime | None:
    """The newest change the pack reads: an import of evidence or a change to the plan."""
    batch = ImportBatch.objects.aggregate(last=Max("finished_at"))["last"]
    change = AuditEvent.objects.filter(context=audit_context(plan=plan)).aggregate(last=Max("at"))[
        "last"
    ]
    moments = [m for m in (batch, change) if m is not None]
    return max(moments) if moments else None


def pack_benchmarks(assessments: list[PublishedAssessment]) -> dict[int, Benchmark]:
    """The benchmark of each measure with an indicator, an area and a latest figure, on what
    the rating engine compared it on (a rate, for a count), as published."""
    wanted = {a.benchmark_latest.period_id for a in assessments if a.benchmark_latest}
    periods = Period.objects.in_bulk(wanted - {0})  # one query, not one a measure
    result = {}
    for a in assessments:
        point = a.benchmark_latest
        period = periods.get(point.period_id) if point else None
        benchmark = benchmark_published(measure_benchmark(a, period=period), a)
        if benchmark is not None:
            result[a.measure.pk] = benchmark
    return result


def _changes(
    assessments: list[MeasureAssessment], before: dict[str, dict[str, Any]] | None
) -> list[Change]:
    if not before:
        return []
    changes = []
    for a in assessments:
        old = before.get(str(a.measure.pk))
        if old is None:
            changes.append(Change(a.measure.title, "measure", "not in the last pack", "added"))
            continue
        rating = a.rating.colour if a.rating else "grey"
        if old.get("rating") != rating:
            changes.append(
                Change(
                    a.measure.title,
                    "rating",
                    RATING_WORDS.get(str(old.get("rating")), str(old.get("rating"))),
                    RATING_WORDS[rating],
                )
            )
        if old.get("status") != a.status:
            changes.append(
                Change(a.measure.title, "progress to target", str(old.get("status")), a.status)
            )
        latest = a.latest.period if a.latest else None
        if latest and old.get("latest_period") != latest:
            changes.append(
                Change(
                    a.measure.title,
                    "latest figure",
                    str(old.get("latest_period") or "none"),
                    latest,
                )
            )
    return changes


def _commitments(plan: Plan, as_of: dt.date) -> list[dict[str, Any]]:
    """Commitments not done or dropped that are overdue, or due soon after the period."""
    horizon = as_of + dt.timedelta(days=COMMITMENTS_LOOKAHEAD_DAYS)
    rows = []
    for c in (
        Commitment.objects.filter(plan=plan)
        .exclude(status__in=[Commitment.Status.DONE, Commitment.Status.DROPPED])
        .filter(due__isnull=False, due__lte=horizon)
        .select_related("priority", "owner_organisation")
        .prefetch_related("notes")
        .order_by("due", "order")
    ):
        note = c.latest_note
        overdue = c.due is not None and c.due < as_of
        rows.append(
            {
                "commitment": c,
                "overdue": overdue,
                "state": "Overdue" if overdue else "Due",
                "owner": str(c.owner_organisation or c.lead or "Not set"),
                "latest_note": note,
            }
        )
    return rows


def _budget(plan: Plan) -> list[dict[str, Any]]:
    rows = []
    for line in BudgetLine.objects.filter(plan=plan).select_related("priority").order_by("order"):
        amount = float(line.amount)
        realised = float(line.realised) if line.realised is not None else None
        rows.append(
            {
                "line": line,
                "amount": amount,
                "realised": realised,
                "difference": realised - amount if realised is not None else None,
                "share": realised / amount if realised is not None and amount else None,
                "estimate": line.provenance in ESTIMATED,
            }
        )
    return rows


def _budget_totals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Planned and realised totals by kind of money (savings are not added to investment)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in rows:
        line = row["line"]
        t = totals.setdefault(
            line.kind, {"kind": line.get_kind_display(), "amount": 0.0, "realised": 0.0}
        )
        t["amount"] += row["amount"]
        t["realised"] += row["realised"] or 0.0
    return list(totals.values())


def _data_notes(assessments: list[MeasureAssessment], plan: Plan) -> dict[str, Any]:
    """Sources and their licence credits, periods, estimates, provisional and suppressed
    figures: what a reader must know before trusting a number in the pack."""
    sources: dict[int, Any] = {}
    periods = []
    estimates = []
    provisional = []
    suppressed = []
    withheld = []
    local_only = []
    for a in assessments:
        m = a.measure
        if m.indicator is not None:
            sources.setdefault(m.indicator.source_id, m.indicator.source)
        else:
            local_only.append(m.title)
        if a.latest is not None:
            periods.append((m.title, a.latest.period))
            if a.latest.provisional:
                provisional.append((m.title, a.latest.period))
        if a.estimate_baseline:
            estimates.append(
                (
                    m.title,
                    f"The baseline ({_number(m.baseline_value)}"
                    f"{', ' + m.baseline_period if m.baseline_period else ''}) is an "
                    f"{m.get_baseline_provenance_display().lower()}, not a measured figure"
                    f"{' (' + m.baseline_source + ')' if m.baseline_source else ''}.",
                )
            )
        for p in a.series:
            if is_withheld(p):
                withheld.append((m.title, p.period, disclosure_rule().note(p.status)))
            elif p.value is None and p.status:
                suppressed.append((m.title, p.period, STATUS_WORDS.get(p.status, p.status)))
        if isinstance(a, PublishedAssessment) and a.baseline_withheld:
            period = m.baseline_period or "baseline"
            withheld.append((m.title, period, f"baseline {disclosure_rule().note()}"))
    return {
        "sources": list(sources.values()),
        "periods": periods,
        "estimates": estimates,
        "provisional": provisional,
        "suppressed": suppressed,
        "withheld": withheld,
        "local_only": local_only,
    }


def _number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no figure"
    return f"{value:,g}"
