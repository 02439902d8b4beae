"""Where each period sits across a time-series chart, and which figures a line may join.

Figures sit on a true time axis at the END of their period: that is the moment the target
judgement compares them with the trajectory (``cypp.stats.target_status`` takes period
ends as times), the date a snapshot such as "at 31 March" describes, and when a year's
result is complete. A baseline period and a target's due date then fall at their own
places, before, between or after the figures, and a missing year leaves a visible gap.
The axis is labelled with the periods' own labels ("2017/18"), one tick at each end.

A chart whose points carry no dates (the indicator explorer's) keeps an axis of period
labels in order; it cannot place a target, so it is given none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cypp.charts.series import Break, Point, Series, Target

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Closer than this to a period's tick, the baseline's own tick label would overprint it.
_TICK_ROOM = dt.timedelta(days=120)


def iso(day: dt.date) -> str:
    """A date as Vega-Lite reads it on a UTC time scale."""
    return day.isoformat()


def _milliseconds(day: dt.date) -> int:
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return int((moment - _EPOCH).total_seconds() * 1000)


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """The chart's periods in time order and, on a time axis, the date each sits at."""

    periods: tuple[str, ...]
    ends: dict[str, dt.date] = field(default_factory=dict)
    start: dt.date | None = None
    finish: dt.date | None = None
    ticks: dict[dt.date, str] = field(default_factory=dict)

    @property
    def temporal(self) -> bool:
        return self.start is not None

    def position(self, period: str) -> str:
        """The ``x`` value of a period: its end date on a time axis, else its label."""
        return iso(self.ends[period]) if self.temporal else period

    def encoding(self, title: str = "Period") -> dict[str, Any]:
        """The Vega-Lite ``x`` channel every layer of the chart shares."""
        angle = -45 if len(self.ticks or self.periods) > 6 else 0
        if not self.temporal or self.start is None or self.finish is None:
            return {
                "field": "x",
                "type": "ordinal",
                "title": title,
                "sort": list(self.periods),
                "scale": {"domain": list(self.periods)},
                "axis": {"labelAngle": angle},
            }
        lookup = ",".join(
            f"{json.dumps(iso(day))}:{json.dumps(label)}" for day, label in self.ticks.items()
        )
        return {
            "field": "x",
            "type": "temporal",
            "title": title,
            "scale": {
                "type": "utc",
                "domain": [_milliseconds(self.start), _milliseconds(self.finish)],
            },
            "axis": {
                "values": [_milliseconds(day) for day in self.ticks],
                # Each tick says its period's label, not a date the reader must translate.
                "labelExpr": f"{{{lookup}}}[utcFormat(datum.value, '%Y-%m-%d')] || ''",
                "labelAngle": angle,
                "labelOverlap": "greedy",
                "grid": False,
            },
        }

    def break_position(self, item: Break) -> str | None:
        """Where a break's rule stands: when the new period began, else at its label."""
        if self.temporal:
            if item.at is not None:
                return iso(item.at)
            label = self._label_of(item)
            return iso(self.ends[label]) if label else None
        label = self._label_of(item)
        return label or None

    def _label_of(self, item: Break) -> str:
        for label in (item.shown_as, item.period):
            if label and label in self.periods:
                return label
        return ""

    def crosses_break(self, before: Point, after: Point, breaks: Iterable[Break]) -> bool:
        """Whether a break falls after one figure and by the next."""
        order = {label: i for i, label in enumerate(self.periods)}
        for item in breaks:
            if self.temporal and item.at is not None:
                if before.end and after.end and before.end < item.at <= after.end:
                    return True
                continue
            label = self._label_of(item)
            if label and order[before.period] < order[label] <= order[after.period]:
                return True
        return False


def time_axis(
    series: Sequence[Series],
    *,
    periods: Sequence[str] | None = None,
    target: Target | None = None,
    breaks: Sequence[Break] = (),
) -> TimeAxis:
    """The axis for these series: on time when every point has an end date, else labels.

    The time axis spans every figure, the target's baseline and due date and every break,
    with a little room either side so no point sits on the frame.
    """
    points = [p for s in series for p in s.points]
    ends: dict[str, dt.date] = {}
    for p in points:
        if p.end is not None:
            ends.setdefault(p.period, p.end)
    labels = list(periods) if periods is not None else list(dict.fromkeys(p.period for p in points))
    temporal = bool(points) and all(p.end is not None for p in points)
    if not temporal:
        if target is not None:
            raise ValueError("a target needs a time axis: give every point its period's end")
        return TimeAxis(tuple(labels))
    missing = [label for label in labels if label not in ends]
    if missing:
        raise ValueError(f"no end date for the periods {', '.join(missing)}")
    labels.sort(key=lambda label: ends[label])
    ticks = {ends[label]: label for label in labels}
    days = list(ticks)
    if target is not None:
        days.append(target.due)
        if target.baseline_end is not None:
            days.append(target.baseline_end)
            near = [day for day in ticks if abs(day - target.baseline_end) < _TICK_ROOM]
            if not near and target.baseline_period:
                # The baseline gets a tick of its own (its period, or the plan's start), so
                # its place in time can be read, unless a period's tick already stands there.
                ticks[target.baseline_end] = target.baseline_period
    days += [b.at for b in breaks if b.at is not None]
    first, last = min(days), max(days)
    room = max((last - first) * 0.03, dt.timedelta(days=30))
    return TimeAxis(
        tuple(labels),
        {label: ends[label] for label in labels},
        first - room,
        last + room,
        dict(sorted(ticks.items())),
    )


def line_segments(
    points: Sequence[Point], axis: TimeAxis, breaks: Sequence[Break] = ()
) -> list[tuple[Point, int]]:
    """The figures a line is drawn through, each numbered by the unbroken stretch it is in.

    Two figures are joined only when they are next to each other: no period of the chart
    lies between them, their indices (where known) differ by one step, and no break falls
    between them. A period published with a status and no value (suppressed "c",
    unavailable "x") is a gap, never a zero.
    """
    order = {label: i for i, label in enumerate(axis.periods)}
    ordered = sorted((p for p in points if p.period in order), key=lambda p: order[p.period])
    result: list[tuple[Point, int]] = []
    stretch = 0
    previous: Point | None = None
    for p in ordered:
        if p.value is None:
            previous = None
            continue
        if result and not _joined(previous, p, order, axis, breaks):
            stretch += 1
        result.append((p, stretch))
        previous = p
    return result


def _joined(
    before: Point | None,
    after: Point,
    order: dict[str, int],
    axis: TimeAxis,
    breaks: Sequence[Break],
) -> bool:
    if before is None or order[after.period] - order[before.period] != 1:
        return False
    if before.index is not None and after.index is not None and after.index - before.index != 1:
        return False
    return not axis.crosses_break(before, after, breaks)
