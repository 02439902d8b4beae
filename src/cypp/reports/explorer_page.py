"""The explorer page beyond one area: the all-authorities table, the map of England, the
change since the previous period, and the downloads of what is shown.

The view (``views_evidence.explorer``) builds the ``Explorer`` for the chosen area, then
asks ``explorer_sections_build`` for the rest and ``explorer_download`` for a file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse

from cypp.charts import Chart, number_text
from cypp.charts.england_map import (
    BAND_CATEGORIES,
    SIGNIFICANCE_CATEGORIES,
    EnglandMap,
    MapArea,
    england_map,
)
from cypp.downloads import attachment, csv_download, licence_line
from cypp.geography.boundaries import CREDIT as BOUNDARIES_CREDIT
from cypp.reports.explorer import Explorer, decimals_for
from cypp.reports.explorer_table import (
    AuthoritiesTable,
    AuthorityRow,
    authorities_table_build,
    sort_parse,
)

MapMode = Literal["band", "significance"]
ChartName = Literal["map", "neighbours", "trend"]
CHART_NAMES: tuple[ChartName, ...] = ("map", "neighbours", "trend")

_MODE_TITLES = {
    "band": "by quartile band",
    "significance": "compared with England",
}


@dataclass(frozen=True, slots=True)
class HeaderLink:
    """A sortable column's header: its label, where clicking it goes, and aria-sort."""

    key: str
    label: str
    numeric: bool
    href: str
    aria_sort: str  # "ascending", "descending" or "none"; "" for a column not sortable


@dataclass(frozen=True, slots=True)
class Change:
    """The chosen area's change since the indicator's previous period, in words."""

    previous_label: str
    previous: str
    now: str
    change: str
    sentence: str


@dataclass(frozen=True, slots=True)
class ExplorerSections:
    table: AuthoritiesTable
    headers: tuple[HeaderLink, ...]
    map: EnglandMap
    map_mode: MapMode
    map_links: tuple[tuple[str, str, bool], ...]  # (label, href, current)
    change: Change | None
    downloads: tuple[tuple[str, str], ...]  # (label, href)


def _url(request: HttpRequest, **changes: str) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return f"{request.path}?{query.urlencode()}"


def roles_for(result: Explorer) -> dict[str, str]:
    """The highlighted rows in words: the chosen area, its neighbours or group members."""
    roles = {
        m.code: (
            f"{result.group.name} member" if result.group is not None else f"Neighbour {m.rank}"
        )
        for m in result.benchmark.neighbours.members
    }
    roles[result.area.code] = "Chosen area"
    return roles


def change_build(result: Explorer, table: AuthoritiesTable) -> Change | None:
    """The chosen area's change since the previous period, from the table's own row."""
    previous = table.previous_period
    if previous is None:
        return None
    row = next((r for r in table.rows if r.code == result.area.code), None)
    if row is None:
        return None
    d = table.decimals
    polarity = result.indicator.polarity
    if row.change is None:
        sentence = (
            f"{result.area.name} has no figure for {previous.label}, so no change is shown."
            if row.previous is None
            else f"{result.area.name} has no figure for {table.period.label}."
        )
    elif row.change == 0:
        sentence = (
            f"{result.area.name}: {number_text(row.value, d)} in {table.period.label}, the "
            f"same as in {previous.label} (to {d} decimal places)."
        )
    else:
        direction = "up" if row.change > 0 else "down"
        sentence = (
            f"{result.area.name}: {number_text(row.value, d)} in {table.period.label}, "
            f"{direction} {number_text(abs(row.change), d)} from {number_text(row.previous, d)} "
            f"in {previous.label}"
        )
        if polarity in ("high", "low"):
            better = (row.change > 0) == (polarity == "high")
            sentence += f": a change in the {'better' if better else 'worse'} direction"
        sentence += ". The change is not tested for statistical significance."
    return Change(
        previous_label=previous.label,
        previous=number_text(row.previous, d) or "no figure",
        now=number_text(row.value, d) or "no figure",
        change=(("+" if (row.change or 0) > 0 else "") + number_text(row.change, d))
        if row.change is not None
        else "",
        sentence=sentence,
    )


def _map_area(row: AuthorityRow, mode: MapMode, table: AuthoritiesTable) -> MapArea:
    value = table.value_text(row)
    if mode == "band":
        category = row.band if row.value is not None else "no data"
        words = f"band {row.band}" if row.band else "no band"
    else:
        category = row.comparison if row.value is not None else "no data"
        words = f"{row.comparison} {'' if row.comparison == 'not compared' else 'England'}"
    return MapArea(row.code, row.name, category, f"{value or 'no figure'}; {words.strip()}")


def explorer_map_build(*, result: Explorer, table: AuthoritiesTable, mode: MapMode) -> EnglandMap:
    """The map of every authority's band or comparison, the chosen area outlined."""
    categories = BAND_CATEGORIES if mode == "band" else SIGNIFICANCE_CATEGORIES
    summary = ""
    if mode == "band" and not table.ranked.banded:
        summary = table.ranked.note
    elif mode == "significance" and not table.has_limits:
        summary = (
            "No confidence intervals are published for this indicator, so no area is "
            "compared with England."
        )
    return england_map(
        title=f"Map of England's local authorities {_MODE_TITLES[mode]}, {table.period.label}",
        subject=f"{result.indicator.title}, {table.period.label}, {_MODE_TITLES[mode]}",
        areas=[_map_area(r, mode, table) for r in table.rows],
        categories=categories,
        chosen=result.area.code,
        outlined=[m.code for m in result.benchmark.neighbours.members],
        summary=summary,
    )


def map_mode_default(table: AuthoritiesTable) -> MapMode:
    """Bands where the indicator has them, otherwise the comparison with England."""
    return "band" if table.ranked.banded or not table.has_limits else "significance"


def explorer_sections_build(*, request: HttpRequest, result: Explorer) -> ExplorerSections:
    """The table, map, change and download links for the page as the request asks."""
    sort, descending = sort_parse(request.GET.get("sort"))
    table = authorities_table_build(
        indicator=result.indicator,
        period=result.period,
        periods=list(result.periods),
        decimals=decimals_for(result.indicator),
        roles=roles_for(result),
        sort=sort,
        descending=descending,
    )
    asked = request.GET.get("map", "")
    mode: MapMode = asked if asked in ("band", "significance") else map_mode_default(table)  # type: ignore[assignment]
    headers = []
    for column in table.columns:
        if not column.sortable:
            headers.append(HeaderLink(column.key, column.label, column.numeric, "", ""))
            continue
        current = column.key == sort
        # The first click on a column of figures shows the highest first; names go A to Z.
        first_descending = column.numeric and column.key != "rank"
        flip = (not descending) if current else first_descending
        href = _url(request, sort=("-" if flip else "") + column.key) + "#all-authorities"
        aria = ("descending" if descending else "ascending") if current else "none"
        headers.append(HeaderLink(column.key, column.label, column.numeric, href, aria))
    map_links = tuple(
        (
            f"Colour by {'quartile band' if m == 'band' else 'comparison with England'}",
            _url(request, map=m) + "#map",
            m == mode,
        )
        for m in ("band", "significance")
    )
    downloads = (
        (
            f"All local authorities, {result.period.label} (CSV)",
            _url(request, format="csv", table="authorities"),
        ),
        ("The map (SVG)", _url(request, format="svg", chart="map")),
        ("The map (PNG)", _url(request, format="png", chart="map")),
        (
            f"{result.comparators_name} chart (SVG)",
            _url(request, format="svg", chart="neighbours"),
        ),
        (
            f"{result.comparators_name} chart (PNG)",
            _url(request, format="png", chart="neighbours"),
        ),
        ("Over time chart (SVG)", _url(request, format="svg", chart="trend")),
        ("Over time chart (PNG)", _url(request, format="png", chart="trend")),
    )
    return ExplorerSections(
        table=table,
        headers=tuple(headers),
        map=explorer_map_build(result=result, table=table, mode=mode),
        map_mode=mode,
        map_links=map_links,
        change=change_build(result, table),
        downloads=downloads,
    )


# -- downloads ------------------------------------------------------------------------------


def _file_stem(result: Explorer, *parts: str) -> str:
    raw = "-".join([result.indicator.source.key, result.indicator.code, result.area.code, *parts])
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in raw)


def _spec_with_credit(chart: Chart, credit: str) -> dict[str, Any]:
    """The chart's specification with its title and the source's credit printed on it."""
    spec = copy.deepcopy(chart.spec)
    spec["title"] = {
        "text": chart.title,
        "subtitle": credit,
        "anchor": "start",
        "fontSize": 14,
        "subtitleFontSize": 11,
        "limit": 900,
    }
    spec.setdefault("background", "#ffffff")
    return spec


def explorer_download(
    *, request: HttpRequest, result: Explorer, sections: ExplorerSections | None = None
) -> HttpResponse | None:
    """The file a download link asks for (``format`` csv, svg or png), or None."""
    fmt = request.GET.get("format", "")
    if fmt == "csv" and request.GET.get("table") == "authorities":
        sections = sections or explorer_sections_build(request=request, result=result)
        credit = (
            f"{licence_line(result.credit, result.licence)} "
            f"Indicator {result.indicator.reference}: {result.indicator.title}"
            f" ({result.indicator.unit or 'value'}). {sections.table.ranked.note}"
        )
        name = _file_stem(result, result.period.label, "all-authorities") + ".csv"
        return csv_download([*sections.table.csv_rows(), [credit]], filename=name)
    if fmt not in ("svg", "png"):
        return None
    chart = request.GET.get("chart", "")
    if chart not in CHART_NAMES:
        return None
    import vl_convert

    if chart == "map":
        sections = sections or explorer_sections_build(request=request, result=result)
        svg = sections.map.document(data_credit=f"Figures: {result.credit}.")
        stem = _file_stem(result, result.period.label, f"map-{sections.map_mode}")
        if fmt == "svg":
            return attachment(svg, content_type="image/svg+xml", filename=stem + ".svg")
        return attachment(
            vl_convert.svg_to_png(svg, scale=2), content_type="image/png", filename=stem + ".png"
        )
    figure = result.neighbours if chart == "neighbours" else result.trend
    credit = licence_line(result.credit, result.licence)
    spec = _spec_with_credit(figure, credit)
    stem = _file_stem(result, *([result.period.label] if chart == "neighbours" else []), chart)
    if fmt == "svg":
        return attachment(
            vl_convert.vegalite_to_svg(spec), content_type="image/svg+xml", filename=stem + ".svg"
        )
    return attachment(
        vl_convert.vegalite_to_png(spec, scale=2), content_type="image/png", filename=stem + ".png"
    )


__all__ = [
    "BOUNDARIES_CREDIT",
    "ExplorerSections",
    "explorer_download",
    "explorer_sections_build",
]
