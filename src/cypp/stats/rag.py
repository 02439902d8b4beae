"""One explainable red/amber/green rating that a partnership configures.

A board wants one colour per measure, and a councillor wants to know why.
``rag`` combines what the rest of this package says - progress to target,
comparison with England or statistical neighbours, and the recent trend - by
rules set in a small ``RagRules`` config, and returns the colour with the
sentence that justifies it.  Colour is never the only carrier: the sentence
and the colour word go together.

Default rules (each can be changed):

1. A target status decides first: "achieved"/"on track" green, "at risk"
   amber, "off track"/"missed" red.
2. Without a usable target status, the benchmark comparison decides: better
   green, similar amber, worse red (England by default; neighbours, or the
   worse of both, if configured).
3. The recent trend then adjusts: a green with a trend "getting worse" becomes
   amber; a red with a trend "getting better" becomes amber.
4. Nothing to judge by (no target, no benchmark with a polarity): grey.

Source: PHE "Technical Guide - RAG rating indicator values" (2017) for the
benchmark colours; the combination rules are this project's, documented in
docs/methods.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cypp.stats.targets import TargetStatus
from cypp.stats.trends import RecentTrend

Colour = Literal["red", "amber", "green", "grey"]
RED: Colour = "red"
AMBER: Colour = "amber"
GREEN: Colour = "green"
GREY: Colour = "grey"


@dataclass(frozen=True, slots=True)
class RagRules:
    """How a partnership turns evidence into a colour.

    Attributes:
        use_target: let a target status decide the colour when there is one.
        green_statuses / amber_statuses / red_statuses: target statuses per colour.
        benchmark: which comparison decides without a target: "england",
            "neighbours", or "worse of both".
        worsening_trend_demotes_green: a green measure "getting worse" is amber.
        improving_trend_lifts_red: a red measure "getting better" is amber.
    """

    use_target: bool = True
    green_statuses: tuple[str, ...] = ("achieved", "on track")
    amber_statuses: tuple[str, ...] = ("at risk",)
    red_statuses: tuple[str, ...] = ("off track", "missed")
    benchmark: Literal["england", "neighbours", "worse of both"] = "england"
    worsening_trend_demotes_green: bool = True
    improving_trend_lifts_red: bool = True

    def __post_init__(self) -> None:
        if self.benchmark not in ("england", "neighbours", "worse of both"):
            raise ValueError(
                'benchmark must be "england", "neighbours" or "worse of both", '
                f"got {self.benchmark!r}"
            )
        statuses = self.green_statuses + self.amber_statuses + self.red_statuses
        if len(set(statuses)) != len(statuses):
            raise ValueError("a target status can belong to only one colour")


@dataclass(frozen=True, slots=True)
class RagRating:
    """A colour and the sentence that says why.

    Attributes:
        colour: "red", "amber", "green" or "grey".
        reason: one sentence naming the evidence used.
        basis: what decided the colour: "target", "benchmark" or "none".
    """

    colour: Colour
    reason: str
    basis: str


_RANK = {GREEN: 0, AMBER: 1, RED: 2}


def _benchmark_colour(label: str | None) -> Colour | None:
    """Colour of a comparison label from ``compare``/``compare_two_level``."""
    if not label:
        return None
    word = label.split(" (")[0].strip().lower()
    return {"better": GREEN, "similar": AMBER, "worse": RED}.get(word)


def rag(
    *,
    target: TargetStatus | str | None = None,
    england: str | None = None,
    neighbours: str | None = None,
    trend: RecentTrend | str | None = None,
    rules: RagRules | None = None,
) -> RagRating:
    """Rate a measure red, amber, green or grey, with the reason in one sentence.

    ``target`` is a ``TargetStatus`` or its status word; ``england`` and
    ``neighbours`` are comparison labels from ``compare`` (e.g. "worse",
    "better (99.8%)"); ``trend`` is a ``RecentTrend`` or its label.

    Source: PHE "Technical Guide - RAG rating indicator values" (benchmark
    colours); combination rules per ``RagRules`` (docs/methods.md).
    """
    rules = rules or RagRules()
    status = target.status if isinstance(target, TargetStatus) else target
    trend_label = trend.label if isinstance(trend, RecentTrend) else trend
    colour: Colour | None = None
    basis = "none"
    because = ""
    if rules.use_target and status:
        if status in rules.green_statuses:
            colour = GREEN
        elif status in rules.amber_statuses:
            colour = AMBER
        elif status in rules.red_statuses:
            colour = RED
        if colour is not None:
            basis = "target"
            because = f"progress to target is {status}"
    if colour is None:
        candidates: list[tuple[Colour, str]] = []
        if rules.benchmark in ("england", "worse of both"):
            found = _benchmark_colour(england)
            if found is not None and england is not None:
                candidates.append((found, f"the value is {england} compared with England"))
        if rules.benchmark in ("neighbours", "worse of both"):
            found = _benchmark_colour(neighbours)
            if found is not None and neighbours is not None:
                candidates.append(
                    (found, f"the value is {neighbours} compared with statistical neighbours")
                )
        if candidates:
            colour, because = max(candidates, key=lambda c: _RANK[c[0]])
            basis = "benchmark"
    if colour is None:
        missing = "no target status and no benchmark comparison that judges better or worse"
        return RagRating(GREY, f"Grey: not rated, as there is {missing}.", "none")
    if trend_label:
        if (
            colour == GREEN
            and rules.worsening_trend_demotes_green
            and "getting worse" in trend_label
        ):
            return RagRating(
                AMBER, f"Amber: {because}, but the recent trend is {trend_label}.", basis
            )
        if colour == RED and rules.improving_trend_lifts_red and "getting better" in trend_label:
            return RagRating(
                AMBER, f"Amber: {because}, but the recent trend is {trend_label}.", basis
            )
    return RagRating(colour, f"{colour.capitalize()}: {because}.", basis)
