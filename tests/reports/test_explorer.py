"""The indicator explorer on the session's national data: figures, words, CSV, queries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.geography.models import ComparatorModel
from cypp.geography.selectors import area_get
from cypp.indicators.catalogue import CatalogueFilters, catalogue_queryset
from cypp.indicators.models import Observation, Period
from cypp.indicators.selectors import indicator_get, period_for
from cypp.reports.explorer import explorer_build

pytestmark = pytest.mark.django_db

HEREFORDSHIRE = "E06000019"
URL = "/evidence/explorer/"


def _build(reference: str, label: str | None, model_key: str = "dfe-sn-2025"):  # type: ignore[no-untyped-def]
    indicator = indicator_get(reference=reference)
    period = period_for(indicator=indicator, label=label)
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    return explorer_build(
        indicator=indicator,
        area=area_get(code=HEREFORDSHIRE),
        period=period,
        periods=periods,
        model=ComparatorModel.objects.get(key=model_key),
    )


def test_lac_summary_is_lait_s_figures() -> None:
    # demo/data/lait/bds_long_0.parquet, "LAC" (children looked after, rate per 10,000), 2025:
    # Herefordshire 100, England 67, West Midlands 86.
    result = _build("lait:LAC", "2025")
    assert result.benchmark.value == 100.0
    summary = {row.key: row.value for row in result.summary}
    assert summary["Herefordshire"] == "100.0"
    assert summary["England"] == "67.0"
    assert summary["West Midlands"] == "86.0"
    # LAC has no polarity: no rank or band, and the page says why.
    assert "does not say whether a higher or a lower value is better" in summary["Rank"]
    assert result.comparison.label == "not compared"
    assert "No confidence interval" in result.comparison.sentence
    assert "Source: DfE" in result.credit and result.licence.startswith("Open Government")


# demo/data/fingertips/la_hospital_admissions_2324.csv, indicator 90284 (hospital admissions for
# injuries, aged 0 to 14, per 10,000; lower is better), 2023/24, persons: Herefordshire
# 94.49437 (95% interval 84.12861 to 107.3396), England 72.71223, and Fingertips's own
# comparison with England: "Worse". Of the 151 upper-tier authorities with a figure that
# year, 126 are lower than Herefordshire: rank 127.
HEREFORDSHIRE_90284 = (94.49437, 84.12861, 107.3396)


def test_fingertips_significance_and_tables() -> None:
    result = _build("fingertips:90284", "2023-24")
    assert result.comparison.label == "worse"
    assert "(84.1 to 107.3)" in result.comparison.sentence
    assert "England's value (72.7)" in result.comparison.sentence
    assert (result.benchmark.rank, result.benchmark.rank_of) == (127, 151)
    # The neighbours table has the area's interval, every neighbour and the reference lines.
    table = result.neighbours.table
    row = next(r for r in table.rows if r[0] == "Herefordshire")
    assert row[1] == "This area" and row[2:5] == pytest.approx(HEREFORDSHIRE_90284)
    names = [r[0] for r in table.rows]
    assert len(names) == len(result.benchmark.neighbours.members) + 1 + 2  # + England, average
    assert names[-2:] == ["England", "Neighbour average"]
    # The time series spans every period, oldest first, with the interval columns.
    trend = result.trend.table
    assert trend.rows[0][0] == "2010-11" and trend.rows[-1][0] == "2023-24"
    assert trend.columns[:4] == (
        "Period",
        "Herefordshire",
        "Herefordshire lower 95% limit",
        "Herefordshire upper 95% limit",
    )
    assert trend.rows[-1][1:4] == pytest.approx(HEREFORDSHIRE_90284)
    assert "94.5 in 2023-24" in result.trend.alt


def test_status_marks_are_words_never_numbers() -> None:
    suppressed = (
        Observation.objects.filter(status="confidential", area__area_type="local_authority")
        .select_related("indicator__source", "area", "period")
        .first()
    )
    assert suppressed is not None
    indicator = suppressed.indicator
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    result = explorer_build(
        indicator=indicator,
        area=area_get(code=suppressed.area.code),
        period=suppressed.period,
        periods=periods,
        model=ComparatorModel.objects.get(key="dfe-sn-2025"),
    )
    row = next(r for r in result.neighbours.table.rows if r[1] == "This area")
    assert row[2] == "suppressed (c)"
    assert {row.key: row.value for row in result.summary}[suppressed.area.name] == "suppressed (c)"


def _get(client, **params: str):  # type: ignore[no-untyped-def]
    return client.get(URL, {"model": "dfe-sn-2025", "area": HEREFORDSHIRE, "period": "", **params})


def test_page_shows_charts_tables_and_source(client) -> None:  # type: ignore[no-untyped-def]
    response = _get(client, indicator="fingertips:90284", period="2023-24")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 3  # the two charts and the map of England
    assert "Statistical neighbours, 2023-24" in html
    assert "Download this table as CSV" in html
    assert "Source: OHID Fingertips" in html and "Open Government Licence" in html
    # Nothing a strict Content Security Policy would block: no inline style or script.
    assert not re.search(r"\sstyle=|<style", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_csv_is_the_table_shown(client) -> None:  # type: ignore[no-untyped-def]
    result = _build("fingertips:90284", "2023-24")
    response = _get(client, indicator="fingertips:90284", period="2023-24", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(result.neighbours.table.columns)
    body = rows[1:-1]
    assert len(body) == len(result.neighbours.table.rows)
    here = next(r for r in body if r[0] == "Herefordshire")
    assert here[2:5] == ["94.5", "84.1", "107.3"]  # HEREFORDSHIRE_90284 to one decimal
    assert rows[-1][0].startswith("Source: OHID Fingertips. Licence: Open Government Licence")

    trend = _get(client, indicator="fingertips:90284", format="csv", table="trend")
    trend_rows = list(csv.reader(io.StringIO(trend.content.decode())))
    assert trend_rows[0][0] == "Period" and len(trend_rows) == len(result.trend.table.rows) + 2


def test_unknown_indicator_is_a_form_error(client) -> None:  # type: ignore[no-untyped-def]
    html = _get(client, indicator="lait:NOPE").content.decode()
    assert "There is a problem" in html and "No indicator" in html


def test_missing_period_falls_back_to_latest(client) -> None:  # type: ignore[no-untyped-def]
    html = _get(client, indicator="fingertips:90284", period="1999").content.decode()
    assert "has no period" in html and "2023-24" in html


def test_query_count_does_not_grow_with_neighbours_or_periods(client) -> None:  # type: ignore[no-untyped-def]
    """LAC (2016-2025) with the 2025 model and 90284 (2010-11 to 2023-24) with the 2021 model:
    different numbers of periods and neighbours, the same number of queries."""
    counts = []
    for reference, model in (("lait:LAC", "dfe-sn-2025"), ("fingertips:90284", "dfe-sn-2021")):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, indicator=reference, model=model)
        assert response.status_code == 200
        counts.append(len(queries))
    # The explorer's own, the coverage counts behind rank and band, and the table of every
    # local authority under the map (two: the authorities, the two periods' figures).
    assert counts[0] == counts[1] <= 11


def test_builder_query_count(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    indicator = indicator_get(reference="fingertips:90284")
    periods = list(Period.objects.filter(observations__indicator=indicator).distinct())
    area = area_get(code=HEREFORDSHIRE)
    model = ComparatorModel.objects.get(key="dfe-sn-2025")
    # The period's observations, the neighbours, and the whole series: three queries.
    with django_assert_num_queries(3):
        explorer_build(
            indicator=indicator, area=area, period=periods[-1], periods=periods, model=model
        )


def test_indicator_search(client) -> None:  # type: ignore[no-untyped-def]
    found = catalogue_queryset(filters=CatalogueFilters(words="looked after rate"))
    assert "lait:LAC" in [i.reference for i in found]
    by_code = catalogue_queryset(filters=CatalogueFilters(words="lait:LAC"))
    assert by_code[0].reference.startswith("lait:LAC")
    html = client.get(
        "/evidence/indicators/", {"q": "lait:LAC", "area": HEREFORDSHIRE}
    ).content.decode()
    assert "indicator=lait%3ALAC&amp;area=E06000019" in html


@pytest.mark.django_db
def test_a_link_without_a_model_uses_the_latest_one(client):
    response = client.get(
        "/evidence/explorer/", {"indicator": "fingertips:90284", "area": "E06000019"}
    )
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "There is a problem" not in response.content.decode()
