"""A measure's series as a sequence of periods: what was published, in order, as at a date.

Time is a sequence of periods, not decimal dates: each point carries its position (index)
in the series' own step (a year, a quarter, a month), so leap years and academic, financial
or calendar labels never matter to a trend, and a missing year is a gap of two steps.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, replace
from itertools import pairwise

from cypp.geography.models import Area


@dataclass(frozen=True, slots=True)
class Point:
    """One period of a series, as published (or computed, for a rate made from a count)."""

    period: str
    sort_key: int
    end: dt.date | None
    value: float | None
    lower: float | None = None
    upper: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    status: str = ""
    provisional: bool = False
    start: dt.date | None = None
    period_id: int = 0
    index: int = 0  # position in the series' own step (year, quarter, month...)


def _months(day: dt.date) -> int:
    return day.year * 12 + day.month


def with_indices(points: list[Point]) -> list[Point]:
    """The points with their period index: consecutive periods differ by one.

    The step is the commonest gap between consecutive period ends (12 months for annual
    series, 3 for quarters, 1 for months), so a year missing from an annual series leaves a
    gap of two. Points without an end date are numbered by position.
    """
    if not points:
        return []
    if any(p.end is None for p in points):
        return [replace(p, index=i) for i, p in enumerate(points)]
    ends = [_months(p.end) for p in points if p.end]
    gaps = [b - a for a, b in pairwise(ends) if b > a]
    step = max(1, statistics.mode(gaps)) if gaps else 12
    first = ends[0]
    return [replace(p, index=round((e - first) / step)) for p, e in zip(points, ends, strict=True)]


def as_at(points: list[Point], end: dt.date | None) -> list[Point]:
    """Only the points whose period had ended by ``end`` (all of them when ``end`` is None).

    A point with no known end date cannot be shown to precede ``end``, so it is left out of
    a judgement made as at a date.
    """
    if end is None:
        return points
    return [p for p in points if p.end is not None and p.end <= end]


def comparison_region(area: Area) -> Area | None:
    """The region an area is compared with: London boroughs with London (Inner) or (Outer),
    as LAIT does; everyone else with their region."""
    return area.sub_region or area.region


@dataclass(frozen=True, slots=True)
class SeriesBreak:
    """A break in a series: the first period of the new framework, and why."""

    period: str
    end: dt.date
    note: str


def series_breaks(breaks: list[dict[str, str]], period_type: str) -> list[SeriesBreak]:
    """The indicator's recorded breaks, with the end date of each break's first period."""
    from cypp.indicators.periods import PeriodError, period_parse

    found = []
    for item in breaks or []:
        try:
            end = period_parse(item["period"], period_type or "calendar").end
        except (PeriodError, KeyError):
            continue
        found.append(SeriesBreak(item["period"], end, item.get("note", "")))
    return sorted(found, key=lambda b: b.end)


def since_last_break(points: list[Point], breaks: list[SeriesBreak]) -> tuple[list[Point], str]:
    """The points from the latest break on, and a sentence saying so (none if no break).

    A trend across a break compares figures that are not comparable, so it never crosses one.
    """
    latest = next((p for p in reversed(points) if p.end is not None), None)
    passed = [b for b in breaks if latest is not None and latest.end and b.end <= latest.end]
    if not passed:
        return points, ""
    last = passed[-1]
    kept = [p for p in points if p.end is not None and p.end >= last.end]
    return kept, (f" Only figures from {last.period} on are used: {last.note.rstrip('.')}.")
