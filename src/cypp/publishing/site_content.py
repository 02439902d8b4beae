"""What the public site says: one tree of plain data gathered once, which the page templates
render (``site_build`` writes them).

Every figure is as published (``cypp.assessment.published``: local small numbers withheld),
and every judgement comes from the one rating engine, built as the plan's scorecard page
builds it; each measure carries its ``measure_judgement``, the very dictionary the scorecard
JSON gives for it, so the pages and the JSON cannot say different things.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cypp.accounts.models import Partnership
from cypp.assessment.benchmarking import Benchmark, measure_benchmark
from cypp.assessment.measure_charts import measure_neighbours_chart, measure_series_chart
from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import (
    PublishedAssessment,
    assessments_published,
    benchmark_published,
    chart_published,
    figure_rows,
    neighbours_chart_published,
)
from cypp.assessment.scorecard import measure_judgement, scorecard_json
from cypp.charts import Chart
from cypp.commentary.models import ReportingPeriod
from cypp.governance.models import BoardPack
from cypp.plans.models import Plan, Priority
from cypp.publishing.selectors import public_site_colour
from cypp.reports.embeds import MeasureCard
from cypp.voice.selectors_themes import replies_published

RATINGS = ("red", "amber", "green", "grey")
RATING_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey"}
# The GOV.UK tag colours of the ratings; the tag says its rating in words as well.
RATING_TAGS = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "grey": "govuk-tag--grey",
}


@dataclass
class MeasureOnSite:
    """One measure: its page's file, its published assessment and judgement, and what its
    page shows (charts, benchmark, every figure)."""

    file_stem: str
    assessment: PublishedAssessment
    judgement: dict[str, Any]
    priority: Priority
    outcome_title: str
    chart_series: Chart | None = None
    chart_neighbours: Chart | None = None
    benchmark: Benchmark | None = None
    rows: list[dict[str, object]] = field(default_factory=list)
    # The measure's card (``cypp.reports.embeds``): its words on the at-a-glance page, and
    # the SVG file in the site a partner can put on their own.
    card: MeasureCard | None = None
    card_image: str = ""

    @property
    def file(self) -> str:
        return f"measures/{self.file_stem}.html"

    @property
    def rating(self) -> str:
        return str(self.judgement["rating"]["colour"])

    @property
    def rating_words(self) -> str:
        return RATING_WORDS[self.rating]

    @property
    def rating_tag(self) -> str:
        return RATING_TAGS[self.rating]

    @property
    def decimals(self) -> int | None:
        indicator = self.assessment.measure.indicator
        return indicator.decimals if indicator else None


@dataclass
class OutcomeOnSite:
    title: str
    measures: list[MeasureOnSite]


@dataclass
class PriorityOnSite:
    number: int
    priority: Priority
    outcomes: list[OutcomeOnSite]


@dataclass
class ThemeOnSite:
    """A "you said, we did" theme: its name, how many told us (or "c"), its replies."""

    name: str
    count: int | str
    replies: list[Any]


@dataclass
class SiteContent:
    plan: Plan
    partnership: Partnership
    colour: str
    as_at: AsAt | None
    built_on: dt.date
    priorities: list[PriorityOnSite]
    measures: list[MeasureOnSite]
    themes: list[ThemeOnSite]
    packs: list[BoardPack]
    scorecard: dict[str, Any]

    @property
    def by_rating(self) -> list[tuple[str, str, int]]:
        """(rating, its word, how many measures) for each rating some measure has."""
        counted = Counter(m.rating for m in self.measures)
        return [(r, RATING_WORDS[r], counted[r]) for r in RATINGS if counted[r]]

    @property
    def newest_period(self) -> str:
        """The newest period any measure has a figure for, as its publisher names it."""
        ends = [
            (m.assessment.latest.end or dt.date.min, m.assessment.latest.period)
            for m in self.measures
            if m.assessment.latest is not None and m.assessment.latest.end is not None
        ]
        return max(ends)[1] if ends else ""


def site_content_build(
    *, plan: Plan, period: ReportingPeriod | None = None, built_on: dt.date
) -> SiteContent:
    """Everything the public site of ``plan`` shows, judged as at ``period``'s end (with only
    the figures for periods ended by then) or on the latest data."""
    as_at = AsAt(end=period.end, period=period.label) if period is not None else None
    # The neighbours' series over time too, for the charts; the judgements are the same.
    published = assessments_published(
        plan_assessments(plan=plan, as_at=as_at, with_neighbours=True)
    )
    stems = _file_stems(published)
    measures = [_measure_on_site(a, stems[id(a)]) for a in published]
    by_outcome: dict[int, list[MeasureOnSite]] = {}
    for m in measures:
        by_outcome.setdefault(m.assessment.measure.outcome_id, []).append(m)
    priorities = [
        PriorityOnSite(
            number,
            priority,
            [OutcomeOnSite(o.title, by_outcome.get(o.pk, [])) for o in priority.outcomes.all()],
        )
        for number, priority in enumerate(plan.priorities.prefetch_related("outcomes"), 1)
    ]
    return SiteContent(
        plan=plan,
        partnership=plan.partnership,
        colour=public_site_colour(partnership=plan.partnership),
        as_at=as_at,
        built_on=built_on,
        priorities=priorities,
        measures=measures,
        themes=_themes(plan.partnership),
        packs=list(
            BoardPack.objects.filter(plan=plan, status=BoardPack.Status.PUBLISHED)
            .exclude(pdf_file="")
            .select_related("period")
            .order_by("period__end", "published_at", "pk")
        ),
        scorecard=scorecard_json(plan_key=plan.key, as_at=as_at, assessments=list(published)),
    )


def _file_stems(assessments: list[PublishedAssessment]) -> dict[int, str]:
    """Each measure's page name: its key, or where two outcomes use the same key, the
    outcome's key before it (a measure's key is unique only within its outcome)."""
    counted = Counter(a.measure.key for a in assessments)
    return {
        id(a): a.measure.key
        if counted[a.measure.key] == 1
        else f"{a.measure.outcome.key}-{a.measure.key}"
        for a in assessments
    }


def _measure_on_site(a: PublishedAssessment, stem: str) -> MeasureOnSite:
    m = a.measure
    on_site = MeasureOnSite(
        file_stem=stem,
        assessment=a,
        judgement=measure_judgement(a),
        priority=m.outcome.priority,
        outcome_title=m.outcome.title,
        rows=figure_rows(a),
    )
    on_site.chart_series = chart_published(measure_series_chart(a), a)
    if m.indicator_id and m.area_id and a.latest is not None:
        raw_benchmark = measure_benchmark(a)
        on_site.benchmark = benchmark_published(raw_benchmark, a)
        on_site.chart_neighbours = neighbours_chart_published(
            measure_neighbours_chart(a, on_site.benchmark), raw_benchmark, on_site.benchmark, a.rule
        )
    return on_site


def _themes(partnership: Partnership) -> list[ThemeOnSite]:
    """The partnership's published "you said, we did" replies by theme, as its page in the
    application groups them (``voice.views_themes.you_said_we_did_page``)."""
    themes: dict[int, ThemeOnSite] = {}
    for r in replies_published(partnership=partnership):
        themes.setdefault(r.theme_id, ThemeOnSite(r.theme, r.count, [])).replies.append(r)
    return list(themes.values())
