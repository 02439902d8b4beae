"""Real judgements on the demo plans, pinned to published figures and independent sums.

Expected values come from the published files in demo/data (read here with the csv
module, polars and openpyxl, and ranked, banded and tested with plain Python), from the
Fingertips export's own trend words, or from arithmetic written out in the test; never from
the code under test.

Sources:
* DfE, Characteristics of children in need 2025 (EES files d3, d5), ONS mid-year population
  estimates as published with it: demo/data/ees/.
* DfE Local Authority Interactive Tool (LAIT) dataset: demo/data/lait/bds_long_0.parquet.
* OHID Fingertips indicator 90284, trend words from the regional export (the right way
  round for every series): tests/stats/fixtures/.
"""

from __future__ import annotations

import csv
import math
import statistics

import openpyxl
import polars as pl
import pytest

from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.scorecard import scorecard_json
from cypp.commentary.services import reporting_periods_create
from cypp.plans.plan_files import plan_load
from cypp.reports.board_pack.builder import board_pack_build
from tests.conftest import ROOT, cli_json
from tests.stats.fingertips_export import rows as fingertips_rows

pytestmark = pytest.mark.django_db

EES = ROOT / "demo" / "data" / "ees"
LAIT = ROOT / "demo" / "data" / "lait"
HEREFORDSHIRE = "884"


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    result = plan_load(path=ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml")
    return result.plan


def _by_key(assessments):  # type: ignore[no-untyped-def]
    return {a.measure.key: a for a in assessments}


def _authority_codes() -> set[str]:
    """Local authorities in the DfE code list (regions and England have type NA)."""
    book = openpyxl.load_workbook(LAIT / "la_code_list.xlsx", read_only=True)
    rows = list(book.active.iter_rows(values_only=True))[1:]
    return {str(int(r[0])) for r in rows if r[0] is not None and r[3] not in (None, "NA")}


def _ees(file: str, year: str, category: str) -> list[dict[str, str]]:
    with (EES / file).open(encoding="utf-8-sig", newline="") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r["time_period"] == year and r.get("category", category) == category
        ]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None  # a status mark: c, x, z, low...


def _rank_low_is_good(values: dict[str, float], code: str) -> int:
    """LAIT's rank: 1 is best, ties share the lowest rank."""
    return 1 + sum(1 for v in values.values() if v < values[code])


def _band_low_is_good(values: dict[str, float], code: str) -> str:
    """LAIT's band: type 7 quartiles of all authorities, A the best quarter."""
    q1, q2, q3 = statistics.quantiles(values.values(), n=4, method="inclusive")
    v = values[code]
    return "A" if v <= q1 else "B" if v <= q2 else "C" if v <= q3 else "D"


def _wilson(successes: float, trials: float, z: float = 1.959964) -> tuple[float, float]:
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return centre - half / (1 + z * z / trials), centre + half / (1 + z * z / trials)


def test_repeat_child_protection_plans_is_red_and_an_exception(plan) -> None:  # type: ignore[no-untyped-def]
    """32.7% against England's 24.5%, significantly worse, 149th of 153: the exception the
    reviewer found missing from the pack."""
    category = "Child Protection Plans which are a second or subsequent plan"
    rows = _ees("d3_cpps_subsequent_plan_2013_to_2025.csv", "2025", category)
    authorities = _authority_codes()
    values = {
        r["old_la_code"]: v
        for r in rows
        if r["geographic_level"] == "Local authority"
        and r["old_la_code"] in authorities
        and (v := _number(r["CPP_subsequent_percent"])) is not None
    }
    here = next(r for r in rows if r["old_la_code"] == HEREFORDSHIRE)
    england = next(r for r in rows if r["geographic_level"] == "National")
    low, _high = _wilson(float(here["CPP_subsequent"]), float(here["CPP_start"]))
    assert low * 100 > float(england["CPP_subsequent_percent"])  # significantly worse

    a = _by_key(plan_assessments(plan=plan))["repeat-cp-plans"]
    assert (a.latest.period, a.latest.value) == ("2025", float(here["CPP_subsequent_percent"]))
    assert a.comparison.label == "worse"
    assert a.ranking.rank == _rank_low_is_good(values, HEREFORDSHIRE)
    assert a.ranking.rank_of == len(values)
    assert a.ranking.band == _band_low_is_good(values, HEREFORDSHIRE) == "D"
    assert a.rating.colour == "red"
    for words in ("32.7", "24.5", "significantly worse", f"of {len(values)}"):
        assert words in a.rating.reason
    assert a.exception


def test_a_measure_without_an_interval_is_judged_on_its_quartile_band(plan) -> None:  # type: ignore[no-untyped-def]
    """Inpatient admissions for mental health: no interval is published, 220 per 100,000
    is in the worst quarter, so red with rank and band named, never grey."""
    frame = pl.read_parquet(LAIT / "bds_long_0.parquet").filter(
        (pl.col("Short Desc") == "CMH_0-17yrs") & (pl.col("Years") == "2024")
    )
    authorities = _authority_codes()
    values = {
        str(int(code)): v
        for code, text in frame.select("LA Number", "Values").iter_rows()
        if code is not None and str(int(code)) in authorities and (v := _number(text)) is not None
    }
    a = _by_key(plan_assessments(plan=plan))["inpatient-admissions"]
    assert a.latest.value == values[HEREFORDSHIRE] == 220.25
    assert a.comparison.label == "not compared"  # no interval: no significance test
    assert a.ranking.rank == _rank_low_is_good(values, HEREFORDSHIRE)
    assert (a.ranking.rank, a.ranking.rank_of) == (145, 146)
    assert a.ranking.band == _band_low_is_good(values, HEREFORDSHIRE) == "D"
    assert a.rating.colour == "red"
    assert "145th of 146" in a.rating.reason and "worst quarter" in a.rating.reason


def test_a_target_due_in_the_past_is_judged_on_the_period_containing_its_due_date(plan) -> None:  # type: ignore[no-untyped-def]
    """Good level of development, 80% due by March 2018: judged on 2017/18 (LAIT "2018",
    the academic year containing March 2018: 74.1), missed, whatever came after."""
    frame = pl.read_parquet(LAIT / "bds_long_0.parquet").filter(
        (pl.col("Short Desc") == "FSP_NEW_GOODDEV") & (pl.col("LA Number") == 884.0)
    )
    published = {year: _number(v) for year, v in frame.select("Years", "Values").iter_rows()}
    a = _by_key(plan_assessments(plan=plan))["gld"]
    assert a.target.status == "missed"
    assert a.target.judged_label == "2017/18"  # LAIT's "2018", labelled as the DfE does
    assert a.target.judged_value == published["2018"] == 74.1
    assert "March 2018" in a.target.explanation
    assert f"Since then: {published['2025']:g} in 2024/25" in a.target.explanation
    assert a.rating.colour == "red"  # the target status leads


def test_a_count_is_compared_on_a_rate(plan) -> None:  # type: ignore[no-untyped-def]
    """Children on a child protection plan: 139 children in Herefordshire, compared with
    England on the rate per 10,000 children (count / mid-2024 population x 10,000)."""
    counts = _ees(
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "2025",
        "Child Protection Plans by length of time",
    )
    population = [
        r
        for r in _ees("ons_mid-year_population_estimates_2012_to_2024.csv", "2024", "")
        if r.get("age_group", "Children aged 0 to 17 years") == "Children aged 0 to 17 years"
    ]
    england_count = float(
        next(r for r in counts if r["geographic_level"] == "National")["CPP_At31"]
    )
    england_population = float(
        next(r for r in population if r["geographic_level"] == "National")["population_estimate"]
    )
    here_count = float(next(r for r in counts if r["old_la_code"] == HEREFORDSHIRE)["CPP_At31"])
    a = _by_key(plan_assessments(plan=plan))["cp-plans"]
    assert (a.latest.period, a.latest.value) == ("2025", here_count)
    assert a.benchmarked_on == "ees:population_0_17"
    assert a.latest_england == pytest.approx(england_count / england_population * 10_000)
    assert a.benchmark_latest.value < 100 < here_count  # a rate, not the count
    assert "rate per 10,000" in a.comparison.sentence
    # Neither the indicator nor the plan says which way is better: "similar" judges nothing.
    assert a.rating.colour == "grey"
    assert "higher or lower is better" in a.rating.reason


def test_trend_words_agree_with_fingertips(plan) -> None:  # type: ignore[no-untyped-def]
    """Hospital admissions for injuries, Herefordshire, 2019/20 to 2023/24: our recent trend
    is the words Fingertips publishes in its regional export."""
    published = next(
        r["Recent Trend"].lower()
        for r in fingertips_rows()
        if r["Area Code"] == "E06000019"
        and r["Time period"] == "2023/24"
        and not r["Category Type"]
    )
    a = _by_key(plan_assessments(plan=plan))["injury-admissions"]
    assert a.trend.tested
    assert a.trend.label == published


def test_no_measure_with_five_values_cannot_be_calculated(plan) -> None:  # type: ignore[no-untyped-def]
    """Every series with five figures gets a trend or a direction of travel, each saying
    whether it was tested; only series with fewer than two figures get neither."""
    for a in plan_assessments(plan=plan):
        figures = [p for p in a.series if p.value is not None]
        if len(figures) >= 5:
            assert a.trend.label != "cannot be calculated", a.measure.key
        if not a.trend.tested and a.trend.label != "cannot be calculated":
            assert "Not tested for significance" in a.trend.sentence


def test_as_at_a_period_uses_only_what_had_ended_by_then(plan) -> None:  # type: ignore[no-untyped-def]
    """As at January to March 2018: no figure for a period ending after 31 March 2018."""
    periods = reporting_periods_create(plan=plan, by=None)
    period = next(p for p in periods if p.key == "2018-q1")
    as_at = AsAt(end=period.end, period=period.label)
    assessments = plan_assessments(plan=plan, as_at=as_at)
    for a in assessments:
        assert all(p.end is not None and p.end <= period.end for p in a.series), a.measure.key
    gld = _by_key(assessments)["gld"]
    # LAIT "2017" is the academic year 2016/17, ended August 2017: 75.0 published.
    assert (gld.latest.period, gld.latest.value) == ("2016/17", 75.0)
    # The same judgements from the command line, the pack and the rebuilt pack.
    data = cli_json("report", "scorecard", "--plan", plan.key, "--period", "2018-q1")
    assert data["as_at"] == {"period": period.label, "end": "2018-03-31"}
    assert data == scorecard_json(plan_key=plan.key, as_at=as_at, assessments=assessments)
    pack = board_pack_build(plan=plan, period=period)
    again = board_pack_build(plan=plan, period=period)
    for report in (pack, again):
        colours = {a.measure.key: a.rating.colour for a in report.assessments}
        assert colours == {m["key"]: m["rating"]["colour"] for m in data["measures"]}
        # The summary's exceptions are the list: every red measure, plus worsening trends.
        listed = {p.measure.key for p in report.exceptions}
        assert listed == {m["key"] for m in data["measures"] if m["exception"]}
        assert {k for k, c in colours.items() if c == "red"} <= listed


def test_scorecard_json_has_the_contract_keys(plan) -> None:  # type: ignore[no-untyped-def]
    data = cli_json("report", "scorecard", "--plan", plan.key)
    assert set(data) == {"plan", "as_at", "measures"}
    assert data["as_at"] == {"period": None, "end": None}
    keys = {
        "key", "title", "indicator", "latest", "rating", "target", "trend", "england",
        "neighbours", "rank", "rank_of", "quartile_band", "coverage_note", "benchmarked_on",
        "exception",
    }  # fmt: skip
    for m in data["measures"]:
        assert set(m) == keys
        assert set(m["rating"]) == {"colour", "reason"}
        assert set(m["trend"]) == {"label", "tested", "reason"}
        assert set(m["england"]) == {"value", "comparison"}
        assert set(m["neighbours"]) == {"average", "comparison"}
        if m["target"] is not None:
            assert set(m["target"]) == {"status", "judged_period", "judged_value", "explanation"}


def test_queries_do_not_grow_with_the_measures(plan, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from cypp.assessment.measures import measures_assess
    from cypp.plans.selectors import measures_for_reports

    measures = list(measures_for_reports().filter(outcome__priority__plan=plan))
    assert len(measures) > 20
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        measures_assess(measures=measures[:4])
    with django_assert_max_num_queries(len(few.captured_queries)):
        measures_assess(measures=measures)


def test_a_count_with_a_paired_rate_is_compared_on_the_published_rate(plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """LAIT publishes children on a child protection plan as a number (CPP_Num, 139 in
    2025) and a rate per 10,000 (CPP_rate, 40.4): with the pair recorded in the indicator
    notes, the count is compared on the published rate; and the rate CYPP computes for the
    EES count from the population (the demo's notes) is the one DfE publishes."""
    from cypp.indicators.notes import indicator_notes_load
    from cypp.indicators.selectors import indicator_get
    from cypp.plans.models import Measure

    notes = tmp_path / "notes.yaml"
    notes.write_text("indicators:\n  lait:CPP_Num:\n    rate_indicator: lait:CPP_rate\n")
    indicator_notes_load(path=notes)
    frame = pl.read_parquet(LAIT / "bds_long_0.parquet").filter(
        (pl.col("LA Number") == 884.0) & (pl.col("Years") == "2025")
    )
    published = dict(frame.select("Short Desc", "Values").iter_rows())
    measure = Measure.objects.get(outcome__priority__plan=plan, key="cp-plans")
    measure.indicator = indicator_get(reference="lait:CPP_Num")
    measure.save()
    a = _by_key(plan_assessments(plan=plan))["cp-plans"]
    assert a.latest.value == float(published["CPP_Num"]) == 139
    assert a.benchmarked_on == "lait:CPP_rate"
    assert a.benchmark_latest.value == float(published["CPP_rate"]) == 40.4
    # The computed rate for the EES count, to the one decimal DfE publishes.
    measure.indicator = indicator_get(reference="ees:cpp_at31")
    measure.save()
    computed = _by_key(plan_assessments(plan=plan))["cp-plans"]
    assert round(computed.benchmark_latest.value, 1) == float(published["CPP_rate"])


def test_a_london_borough_is_compared_with_its_london_sub_region(plan) -> None:  # type: ignore[no-untyped-def]
    """LAIT compares Camden with London (Inner), not with London."""
    from cypp.geography.selectors import area_get
    from cypp.plans.models import Measure

    frame = pl.read_parquet(LAIT / "bds_long_0.parquet").filter(
        (pl.col("Short Desc") == "LAC") & (pl.col("Years") == "2025")
    )
    published = dict(frame.select("LA and Regions", "Values").iter_rows())
    measure = Measure.objects.get(outcome__priority__plan=plan, key="looked-after-rate")
    measure.area = area_get(code="202")  # Camden
    measure.save()
    a = _by_key(plan_assessments(plan=plan))["looked-after-rate"]
    assert a.region_name == "London (Inner)"
    assert a.latest_region == float(published["London (Inner)"]) == 59


def test_the_area_profile_and_the_rating_agree_on_the_quarter(plan) -> None:  # type: ignore[no-untyped-def]
    from cypp.geography.selectors import area_get
    from cypp.reports.area_profile import area_profile_build

    a = _by_key(plan_assessments(plan=plan))["inpatient-admissions"]
    indicator = a.measure.indicator
    profile = area_profile_build(area=area_get(code="E06000019"), topic=indicator.topic)
    row = next(r for r in profile.rows if r.indicator.pk == indicator.pk)
    assert a.ranking.band == row.band == "D" and row.band_words == "the worst quarter"
    assert a.rating.colour == "red"
