"""Which figures CYPP may publish: the small-number rule, in one place.

Counts of children from local records can identify them ("the 3 children placed out of
county"). Everything CYPP publishes outside the database - report pages, board packs
(HTML, PDF, CSV, XLSX), the scorecard download, the evidence pages, the plan page -
passes its figures through this rule; the statistics are ``cypp.stats.suppress`` and
``suppress_table``.

The rule:

* **Official figures are published as their publisher published them.** DfE (Explore
  education statistics, LAIT) and OHID (Fingertips) apply their own disclosure control
  before release: sources ``ees``, ``lait`` and ``fingertips``.
* **Local counts below the threshold are "c".** A figure is a local count when it comes
  from any other source (a tidy CSV import, "local") and its indicator's value type is
  "count", or when the partnership entered it itself (``MeasureValue``) for a measure
  whose unit does not say it is a percentage, rate, average, score, judgement, money or
  time (``entered_figures``). From 1 to the threshold less one is suppressed (``DISCLOSURE_THRESHOLD``, 10
  unless set); true zeros are shown unless ``DISCLOSURE_SUPPRESS_ZEROS``.
* **A figure worked out from a suppressed count is "c" too**: a local rate or percentage
  whose numerator or denominator is below the threshold (3 of 40 is 7.5%), and a rate a
  local count is compared on (3 per 10,000 children gives the 3 back).
* **A series of one area's counts over periods has no published total**, so each figure
  is judged on its own (primary suppression, ``total_published=False``); a table of
  counts by category with its totals also hides the cells that would let a small one be
  worked out (``counts_table``: secondary suppression audited by linear programming).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings

# numpy, the statistics core and the importers (polars) are imported where they are used:
# the plan and governance modules import this one for its names, and a command such as
# `cypp plan list` should not pay seconds of start-up for numbers it never works out.
if TYPE_CHECKING:
    from cypp import stats

# Publishers that control disclosure before they release: their figures are used as given.
OFFICIAL_SOURCES = frozenset({"ees", "lait", "fingertips"})

# What a withheld figure's status says, beside the publishers' own marks (``Status``).
SMALL_NUMBER = "small_number"  # a count below the threshold
FROM_SMALL_NUMBER = "from_small_number"  # worked out from one
WITHHELD = (SMALL_NUMBER, FROM_SMALL_NUMBER)
MARK = "c"  # the DfE's mark for a confidential figure: cypp.stats.SUPPRESSED (a test says so)

# How a measure's unit starts or ends when its figures are not counts of children or
# families: money, time, scores and judgements. Only the ends of the unit are read, so
# "children waiting over 18 weeks" is still a count.
_NOT_COUNTS_START = ("£", "pound", "hour", "day", "week", "month", "year", "score", "grade")
_NOT_COUNTS_END = ("judgement", "grade", "rating", "score", "ratio", "index")


class Figures(StrEnum):
    """What a set of figures is, for disclosure."""

    OFFICIAL = "official"  # already controlled by its publisher
    COUNTS = "counts"  # local counts: small ones are withheld
    FROM_COUNTS = "from counts"  # local rates or percentages: withheld with their counts


@dataclass(frozen=True, slots=True)
class DisclosureRule:
    """The threshold and whether zeros are withheld, with the notes a reader is given."""

    threshold: int = 10
    suppress_zeros: bool = False

    def note(self, status: str = SMALL_NUMBER) -> str:
        """The footnote for a withheld figure: the mark and why."""
        return f"{MARK}: {self.reason(status)}"

    def reason(self, status: str = SMALL_NUMBER) -> str:
        made = "worked out from a count of " if status == FROM_SMALL_NUMBER else ""
        return f"{made}fewer than {self.threshold}, not published to protect children's identities"

    @property
    def key(self) -> str:
        """Part of a cache key: a page rendered under another rule is not reused."""
        return f"{self.threshold}:{int(self.suppress_zeros)}"

    def hidden_counts(self, counts: Sequence[float | None]) -> list[bool]:
        """Which counts of a set with no published total are withheld (a series over time).

        Missing (None) and negative figures (a change, not a count) are never marked.
        """
        import numpy as np

        from cypp import stats

        values = np.array(
            [np.nan if c is None or c < 0 else float(c) for c in counts], dtype=np.float64
        )
        if values.size == 0:
            return []
        result = stats.suppress(
            values, self.threshold, total_published=False, suppress_zeros=self.suppress_zeros
        )
        return [bool(mark == MARK) for mark in result.marks]

    def counts_table(
        self,
        table: Sequence[Sequence[float]],
        *,
        row_totals: bool = True,
        column_totals: bool = True,
    ) -> stats.Disclosure:
        """A table of counts by category published with its totals: small cells and the
        cells that would let them be worked out from the totals are withheld."""
        from cypp import stats

        return stats.suppress_table(
            table,
            self.threshold,
            row_totals=row_totals,
            column_totals=column_totals,
            suppress_zeros=self.suppress_zeros,
        )

    def statuses(
        self,
        figures: Figures,
        values: Sequence[float | None],
        numerators: Sequence[float | None] | None = None,
        denominators: Sequence[float | None] | None = None,
    ) -> list[str]:
        """Each figure's status as published: "" (shown), ``SMALL_NUMBER`` or
        ``FROM_SMALL_NUMBER``. Figures of one area over periods, or of several areas in
        one period: a set with no published total."""
        if figures == Figures.OFFICIAL:
            return [""] * len(values)
        if figures == Figures.COUNTS:
            return [SMALL_NUMBER if h else "" for h in self.hidden_counts(values)]
        made_from = [False] * len(values)
        for counts in (numerators, denominators):
            if counts is not None:
                made_from = [
                    a or b for a, b in zip(made_from, self.hidden_counts(counts), strict=True)
                ]
        return [FROM_SMALL_NUMBER if h else "" for h in made_from]


def disclosure_rule() -> DisclosureRule:
    """The rule as configured (``DISCLOSURE_THRESHOLD``, ``DISCLOSURE_SUPPRESS_ZEROS``)."""
    return DisclosureRule(
        threshold=int(getattr(settings, "DISCLOSURE_THRESHOLD", 10)),
        suppress_zeros=bool(getattr(settings, "DISCLOSURE_SUPPRESS_ZEROS", False)),
    )


def source_figures(*, source_key: str, value_type: str) -> Figures:
    """What an indicator's observations are: official, local counts, or worked out from
    local counts (rates, percentages, means... whose numerators are checked)."""
    if source_key in OFFICIAL_SOURCES:
        return Figures.OFFICIAL
    return Figures.COUNTS if value_type == "count" else Figures.FROM_COUNTS


def entered_figures(*, unit: str, value_type: str | None = None) -> Figures:
    """What figures a partnership enters itself are (``MeasureValue``, a baseline it
    measured): counts unless the indicator's value type, or else the unit, says otherwise.

    Cautious by design: a unit that names who is counted ("families", "young people") or
    none at all is read as a count, since wrongly hiding a small figure costs less than
    publishing one that identifies a child.
    """
    if value_type and value_type != "other":
        return Figures.COUNTS if value_type == "count" else Figures.FROM_COUNTS
    from cypp.indicators.importers.units import value_type_from_unit

    from_unit, _ = value_type_from_unit(unit or "")
    if from_unit != "other":
        return Figures.COUNTS if from_unit == "count" else Figures.FROM_COUNTS
    text = (unit or "").strip().lower()
    if text.startswith(_NOT_COUNTS_START) or text.endswith(_NOT_COUNTS_END):
        return Figures.FROM_COUNTS
    return Figures.COUNTS


class _Measure(Protocol):
    """What the rule reads of a plan's measure (``cypp.plans.models.Measure``)."""

    indicator: Any
    area_id: int | None
    unit: str
    baseline_value: float | None


def measure_figures(measure: _Measure) -> Figures:
    """What a measure's series is, as the rating engine reads it: its indicator's
    observations for its area, or else the figures the partnership entered itself."""
    indicator = measure.indicator
    if indicator is not None and measure.area_id is not None:
        return source_figures(source_key=indicator.source.key, value_type=indicator.value_type)
    return measure_entered_figures(measure)


def measure_entered_figures(measure: _Measure) -> Figures:
    """What the figures the partnership enters for a measure are (``MeasureValue``)."""
    indicator = measure.indicator
    return entered_figures(
        unit=measure.unit or (indicator.unit if indicator is not None else ""),
        value_type=indicator.value_type if indicator is not None else None,
    )


def baseline_withheld(measure: _Measure, rule: DisclosureRule) -> bool:
    """Whether the plan's baseline for a measure is a local small number: a baseline given
    for a local count is one of those counts."""
    value = measure.baseline_value
    if value is None or measure_figures(measure) != Figures.COUNTS:
        return False
    return rule.hidden_counts([value])[0]
