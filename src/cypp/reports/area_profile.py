"""The area profile: one area across every indicator of a topic, spine-chart style.

Like Fingertips' area profiles: each indicator's latest figure for the area beside England
and its region, the range of all local authorities (lowest, quartiles, highest), the
comparison with England by significance where a confidence interval is published or can
be made, and LAIT's quartile band where the file covers enough of England (coverage.py).
A fixed number of queries whatever the number of indicators: the indicators, the count of
England's authorities, the area's observations, and every local authority's, England's
and the region's row for each indicator's latest period.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

import numpy as np
from django.db.models import Q

from cypp import stats
from cypp.assessment import coverage
from cypp.charts import DataTable, number_text
from cypp.charts.spine import LegendItem, Spine, legend_items, spine_row
from cypp.disclosure import source_figures
from cypp.geography.models import Area, AreaType
from cypp.indicators.models import Indicator, Observation
from cypp.reports.area_topics import (
    Topic,
    topic_default,
    topic_key,
    topic_names,
    topics_list,
)
from cypp.reports.explorer import (
    ENGLAND,
    decimals_for,
    england_comparison,
    observations_published,
    status_note,
)


@dataclass(frozen=True, slots=True)
class ProfileRow:
    indicator: Indicator
    period: str
    value: float | None
    lower: float | None
    upper: float | None
    note: str
    england: float | None
    region: float | None
    minimum: float | None
    q25: float | None
    q75: float | None
    maximum: float | None
    authorities: int
    comparison: str  # against England: better, similar, worse, higher, lower, not compared
    comparison_method: str  # "significance", or "none" when no test could be made
    comparison_sentence: str
    band: str | None  # LAIT's quartile band, None when withheld (coverage_note says why)
    rank: int | None
    rank_of: int
    coverage_note: str
    band_note: str  # why there is no band, short enough for a table cell
    spine: Spine
    decimals: int

    @property
    def figures(self) -> list[str]:
        """Area, England and region, as shown."""
        area = number_text(self.value, self.decimals) if self.value is not None else self.note
        if self.value is not None and self.note:
            area += f" ({self.note})"
        return [area] + [self._text(v) for v in (self.england, self.region)]

    def _text(self, v: float | None) -> str:
        return number_text(v, self.decimals) if v is not None else "no data"

    @property
    def ends(self) -> tuple[str, str]:
        """The figures at the spine's left and right ends: worst and best where the
        indicator has a better direction, else lowest and highest."""
        low, high = self._text(self.minimum), self._text(self.maximum)
        return (high, low) if self.indicator.polarity == "low" else (low, high)

    @property
    def comparison_words(self) -> str:
        return COMPARISON_WORDS.get(self.comparison, self.comparison)

    @property
    def band_words(self) -> str:
        return coverage.band_words(self.band)

    @property
    def rank_words(self) -> str:
        """'82nd of 149 with a figure'; '' when not ranked."""
        if self.rank is None:
            return ""
        return f"{coverage.ordinal(self.rank)} of {self.rank_of} with a figure"

    @property
    def polarity_words(self) -> str:
        return {
            "high": "higher is better",
            "low": "lower is better",
        }.get(self.indicator.polarity, "no better or worse")


# The column "Compared with England" in Fingertips' words.
COMPARISON_WORDS = {
    "better": "Better",
    "similar": "Similar",
    "worse": "Worse",
    "higher": "Higher",
    "lower": "Lower",
    "not compared": "Not compared",
}


@dataclass(frozen=True, slots=True)
class AreaProfile:
    area: Area
    topic: Topic | None
    topics: list[Topic]
    rows: list[ProfileRow]
    without_data: list[Indicator]
    chosen_by_default: bool = False

    @property
    def credits(self) -> list[tuple[str, str]]:
        """Each source shown, with its licence."""
        seen: dict[str, str] = {}
        for row in self.rows:
            source = row.indicator.source
            seen.setdefault(source.credit or f"Source: {source.name}", source.licence)
        return list(seen.items())

    @property
    def legend(self) -> list[LegendItem]:
        return legend_items()

    @property
    def table(self) -> DataTable:
        """The figures of the profile, one row per indicator (for CSV and export)."""
        return DataTable(
            caption=f"{self.area.name}: {self.topic.name if self.topic else ''}",
            columns=(
                "Indicator",
                "Reference",
                "Period",
                self.area.name,
                "England",
                self.area.region.name if self.area.region else "Region",
                "Lowest local authority",
                "25th percentile",
                "75th percentile",
                "Highest local authority",
                "Compared with England",
                "Quartile band",
                "Rank",
                "Ranked among",
                "Coverage",
            ),
            rows=tuple(
                (
                    r.indicator.title,
                    r.indicator.reference,
                    r.period,
                    r.value if r.value is not None else r.note,
                    r.england,
                    r.region,
                    r.minimum,
                    r.q25,
                    r.q75,
                    r.maximum,
                    r.comparison,
                    r.band or "",
                    r.rank,
                    r.rank_of if r.rank is not None else None,
                    r.coverage_note,
                )
                for r in self.rows
            ),
        )


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def area_profile_build(*, area: Area, topic: str | None) -> AreaProfile:
    """The profile of the area across the indicators of a topic (by name, any case); the
    default topic when none is asked for, none when the one asked for does not exist."""
    indicators = list(Indicator.objects.select_related("source").order_by("title"))
    topics = topics_list(indicators)
    if topic:
        chosen = next((t for t in topics if t.key == topic_key(topic)), None)
    else:
        chosen = topic_default(topics)
    if chosen is None:
        return AreaProfile(area=area, topic=None, topics=topics, rows=[], without_data=[])
    members = [i for i in indicators if chosen.key in {topic_key(n) for n in topic_names(i)}]
    by_id = {i.pk: i for i in members}

    # The area's latest observation with a value, per indicator.
    latest: dict[int, Observation] = {}
    for o in (
        Observation.objects.filter(indicator__in=members, area=area, value__isnull=False)
        .select_related("period")
        .order_by("period__sort_key")
    ):
        latest[o.indicator_id] = o
    # A local small number is withheld (its period stays the latest, shown as "c").
    figures = {
        i.pk: source_figures(source_key=i.source.key, value_type=i.value_type) for i in members
    }
    for indicator_id, own in latest.items():
        observations_published([own], figures[indicator_id])
    rows: list[ProfileRow] = []
    if latest:
        expected = coverage.authorities_expected()
        pairs = reduce(or_, (Q(indicator_id=i, period_id=o.period_id) for i, o in latest.items()))
        values: dict[int, dict[str, float]] = defaultdict(dict)
        reported: Counter[int] = Counter()
        england: dict[int, float] = {}
        region: dict[int, float] = {}
        by_indicator: dict[int, list[Observation]] = defaultdict(list)
        # Rows without a figure too: a publisher's mark (c, x, "-") for a current authority
        # counts towards the file's coverage of England (coverage.py).
        for o in (
            Observation.objects.filter(pairs)
            .select_related("area")
            .only(
                "indicator_id",
                "value",
                "numerator",
                "denominator",
                "status",
                "area__code",
                "area__area_type",
                "area__retired",
            )
            .iterator()
        ):
            by_indicator[o.indicator_id].append(o)
        for indicator_id, found in by_indicator.items():
            # The range, quartiles, England and region of what is shown, never of a
            # withheld local figure (the lowest authority's 3 would be printed).
            observations_published(found, figures[indicator_id])
        for found in by_indicator.values():
            for o in found:
                local = o.area.area_type == AreaType.LOCAL_AUTHORITY
                if local and not o.area.retired:
                    reported[o.indicator_id] += 1
                if o.value is None:
                    continue
                if local:
                    values[o.indicator_id][o.area.code] = o.value
                elif o.area.code == ENGLAND:
                    england[o.indicator_id] = o.value
                if o.area_id == area.region_id:
                    region[o.indicator_id] = o.value
        for indicator_id, own in latest.items():
            rows.append(
                _row(
                    area=area,
                    indicator=by_id[indicator_id],
                    own=own,
                    values=values.get(indicator_id, {}),
                    england=england.get(indicator_id),
                    region=region.get(indicator_id),
                    expected=expected,
                    reported=reported[indicator_id],
                )
            )
    rows.sort(key=lambda r: r.indicator.title.casefold())
    without = [i for i in members if i.pk not in latest]
    return AreaProfile(
        area=area,
        topic=chosen,
        topics=topics,
        rows=rows,
        without_data=without,
        chosen_by_default=not topic,
    )


def _band_note(indicator: Indicator, value: float | None, ranked: coverage.Ranked[str]) -> str:
    if indicator.polarity not in ("high", "low"):
        return "None: no better direction"
    if not indicator.quartiles_published:
        return "None: the source does not band this indicator"
    if value is None:
        return "None: the figure is withheld"
    if not ranked.ranked and ranked.expected:
        return (
            f"None: only {ranked.rank_of} of England's {ranked.expected} authorities have a "
            f"figure; a rank needs {coverage.rank_needed(ranked.expected)}"
        )
    return (
        f"None: the file covers {ranked.reported} of England's {ranked.expected} "
        f"authorities; a band needs {coverage.band_needed(ranked.expected)} (90%)"
    )


def _row(
    *,
    area: Area,
    indicator: Indicator,
    own: Observation,
    values: dict[str, float],
    england: float | None,
    region: float | None,
    expected: int,
    reported: int,
) -> ProfileRow:
    decimals = decimals_for(indicator)
    la = np.array(list(values.values()), dtype=float)
    q = stats.quartiles(la) if la.size else np.full(5, np.nan)
    value = own.value
    ranked = coverage.authorities_ranked(
        values,
        polarity=indicator.polarity,
        quartiles_published=indicator.quartiles_published,
        expected=expected,
        reported=reported,
        period=own.period.label,
    )
    # A withheld local figure ("c", value None) is neither ranked nor banded: its place
    # among the others would tell it.
    band = ranked.band(area.code) if value is not None else None
    rank = ranked.rank(area.code) if value is not None else None
    result = england_comparison(
        name=area.name,
        value=value,
        lower=own.lower_95,
        upper=own.upper_95,
        england=england,
        polarity=indicator.polarity,
        decimals=decimals,
    )
    method = "significance" if result.label != "not compared" else "none"
    sentence = result.sentence
    if method == "none" and band:
        sentence += f" Among local authorities it is in {coverage.band_words(band)} (band {band})."
    return ProfileRow(
        indicator=indicator,
        period=own.period.label,
        value=value,
        lower=own.lower_95,
        upper=own.upper_95,
        note=status_note(own),
        england=england,
        region=region,
        minimum=_clean(q[0]),
        q25=_clean(q[1]),
        q75=_clean(q[3]),
        maximum=_clean(q[4]),
        authorities=int(la.size),
        comparison=result.label,
        comparison_method=method,
        comparison_sentence=sentence,
        band=band,
        rank=rank,
        rank_of=ranked.rank_of,
        coverage_note=ranked.note,
        band_note="" if band else _band_note(indicator, value, ranked),
        spine=spine_row(
            value=value,
            england=england,
            minimum=_clean(q[0]),
            q25=_clean(q[1]),
            q75=_clean(q[3]),
            maximum=_clean(q[4]),
            comparison=result.label,
            band=band,
            polarity=indicator.polarity,
            name=area.name,
            decimals=decimals,
        ),
        decimals=decimals,
    )
