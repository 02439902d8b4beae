"""Ranks and quartile bands only over the authorities an indicator covers nationally.

One function, ``authorities_ranked``, that every page and report calls (the measure page,
the scorecard, the board pack, the area profile and the explorer's all-authorities table),
so they all rank, band and explain in the same words. The arithmetic (LAIT's rank and
quartile band) stays in ``cypp.stats``; this module decides whether a rank or a band means
anything for the figures there are, and says why not when it does not.

The rules (docs/methods.md, "Ranks and bands"; ADR 0013):

* The national set is England's current upper-tier local authorities (not retired): 153
  since April 2023. A retired council's row (Cumbria, Northamptonshire) never counts
  towards coverage, though its figure for a year it existed is ranked with the others.
* An authority is *reported* when the file has its row for the period, a figure or the
  publisher's mark (c, x, "-"): a national release that withholds poor-quality figures
  still covers the nation, as LAIT treats it; an 11-area extract does not.
* A rank needs figures for at least half of the national set: "8th of 11" would read as a
  place among all 153.
* A quartile band needs the file to report on at least 90% of the national set (and a
  rank): quarters of a partial file are not England's quarters.

Ranks and bands are always "among the N with a figure", and the note says N and the set.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db.models import Count, IntegerField, Subquery

from cypp.geography.models import Area, AreaType

RANK_SHARE = 0.5  # figures for at least half of the national set for a rank
BAND_SHARE = 0.9  # rows (figure or mark) for at least 90% of the national set for a band

K = TypeVar("K", bound=Hashable)

_QUARTER_WORDS = {
    "A": "the best quarter",
    "B": "the second-best quarter",
    "C": "the second-worst quarter",
    "D": "the worst quarter",
}


@dataclass(frozen=True, slots=True)
class Ranked(Generic[K]):
    """Every authority's rank and band among those with a figure, and the coverage behind them.

    ``ranks`` and ``bands`` hold only the areas given a rank or a band (empty when coverage
    is short); ``note`` says the counts and, when something is withheld, the rule.
    """

    ranks: dict[K, int]
    bands: dict[K, str]
    rank_of: int  # authorities with a figure
    expected: int  # the national set
    reported: int  # of the national set, with a row (a figure or the publisher's mark)
    note: str
    ranked: bool
    banded: bool
    period: str = ""
    withheld_reason: str = field(default="")

    @property
    def coverage(self) -> float:
        """Share of the national set with a figure (0 to 1)."""
        return min(self.rank_of, self.expected) / self.expected if self.expected else 0.0

    def rank(self, key: K) -> int | None:
        return self.ranks.get(key)

    def band(self, key: K) -> str | None:
        return self.bands.get(key) or None


def band_words(band: str | None) -> str:
    """'the best quarter' for A ... 'the worst quarter' for D; '' for no band."""
    return _QUARTER_WORDS.get(band or "", "")


def rank_needed(expected: int) -> int:
    """Figures needed for a rank: at least half of the national set."""
    return math.ceil(RANK_SHARE * expected)


def band_needed(expected: int) -> int:
    """Rows (figures or marks) needed for a band: at least 90% of the national set."""
    return math.ceil(BAND_SHARE * expected)


def authorities_ranked(
    values: Mapping[K, float],
    *,
    polarity: str,
    quartiles_published: bool,
    expected: int,
    reported: int | None = None,
    period: str = "",
) -> Ranked[K]:
    """LAIT's rank and quartile band of every authority with a figure, where coverage allows.

    ``values``: each local authority's figure (retired councils included for the years
    they existed; no England, regions or NaN). ``expected``: the national set, the count
    of current upper-tier authorities. ``reported``: how many of that set the file has a
    row for, a figure or a mark (defaults to the figures given, at most ``expected``).
    ``period``: the period's label, for the note.
    """
    from cypp import stats  # scipy: imported when a rank is wanted, not at start-up

    keys = [k for k, v in values.items() if v is not None and not math.isnan(v)]
    with_figure = len(keys)
    expected = max(expected, 0)
    if reported is None:
        reported = min(with_figure, expected)
    reported = max(reported, 0)
    when = f" for {period}" if period else ""
    empty: Ranked[K] = Ranked({}, {}, with_figure, expected, reported, "", False, False, period)

    if polarity not in ("high", "low"):
        reason = (
            "No rank or quartile band is given: neither the indicator nor the plan says "
            "whether higher or lower is better."
        )
        return _with(empty, note=reason, withheld_reason="polarity")
    if with_figure == 0:
        return _with(empty, note=f"No local authority has a figure{when}.", withheld_reason="none")
    if expected and with_figure < rank_needed(expected):
        note = (
            f"No rank or quartile band: only {with_figure} of {expected} local authorities "
            f"{'has' if with_figure == 1 else 'have'} a figure{when}. A rank needs figures for at least half of England's "
            f"{expected} local authorities ({rank_needed(expected)}), a band for at least "
            f"90% ({band_needed(expected)})."
        )
        return _with(empty, note=note, withheld_reason="coverage")

    import numpy as np

    array = np.array([values[k] for k in keys], dtype=float)
    ranks = {k: int(r) for k, r in zip(keys, stats.rank(array, polarity), strict=True)}
    banded = bool(quartiles_published) and (not expected or reported >= band_needed(expected))
    bands: dict[K, str] = {}
    if banded:
        bands = {
            k: str(b)
            for k, b in zip(keys, stats.quartile_band(array, polarity), strict=True)
            if str(b)
        }
    of = f"{with_figure} of {expected}" if expected else f"{with_figure}"
    note = f"Ranked among the {of} local authorities with a figure{when} (1st is the best)"
    missing = max(reported - min(with_figure, reported), 0)
    if missing and expected:
        note += f"; the other {missing} in the file have no figure (withheld or not available)"
    if quartiles_published and not banded:
        note += (
            f". No quartile band: bands need the file to cover at least 90% of England's "
            f"{expected} local authorities ({band_needed(expected)}), and it covers {reported}"
        )
    reason = "" if banded or not quartiles_published else "coverage"
    return Ranked(
        ranks, bands, with_figure, expected, reported, note + ".", True, banded, period, reason
    )


def _with(r: Ranked[K], *, note: str, withheld_reason: str) -> Ranked[K]:
    return Ranked(
        r.ranks,
        r.bands,
        r.rank_of,
        r.expected,
        r.reported,
        note,
        False,
        False,
        r.period,
        withheld_reason,
    )


def ranking_sentence(ranked: Ranked[K], key: K) -> str:
    """One area's place in words: 'in the best quarter of local authorities, 3rd of 150
    local authorities with a figure (of 153); 1st is the best'; the note when nobody is
    ranked; '' when others are ranked but this area has no figure."""
    rank = ranked.rank(key)
    if rank is None:
        return "" if ranked.ranked else ranked.note
    sentence = f"{ordinal(rank)} of {ranked.rank_of} local authorities with a figure"
    if ranked.expected:
        sentence += f" (of {ranked.expected})"
    sentence += "; 1st is the best"
    band = ranked.band(key)
    if band:
        sentence = f"in {band_words(band)} of local authorities, {sentence}"
    return sentence


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def authorities_expected() -> int:
    """The national set: England's current (not retired) upper-tier local authorities."""
    return Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False).count()


def authorities_expected_subquery() -> Subquery:
    """``authorities_expected()`` as a subquery, to annotate a query that is made anyway
    (uncorrelated, so the database counts once) instead of adding one."""
    return Subquery(
        Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False)
        .values("area_type")
        .annotate(n=Count("id"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def authorities_reported(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """For each (indicator id, period id), how many current local authorities the stored
    files have a row for, a figure or the publisher's mark: one query for all pairs."""
    from cypp.indicators.models import Observation

    wanted = set(pairs)
    if not wanted:
        return {}
    indicators = {i for i, _ in wanted}
    periods = {p for _, p in wanted}
    rows = (
        Observation.objects.filter(
            indicator_id__in=indicators,
            period_id__in=periods,
            area__area_type=AreaType.LOCAL_AUTHORITY,
            area__retired=False,
        )
        .values("indicator_id", "period_id")
        .annotate(n=Count("id"))
        .values_list("indicator_id", "period_id", "n")
    )
    found = {(i, p): n for i, p, n in rows if (i, p) in wanted}
    return {pair: found.get(pair, 0) for pair in wanted}
