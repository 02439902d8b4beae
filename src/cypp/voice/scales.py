"""Licensed scales: the Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) and the
Strengths and Difficulties Questionnaire (SDQ).

CYPP ships their item codes and scoring rules, never their wording: both are licensed, and a
partnership registers its licence (``cypp voice scale register``) and writes the items'
wording, from its own licensed copy, into its survey file (``scale_item: swemwbs-1``). A
survey file may use a scale's items only once its partnership has registered the scale.

The scoring functions are pure: they take the answers as ``{item code: score}`` (the
option values, as whole numbers) and return the published scores, or None where the
published rules say the score is missing.

SWEMWBS (Stewart-Brown S. et al. 2009, "Internal construct validity of the Warwick-Edinburgh
Mental Well-being Scale (WEMWBS): a Rasch analysis using data from the Scottish Health
Education Population Survey", Health and Quality of Life Outcomes 7:15; Warwick Medical
School's WEMWBS user guide): seven items, each answered 1 ("none of the time") to 5 ("all
of the time"); the raw score is their sum, 7 to 35. The published conversion of raw scores
to "metric" scores is a table in that paper which we have not been able to check line by
line, so CYPP reports the raw score only. A raw score is given only when all seven items are
answered: CYPP's choice, since we could not cite a published rule for missing items.

SDQ (Goodman R. 1997, "The Strengths and Difficulties Questionnaire: a research note",
J Child Psychol Psychiatry 38:581-586; "Scoring the SDQ", youthinmind, www.sdqinfo.org):
25 items numbered as on the questionnaire, each scored 0 ("not true"), 1 ("somewhat true")
or 2 ("certainly true"), except five items written as strengths, which are reversed
(2, 1, 0): items 7, 11, 14, 21 and 25. Five subscales of five items, each 0 to 10. A
subscale's score may be prorated when at least three of its five items are answered (the
mean of those answered, times five, rounded to a whole number); with fewer it is missing.
The total difficulties score is the sum of the four difficulty subscales (not prosocial),
0 to 40, and is missing when any of them is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True, slots=True)
class Scale:
    code: str
    name: str
    items: tuple[str, ...]  # item codes, in the questionnaire's order
    low: int  # each item's lowest score
    high: int  # and highest
    source: str


SWEMWBS = Scale(
    "swemwbs",
    "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
    tuple(f"swemwbs-{n}" for n in range(1, 8)),
    1,
    5,
    "https://warwick.ac.uk/fac/sci/med/research/platform/wemwbs/",
)
SDQ = Scale(
    "sdq",
    "Strengths and Difficulties Questionnaire (SDQ)",
    tuple(f"sdq-{n}" for n in range(1, 26)),
    0,
    2,
    "https://www.sdqinfo.org/",
)
SCALES: dict[str, Scale] = {SWEMWBS.code: SWEMWBS, SDQ.code: SDQ}

# The SDQ's items written as strengths, scored 2, 1, 0 ("Scoring the SDQ").
SDQ_REVERSED = frozenset({7, 11, 14, 21, 25})
# Its subscales, by item number ("Scoring the SDQ").
SDQ_SUBSCALES: dict[str, tuple[int, ...]] = {
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
    "prosocial": (1, 4, 9, 17, 20),
}
SDQ_DIFFICULTIES = ("emotional", "conduct", "hyperactivity", "peer")


class ScoreRefused(ValueError):
    """An answer that is not one of the scale's scores, or an item that is not the scale's."""


def scale_of_item(item: str) -> Scale | None:
    """The scale whose item ``item`` is (``swemwbs-3``), or None."""
    for scale in SCALES.values():
        if item in scale.items:
            return scale
    return None


def _checked(scale: Scale, answers: Mapping[str, int]) -> dict[str, int]:
    checked: dict[str, int] = {}
    for item, score in answers.items():
        if item not in scale.items:
            raise ScoreRefused(f"{item!r} is not an item of {scale.name}")
        if isinstance(score, bool) or not isinstance(score, int):
            raise ScoreRefused(f"{item}: {score!r} is not a whole number")
        if not scale.low <= score <= scale.high:
            raise ScoreRefused(f"{item}: {score} is not from {scale.low} to {scale.high}")
        checked[item] = score
    return checked


def swemwbs_raw_score(answers: Mapping[str, int]) -> int | None:
    """The SWEMWBS raw score, 7 to 35: the sum of the seven items; None unless all seven
    are answered."""
    checked = _checked(SWEMWBS, answers)
    if set(checked) != set(SWEMWBS.items):
        return None
    return sum(checked.values())


def sdq_item_score(number: int, answer: int) -> int:
    """Item ``number``'s score for the answer 0 (not true), 1 (somewhat) or 2 (certainly
    true): the answer itself, or 2 minus it for an item written as a strength."""
    return 2 - answer if number in SDQ_REVERSED else answer


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sdq_scores(answers: Mapping[str, int]) -> dict[str, int | None]:
    """The five subscales and ``total_difficulties`` from the answers (0, 1 or 2 as ticked,
    before any reversal) keyed ``sdq-1`` to ``sdq-25``; a subscale with fewer than three
    items answered, and a total with any difficulty subscale missing, are None."""
    checked = _checked(SDQ, answers)
    scores: dict[str, int | None] = {}
    for name, numbers in SDQ_SUBSCALES.items():
        given = [sdq_item_score(n, checked[f"sdq-{n}"]) for n in numbers if f"sdq-{n}" in checked]
        if len(given) < 3:
            scores[name] = None
        elif len(given) == 5:
            scores[name] = sum(given)
        else:
            # Prorated: the mean of those answered, times five, rounded (exact arithmetic,
            # halves up, as SPSS's RND does in the published syntax).
            scores[name] = _round_half_up(Decimal(sum(given)) * 5 / len(given))
    parts = [scores[name] for name in SDQ_DIFFICULTIES]
    scores["total_difficulties"] = (
        None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
    )
    return scores
