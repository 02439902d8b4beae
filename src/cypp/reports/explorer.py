"""The indicator explorer: any indicator for any area against its neighbours, region and
England, for any period, as LAIT showed it, with the charts' tables for CSV download.

A fixed number of queries whatever the number of neighbours or periods: the benchmark
(one period's observations and the neighbour list) and one query for the whole series of
the area, England, its region and its neighbours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from cypp import stats
from cypp.assessment.benchmarking import (
    Benchmark,
    benchmark_get,
)
from cypp.charts import (
    Bar,
    Chart,
    DataTable,
    Point,
    Reference,
    Series,
    neighbours_chart,
    number_text,
    time_series_chart,
)
from cypp.disclosure import source_figures
from cypp.downloads import csv_text, licence_line
from cypp.geography.models import Area, ComparatorModel
from cypp.indicators.models import Indicator, Observation, Period
from cypp.reports.explorer_figures import (
    PUBLISHED_FIELDS,
    decimals_for,
    observations_published,
    published_values,
    status_note,
)

if TYPE_CHECKING:
    from cypp.reports.models import ComparatorGroup

ENGLAND = "E92000001"
NEIGHBOUR_AVERAGE = "Neighbour average"

TableName = Literal["neighbours", "trend"]

__all__ = [
    "Explorer",
    "decimals_for",
    "england_comparison",
    "explorer_build",
    "observations_published",
    "published_values",
    "status_note",
]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A comparison with England: the label and the sentence that explains it."""

    label: str
    sentence: str


_COMPARISON_WORDS = {
    "better": "better than England, and the difference is statistically significant",
    "worse": "worse than England, and the difference is statistically significant",
    "higher": "higher than England, and the difference is statistically significant",
    "lower": "lower than England, and the difference is statistically significant",
    "similar": "similar to England: the difference is not statistically significant",
}


def england_comparison(
    *,
    name: str,
    value: float | None,
    lower: float | None,
    upper: float | None,
    england: float | None,
    polarity: str,
    decimals: int | None = 1,
) -> Comparison:
    """Fingertips' test of an area against England: does its 95% confidence interval contain
    England's value? Said in words, with the figures, or why no test is made."""
    if value is None:
        return Comparison("not compared", f"There is no figure for {name} to compare.")
    if england is None:
        return Comparison("not compared", "There is no figure for England to compare with.")
    if lower is None or upper is None:
        return Comparison(
            "not compared",
            "No confidence interval is published for this figure, so we cannot say whether "
            "the difference from England is more than chance.",
        )
    label = str(stats.compare(value, lower, upper, england, polarity))
    contains = "contains" if label == "similar" else "does not contain"
    return Comparison(
        label,
        f"{name}'s 95% confidence interval ({number_text(lower, decimals)} to "
        f"{number_text(upper, decimals)}) {contains} England's value "
        f"({number_text(england, decimals)}), so {name} is "
        f"{_COMPARISON_WORDS.get(label, label)}.",
    )


@dataclass(frozen=True, slots=True)
class SummaryRow:
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class Explorer:
    """Everything the explorer page shows for one indicator, area, period and model."""

    indicator: Indicator
    area: Area
    period: Period
    model: ComparatorModel | None
    benchmark: Benchmark
    summary: tuple[SummaryRow, ...]
    comparison: Comparison
    neighbours: Chart
    trend: Chart
    group: ComparatorGroup | None = None
    periods: tuple[Period, ...] = ()

    @property
    def comparators_name(self) -> str:
        """What the compared areas are called: the group's name or statistical neighbours."""
        return self.group.name if self.group is not None else "Statistical neighbours"

    @property
    def credit(self) -> str:
        source = self.indicator.source
        return source.credit or f"Source: {source.name}"

    @property
    def licence(self) -> str:
        return self.indicator.source.licence

    def table(self, name: TableName) -> DataTable:
        return self.trend.table if name == "trend" else self.neighbours.table

    def csv(self, name: TableName = "neighbours") -> str:
        """The table as shown, with a header row, then a line crediting the source and licence."""
        credit = (
            f"{licence_line(self.credit, self.licence)} "
            f"Indicator {self.indicator.reference}: {self.indicator.title}"
            f" ({self.indicator.unit or 'value'})."
        )
        # Titles and area names come from imported files: a cell starting "=" must stay text.
        return csv_text([*self.table(name).csv_rows(), [credit]])

    def csv_filename(self, name: TableName = "neighbours") -> str:
        parts = [self.indicator.source.key, self.indicator.code, self.area.code]
        if name == "neighbours":
            parts.append(self.period.label)
        parts.append(name)
        raw = "-".join(parts)
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in raw) + ".csv"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(*, benchmark: Benchmark, indicator: Indicator) -> tuple[str, str]:
    """The rank and the quartile band in words, or why there is none."""
    if benchmark.value is None:
        why = "There is no figure for this area in this period, so it is not ranked."
        return why, why
    if indicator.polarity == "none":
        why = (
            "Not ranked: this indicator does not say whether a higher or a lower value is "
            "better, so areas are not ranked or banded (as in LAIT)."
        )
        return why, why
    best = "highest" if indicator.polarity == "high" else "lowest"
    rank = (
        f"{_ordinal(benchmark.rank)} of {benchmark.rank_of} local authorities (1st has the "
        f"{best} value, which is best)"
        if benchmark.rank is not None
        else benchmark.coverage_note
        if benchmark.coverage_note.startswith("No rank")
        else "Not ranked: the area is not a local authority."
    )
    if benchmark.quartile_band:
        band = (
            f"Band {benchmark.quartile_band} (A is the best quarter of local authorities, "
            "D the worst)"
        )
    elif not indicator.quartiles_published:
        band = "No band: the source says quartile bands make no sense for this indicator."
    elif "No quartile band" in benchmark.coverage_note:
        band = benchmark.coverage_note
    else:
        band = "No band."
    return rank, band


def explorer_build(
    *,
    indicator: Indicator,
    area: Area,
    period: Period,
    periods: list[Period],
    model: ComparatorModel | None,
    group: ComparatorGroup | None = None,
) -> Explorer:
    """The explorer's view of one indicator for one area: summary, comparison, charts, tables.

    ``periods`` are the indicator's periods (any order); the time series spans all of them.
    With a partnership's comparator ``group``, its members (the area itself left out) take
    the statistical neighbours' place, their average beside them.
    """
    decimals = decimals_for(indicator)
    figures = source_figures(source_key=indicator.source.key, value_type=indicator.value_type)
    benchmark = benchmark_get(
        indicator=indicator,
        area=area,
        period=period,
        model=model,
        values=published_values(indicator, period, figures),
    )
    if group is not None:
        from cypp.reports.comparator_groups import benchmark_with_group

        benchmark = benchmark_with_group(
            benchmark, group=group, area=area, indicator=indicator, period=period, figures=figures
        )
    average_name = f"{group.name} average" if group is not None else NEIGHBOUR_AVERAGE
    region = area.region
    neighbour_codes = [m.code for m in benchmark.neighbours.members]
    codes = {area.code, ENGLAND, *neighbour_codes}
    if region is not None:
        codes.add(region.code)
    observations = (
        Observation.objects.filter(indicator=indicator, area__code__in=codes)
        .select_related("area", "period")
        .only(*PUBLISHED_FIELDS, "area__code", "period__label", "period__sort_key")
    )
    found: dict[tuple[str, str], Observation] = {}
    for o in observations:
        found[(o.area.code, o.period.label)] = o
    observations_published(list(found.values()), figures)
    ordered_periods = [p.label for p in sorted(periods, key=lambda p: p.sort_key)]

    def point(code: str, label: str, *, limits: bool = False) -> Point:
        o = found.get((code, label))
        if o is None:
            return Point(label, None, note="no data")
        return Point(
            label,
            o.value,
            o.lower_95 if limits else None,
            o.upper_95 if limits else None,
            note=status_note(o),
        )

    def neighbour_average(label: str) -> Point:
        values = [
            found[(c, label)].value
            for c in neighbour_codes
            if (c, label) in found and found[(c, label)].value is not None
        ]
        if not values:
            return Point(label, None, note="no data")
        return Point(label, float(np.mean([float(v) for v in values if v is not None])))

    # Time series: the area with its intervals, England, region, neighbours' average.
    comparators = [Series("England", tuple(point(ENGLAND, p) for p in ordered_periods), "england")]
    if region is not None:
        comparators.append(
            Series(region.name, tuple(point(region.code, p) for p in ordered_periods), "region")
        )
    if neighbour_codes:
        comparators.append(
            Series(
                average_name,
                tuple(neighbour_average(p) for p in ordered_periods),
                "neighbours",
            )
        )
    trend = time_series_chart(
        title=f"{indicator.title}: {area.name} over time",
        area=Series(
            area.name, tuple(point(area.code, p, limits=True) for p in ordered_periods), "area"
        ),
        comparators=comparators,
        periods=ordered_periods,
        unit=indicator.unit,
        decimals=decimals,
    )

    # Neighbours in the chosen period.
    def bar(code: str, name: str, role: str) -> Bar:
        o = found.get((code, period.label))
        if o is None:
            return Bar(name, None, role=role, note="no data")
        return Bar(name, o.value, o.lower_95, o.upper_95, role=role, note=status_note(o))

    members = benchmark.neighbours.members
    references = []
    if region is not None:
        references.append(
            Reference(region.name, benchmark.region.value if benchmark.region else None, "Region")
        )
    if members:
        references.append(
            Reference(
                average_name,
                benchmark.neighbours.average,
                f"Average of {benchmark.neighbours.count} of {len(members)} "
                f"{'members' if group is not None else 'neighbours'} with a figure",
            )
        )
    neighbours = neighbours_chart(
        title=f"{indicator.title}: {area.name} and "
        + (f"the {group.name} group" if group is not None else "its statistical neighbours")
        + f", {period.label}",
        area=bar(area.code, area.name, "This area"),
        neighbours=[
            bar(
                m.code,
                m.name,
                ("Group member" if group is not None else f"Neighbour {m.rank}")
                + (f" ({m.closeness})" if m.closeness else ""),
            )
            for m in members
        ],
        england=benchmark.england,
        references=references,
        unit=indicator.unit,
        decimals=decimals,
    )

    own = found.get((area.code, period.label))
    comparison = england_comparison(
        name=area.name,
        value=benchmark.value,
        lower=own.lower_95 if own else None,
        upper=own.upper_95 if own else None,
        england=benchmark.england,
        polarity=indicator.polarity,
        decimals=decimals,
    )
    rank, band = rank_words(benchmark=benchmark, indicator=indicator)

    def figure(value: float | None, obs: Observation | None = None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return status_note(obs) if obs is not None else "no data"
        note = status_note(obs) if obs is not None else ""
        return number_text(value, decimals) + (f" ({note})" if note else "")

    summary = [
        SummaryRow(area.name, figure(benchmark.value, own)),
        SummaryRow("England", figure(benchmark.england)),
    ]
    if benchmark.region is not None:
        summary.append(SummaryRow(benchmark.region.name, figure(benchmark.region.value)))
    if members:
        summary.append(
            SummaryRow(
                f"{group.name}: average"
                if group is not None
                else "Statistical neighbours' average",
                figure(benchmark.neighbours.average)
                + f" (the mean of the {benchmark.neighbours.count} of {len(members)} "
                + ("members" if group is not None else "neighbours")
                + " with a figure)",
            )
        )
    summary += [SummaryRow("Rank", rank), SummaryRow("Quartile band", band)]
    return Explorer(
        indicator=indicator,
        area=area,
        period=period,
        model=model,
        benchmark=benchmark,
        summary=tuple(summary),
        comparison=comparison,
        neighbours=neighbours,
        trend=trend,
        group=group,
        periods=tuple(periods),
    )
