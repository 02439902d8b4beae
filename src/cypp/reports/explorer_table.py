"""The explorer's table of every local authority for one indicator and period.

Each authority's value (with its status marks in words), 95% limits where the source
publishes them, the Fingertips comparison with England, its rank and quartile band, and
the change since the indicator's previous period. Sorted on the server (``?sort=``), so
the table works without JavaScript.

Two queries whatever the number of authorities: the authorities with their regions, and
the observations of the chosen and the previous period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from cypp import stats
from cypp.assessment.coverage import Ranked, authorities_ranked
from cypp.charts import number_text
from cypp.disclosure import Figures, source_figures
from cypp.geography.models import Area, AreaType
from cypp.indicators.models import Indicator, Observation, Period
from cypp.reports.explorer_figures import PUBLISHED_FIELDS

ENGLAND = "E92000001"

SortKey = Literal["name", "region", "value", "comparison", "rank", "change"]
SORT_KEYS: tuple[SortKey, ...] = ("name", "region", "value", "comparison", "rank", "change")
DEFAULT_SORT: SortKey = "name"

# How the comparison with England sorts: the better side first, "not compared" last.
_COMPARISON_ORDER = {
    "better": 0,
    "higher": 0,
    "similar": 1,
    "worse": 2,
    "lower": 2,
    "not compared": 3,
}


@dataclass(frozen=True, slots=True)
class AuthorityRow:
    code: str
    name: str
    region: str
    value: float | None
    note: str
    lower: float | None
    upper: float | None
    comparison: str
    rank: int | None
    band: str
    previous: float | None
    change: float | None
    change_words: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    sortable: bool = True


@dataclass(frozen=True, slots=True)
class AuthoritiesTable:
    """Every local authority for one indicator and period, sorted as asked."""

    indicator: Indicator
    period: Period
    previous_period: Period | None
    rows: tuple[AuthorityRow, ...]
    england: float | None
    ranked: Ranked[str]
    has_limits: bool
    decimals: int
    sort: SortKey = DEFAULT_SORT
    descending: bool = False
    highlighted: tuple[str, ...] = field(default_factory=tuple)

    @property
    def caption(self) -> str:
        return f"{self.indicator.title}: every local authority, {self.period.label}"

    @property
    def columns(self) -> tuple[Column, ...]:
        columns = [
            Column("name", "Local authority"),
            Column("region", "Region"),
            Column("value", self.indicator.unit or "Value", numeric=True),
        ]
        if self.has_limits:
            columns.append(Column("limits", "95% confidence interval", sortable=False))
        columns += [
            Column("comparison", "Compared with England"),
            Column("rank", "Rank", numeric=True),
            Column("band", "Quartile band", sortable=False),
        ]
        if self.previous_period is not None:
            columns.append(
                Column("change", f"Change since {self.previous_period.label}", numeric=True)
            )
        return tuple(columns)

    def number(self, value: float | None) -> str:
        return number_text(value, self.decimals)

    def value_text(self, row: AuthorityRow) -> str:
        text = self.number(row.value)
        if row.note:
            return f"{text} ({row.note})" if text else row.note
        return text

    def limits_text(self, row: AuthorityRow) -> str:
        if row.lower is None or row.upper is None:
            return ""
        return f"{self.number(row.lower)} to {self.number(row.upper)}"

    @property
    def display_rows(self) -> list[tuple[AuthorityRow, str, str]]:
        """Each row with its value and limits as the page shows them."""
        return [(r, self.value_text(r), self.limits_text(r)) for r in self.rows]

    def counts(self, attribute: Literal["band", "comparison"]) -> dict[str, int]:
        """How many authorities fall in each band or comparison category."""
        found: dict[str, int] = {}
        for row in self.rows:
            key = getattr(row, attribute) or ""
            found[key] = found.get(key, 0) + 1
        return found

    def csv_rows(self) -> list[list[str]]:
        """The table as shown (same rounding, words for marks), one column per figure."""
        header = ["ONS code", "Local authority", "Region", self.indicator.unit or "Value", "Note"]
        if self.has_limits:
            header += ["Lower 95% limit", "Upper 95% limit"]
        header += ["Compared with England", "Rank", "Quartile band"]
        if self.previous_period is not None:
            header += [
                f"Value in {self.previous_period.label}",
                f"Change since {self.previous_period.label}",
            ]
        header.append("Shown as")
        body = []
        for r in self.rows:
            line = [r.code, r.name, r.region, number_text(r.value, self.decimals, grouping=False)]
            line.append(r.note)
            if self.has_limits:
                line += [
                    number_text(r.lower, self.decimals, grouping=False),
                    number_text(r.upper, self.decimals, grouping=False),
                ]
            line += [r.comparison, "" if r.rank is None else str(r.rank), r.band]
            if self.previous_period is not None:
                line += [
                    number_text(r.previous, self.decimals, grouping=False),
                    number_text(r.change, self.decimals, grouping=False),
                ]
            line.append(r.role)
            body.append(line)
        return [header, *body]


def sort_parse(raw: str | None) -> tuple[SortKey, bool]:
    """``?sort=`` as (column, descending): ``value`` ascending, ``-value`` descending;
    anything unknown is the default (by name)."""
    raw = (raw or "").strip()
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    for known in SORT_KEYS:
        if key == known:
            return known, descending
    return DEFAULT_SORT, False


def _sorted(rows: Iterable[AuthorityRow], key: SortKey, descending: bool) -> list[AuthorityRow]:
    """Rows in order of one column; rows without a figure always last, then by name."""
    rows = sorted(rows, key=lambda r: r.name)
    if key == "name":
        return sorted(rows, key=lambda r: r.name, reverse=descending)
    if key == "region":
        return sorted(rows, key=lambda r: r.region, reverse=descending)
    if key == "comparison":
        present = [r for r in rows if r.comparison != "not compared"]
        absent = [r for r in rows if r.comparison == "not compared"]
        present.sort(key=lambda r: _COMPARISON_ORDER.get(r.comparison, 3), reverse=descending)
        return present + absent

    def number(row: AuthorityRow) -> float | None:
        figure = row.value if key == "value" else row.rank if key == "rank" else row.change
        return None if figure is None else float(figure)

    present = [r for r in rows if number(r) is not None]
    absent = [r for r in rows if number(r) is None]
    present.sort(key=lambda r: number(r) or 0.0, reverse=descending)
    return present + absent


def change_words(
    change: float | None, *, previous: float | None, previous_label: str, decimals: int
) -> str:
    """The change since the previous period in words, from the figures as shown."""
    if previous is None:
        return f"no figure for {previous_label}"
    if change is None:
        return "no figure for this period"
    if change == 0:
        return f"no change from {number_text(previous, decimals)}"
    direction = "up" if change > 0 else "down"
    return (
        f"{direction} {number_text(abs(change), decimals)} from {number_text(previous, decimals)}"
    )


def change_between(value: float | None, previous: float | None, decimals: int) -> float | None:
    """The change between two figures as they are shown (rounded to the indicator's
    decimals first), so the change agrees with the two numbers a reader sees."""
    if value is None or previous is None:
        return None
    return round(round(value, decimals) - round(previous, decimals), decimals)


def authorities_table_build(
    *,
    indicator: Indicator,
    period: Period,
    periods: list[Period],
    decimals: int,
    roles: dict[str, str] | None = None,
    sort: SortKey = DEFAULT_SORT,
    descending: bool = False,
) -> AuthoritiesTable:
    """Every local authority's figure for ``period`` with its comparison, rank, band and
    change since the period before it among ``periods`` (the indicator's periods).

    ``roles`` names the rows to highlight in words ("Chosen area", "Neighbour 3").
    Local figures (not official statistics) are published as the explorer shows them:
    small numbers withheld before anything is ranked or compared.
    """
    from cypp.reports.explorer import observations_published, status_note

    roles = roles or {}
    earlier = [p for p in periods if p.sort_key < period.sort_key]
    previous_period = max(earlier, key=lambda p: p.sort_key) if earlier else None
    wanted = [period.pk] + ([previous_period.pk] if previous_period else [])
    observations = list(
        Observation.objects.filter(indicator=indicator, period_id__in=wanted)
        .select_related("area")
        .only(*PUBLISHED_FIELDS, "period_id", "area__code", "area__area_type")
    )
    figures = source_figures(source_key=indicator.source.key, value_type=indicator.value_type)
    now = [o for o in observations if o.period_id == period.pk]
    before = [o for o in observations if o.period_id != period.pk]
    if figures != Figures.OFFICIAL:
        observations_published(now, figures)
        observations_published(before, figures)
    current = {o.area.code: o for o in now}
    previous = {o.area.code: o for o in before}
    authorities = [
        a
        for a in Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY)
        .select_related("region")
        .only("code", "name", "retired", "region__name")
        if not a.retired or a.code in current
    ]
    codes = [a.code for a in authorities]
    values = {c: current[c].value for c in codes if c in current and current[c].value is not None}
    # Rank and band from the assessment's one ranking (coverage-aware): the national set is
    # the current authorities; a row counts as reported with a figure or a mark.
    current_authorities = [a.code for a in authorities if not a.retired]
    ranked = authorities_ranked(
        {c: float(v) for c, v in values.items() if v is not None},
        polarity=indicator.polarity,
        quartiles_published=indicator.quartiles_published,
        expected=len(current_authorities),
        reported=sum(1 for c in current_authorities if c in current),
        period=period.label,
    )
    england_obs = current.get(ENGLAND)
    england = england_obs.value if england_obs is not None else None

    def nan(x: float | None) -> float:
        return math.nan if x is None else float(x)

    comparisons = stats.compare(
        np.array([nan(current[c].value if c in current else None) for c in codes]),
        np.array([nan(current[c].lower_95 if c in current else None) for c in codes]),
        np.array([nan(current[c].upper_95 if c in current else None) for c in codes]),
        np.full(len(codes), nan(england)),
        indicator.polarity,
    )
    rows = []
    for a, comparison in zip(authorities, comparisons, strict=True):
        o = current.get(a.code)
        value = o.value if o is not None else None
        before_value = previous[a.code].value if a.code in previous else None
        change = change_between(value, before_value, decimals)
        rows.append(
            AuthorityRow(
                code=a.code,
                name=a.name,
                region=a.region.name if a.region else "",
                value=value,
                note=status_note(o),
                lower=o.lower_95 if o is not None else None,
                upper=o.upper_95 if o is not None else None,
                comparison=str(comparison),
                rank=ranked.rank(a.code),
                band=ranked.band(a.code) or "",
                previous=before_value,
                change=change,
                change_words=change_words(
                    change,
                    previous=before_value,
                    previous_label=previous_period.label if previous_period else "",
                    decimals=decimals,
                )
                if previous_period is not None
                else "",
                role=roles.get(a.code, ""),
            )
        )
    has_limits = any(r.lower is not None and r.upper is not None for r in rows)
    return AuthoritiesTable(
        indicator=indicator,
        period=period,
        previous_period=previous_period,
        rows=tuple(_sorted(rows, sort, descending)),
        england=england,
        ranked=ranked,
        has_limits=has_limits,
        decimals=decimals,
        sort=sort,
        descending=descending,
        highlighted=tuple(code for code in codes if code in roles),
    )
