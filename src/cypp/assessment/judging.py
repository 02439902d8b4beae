"""The judgements of one measure, each with the sentence that explains it.

Numbers in, words out: the trend (tested for significance where the evidence allows, else
a direction of travel said to be untested), the comparison with England and with the
statistical neighbours, the rank and quartile band among all local authorities, and the
progress to target judged on the right period. ``cypp.stats`` does the arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cypp import stats
from cypp.assessment import coverage
from cypp.assessment.series import Point
from cypp.indicators.models import Indicator, ValueType

TREND_POINTS = 5  # Fingertips' recent trend uses the five latest points
WORSENING = (stats.trends.INCREASING_WORSE, stats.trends.DECREASING_WORSE)


@dataclass(frozen=True, slots=True)
class Judgement:
    """A label and the sentence that explains it."""

    label: str
    sentence: str
    tested: bool = True


@dataclass(frozen=True, slots=True)
class Ranking:
    rank: int | None
    rank_of: int
    band: str | None
    sentence: str
    # The counts behind the rank and the rule when a band or rank is withheld (coverage.py).
    coverage_note: str = ""


def number(x: float | None, decimals: int | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "no figure"
    places = 1 if decimals is None else decimals
    return f"{x:,.{places}f}"


def interval(point: Point, indicator: Indicator | None) -> tuple[float, float] | None:
    """The published 95% interval, or one computed honestly from the published counts."""
    if point.lower is not None and point.upper is not None:
        return point.lower, point.upper
    if indicator is None or point.numerator is None or not point.denominator:
        return None
    if indicator.value_type == ValueType.PROPORTION and point.numerator <= point.denominator:
        low, high = stats.wilson(point.numerator, point.denominator)
        return float(low) * indicator.multiplier, float(high) * indicator.multiplier
    if indicator.value_type == ValueType.RATE:
        estimate = stats.rate(point.numerator, point.denominator, multiplier=indicator.multiplier)
        return float(estimate.lower), float(estimate.upper)
    return None


# How a comparison label reads in a sentence ("... is significantly worse than England").
COMPARED_WORDS = {
    "better": "significantly better than",
    "worse": "significantly worse than",
    "similar": "not significantly different from",
    "higher": "significantly higher than",
    "lower": "significantly lower than",
}


def compare_with(
    point: Point | None,
    indicator: Indicator | None,
    benchmark: float | None,
    polarity: str,
    name: str,
    decimals: int | None,
) -> Judgement:
    """Fingertips' test: is the benchmark outside the point's 95% interval?"""
    if point is None or point.value is None:
        return Judgement("not compared", "There is no figure to compare.")
    if benchmark is None:
        return Judgement("not compared", f"There is no figure for {name} to compare with.")
    bounds = interval(point, indicator)
    if bounds is None:
        return Judgement(
            "not compared",
            f"No confidence interval is published or can be computed, so no test of "
            f"significance against {name} is made.",
        )
    label = str(stats.compare(point.value, bounds[0], bounds[1], benchmark, polarity))
    return Judgement(
        label,
        f"{point.period}: {number(point.value, decimals)} (95% confidence interval "
        f"{number(bounds[0], decimals)} to {number(bounds[1], decimals)}) is "
        f"{COMPARED_WORDS.get(label, label)} {name} ({number(benchmark, decimals)}).",
    )


def ranking(
    values: dict[int, float],
    area_id: int,
    polarity: str,
    authorities: int,
    quartiles_published: bool,
    *,
    reported: int | None = None,
    period: str = "",
) -> Ranking:
    """LAIT's rank and quartile band of the area among local authorities with a figure,
    where the figures cover enough of England's ``authorities`` (coverage.py decides)."""
    if area_id not in values:
        return Ranking(None, len(values), None, "")
    ranked = coverage.authorities_ranked(
        values,
        polarity=polarity,
        quartiles_published=quartiles_published,
        expected=authorities,
        reported=reported,
        period=period,
    )
    sentence = coverage.ranking_sentence(ranked, area_id)
    return Ranking(
        ranked.rank(area_id), ranked.rank_of, ranked.band(area_id), sentence, ranked.note
    )


def trend(points: list[Point], polarity: str, indicator: Indicator | None) -> Judgement:
    """The recent trend over the five latest points with a value.

    Tested for significance (Fingertips' method) when every point has counts and
    denominators of a proportion, or a confidence interval (published or computed);
    otherwise a direction of travel, said in words to be untested. When a period is missing
    among the five latest, the five latest available points are used, as Fingertips does,
    and the sentence says so.
    """
    recent = [p for p in points if p.value is not None][-TREND_POINTS:]
    if len(recent) < 2:
        return Judgement(
            "cannot be calculated",
            f"A trend needs at least two periods with a figure; there {_are(len(recent))}.",
            tested=False,
        )
    gap = ""
    if recent[-1].index - recent[0].index != len(recent) - 1:
        gap = (
            f" Some periods between {recent[0].period} and {recent[-1].period} have no figure, "
            f"so the {len(recent)} latest available points are used."
        )
    times = list(range(len(recent)))
    tested = _tested_trend(recent, polarity, indicator, times)
    if tested is not None:
        return Judgement(tested.label, f"{_sentence(tested.reason)}{gap}", tested=True)
    direction = stats.direction_of_travel(
        values=[float(p.value) for p in recent if p.value is not None],
        polarity=polarity,
        labels=[p.period for p in recent],
    )
    why = (
        f" A significance test needs {TREND_POINTS} periods"
        if len(recent) < TREND_POINTS
        else " No confidence intervals or counts are published for these periods"
    )
    return Judgement(
        direction.label,
        f"{_sentence(direction.reason)}{why}, so this is a direction of travel only.{gap}",
        tested=False,
    )


def _are(n: int) -> str:
    return f"is {n}" if n == 1 else f"are {n}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _tested_trend(
    recent: list[Point], polarity: str, indicator: Indicator | None, times: list[int]
) -> stats.RecentTrend | None:
    if len(recent) < TREND_POINTS:
        return None
    if (
        indicator is not None
        and indicator.value_type == ValueType.PROPORTION
        and all(p.numerator is not None and p.denominator for p in recent)
        and all((p.numerator or 0) <= (p.denominator or 0) for p in recent)
    ):
        result = stats.recent_trend(
            counts=[float(p.numerator or 0) for p in recent],
            denominators=[float(p.denominator or 0) for p in recent],
            polarity=polarity,
            times=times,
        )
        if result.label != stats.trends.CANNOT:
            return result
    bounds = [interval(p, indicator) for p in recent]
    if any(b is None or not b[1] > b[0] for b in bounds):
        return None
    result = stats.recent_trend(
        values=[float(p.value or 0) for p in recent],
        lower=[b[0] for b in bounds if b],
        upper=[b[1] for b in bounds if b],
        polarity=polarity,
        times=times,
    )
    return None if result.label == stats.trends.CANNOT else result


def is_worsening(judgement: Judgement) -> bool:
    return judgement.tested and judgement.label in WORSENING
