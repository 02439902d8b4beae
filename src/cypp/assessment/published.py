"""The plan reports' figures as published: the disclosure rule applied to assessments.

The rating engine (``cypp.assessment``) judges on every figure it has. What leaves CYPP -
the report pages, the board pack and its tables, the scorecard download - is a copy in
which each local small number, and each figure worked out from one, is withheld with
the mark "c" (``cypp.disclosure``). Judgements keep their labels (on track, red,
increasing); a sentence that would quote a withheld figure is replaced by one saying so.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

import numpy as np

from cypp.assessment.judging import TREND_POINTS, Ranking
from cypp.assessment.measures import ENGLAND, Judgement, MeasureAssessment, Point
from cypp.disclosure import (
    FROM_SMALL_NUMBER,
    MARK,
    SMALL_NUMBER,
    WITHHELD,
    DisclosureRule,
    Figures,
    baseline_withheld,
    disclosure_rule,
    measure_figures,
    source_figures,
)
from cypp.indicators.models import Observation

if TYPE_CHECKING:
    from cypp.assessment.benchmarking import Benchmark
    from cypp.charts import Cell, Chart

COMPARATORS = ("england", "region", "neighbours")


@dataclass
class PublishedAssessment(MeasureAssessment):
    """An assessment as published: withheld figures are points with a ``WITHHELD`` status
    and no numbers; withheld comparators (sort keys) are named, and the rule kept."""

    rule: DisclosureRule = field(default_factory=DisclosureRule)
    withheld_comparators: dict[str, frozenset[int]] = field(default_factory=dict)
    baseline_withheld: bool = False

    @property
    def anything_withheld(self) -> bool:
        return (
            any(is_withheld(p) for p in (*self.series, *self.benchmark_series))
            or self.baseline_withheld
            or any(self.withheld_comparators.values())
        )


def is_withheld(point: Point | None) -> bool:
    """Whether CYPP withheld this figure (not its publisher)."""
    return point is not None and point.status in WITHHELD


def _published_points(points: list[Point], statuses: list[str]) -> list[Point]:
    return [
        replace(p, value=None, lower=None, upper=None, numerator=None, denominator=None, status=s)
        if s
        else p
        for p, s in zip(points, statuses, strict=True)
    ]


def _statuses(rule: DisclosureRule, figures: Figures, points: list[Point]) -> list[str]:
    return rule.statuses(
        figures,
        [p.value for p in points],
        [p.numerator for p in points],
        [p.denominator for p in points],
    )


def _benchmark_figures(a: MeasureAssessment, figures: Figures) -> Figures:
    """What the figures a measure is compared on are: its own, a rate computed from its
    counts (withheld with them), or a paired rate (as its own source publishes it)."""
    basis = a.benchmark_basis
    if basis is None:
        return figures
    if basis.computed:
        return Figures.OFFICIAL if figures == Figures.OFFICIAL else Figures.FROM_COUNTS
    return source_figures(source_key=basis.reference.partition(":")[0], value_type="rate")


def _same_point(raw: list[Point], published: list[Point], point: Point | None) -> Point | None:
    """The published point standing where ``point`` stood in the raw series."""
    return next((shown for p, shown in zip(raw, published, strict=True) if p is point), point)


def assessment_published(
    a: MeasureAssessment, *, rule: DisclosureRule | None = None
) -> PublishedAssessment:
    """A copy of the assessment with every local small number withheld.

    Official figures are left as they are. The measure's own series, the rate it is
    compared on, the baseline (a local count the partnership measured) and, for a local
    count compared as a count, the comparators' counts are checked; the latest figure
    stays the latest period (shown as "c"), so a reader never mistakes an earlier figure
    for the newest.
    """
    rule = rule or disclosure_rule()
    figures = measure_figures(a.measure)
    series = _published_points(a.series, _statuses(rule, figures, a.series))
    withheld_keys = {p.sort_key for p in series if is_withheld(p)}
    if a.benchmark_basis is None:
        benchmark_series = series
    else:
        statuses = _statuses(rule, _benchmark_figures(a, figures), a.benchmark_series)
        if a.benchmark_basis.computed:
            # A rate computed from a withheld count gives the count back.
            statuses = [
                s or (FROM_SMALL_NUMBER if p.sort_key in withheld_keys else "")
                for p, s in zip(a.benchmark_series, statuses, strict=True)
            ]
        benchmark_series = _published_points(a.benchmark_series, statuses)
    published = PublishedAssessment(
        **{f.name: getattr(a, f.name) for f in fields(MeasureAssessment)},
        rule=rule,
    )
    published.series = series
    published.benchmark_series = benchmark_series
    published.latest = _same_point(a.series, series, a.latest)
    published.benchmark_latest = _same_point(
        a.benchmark_series, benchmark_series, a.benchmark_latest
    )
    _comparators_published(published, figures)
    _baseline_published(published)
    _sentences_published(published, a)
    return published


def assessments_published(
    assessments: Iterable[MeasureAssessment], *, rule: DisclosureRule | None = None
) -> list[PublishedAssessment]:
    rule = rule or disclosure_rule()
    return [assessment_published(a, rule=rule) for a in assessments]


def _comparators_published(a: PublishedAssessment, figures: Figures) -> None:
    """England's, the region's and the neighbours' figures beside a local count compared
    as a count are local counts too. (A rate computed from local counts for England or a
    region is made from tens of thousands of children; those are left as they are.)"""
    if a.benchmark_basis is not None or figures != Figures.COUNTS:
        return
    withheld: dict[str, frozenset[int]] = {}
    for name in COMPARATORS:
        values: dict[int, float] = getattr(a, name)
        keys = list(values)
        hidden = a.rule.hidden_counts([values[k] for k in keys])
        withheld[name] = frozenset(k for k, h in zip(keys, hidden, strict=True) if h)
        setattr(a, name, {k: v for k, v in values.items() if k not in withheld[name]})
    a.withheld_comparators = withheld
    if a.neighbours_average is not None and a.rule.hidden_counts([a.neighbours_average])[0]:
        a.neighbours_average = None
        key = a.benchmark_latest.sort_key if a.benchmark_latest else 0
        a.withheld_comparators["neighbours"] |= {key}


def _baseline_published(a: PublishedAssessment) -> None:
    """A baseline the plan gives for a local count is one of those counts."""
    m = a.measure
    if baseline_withheld(m, a.rule):
        # A copy: the measure row itself (and the raw assessment) keep the true baseline.
        a.measure = copy.copy(m)
        a.measure.baseline_value = None
        a.baseline_withheld = True


def _sentences_published(a: PublishedAssessment, raw: MeasureAssessment) -> None:
    """Judgements keep their labels; a sentence that quotes a withheld figure does not."""
    if not a.anything_withheld:
        return
    instead = withheld_sentence(a.rule)
    point = a.benchmark_latest
    compared_withheld = is_withheld(point) or (
        point is not None
        and any(point.sort_key in a.withheld_comparators.get(n, ()) for n in COMPARATORS)
    )
    if compared_withheld:
        # "3.0 (95% confidence interval ...) is significantly worse than England's ...";
        # a comparison not made says only why, with no figure.
        if a.comparison.label != "not compared":
            a.comparison = replace(a.comparison, sentence=instead)
        if a.neighbours_comparison.label != "not compared":
            a.neighbours_comparison = replace(a.neighbours_comparison, sentence=instead)
    if is_withheld(point):
        # A rank places the figure between two others': it narrows it down.
        a.ranking = Ranking(
            None, a.ranking.rank_of, None, f"Not ranked: the figure is withheld ({a.rule.note()})."
        )
    trend_series = a.benchmark_series if a.benchmark_basis is not None else a.series
    recent = [p for p in trend_series if p.value is not None or is_withheld(p)][-TREND_POINTS:]
    if any(is_withheld(p) for p in recent):
        # Trends quote the latest figure and the changes over the last five.
        a.trend = Judgement(a.trend.label, instead, a.trend.tested)
    if a.target is not None and (any(is_withheld(p) for p in a.series) or a.baseline_withheld):
        # Progress quotes the latest, the judged and forecast figures and the trajectory
        # from the baseline: any of them can give a withheld figure back.
        a.target = replace(
            a.target, explanation=instead, latest_value=math.nan, judged_value=math.nan
        )
    if a.rating is not None and compared_withheld and raw.comparison.label != "not compared":
        # The rating's reason quotes the comparison with England, figures and all.
        old = a.rating.reason
        a.rating = replace(a.rating, reason=f"{a.rating.colour.capitalize()}: {instead}")
        a.exception_reasons = [a.rating.reason if r == old else r for r in a.exception_reasons]


def withheld_sentence(rule: DisclosureRule) -> str:
    return f"The explanation is not shown, as it quotes a figure marked {MARK} ({rule.reason()})."


def benchmark_published(b: Benchmark | None, a: PublishedAssessment) -> Benchmark | None:
    """The measure's benchmark (area, England, region, neighbours in one period) with the
    local small numbers withheld, and the neighbours' average of the figures shown."""
    if b is None:
        return None
    figures = measure_figures(a.measure)
    compared = _benchmark_figures(a, figures)
    if figures == Figures.OFFICIAL and compared == Figures.OFFICIAL:
        return b
    point = a.benchmark_latest
    hidden_codes = _hidden_codes(a, b, figures, compared)
    if is_withheld(point) and a.measure.area is not None:
        hidden_codes.add(a.measure.area.code)

    def shown(code: str, value: float | None) -> float | None:
        return None if code in hidden_codes else value

    members = [replace(n, value=shown(n.code, n.value)) for n in b.neighbours.members]
    present = [n.value for n in members if n.value is not None]
    average = float(np.mean(present)) if present else None
    if average is not None and compared == Figures.COUNTS and a.rule.hidden_counts([average])[0]:
        average = None
    own_hidden = b.area.code in hidden_codes
    return replace(
        b,
        area=replace(b.area, value=shown(b.area.code, b.area.value)),
        value=shown(b.area.code, b.value),
        england=shown(ENGLAND, b.england),
        region=replace(b.region, value=shown(b.region.code, b.region.value)) if b.region else None,
        neighbours=replace(b.neighbours, average=average, count=len(present), members=members),
        rank=None if own_hidden else b.rank,
        quartile_band=None if own_hidden else b.quartile_band,
    )


def _hidden_codes(
    a: PublishedAssessment, b: Benchmark, figures: Figures, compared: Figures
) -> set[str]:
    """The areas whose figure in the benchmark's period is withheld: one query for the
    counts (or numerators) behind every area's figure."""
    point, basis, indicator = a.benchmark_latest, a.benchmark_basis, a.measure.indicator
    if point is None or indicator is None or not point.period_id:
        return set()
    codes = {n.code for n in b.neighbours.members} | {b.area.code, ENGLAND}
    if b.region is not None:
        codes.add(b.region.code)
    if basis is not None and basis.computed:
        # The rates are computed from each area's count: the counts decide.
        behind, kind = indicator.pk, figures
    else:
        behind = basis.indicator_id if basis is not None else indicator.pk
        kind = compared
    if kind == Figures.OFFICIAL:
        return set()
    rows = list(
        Observation.objects.filter(
            indicator_id=behind, period_id=point.period_id, area__code__in=codes
        ).values_list("area__code", "value", "numerator", "denominator")
    )
    statuses = a.rule.statuses(
        kind, [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]
    )
    return {r[0] for r, s in zip(rows, statuses, strict=True) if s}


def chart_published(chart: Chart | None, a: PublishedAssessment) -> Chart | None:
    """A chart of the measure with its withheld figures marked "c" in its table and said
    in words in its text alternative, and the note saying why under the table.

    The chart builders know a missing figure by its status (shown as it is) or as "no
    data"; here the status becomes the mark, and a withheld comparator's "no data" too.
    """
    if chart is None or not a.anything_withheld:
        return chart
    periods = {p.sort_key: p.period for p in a.series}
    region = a.region_name or (
        a.measure.area.region.name if a.measure.area and a.measure.area.region else "Region"
    )
    names = {"england": "England", "region": region, "neighbours": "Neighbours' average"}
    comparators = {
        (periods[key], names[name])
        for name, keys in a.withheld_comparators.items()
        for key in keys
        if key in periods
    }

    def withheld(row: tuple[Cell, ...], column: str, cell: Cell) -> bool:
        if isinstance(cell, str) and any(code in cell for code in WITHHELD):
            return True
        label = str(row[0])
        return cell == "no data" and any(
            column == name and (label == period or label.startswith(f"{period} ("))
            for period, name in comparators
        )

    return _marked(chart, withheld, a.rule)


def neighbours_chart_published(
    chart: Chart | None, raw: Benchmark | None, published: Benchmark | None, rule: DisclosureRule
) -> Chart | None:
    """The neighbours chart with each withheld area's figure marked "c" in its table."""
    if chart is None or raw is None or published is None or raw == published:
        return chart
    names = {
        n.name
        for n, shown in zip(raw.neighbours.members, published.neighbours.members, strict=True)
        if n.value is not None and shown.value is None
    }
    if raw.area.value is not None and published.area.value is None:
        names.add(raw.area.name)

    def withheld(row: tuple[Cell, ...], column: str, cell: Cell) -> bool:
        return column == "Value" and row[0] in names

    marked = _marked(chart, withheld, rule)
    if raw.area.name in names:
        alt = marked.alt.replace(f"{raw.area.name}: no figure.", f"{raw.area.name}: {rule.note()}.")
        marked = replace(marked, alt=alt)
    return marked


def _marked(
    chart: Chart,
    withheld: Callable[[tuple[Cell, ...], str, Cell], bool],
    rule: DisclosureRule,
) -> Chart:
    table = chart.table
    rows = tuple(
        tuple(
            MARK if i and withheld(row, table.columns[i], cell) else cell
            for i, cell in enumerate(row)
        )
        for row in table.rows
    )
    alt = chart.alt
    for code in (FROM_SMALL_NUMBER, SMALL_NUMBER):  # the longer first: it holds the shorter
        alt = alt.replace(code, rule.note(code))
    if rows == table.rows and alt == chart.alt:
        return chart
    caption = f"{table.caption}. {rule.note(SMALL_NUMBER)}"
    return replace(chart, alt=alt, table=replace(table, rows=rows, caption=caption))


def figure_rows(a: PublishedAssessment) -> list[dict[str, object]]:
    """Every figure behind a measure's charts, period by period (its own, the rate it is
    compared on, England, the region, the neighbours' average); a withheld one is its mark.
    The measure page and the public site's measure pages show these rows."""
    withheld = a.withheld_comparators
    rates = {p.sort_key: p for p in a.benchmark_series} if a.benchmark_basis else {}

    def comparator(name: str, key: int) -> object:
        return MARK if key in withheld.get(name, ()) else getattr(a, name).get(key)

    rows: list[dict[str, object]] = []
    for p in a.series:
        rate = rates.get(p.sort_key)
        rows.append(
            {
                "point": p,
                "rate": MARK if is_withheld(rate) else (rate.value if rate else None),
                "england": comparator("england", p.sort_key),
                "region": comparator("region", p.sort_key),
                "neighbours": comparator("neighbours", p.sort_key),
            }
        )
    return rows
