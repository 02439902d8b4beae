"""Local small numbers are published as "c" wherever a figure leaves CYPP: the scorecard
download (CSV, XLSX), the board pack (its tables, its pages), the measure page and the plan
page a signed-out reader of a public plan sees, and the evidence pages; official figures
(DfE, OHID) are shown as their publisher released them.

The local figures are made the two ways a partnership has them: entered on the plan
(``MeasureValue``) and imported from CYPP's tidy CSV (source "local").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from cypp.assessment.measures import plan_assessments
from cypp.assessment.published import assessment_published
from cypp.geography.selectors import area_get
from cypp.indicators.models import Indicator
from cypp.indicators.selectors import indicator_get
from cypp.indicators.services import observations_import
from cypp.plans.models import Measure, MeasureValue, Plan
from cypp.reports.board_pack.render import pack_fragment
from cypp.reports.builds import board_pack_report
from cypp.reports.models import BoardPack
from cypp.reports.services import board_pack_request
from tests.plans.factories import analyst_make, plan_make

pytestmark = pytest.mark.django_db

NOTE = "c: fewer than 10, not published to protect children's identities"
FROM_NOTE = (
    "c: worked out from a count of fewer than 10, not published to protect children's identities"
)
# What a page shows in a withheld figure's cell (the note's apostrophe escaped).
PAGE_MARK = 'c <span class="govuk-body-s">(fewer than 10, not published to protect children&#x27;s identities)</span>'

TIDY = """indicator,area,period,period_type,value,numerator,denominator,title,unit,value_type,multiplier,polarity,decimals
families_helped,E06000019,2015,calendar,12,,,Families given early help,Number of families,count,1,high,0
families_helped,E06000019,2016,calendar,0,,,,,,,,
families_helped,E06000019,2017,calendar,3,,,,,,,,
plans_on_time,E06000019,2016,calendar,60.0,24,40,Plans agreed on time,% of plans,proportion,100,high,1
plans_on_time,E06000019,2017,calendar,7.5,3,40,,,,,,
custody_nights,E06000019,2016,calendar,15,,,Nights young people spent in custody,Number of nights,count,1,low,0
custody_nights,E06000019,2017,calendar,11,,,,,,,,
custody_nights,E92000001,2016,calendar,4,,,,,,,,
custody_nights,E92000001,2017,calendar,200,,,,,,,,
"""


@dataclass
class SmallNumbers:
    plan: Plan
    entered: Measure  # entered on the plan: 12, 0, 3 (latest 3), baseline 4
    entered_zero_last: Measure  # entered: 3, 12, 0 (latest 0)
    imported: Measure  # tidy CSV count 12, 0, 3, compared on a rate per 10,000
    percentage: Measure  # tidy CSV 60.0% (24 of 40), 7.5% (3 of 40)
    official: Measure  # DfE children looked after in the City of London: 9, then 7


def _measure(plan: Plan, key: str, title: str, **fields: object) -> Measure:
    outcome = plan.priorities.get().outcomes.get()
    return Measure.objects.create(outcome=outcome, key=key, title=title, order=10, **fields)


def _entered(measure: Measure, values: dict[str, float]) -> None:
    for period, value in values.items():
        MeasureValue.objects.create(measure=measure, period=period, value=value)


@pytest.fixture
def small(tmp_path: Path) -> SmallNumbers:
    path = tmp_path / "local.csv"
    path.write_text(TIDY, encoding="utf-8")
    observations_import(importer="tidy", path=path)
    # The count is compared with other areas on a rate per 10,000 children (ONS via EES).
    Indicator.objects.filter(source__key="local", code="families_helped").update(
        rate_population="ees:population_0_17", rate_multiplier=10_000
    )
    plan = plan_make(key="small-numbers", measures=0, public=True)
    herefordshire = area_get(code="E06000019")
    entered = _measure(
        plan,
        "families-helped",
        "Families given early help",
        kind="how_much",
        unit="families",
        baseline_period="2014",
        baseline_value=4,
        target_value=20,
        target_due=dt.date(2018, 3, 31),
        target_direction="increase",
    )
    _entered(entered, {"2015": 12, "2016": 0, "2017": 3})
    zero_last = _measure(
        plan, "custody", "Young people held in police custody", unit="young people"
    )
    _entered(zero_last, {"2015": 3, "2016": 12, "2017": 0})
    imported = _measure(
        plan,
        "families-imported",
        "Families given early help (case system)",
        indicator=indicator_get(reference="local:families_helped"),
        area=herefordshire,
    )
    percentage = _measure(
        plan,
        "plans-on-time",
        "Plans agreed on time",
        indicator=indicator_get(reference="local:plans_on_time"),
        area=herefordshire,
    )
    official = _measure(
        plan,
        "looked-after",
        "Children looked after (City of London)",
        indicator=indicator_get(reference="ees:cla_count"),
        area=area_get(code="E09000001"),
    )
    return SmallNumbers(plan, entered, zero_last, imported, percentage, official)


def _rows(table_rows: list[list[object]], columns: list[object]) -> dict[str, dict[str, object]]:
    """Each measure's row by its title, as {column: cell}."""
    index = columns.index("Measure")
    return {str(row[index]): dict(zip(columns, row, strict=True)) for row in table_rows}


def _csv(content: bytes) -> dict[str, dict[str, object]]:
    header, *body = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return _rows([list(r) for r in body], list(header))


def test_the_scorecard_download_shows_c_for_a_local_small_count_and_official_ones_as_published(
    client: Client, small: SmallNumbers
) -> None:
    rows = _csv(client.get(f"/plans/{small.plan.key}/scorecard.csv").content)

    entered = rows["Families given early help"]
    assert (entered["Latest period"], entered["Latest value"]) == ("2017", "c")
    assert NOTE in str(entered["Latest figure note"])
    assert entered["Baseline"] == "c"  # the plan's baseline of 4 families
    zero = rows["Young people held in police custody"]
    assert (zero["Latest period"], float(str(zero["Latest value"]))) == ("2017", 0.0)
    imported = rows["Families given early help (case system)"]
    assert (imported["Latest period"], imported["Latest value"]) == ("2017", "c")
    percentage = rows["Plans agreed on time"]
    assert (percentage["Latest value"], percentage["Latest figure note"]) == ("c", FROM_NOTE)
    official = rows["Children looked after (City of London)"]
    assert (official["Latest period"], float(str(official["Latest value"]))) == ("2024", 7.0)

    book = load_workbook(io.BytesIO(client.get(f"/plans/{small.plan.key}/scorecard.xlsx").content))
    sheet = book["scorecard"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    xlsx = _rows(cells, [c.value for c in sheet[2]])
    assert xlsx["Families given early help"]["Latest value"] == "c"
    assert xlsx["Families given early help (case system)"]["Latest value"] == "c"
    assert xlsx["Plans agreed on time"]["Latest value"] == "c"
    assert xlsx["Young people held in police custody"]["Latest value"] == 0
    assert xlsx["Children looked after (City of London)"]["Latest value"] == 7

    # The pages the downloads come from say the same: the two latest counts of 3 families
    # are "c", and so is the 7.5% worked out from 3 plans.
    for page in ("scorecard", "on-a-page"):
        html = client.get(f"/plans/{small.plan.key}/{page}/").content.decode()
        assert html.count(PAGE_MARK) == 2, page
        assert html.count('c <span class="govuk-body-s">(worked out from a count') == 1, page


def test_the_board_pack_tables_and_pages_withhold_local_small_numbers(
    small: SmallNumbers,
) -> None:
    analyst = analyst_make(partnership=small.plan.partnership)
    pack = board_pack_request(plan=small.plan, period=None, by=analyst)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY
    officer = Client()
    officer.force_login(analyst)
    base = f"/plans/{small.plan.key}/board-packs/{pack.pk}"

    rows = _csv(officer.get(f"{base}/tables/scorecard.csv").content)
    assert rows["Families given early help"]["Latest value"] == "c"
    assert rows["Families given early help (case system)"]["Latest value"] == "c"
    assert rows["Plans agreed on time"]["Latest value"] == "c"
    assert float(str(rows["Young people held in police custody"]["Latest value"])) == 0.0
    assert float(str(rows["Children looked after (City of London)"]["Latest value"])) == 7.0
    marks = list(
        csv.reader(
            io.StringIO(officer.get(f"{base}/tables/figure-marks.csv").content.decode("utf-8-sig"))
        )
    )
    withheld = {(m, p) for m, p, mark, _why in marks[1:] if mark == "c"}
    assert {
        ("Families given early help", "2017"),
        ("Families given early help (case system)", "2017"),
        ("Plans agreed on time", "2017"),
        ("Young people held in police custody", "2015"),
    } <= withheld
    assert not any(m == "Children looked after (City of London)" for m, _ in withheld)

    book = load_workbook(io.BytesIO(officer.get(f"{base}/tables.xlsx").content))
    sheet = book["scorecard"]
    xlsx = _rows(
        [[c.value for c in r] for r in sheet.iter_rows(min_row=3)], [c.value for c in sheet[2]]
    )
    assert xlsx["Families given early help"]["Latest value"] == "c"
    assert xlsx["Children looked after (City of London)"]["Latest value"] == 7

    # The pack's pages (the HTML the PDF is made from): the measure's figures table and
    # the data notes say c and why; the count's figures are not in the chart's table.
    fragment = pack_fragment(board_pack_report(plan=small.plan, period=None))
    assert PAGE_MARK in fragment
    assert "Small numbers not published" in fragment
    assert "Families given early help, 2017: " + NOTE.replace("'", "&#x27;") in fragment


def _figures_row(page: str, period: str) -> str:
    """The "Every figure" table's row for a period, as HTML."""
    table = page[page.index('aria-label="Every figure"') :]
    match = re.search(
        rf'<th scope="row" class="govuk-table__header">{period}</th>(.*?)</tr>', table, re.S
    )
    assert match, period
    return match.group(1)


def test_a_signed_out_reader_of_a_public_plan_sees_c_on_the_measure_page(
    client: Client, small: SmallNumbers
) -> None:
    page = client.get(f"/plans/{small.plan.key}/measures/{small.entered_zero_last.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert PAGE_MARK in _figures_row(html, "2015")  # 3 young people
    assert ">12.0<" in _figures_row(html, "2016")
    assert ">0.0<" in _figures_row(html, "2017")  # a true zero is shown

    html = client.get(f"/plans/{small.plan.key}/measures/{small.entered.pk}/").content.decode()
    assert PAGE_MARK in _figures_row(html, "2017")
    # Progress to target forecasts from a line through 12, 0 and the withheld 3: with two
    # figures shown, the forecast gives the third back, so its sentence is withheld.
    [raw] = [a for a in plan_assessments(plan=small.plan) if a.measure.pk == small.entered.pk]
    assert raw.target is not None and "forecasts" in raw.target.explanation
    assert raw.target.explanation.replace("'", "&#x27;") not in html
    assert "The explanation is not shown, as it quotes a figure marked c" in html
    assert "from a baseline of" not in html  # the baseline of 4 families
    baseline = html.split('<dt class="govuk-summary-list__key">Baseline</dt>')[1].split("</dd>")[0]
    assert "c <span" in baseline and "fewer than 10" in baseline and ">4" not in baseline

    html = client.get(f"/plans/{small.plan.key}/measures/{small.imported.pk}/").content.decode()
    row = _figures_row(html, "2017")
    assert PAGE_MARK in row
    # The rate per 10,000 is worked out from the 3 families: withheld with them.
    assert ">c<" in row
    assert ">0.9<" not in row  # 3 / 34,644 children x 10,000
    assert ">3.4<" in _figures_row(html, "2015")  # 12 / 35,276 x 10,000: shown

    html = client.get(f"/plans/{small.plan.key}/measures/{small.percentage.pk}/").content.decode()
    assert 'c <span class="govuk-body-s">(worked out from a count of fewer than 10' in (
        _figures_row(html, "2017")
    )
    assert ">60.0<" in _figures_row(html, "2016")

    html = client.get(f"/plans/{small.plan.key}/measures/{small.official.pk}/").content.decode()
    assert ">7<" in _figures_row(html, "2024")  # DfE's own figure, shown as published
    assert "not published to protect" not in html


def test_a_rate_worked_out_from_a_withheld_count_is_withheld(small: SmallNumbers) -> None:
    [raw] = [a for a in plan_assessments(plan=small.plan) if a.measure.pk == small.imported.pk]
    rates = {p.period: p for p in raw.benchmark_series}
    assert rates["2017"].numerator == 3 and rates["2017"].value is not None

    published = assessment_published(raw)
    shown = {p.period: p for p in published.benchmark_series}
    assert (shown["2017"].value, shown["2017"].status) == (None, "from_small_number")
    assert shown["2015"].value == pytest.approx(12 / 35_276 * 10_000)
    assert published.benchmark_latest is not None
    assert published.benchmark_latest.value is None
    assert published.ranking.rank is None


def test_the_threshold_setting_changes_what_is_withheld(
    client: Client, small: SmallNumbers, settings
) -> None:
    settings.DISCLOSURE_THRESHOLD = 15
    settings.DISCLOSURE_SUPPRESS_ZEROS = True
    html = client.get(
        f"/plans/{small.plan.key}/measures/{small.entered_zero_last.pk}/"
    ).content.decode()
    mark = 'c <span class="govuk-body-s">(fewer than 15, not published'
    for period in ("2015", "2016", "2017"):  # 3, 12 and (now) 0
        assert mark in _figures_row(html, period)
    rows = _csv(client.get(f"/plans/{small.plan.key}/scorecard.csv").content)
    assert rows["Young people held in police custody"]["Latest value"] == "c"
    assert float(str(rows["Children looked after (City of London)"]["Latest value"])) == 7.0


def test_the_plan_page_shows_entered_small_numbers_as_c_except_to_those_who_enter_them(
    client: Client, small: SmallNumbers
) -> None:
    html = client.get(f"/plans/{small.plan.key}/").content.decode()
    assert "<li>2015: c" in html  # 3 young people
    assert "<li>2016: 12" in html
    assert "<li>2017: 0" in html
    assert NOTE.replace("'", "&#x27;") in html

    analyst = analyst_make(partnership=small.plan.partnership)
    client.force_login(analyst)
    html = client.get(f"/plans/{small.plan.key}/").content.decode()
    assert "<li>2015: 3 (published as c)" in html


def test_the_public_explorer_withholds_a_local_small_count(
    client: Client, small: SmallNumbers
) -> None:
    query = {"indicator": "local:families_helped", "area": "E06000019", "period": "2017"}
    page = client.get("/evidence/explorer/", query)
    assert page.status_code == 200
    html = page.content.decode()
    assert NOTE.replace("'", "&#x27;") in html
    trend = client.get("/evidence/explorer/", {**query, "format": "csv", "table": "trend"})
    rows = {r[0]: r for r in csv.reader(io.StringIO(trend.content.decode()))}
    assert rows["2017"][1] == NOTE
    assert rows["2015"][1] == "12"
    assert rows["2016"][1] == "0"


def test_comparators_of_a_local_count_compared_as_a_count_are_withheld_too(
    client: Client, small: SmallNumbers
) -> None:
    """A local count with no rate to compare on is compared as a count: England's (here,
    a made-up 4 nights in 2016) is a local small number like any other."""
    measure = _measure(
        small.plan,
        "custody-nights",
        "Nights in custody",
        indicator=indicator_get(reference="local:custody_nights"),
        area=area_get(code="E06000019"),
    )
    html = client.get(f"/plans/{small.plan.key}/measures/{measure.pk}/").content.decode()
    row_2016 = _figures_row(html, "2016")
    assert ">15<" in row_2016 and ">c<" in row_2016  # Herefordshire's 15, England's 4
    assert ">200<" in _figures_row(html, "2017")


def test_the_public_area_profile_withholds_a_local_small_count(
    client: Client, small: SmallNumbers
) -> None:
    query = {"topic": "Other indicators", "format": "csv"}
    response = client.get("/evidence/areas/E06000019/", query)
    rows = {r[1]: r for r in csv.reader(io.StringIO(response.content.decode())) if len(r) > 3}
    families = rows["local:families_helped"]
    assert (families[2], families[3]) == ("2017", NOTE)
    percentage = rows["local:plans_on_time"]
    assert (percentage[2], percentage[3]) == ("2017", FROM_NOTE)
    assert rows["local:custody_nights"][3:5] == ["11.0", "200.0"]  # Herefordshire, England
