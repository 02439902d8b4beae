"""What a time-series chart is drawn from: periods' figures, named lines, a target, breaks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Point:
    """One period's figure: the value, its 95% limits where published, and a note in words
    (the status when there is no value, e.g. "suppressed (c)", or "provisional").

    ``end`` places the figure on a time axis (the end of its period); ``index`` is its
    position in the series' own step (years, quarters...), so that a missing period shows
    as a jump of two and the line is not drawn across it.
    """

    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    note: str = ""
    end: dt.date | None = None
    index: int | None = None


@dataclass(frozen=True, slots=True)
class Series:
    """A named line; ``kind`` (area, england, region, neighbours, other) sets its style."""

    name: str
    points: tuple[Point, ...]
    kind: str = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A target trajectory on the time axis: a straight line from the baseline (its value
    at the end of the baseline period) to the target value at the due date.

    Without a baseline only the target itself is drawn, at its due date. A baseline at or
    after the due date is refused: the line would run backwards in time.
    """

    due: dt.date
    value: float
    baseline_end: dt.date | None = None
    baseline: float | None = None
    baseline_period: str = ""
    label: str = "Target"
    baseline_assumed: bool = False  # the plan gave no period: its start is used

    def __post_init__(self) -> None:
        if (self.baseline_end is None) != (self.baseline is None):
            raise ValueError("a target's baseline needs both a date and a value")
        if self.baseline_end is not None and self.baseline_end >= self.due:
            raise ValueError(
                f"the baseline ({self.baseline_end}) must come before the due date ({self.due})"
            )

    @property
    def due_words(self) -> str:
        return f"{self.due:%B %Y}"


@dataclass(frozen=True, slots=True)
class Break:
    """A break in the series (a new framework or definition): figures either side of it are
    not comparable, so no line is drawn across it.

    ``period`` is the first period of the new series as the metadata records it; ``at`` is
    when that period began (where the break sits on a time axis); ``shown_as`` is the same
    period's label on this chart when the data label it differently ("2022" for 2021/22).
    """

    period: str
    note: str = ""
    at: dt.date | None = None
    shown_as: str = ""
