"""The measure page's two charts, built from its assessment and benchmark."""

from __future__ import annotations

from cypp.assessment.benchmarking import Benchmark
from cypp.assessment.measures import MeasureAssessment
from cypp.reports import charts


def measure_series_chart(a: MeasureAssessment) -> charts.Chart | None:
    """The series with its intervals, England, region, neighbours' average and the target."""
    points = [p for p in a.series if p.value is not None or p.status]
    if not points:
        return None
    m = a.measure
    indicator = m.indicator
    decimals = indicator.decimals if indicator else 1
    area = charts.Series(
        name=m.area.name if m.area else m.title,
        points=tuple(charts.Point(p.period, p.value, p.lower, p.upper) for p in points),
        kind="area",
    )
    comparators = []
    for name, values, kind in (
        ("England", a.england, "england"),
        (m.area.region.name if m.area and m.area.region else "Region", a.region, "region"),
        ("Neighbours' average", a.neighbours, "neighbours"),
    ):
        series_points = tuple(
            charts.Point(p.period, values[p.sort_key]) for p in points if p.sort_key in values
        )
        if series_points:
            comparators.append(charts.Series(name=name, points=series_points, kind=kind))
    target = None
    if a.target is not None and m.target_due is not None and m.target_value is not None:
        baseline_period = m.baseline_period or points[0].period
        baseline = m.baseline_value if m.baseline_value is not None else points[0].value
        if baseline is not None:
            due_label = next(
                (p.period for p in points if p.end and p.end >= m.target_due),
                f"{m.target_due:%Y}",
            )
            target = charts.Target(
                baseline_period=baseline_period,
                baseline=baseline,
                due_period=due_label,
                value=m.target_value,
                label=f"Target {m.target_value:g} by {m.target_due:%B %Y}",
            )
    return charts.time_series_chart(
        title=f"{m.title}: {area.name} over time",
        area=area,
        comparators=comparators,
        target=target,
        unit=indicator.unit if indicator else m.unit,
        decimals=decimals,
    )


def measure_neighbours_chart(a: MeasureAssessment, b: Benchmark | None) -> charts.Chart | None:
    """The area among its statistical neighbours in the latest period, England as a line."""
    if b is None or not b.neighbours.members:
        return None
    indicator = a.measure.indicator
    latest = a.latest
    area = charts.Bar(
        name=b.area.name,
        value=b.value,
        lower=latest.lower if latest else None,
        upper=latest.upper if latest else None,
        role="area",
    )
    bars = [charts.Bar(name=n.name, value=n.value, role="neighbour") for n in b.neighbours.members]
    references = []
    if b.region is not None:
        references.append(charts.Reference(b.region.name, b.region.value, "region"))
    if b.neighbours.average is not None:
        references.append(
            charts.Reference("Neighbours' average", b.neighbours.average, "neighbours")
        )
    return charts.neighbours_chart(
        title=f"{a.measure.title}: {b.area.name} and its statistical neighbours, {b.period}",
        area=area,
        neighbours=bars,
        england=b.england,
        references=references,
        unit=indicator.unit if indicator else "",
        decimals=indicator.decimals if indicator else 1,
    )
