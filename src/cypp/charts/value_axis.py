"""Where a chart's value axis starts, and the words that say so.

The rule, the same for counts, rates and percentages:

* The axis starts at zero when the figures are spread over at least half of the height
  that a zero axis gives them (the lowest figure is no more than half the highest): the
  heights of the lines then compare honestly with each other.
* When every figure is above zero and the lowest is more than half the highest (a
  percentage moving between 70 and 80, say), a zero axis would squeeze every line into a
  band at the top and hide the changes a board is asked to judge. The axis then starts at
  a round number below the lowest figure, and says so: its title ends "(axis starts at
  65)" and the chart's text alternative says "The vertical axis starts at 65, not zero."
* Figures below zero (a gap between two groups) keep zero inside the axis when the
  highest is above it; wherever the axis starts, a start other than zero is stated.

The end of the axis is the next round number at or above the highest figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

# A round step: 1, 2 or 5 times a power of ten, giving about five intervals.
_STEPS = (1.0, 2.0, 5.0, 10.0)
_INTERVALS = 5


@dataclass(frozen=True, slots=True)
class ValueAxis:
    """The value axis's domain, its title and a sentence saying where it starts."""

    start: float
    end: float
    title: str
    sentence: str
    step: float = 0.0

    @property
    def ticks(self) -> list[float]:
        """Every round figure from the start to the end, so the start is printed on the axis."""
        if self.step <= 0:
            return [self.start, self.end]
        count = round((self.end - self.start) / self.step)
        return [round(self.start + i * self.step, 10) for i in range(count + 1)]

    @property
    def from_zero(self) -> bool:
        return self.start == 0

    def scale(self) -> dict[str, object]:
        """The Vega-Lite scale: exactly this domain, no widening by Vega."""
        return {"domain": [self.start, self.end], "nice": False, "zero": False}


def _step(span: float) -> float:
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / _INTERVALS
    power = 10.0 ** math.floor(math.log10(raw))
    return next(s * power for s in _STEPS if s * power >= raw * (1 - 1e-9))


def axis_number(value: float) -> str:
    """A round axis figure as words: 65, 2.5, 1,200."""
    text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_axis(figures: Iterable[float | None], *, title: str) -> ValueAxis:
    """The axis for these figures, following the module's rule."""
    found = [float(f) for f in figures if f is not None and math.isfinite(float(f))]
    if not found:
        return ValueAxis(0.0, 1.0, title, "The vertical axis starts at zero.", 0.2)
    low, high = min(found), max(found)
    if low > 0 and low > high / 2:
        step = _step(high - low)
        start = math.floor(low / step) * step
    else:
        step = _step(max(high, 0.0) - min(low, 0.0))
        start = min(math.floor(low / step) * step, 0.0)
    if start != 0 and start == low:
        start -= step  # keep the lowest figure off the axis line
    end = math.ceil(high / step) * step if high > start else start + step
    start, end = round(start, 10), round(end, 10)
    if start == 0:
        return ValueAxis(0.0, end, title, "The vertical axis starts at zero.", step)
    words = axis_number(start)
    return ValueAxis(
        start,
        end,
        f"{title} (axis starts at {words})",
        f"The vertical axis starts at {words}, not zero.",
        step,
    )
