"""One explainable red/amber/green rating that a partnership configures.

A board wants one colour per measure, and a councillor wants to know why.
``rag`` combines what the rest of this package says - progress to target, the
comparison with England and the statistical neighbours (by significance where
there is an interval), the quartile band and rank among all local authorities
(where there is no interval, or as well), and the recent trend - by rules set
in a small ``RagRules`` config, and returns the colour with the sentence that
justifies it, naming every input it used. Colour is never the only carrier:
the sentence and the colour word go together.

Default rules (each can be changed per partnership):

1. A target status decides first: "achieved"/"on track" green, "at risk"
   amber, "off track"/"missed" red.
2. Without a usable target status, the benchmarks decide: significantly worse
   than England, or in the worst quarter of local authorities, is red;
   otherwise significantly better than England, or in the best quarter, is
   green; otherwise (similar to England, or in a middle quarter) amber. Worse
   wins over better, so a measure is never green while any benchmark says it
   is among the worst.
3. The recent trend then adjusts, only when it was tested for significance: a
   green measure significantly "getting worse" becomes amber; a red measure
   significantly "getting better" becomes amber.
4. Grey only when there is nothing to judge by: no target status, no
   comparison that says better or worse, and no quartile band.

Source: PHE "Technical Guide - RAG rating indicator values" (2017) for the
benchmark colours; DfE LAIT for quartile bands (A best to D worst); the
combination rules are this project's, documented in docs/methods.md with
worked examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from cypp.stats.targets import TargetStatus
from cypp.stats.trends import RecentTrend

Colour = Literal["red", "amber", "green", "grey"]
RED: Colour = "red"
AMBER: Colour = "amber"
GREEN: Colour = "green"
GREY: Colour = "grey"
BEST_BAND = "A"
WORST_BAND = "D"

_BENCHMARKS = ("england", "neighbours", "england and neighbours")


@dataclass(frozen=True, slots=True)
class RagRules:
    """How a partnership turns evidence into a colour.

    Attributes:
        use_target: let a target status decide the colour when there is one.
        green_statuses / amber_statuses / red_statuses: target statuses per colour.
        benchmark: which significance comparisons judge without a target:
            "england" (default), "neighbours", or "england and neighbours"
            (the worse of the two decides).
        use_quartile_band: let the quartile band among all local authorities
            judge (worst quarter red, best quarter green) as well.
        worsening_trend_demotes_green: a green measure significantly "getting
            worse" is amber.
        improving_trend_lifts_red: a red measure significantly "getting better"
            is amber.
        worsening_trend_is_exception: besides every red measure, a significantly
            worsening trend puts a measure among a board's exceptions.
    """

    use_target: bool = True
    green_statuses: tuple[str, ...] = ("achieved", "on track")
    amber_statuses: tuple[str, ...] = ("at risk",)
    red_statuses: tuple[str, ...] = ("off track", "missed")
    benchmark: Literal["england", "neighbours", "england and neighbours"] = "england"
    use_quartile_band: bool = True
    worsening_trend_demotes_green: bool = True
    improving_trend_lifts_red: bool = True
    worsening_trend_is_exception: bool = True

    def __post_init__(self) -> None:
        if self.benchmark not in _BENCHMARKS:
            raise ValueError(
                'benchmark must be "england", "neighbours" or "england and neighbours", '
                f"got {self.benchmark!r}"
            )
        statuses = self.green_statuses + self.amber_statuses + self.red_statuses
        if len(set(statuses)) != len(statuses):
            raise ValueError("a target status can belong to only one colour")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any] | None) -> RagRules:
        """Rules from a partnership's stored settings (unknown keys are refused)."""
        settings = dict(settings or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ValueError(f"unknown rating rule(s): {', '.join(unknown)}")
        for name in ("green_statuses", "amber_statuses", "red_statuses"):
            if name in settings:
                given = settings[name]
                # "achieved" is not a list: tuple() would make it one status per letter.
                if not isinstance(given, list | tuple) or not all(
                    isinstance(x, str) for x in given
                ):
                    raise TypeError(f"{name} must be a list of target statuses, got {given!r}")
                settings[name] = tuple(given)
        for f in fields(cls):
            # A string "false" is truthy: a switch must be written true or false.
            given = settings.get(f.name, False)
            if f.type in ("bool", bool) and not isinstance(given, bool):
                raise TypeError(f"{f.name} must be true or false, got {given!r}")
        return cls(**settings)


@dataclass(frozen=True, slots=True)
class RagRating:
    """A colour and the sentence that says why.

    Attributes:
        colour: "red", "amber", "green" or "grey".
        reason: one sentence naming every input used.
        basis: what decided the colour: "target", "benchmark" or "none".
    """

    colour: Colour
    reason: str
    basis: str


_RANK = {GREEN: 0, AMBER: 1, RED: 2}


def _comparison_colour(label: str | None) -> Colour | None:
    """Colour of a comparison label from ``compare`` ("better (99.8%)", "similar"...)."""
    if not label:
        return None
    word = label.split(" (")[0].strip().lower()
    return {"better": GREEN, "similar": AMBER, "worse": RED}.get(word)


def _band_colour(band: str | None) -> Colour | None:
    if not band:
        return None
    return {BEST_BAND: GREEN, WORST_BAND: RED}.get(band, AMBER)


def _default_clause(name: str, label: str) -> str:
    return {
        "target": f"progress to target is {label}",
        "england": f"the value is {label} compared with England",
        "neighbours": f"the value is {label} compared with statistical neighbours",
        "band": f"it is in quartile band {label} of local authorities (A best, D worst)",
        "trend": f"the recent trend is {label}",
    }[name]


def rag(
    *,
    target: TargetStatus | str | None = None,
    england: str | None = None,
    neighbours: str | None = None,
    quartile_band: str | None = None,
    trend: RecentTrend | str | None = None,
    trend_tested: bool = True,
    rules: RagRules | None = None,
    clauses: Mapping[str, str] | None = None,
) -> RagRating:
    """Rate a measure red, amber, green or grey, with the reason in one sentence.

    ``target`` is a ``TargetStatus`` or its status word; ``england`` and
    ``neighbours`` are comparison labels from ``compare`` ("worse", "better
    (99.8%)", "similar"); ``quartile_band`` is LAIT's band ("A" best to "D"
    worst); ``trend`` is a ``RecentTrend`` or its label, and ``trend_tested``
    says whether it was tested for significance (an untested direction of
    travel is named but never changes the colour). ``clauses`` may give, per
    input ("target", "england", "neighbours", "band", "trend"), the words with
    figures that the reason should use instead of the generic ones.

    Source: PHE "Technical Guide - RAG rating indicator values" (benchmark
    colours); DfE LAIT quartile bands; combination rules per ``RagRules``
    (docs/methods.md).
    """
    rules = rules or RagRules()
    given = dict(clauses or {})
    status = target.status if isinstance(target, TargetStatus) else target
    trend_label = trend.label if isinstance(trend, RecentTrend) else trend

    def clause(name: str, label: str) -> str:
        return given.get(name) or _default_clause(name, label)

    colour: Colour | None = None
    basis = "none"
    deciding: list[str] = []
    if rules.use_target and status:
        for candidate, statuses in (
            (GREEN, rules.green_statuses),
            (AMBER, rules.amber_statuses),
            (RED, rules.red_statuses),
        ):
            if status in statuses:
                colour, basis = candidate, "target"
                deciding.append(clause("target", status))
    if colour is None:
        candidates: list[tuple[Colour, str]] = []
        if rules.benchmark in ("england", "england and neighbours"):
            found = _comparison_colour(england)
            if found is not None and england:
                candidates.append((found, clause("england", england)))
        if rules.benchmark in ("neighbours", "england and neighbours"):
            found = _comparison_colour(neighbours)
            if found is not None and neighbours:
                candidates.append((found, clause("neighbours", neighbours)))
        if rules.use_quartile_band:
            found = _band_colour(quartile_band)
            if found is not None and quartile_band:
                candidates.append((found, clause("band", quartile_band)))
        if candidates:
            worst = max(_RANK[c] for c, _ in candidates)
            if worst == _RANK[RED]:
                colour = RED
            elif any(c == GREEN for c, _ in candidates):
                colour = GREEN
            else:
                colour = AMBER
            basis = "benchmark"
            # Name the benchmarks that agree with the colour first, then the rest.
            deciding = [words for c, words in candidates if c == colour]
            deciding += [words for c, words in candidates if c != colour]
    context: list[str] = []
    if basis == "target":
        # The benchmarks did not decide, but a board reading the reason should see them.
        for name, label in (("england", england), ("band", quartile_band)):
            if label and (name != "band" or rules.use_quartile_band):
                context.append(clause(name, label))
    if trend_label and trend_label != "cannot be calculated":
        context.append(clause("trend", trend_label))
    if colour is None:
        missing = (
            "Grey: not rated, as there is no target status, no comparison that judges "
            "better or worse and no quartile band"
        )
        extra = f" ({'; '.join(context)})" if context else ""
        return RagRating(GREY, f"{missing}{extra}.", "none")
    because = _join(deciding)
    tested = trend_tested and bool(trend_label)
    if tested and trend_label and basis in ("target", "benchmark"):
        worsening = "getting worse" in trend_label
        improving = "getting better" in trend_label
        if colour == GREEN and rules.worsening_trend_demotes_green and worsening:
            return RagRating(AMBER, _sentence(AMBER, because, context, "but"), basis)
        if colour == RED and rules.improving_trend_lifts_red and improving:
            return RagRating(AMBER, _sentence(AMBER, because, context, "but"), basis)
    return RagRating(colour, _sentence(colour, because, context, "and"), basis)


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _sentence(colour: Colour, because: str, context: list[str], joiner: str) -> str:
    text = f"{colour.capitalize()}: {because}"
    if context:
        text += f"; {joiner} " + _join(context) if joiner == "but" else "; " + _join(context)
    return text + "."
