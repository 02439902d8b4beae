"""The pack's tables as the exports write them (CSV, XLSX): numbers as numbers, words as
words, estimates and suppressed figures marked in their own column. A local small number
is its mark "c" (``cypp.disclosure``), with the reason in the note column and in the table
of figure marks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cypp.assessment.measures import STATUS_WORDS, MeasureAssessment, Point
from cypp.assessment.published import PublishedAssessment, is_withheld
from cypp.disclosure import MARK, disclosure_rule
from cypp.downloads import Cell, Table
from cypp.reports.plan_reports import RATING_WORDS, owner_name
from cypp.reports.templatetags.reports import target_words

if TYPE_CHECKING:
    from cypp.reports.board_pack.sections import BoardPackReport

SCORECARD_COLUMNS = (
    "Priority",
    "Outcome",
    "Measure",
    "Owner",
    "Unit",
    "Latest period",
    "Latest value",
    "Lower 95% limit",
    "Upper 95% limit",
    "Latest figure note",
    "Baseline",
    "Baseline period",
    "Baseline is",
    "Target",
    "Progress to target",
    "Rating",
    "Rating reason",
    "Exception",
    "Target judged on",
    "Recent trend",
    "Trend tested for significance",
    "Against England",
    "England",
    "Region",
    "Statistical neighbours' average",
    "Against statistical neighbours",
    "Rank among local authorities",
    "Local authorities ranked",
    "Quartile band",
    "Compared on",
)


def _latest_note(a: MeasureAssessment) -> str:
    p = a.latest
    if p is None:
        return "no data"
    if is_withheld(p):
        return disclosure_rule().note(p.status)
    if p.value is None:
        return STATUS_WORDS.get(p.status, "not available")
    note = "provisional" if p.provisional else ""
    if isinstance(a, PublishedAssessment) and a.baseline_withheld:
        note = "; ".join(filter(None, [note, f"baseline {a.rule.note()}"]))
    return note


def _value(point: Point | None) -> Cell:
    """A figure as published: its value, or "c" where it is withheld."""
    if point is None:
        return None
    return MARK if is_withheld(point) else point.value


def comparator_cell(a: MeasureAssessment, name: str, value: float | None) -> Cell:
    """England's, the region's or the neighbours' latest figure as published ("c" if withheld)."""
    point = a.benchmark_latest
    withheld = a.withheld_comparators.get(name, ()) if isinstance(a, PublishedAssessment) else ()
    return MARK if point is not None and point.sort_key in withheld else value


def scorecard_row(a: MeasureAssessment) -> tuple[Cell, ...]:
    m = a.measure
    p = a.latest
    baseline_withheld = isinstance(a, PublishedAssessment) and a.baseline_withheld
    return (
        m.outcome.priority.title,
        m.outcome.title,
        m.title,
        owner_name(a),
        m.indicator.unit if m.indicator else m.unit,
        p.period if p else None,
        _value(p),
        p.lower if p else None,
        p.upper if p else None,
        _latest_note(a),
        MARK if baseline_withheld else m.baseline_value,
        m.baseline_period or None,
        m.get_baseline_provenance_display() if m.baseline_provenance else None,
        target_words(a),
        a.status,
        RATING_WORDS[a.rating.colour if a.rating else "grey"],
        a.rating.reason if a.rating else "",
        "yes" if a.exception else "no",
        (a.target.judged_label or None) if a.target else None,
        a.trend.label,
        "yes" if a.trend.tested else "no",
        a.comparison.label,
        comparator_cell(a, "england", a.latest_england),
        comparator_cell(a, "region", a.latest_region),
        comparator_cell(a, "neighbours", a.latest_neighbours),
        a.neighbours_comparison.label,
        a.ranking.rank,
        a.ranking.rank_of or None,
        a.ranking.band,
        a.benchmarked_on,
    )


def scorecard_table(assessments: list[MeasureAssessment]) -> Table:
    """Every measure of the plan with its latest figure and judgements: the scorecard."""
    return Table(
        key="scorecard",
        caption="Scorecard: every measure, its latest figure and judgements",
        columns=SCORECARD_COLUMNS,
        rows=tuple(scorecard_row(a) for a in assessments),
    )


def trend_words(a: MeasureAssessment) -> str:
    """The trend in words with its arrow before them ("↑ increasing and getting better");
    "not tested" where no significance test was possible."""
    words = a.trend.label
    if not a.trend.tested and words != "cannot be calculated":
        words += " (not tested)"
    return f"{a.trend_arrow} {words}".strip()


def _latest_words(a: MeasureAssessment) -> Cell:
    return a.latest.period if a.latest else None


def glance_tables(report: BoardPackReport) -> tuple[Table, ...]:
    """The plan at a glance (one row a measure) and the ratings by priority of its chart."""
    rows = []
    for p in report.priorities:
        for o in p.outcomes:
            for m in o.measures:
                a = m.assessment
                rows.append(
                    (
                        p.priority.title,
                        a.measure.title,
                        RATING_WORDS[a.rating.colour if a.rating else "grey"],
                        _value(a.latest),
                        a.measure.indicator.unit if a.measure.indicator else a.measure.unit,
                        _latest_words(a),
                        target_words(a),
                        trend_words(a),
                        m.england,
                        m.neighbours,
                        "yes" if m.exception_reasons else "no",
                    )
                )
    glance = Table(
        key="plan-at-a-glance",
        caption="The plan at a glance: every measure's rating, latest figure, target and trend",
        columns=(
            "Priority",
            "Measure",
            "Rating",
            "Latest value",
            "Unit",
            "Latest period",
            "Target",
            "Recent trend",
            "England",
            "Statistical neighbours' average",
            "Exception",
        ),
        rows=tuple(rows),
    )
    chart = report.ratings_chart
    by_priority = Table(
        key="ratings-by-priority",
        caption="Measures by rating and priority",
        columns=chart.table.columns if chart else ("Priority",),
        rows=chart.table.rows if chart else (),
    )
    return glance, by_priority


def other_measures_table(report: BoardPackReport) -> Table:
    """The appendix: every measure that is not an exception, one row each."""
    return Table(
        key="other-measures",
        caption="Every other measure: rating, latest figure, target, trend and comparators",
        columns=(
            "Measure",
            "Rating",
            "Latest value",
            "Latest period",
            "Target",
            "Recent trend",
            "England",
            "Statistical neighbours' average",
            "Approved commentary",
        ),
        rows=tuple(
            (
                m.measure.title,
                RATING_WORDS[m.assessment.rating.colour if m.assessment.rating else "grey"],
                _value(m.assessment.latest),
                _latest_words(m.assessment),
                target_words(m.assessment),
                trend_words(m.assessment),
                m.england,
                m.neighbours,
                m.commentary_first_line,
            )
            for m in report.appendix_pages
        ),
    )


def outstanding_table(report: BoardPackReport) -> Table:
    return Table(
        key="commentary-outstanding",
        caption="Commentary outstanding: measures with no approved commentary for the period",
        columns=("Measure", "Owner", "Commentary"),
        rows=tuple((c.measure, c.owner, c.words) for c in report.outstanding),
    )


def summary_tables(report: BoardPackReport) -> tuple[Table, ...]:
    counts = Table(
        key="summary",
        caption="Measures by rating and by progress to target",
        columns=("Count of", "Category", "Measures"),
        rows=tuple(("rating", RATING_WORDS[c], n) for c, n in report.by_rating)
        + tuple(("progress to target", s, n) for s, n in report.by_status),
    )
    changes = Table(
        key="changes",
        caption="Changes since the last published pack",
        columns=("Measure", "What changed", "Before", "Now"),
        rows=tuple((c.measure, c.what, c.before, c.now) for c in report.changes),
    )
    return counts, changes


def exceptions_table(report: BoardPackReport) -> Table:
    return Table(
        key="exceptions",
        caption="Exceptions: every red measure, and every significantly worsening trend",
        columns=("Measure", "Reason", "Latest period", "Latest value"),
        rows=tuple(
            (
                page.measure.title,
                reason,
                page.assessment.latest.period if page.assessment.latest else None,
                _value(page.assessment.latest),
            )
            for page in report.exceptions
            for reason in page.exception_reasons
        ),
    )


def commentary_table(report: BoardPackReport) -> Table:
    rows = []
    for page in report.measure_pages:
        c = page.commentary
        rows.append(
            (
                page.measure.title,
                "approved" if c else "none approved",
                getattr(c, "story_behind_curve", "") if c else "",
                getattr(c, "what_is_working", "") if c else "",
                getattr(c, "next_steps", "") if c else "",
                getattr(c, "partners", "") if c else "",
            )
        )
    return Table(
        key="commentary",
        caption="The story behind the curve, by measure",
        columns=(
            "Measure",
            "Commentary",
            "The story behind the curve",
            "What is working",
            "What we will do next",
            "Partners who help",
        ),
        rows=tuple(rows),
    )


def commitments_table(report: BoardPackReport) -> Table:
    return Table(
        key="commitments",
        caption="Commitments due and overdue",
        columns=("Commitment", "Priority", "Owner", "Due", "Status", "Due or overdue"),
        rows=tuple(
            (
                r["commitment"].title,
                r["commitment"].priority.title if r["commitment"].priority else None,
                r["owner"],
                r["commitment"].due.isoformat() if r["commitment"].due else None,
                r["commitment"].get_status_display(),
                r["state"],
            )
            for r in report.commitments
        ),
    )


def budget_table(report: BoardPackReport) -> Table:
    return Table(
        key="budget",
        caption="Budget lines: planned against realised (pounds)",
        columns=("Budget line", "Kind", "Period", "Planned", "Realised", "Difference", "Figure is"),
        rows=tuple(
            (
                r["line"].title,
                r["line"].get_kind_display(),
                r["line"].period or None,
                r["amount"],
                r["realised"],
                r["difference"],
                r["line"].get_provenance_display(),
            )
            for r in report.budget
        ),
    )


def actions_table(report: BoardPackReport) -> Table:
    return Table(
        key="actions",
        caption="Actions from the boards about this plan",
        columns=("Action", "Body", "Owner", "Due", "Status"),
        rows=tuple(_action_row(a) for a in report.actions),
    )


def _action_row(a: Any) -> tuple[Cell, ...]:
    return (
        a.text,
        a.body_name,
        a.owner,
        a.due_date.isoformat() if a.due_date else None,
        a.status_words,
    )


def you_said_we_did_table(report: BoardPackReport) -> Table:
    """The published replies: a theme's count as published ("c" below the threshold)."""
    return Table(
        key="you-said-we-did",
        caption="You said, we did: replies to what children and young people told us",
        columns=(
            "Theme",
            "Outcomes",
            "People who said it",
            "You said",
            "We did",
            "Status",
            "Reply from",
            "Commitment",
            "Commitment status",
            "Board action",
            "Board action status",
            "Published",
        ),
        rows=tuple(
            (
                r.theme,
                "; ".join(r.outcomes),
                r.count,
                r.you_said,
                r.we_did,
                r.status_label,
                r.who,
                r.commitment or None,
                r.commitment_status or None,
                r.action or None,
                r.action_status or None,
                r.published_at.date().isoformat(),
            )
            for r in report.you_said_we_did
        ),
    )


def data_notes_tables(report: BoardPackReport) -> tuple[Table, ...]:
    notes = report.data_notes
    sources = Table(
        key="sources",
        caption="Sources of the figures and their licences",
        columns=("Source", "Publisher", "Licence", "Credit"),
        rows=tuple((s.name, s.organisation, s.licence, s.credit) for s in notes["sources"]),
    )
    marks = Table(
        key="figure-marks",
        caption="Estimates, provisional and suppressed figures",
        columns=("Measure", "Period", "Mark", "Explanation"),
        rows=tuple(("" if not e else e[0], None, "estimate", e[1]) for e in notes["estimates"])
        + tuple((m, p, "provisional", "may be revised") for m, p in notes["provisional"])
        + tuple((m, p, "suppressed", s) for m, p, s in notes["suppressed"])
        + tuple((m, p, MARK, s) for m, p, s in notes["withheld"]),
    )
    return sources, marks
