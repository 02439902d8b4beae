"""The figures the explorer and the area profile publish: status marks in words, the
indicator's decimals, and local small numbers withheld before anything is shown, ranked
or compared (split from ``explorer.py``, which re-exports them)."""

from __future__ import annotations

from cypp.assessment.measures import STATUS_WORDS
from cypp.disclosure import WITHHELD, Figures, disclosure_rule
from cypp.indicators.models import Indicator, Observation, Period

# The observation fields every published figure needs: the value, its limits, what it is
# made of and its marks (status_note, observations_published). Queries add their own keys.
PUBLISHED_FIELDS = (
    "value",
    "lower_95",
    "upper_95",
    "numerator",
    "denominator",
    "status",
    "provisional",
    "estimate",
)

# The assessment's words for each status mark, keyed by the stored value.
_STATUS_WORDS: dict[str, str] = {str(status): words for status, words in STATUS_WORDS.items()}


def status_note(observation: Observation | None) -> str:
    """What a published cell says besides (or instead of) a number, in words."""
    if observation is None:
        return "no data"
    words = []
    if observation.status in WITHHELD:
        words.append(disclosure_rule().note(observation.status))
    elif observation.status:
        words.append(_STATUS_WORDS.get(observation.status, observation.get_status_display()))
    elif observation.value is None:
        words.append("not available")
    if observation.provisional:
        words.append("provisional")
    if observation.estimate:
        words.append("estimate")
    return ", ".join(words)


def decimals_for(indicator: Indicator) -> int:
    return indicator.decimals if indicator.decimals is not None else 1


def observations_published(observations: list[Observation], figures: Figures) -> None:
    """Withhold the local small numbers among observations read for a page, in place
    (they are never saved): no value, no limits, the withheld status. The areas of one
    period, or one area's periods, are a set with no published total."""
    if figures == Figures.OFFICIAL:
        return
    statuses = disclosure_rule().statuses(
        figures,
        [o.value for o in observations],
        [o.numerator for o in observations],
        [o.denominator for o in observations],
    )
    for o, status in zip(observations, statuses, strict=True):
        if status:
            o.value = o.numerator = o.denominator = None
            o.lower_95 = o.upper_95 = o.lower_998 = o.upper_998 = None
            o.status = status


def published_values(
    indicator: Indicator, period: Period, figures: Figures
) -> dict[str, float] | None:
    """Every area's published figure for a period of a local indicator (None for an official
    one: the benchmark reads them itself), so that ranks, bands, averages and ranges are
    made from the figures shown and cannot give a withheld one back."""
    if figures == Figures.OFFICIAL:
        return None
    rows = list(
        Observation.objects.filter(indicator=indicator, period=period, value__isnull=False)
        .select_related("area")
        .only("value", "numerator", "denominator", "status", "area__code")
    )
    observations_published(rows, figures)
    return {o.area.code: o.value for o in rows if o.value is not None}
