"""The explorer's table of every local authority, its map, change and downloads, checked
against the published Fingertips file the session loaded (demo/data/fingertips)."""

from __future__ import annotations

import csv
import io
import statistics
from pathlib import Path

import pytest
from django.test import Client

from cypp.geography.models import ComparatorModel
from cypp.geography.selectors import area_get
from cypp.indicators.models import Period
from cypp.indicators.selectors import indicator_get
from cypp.reports.explorer import explorer_build
from cypp.reports.explorer_table import authorities_table_build, sort_parse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FINGERTIPS = ROOT / "demo" / "data" / "fingertips" / "la_hospital_admissions_2324.csv"
INJURIES = "fingertips:90284"  # hospital admissions for injuries, children 0-14, persons
HEREFORDSHIRE = "E06000019"
URL = "/evidence/explorer/"

# The file's own comparison with England ("Compared to England value or percentiles",
# 95% confidence interval against England's value), in the explorer's words.
PUBLISHED_WORDS = {
    "Better": "better",
    "Similar": "similar",
    "Worse": "worse",
    "Not compared": "not compared",
}


def _published(period: str) -> dict[str, dict[str, str]]:
    """The file's rows for counties and unitary authorities, persons, all children."""
    with FINGERTIPS.open(encoding="utf-8-sig", newline="") as f:
        return {
            r["Area Code"]: r
            for r in csv.DictReader(f)
            if r["Indicator ID"] == "90284"
            and r["Sex"] == "Persons"
            and not r["Category Type"]
            and r["Time period"] == period
            and r["Area Code"][:3] in ("E06", "E08", "E09", "E10")
        }


def _table(sort: str = ""):  # type: ignore[no-untyped-def]
    indicator = indicator_get(reference=INJURIES)
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    latest = max(periods, key=lambda p: p.sort_key)
    key, descending = sort_parse(sort)
    return authorities_table_build(
        indicator=indicator,
        period=latest,
        periods=periods,
        decimals=1,
        roles={HEREFORDSHIRE: "Chosen area"},
        sort=key,
        descending=descending,
    )


def test_every_authoritys_value_limits_and_comparison_match_the_published_file() -> None:
    table = _table()
    published = _published("2023/24")
    assert len(published) == 153
    rows = {r.code: r for r in table.rows}
    england = float(_published_england("2023/24")["Value"])
    assert table.england == pytest.approx(england)
    for code, line in published.items():
        row = rows[code]
        if line["Value"]:
            assert row.value == pytest.approx(float(line["Value"]))
            assert row.lower == pytest.approx(float(line["Lower CI 95.0 limit"]))
            assert row.upper == pytest.approx(float(line["Upper CI 95.0 limit"]))
        else:
            assert row.value is None
        # Fingertips' published judgement for the area, against the explorer's.
        assert (
            row.comparison == PUBLISHED_WORDS[line["Compared to England value or percentiles"]]
        ), code


def _published_england(period: str) -> dict[str, str]:
    with FINGERTIPS.open(encoding="utf-8-sig", newline="") as f:
        return next(
            r
            for r in csv.DictReader(f)
            if r["Area Code"] == "E92000001"
            and r["Sex"] == "Persons"
            and not r["Category Type"]
            and r["Time period"] == period
        )


def test_rank_and_band_agree_with_a_calculation_from_the_file() -> None:
    table = _table()
    values = {c: float(r["Value"]) for c, r in _published("2023/24").items() if r["Value"]}
    # Lower is better: 1st has the lowest rate; ties share the lowest rank.
    ordered = sorted(values.values())
    expected_rank = {c: 1 + sum(1 for v in ordered if v < x) for c, x in values.items()}
    # LAIT's bands over type 7 quartiles (statistics' "inclusive" method is type 7).
    q1, q2, q3 = statistics.quantiles(values.values(), n=4, method="inclusive")

    def band(v: float) -> str:
        return "A" if v <= q1 else "B" if v <= q2 else "C" if v <= q3 else "D"

    rows = {r.code: r for r in table.rows}
    assert table.ranked.rank_of == len(values)
    for code, v in values.items():
        assert rows[code].rank == expected_rank[code], code
        assert rows[code].band == band(v), code
    assert f"{len(values)} of 153" in table.ranked.note


def test_change_since_the_previous_period_is_the_difference_of_the_shown_figures() -> None:
    table = _table()
    assert table.previous_period is not None
    before = _published("2022/23")
    now = _published("2023/24")
    rows = {r.code: r for r in table.rows}
    for code in now:
        if not (now[code]["Value"] and before[code]["Value"]):
            continue
        expected = round(
            round(float(now[code]["Value"]), 1) - round(float(before[code]["Value"]), 1), 1
        )
        assert rows[code].change == pytest.approx(expected), code
    here = rows[HEREFORDSHIRE]
    previous = f"{float(before[HEREFORDSHIRE]['Value']):.1f}"
    assert here.change_words.endswith(f"from {previous}")
    assert here.change_words.split()[0] == ("up" if here.change and here.change > 0 else "down")


def test_sorting_by_value_puts_the_highest_first_and_areas_without_a_figure_last() -> None:
    table = _table("-value")
    figures = [r.value for r in table.rows if r.value is not None]
    assert figures == sorted(figures, reverse=True)
    assert all(r.value is None for r in table.rows[len(figures) :])
    by_rank = _table("rank")
    ranks = [r.rank for r in by_rank.rows if r.rank is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert sort_parse("nonsense") == ("name", False)


def test_the_table_reads_the_same_two_queries_for_any_number_of_areas(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    indicator = indicator_get(reference=INJURIES)
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    latest = max(periods, key=lambda p: p.sort_key)
    indicator.source  # noqa: B018 - loaded with the indicator
    with django_assert_num_queries(2):
        table = authorities_table_build(
            indicator=indicator, period=latest, periods=periods, decimals=1
        )
    assert len(table.rows) >= 153


def _page(client: Client, **params: str):  # type: ignore[no-untyped-def]
    query = {"indicator": INJURIES, "area": HEREFORDSHIRE, "model": "dfe-sn-2025", **params}
    return client.get(URL, query)


def test_the_page_shows_the_map_and_the_table_with_the_chosen_area_in_words(
    client: Client,
) -> None:
    response = _page(client, sort="-value")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="all-authorities"' in html and 'class="cypp-map__svg"' in html
    assert 'aria-sort="descending"' in html
    assert "(Chosen area)" in html
    assert "(Neighbour 1)" in html
    assert "Map of England&#x27;s 153 upper-tier local authorities" in html
    # The highest rate in the file is the first row of the table.
    values = {c: float(r["Value"]) for c, r in _published("2023/24").items() if r["Value"]}
    highest = max(values, key=lambda c: values[c])
    name = area_get(code=highest).name
    body = html.split('<tbody class="govuk-table__body">')[-1]
    assert body.index(name) < 400


def test_the_map_is_coloured_by_band_or_by_the_comparison_with_england(client: Client) -> None:
    by_band = _page(client).context["sections"]
    table = by_band.table
    counts = {item.category.key: item.count for item in by_band.map.legend}
    bands = table.counts("band")
    for key in "ABCD":
        assert counts[key] == bands[key]
    by_comparison = _page(client, map="significance").context["sections"]
    counts = {item.category.key: item.count for item in by_comparison.map.legend}
    published = [
        r["Compared to England value or percentiles"] for r in _published("2023/24").values()
    ]
    assert counts["better"] == published.count("Better")
    assert counts["worse"] == published.count("Worse")
    assert counts["similar"] == published.count("Similar")


def test_the_page_reads_the_same_number_of_queries_for_any_area(
    client: Client,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for code in (HEREFORDSHIRE, "E08000025"):  # Birmingham
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"indicator": INJURIES, "area": code}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_downloads_of_the_table_the_map_and_the_charts(client: Client) -> None:
    response = _page(client, format="csv", table="authorities")
    assert response["Content-Type"].startswith("text/csv")
    assert "fingertips-90284" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["ONS code", "Local authority", "Region", "Rate per 10,000"]
    here = next(r for r in rows if r and r[0] == HEREFORDSHIRE)
    assert here[3] == f"{float(_published('2023/24')[HEREFORDSHIRE]['Value']):.1f}"
    assert here[-1] == "Chosen area"
    assert "Licence" in rows[-1][0]
    svg = _page(client, format="svg", chart="map")
    assert svg["Content-Type"] == "image/svg+xml"
    assert "map-band.svg" in svg["Content-Disposition"]
    text = svg.content.decode()
    assert "Office for National Statistics" in text and "Figures: Source:" in text
    png = _page(client, format="png", chart="trend")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    neighbours = _page(client, format="svg", chart="neighbours")
    assert neighbours.content.decode().lstrip().startswith("<svg")
    assert "Licence" in neighbours.content.decode()


def test_the_explorer_builder_still_makes_the_chosen_areas_view() -> None:
    indicator = indicator_get(reference=INJURIES)
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    result = explorer_build(
        indicator=indicator,
        area=area_get(code=HEREFORDSHIRE),
        period=max(periods, key=lambda p: p.sort_key),
        periods=periods,
        model=ComparatorModel.objects.get(key="dfe-sn-2025"),
    )
    assert result.comparators_name == "Statistical neighbours"
    assert len(result.periods) == len(periods)
