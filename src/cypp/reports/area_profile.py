"""The area profile: one area across every indicator of a topic, spine-chart style.

Like Fingertips' area profiles: each indicator's latest figure for the area beside England
and its region, the range of all local authorities (lowest, quartiles, highest) and the
comparison with England - by significance where a confidence interval is published, else
by which quarter of local authorities the area is in. Four queries whatever the number of
indicators: the area, the indicators, the area's observations, and every local
authority's, England's and the region's observation for each indicator's latest period.
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
from cypp.disclosure import source_figures
from cypp.geography.models import Area, AreaType
from cypp.indicators.models import Indicator, Observation
from cypp.reports.charts import DataTable, SpineRow, number_text, spine_chart_row
from cypp.reports.explorer import (
    ENGLAND,
    decimals_for,
    england_comparison,
    observations_published,
    status_note,
)

OTHER_TOPIC = "Other indicators"

_QUARTER_WORDS = {
    "A": "lowest quarter",
    "B": "second-lowest quarter",
    "C": "second-highest quarter",
    "D": "highest quarter",
}


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    name: str
    indicators: int


def topic_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _topic_names(indicator: Indicator) -> list[str]:
    names = [t.strip() for t in indicator.topic.split(";") if t.strip()]
    return names or [OTHER_TOPIC]


def topics_list(indicators: list[Indicator]) -> list[Topic]:
    """The topics of the indicators, alphabetical; spellings differing only in case are one
    topic (named by its commonest spelling), and an indicator in "A; B" is in both."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for indicator in indicators:
        for name in _topic_names(indicator):
            spellings[topic_key(name)][name] += 1
    return sorted(
        (
            Topic(key=key, name=counts.most_common(1)[0][0], indicators=sum(counts.values()))
            for key, counts in spellings.items()
        ),
        key=lambda t: (t.name == OTHER_TOPIC, t.name.casefold()),
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
    comparison: str
    comparison_method: str  # "significance" or "quarter"
    comparison_sentence: str
    spine: SpineRow
    decimals: int

    @property
    def figures(self) -> list[str]:
        """Area, England, region, lowest, 25th and 75th percentile, highest, as shown."""
        area = number_text(self.value, self.decimals) if self.value is not None else self.note
        if self.value is not None and self.note:
            area += f" ({self.note})"
        others = (self.england, self.region, self.minimum, self.q25, self.q75, self.maximum)
        return [area] + [
            number_text(v, self.decimals) if v is not None else "no data" for v in others
        ]

    @property
    def polarity_words(self) -> str:
        return {
            "high": "higher is better",
            "low": "lower is better",
        }.get(self.indicator.polarity, "no better or worse")


@dataclass(frozen=True, slots=True)
class AreaProfile:
    area: Area
    topic: Topic | None
    topics: list[Topic]
    rows: list[ProfileRow]
    without_data: list[Indicator]

    @property
    def credits(self) -> list[tuple[str, str]]:
        """Each source shown, with its licence."""
        seen: dict[str, str] = {}
        for row in self.rows:
            source = row.indicator.source
            seen.setdefault(source.credit or f"Source: {source.name}", source.licence)
        return list(seen.items())

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
                )
                for r in self.rows
            ),
        )


def _clean(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _quarter_comparison(
    value: float, quartiles: np.ndarray, polarity: str, name: str
) -> tuple[str, str]:
    try:
        band = str(stats.quartile_band([value], "low", boundaries=quartiles)[0])
    except ValueError:
        return "not compared", f"{name} lies outside the range of local authorities."
    words = _QUARTER_WORDS.get(band, "")
    if not words:
        return "not compared", "There are no local authority figures to compare with."
    label = f"{words} of local authorities"
    best = {"high": "D", "low": "A"}.get(polarity)
    worst = {"high": "A", "low": "D"}.get(polarity)
    if band == best:
        label += " (the best quarter)"
    elif band == worst:
        label += " (the worst quarter)"
    return (
        label,
        "No confidence interval is published, so the area is placed among the quarters of "
        "local authorities' values instead of being tested against England.",
    )


def area_profile_build(*, area: Area, topic: str | None) -> AreaProfile:
    """The profile of the area across the indicators of a topic (by name, any case)."""
    indicators = list(Indicator.objects.select_related("source").order_by("title"))
    topics = topics_list(indicators)
    chosen = next((t for t in topics if topic and t.key == topic_key(topic)), None)
    if chosen is None:
        return AreaProfile(area=area, topic=None, topics=topics, rows=[], without_data=[])
    members = [i for i in indicators if chosen.key in {topic_key(n) for n in _topic_names(i)}]
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
        pairs = reduce(or_, (Q(indicator_id=i, period_id=o.period_id) for i, o in latest.items()))
        values: dict[int, list[float]] = defaultdict(list)
        england: dict[int, float] = {}
        region: dict[int, float] = {}
        by_indicator: dict[int, list[Observation]] = defaultdict(list)
        for o in (
            Observation.objects.filter(pairs, value__isnull=False)
            .select_related("area")
            .only(
                "indicator_id",
                "value",
                "numerator",
                "denominator",
                "status",
                "area__code",
                "area__area_type",
            )
            .iterator()
        ):
            by_indicator[o.indicator_id].append(o)
        for indicator_id, found in by_indicator.items():
            # The range, quartiles, England and region of what is shown, never of a
            # withheld local figure (the lowest authority's 3 would be printed).
            observations_published(found, figures[indicator_id])
        for indicator_id, area_id, code, area_type, value in (
            (o.indicator_id, o.area_id, o.area.code, o.area.area_type, o.value)
            for found in by_indicator.values()
            for o in found
        ):
            if value is None:
                continue
            if area_type == AreaType.LOCAL_AUTHORITY:
                values[indicator_id].append(value)
            elif code == ENGLAND:
                england[indicator_id] = value
            if area_id == area.region_id:
                region[indicator_id] = value
        for indicator_id, own in latest.items():
            indicator = by_id[indicator_id]
            decimals = decimals_for(indicator)
            la = np.array(values.get(indicator_id, []), dtype=float)
            q = stats.quartiles(la) if la.size else np.full(5, np.nan)
            eng = england.get(indicator_id)
            value = own.value
            if own.lower_95 is not None and own.upper_95 is not None and eng is not None:
                result = england_comparison(
                    name=area.name,
                    value=value,
                    lower=own.lower_95,
                    upper=own.upper_95,
                    england=eng,
                    polarity=indicator.polarity,
                    decimals=decimals,
                )
                label, method, sentence = result.label, "significance", result.sentence
                marker = result.label
            elif value is not None and la.size:
                label, sentence = _quarter_comparison(value, q, indicator.polarity, area.name)
                method, marker = "quarter", "not compared"
            else:
                label, method, marker = "not compared", "none", "not compared"
                sentence = "There is nothing to compare with."
            rows.append(
                ProfileRow(
                    indicator=indicator,
                    period=own.period.label,
                    value=value,
                    lower=own.lower_95,
                    upper=own.upper_95,
                    note=status_note(own),
                    england=eng,
                    region=region.get(indicator_id),
                    minimum=_clean(q[0]),
                    q25=_clean(q[1]),
                    q75=_clean(q[3]),
                    maximum=_clean(q[4]),
                    authorities=int(la.size),
                    comparison=label,
                    comparison_method=method,
                    comparison_sentence=sentence,
                    spine=spine_chart_row(
                        value=value,
                        england=eng,
                        minimum=_clean(q[0]),
                        q25=_clean(q[1]),
                        q75=_clean(q[3]),
                        maximum=_clean(q[4]),
                        comparison=marker,
                        polarity=indicator.polarity,
                        name=area.name,
                        decimals=decimals,
                    ),
                    decimals=decimals,
                )
            )
    rows.sort(key=lambda r: r.indicator.title.casefold())
    without = [i for i in members if i.pk not in latest]
    return AreaProfile(area=area, topic=chosen, topics=topics, rows=rows, without_data=without)
