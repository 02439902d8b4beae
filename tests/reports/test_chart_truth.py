"""The measure's time-series chart tells the truth about time, gaps, breaks, axes and units.

Found by a reviewer on the demo: the target line ran backwards (its baseline placed after
2025 on a label axis), lines crossed years with no figure, a break in the series went
unmarked, the value axis started at 60 without saying so, and a count's target was drawn
on a rate's axis. Each test builds its input (a demo plan's measure, assessed for real,
with its baseline and target set here; or points made in the test) and checks the
Vega-Lite specification and the SVG vl-convert draws from it.

Expected values come from the inputs: the dates of the periods (an academic year runs
September to August; the children's social care figures are at 31 March), the published
EES files in demo/data/ees for the rates, never from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from cypp.assessment.measure_charts import measure_series_chart
from cypp.assessment.measures import MeasureAssessment, measures_assess
from cypp.charts import Break, Chart, Point, Series, Target, time_series_chart
from cypp.charts.base import BLUE, PINK, render_svg
from cypp.charts.value_axis import value_axis
from cypp.plans.models import Measure, Plan
from cypp.plans.plan_files import plan_load
from cypp.plans.selectors import measures_for_reports
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
EES = ROOT / "demo" / "data" / "ees"
HEREFORDSHIRE = "884"


# Reading the specification ---------------------------------------------------------------


def _views(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's panels: one, or the two of a count and its rate."""
    return spec.get("vconcat", [spec])


def _layer(view: dict[str, Any], mark: str) -> list[dict[str, Any]]:
    return [layer for layer in view["layer"] if layer["mark"]["type"] == mark]


def _line_rows(view: dict[str, Any]) -> list[dict[str, Any]]:
    [lines] = _layer(view, "line")
    return list(lines["data"]["values"])


def _stretches(rows: list[dict[str, Any]], series: str) -> list[list[str]]:
    """The periods of each stretch of one series' line, in the order they are drawn."""
    mine = [r for r in rows if r["series"] == series]
    return [
        [r["period"] for r in group]
        for _, group in itertools.groupby(mine, key=lambda r: r["segment"])
    ]


def _runs(points: list[tuple[str, float | None, int]]) -> list[list[str]]:
    """Periods with a figure, split wherever a figure is missing or the index jumps: what a
    line may join, worked out here from the assessment's own points."""
    runs: list[list[str]] = []
    previous: int | None = None
    for period, value, index in points:
        if value is None:
            previous = None
            continue
        if previous is None or index - previous != 1:
            runs.append([])
        runs[-1].append(period)
        previous = index
    return runs


# Reading the SVG ---------------------------------------------------------------------------


def _line_paths(spec: dict[str, Any], colour: str) -> list[list[tuple[float, float]]]:
    """The vertices of every drawn line (not legend symbols) of one colour, as vl-convert
    renders them."""
    root = ET.fromstring(render_svg(spec))  # noqa: S314 - our own output
    paths = []
    for group in root.iter(f"{SVG}g"):
        if "mark-line" not in (group.get("class") or ""):
            continue
        for path in group.iter(f"{SVG}path"):
            if path.get("stroke") != colour:
                continue
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
            paths.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return paths


def _texts(chart: Chart) -> list[str]:
    root = ET.fromstring(str(chart.svg()))  # noqa: S314 - our own output
    return [t.text or "" for t in root.iter(f"{SVG}text")]


# The demo plan, assessed for real ----------------------------------------------------------


@pytest.fixture
def plan() -> Plan:
    return plan_load(path=ROOT / "demo" / "plans" / "herefordshire-2015-2018.yaml").plan


def _assess(plan: Plan, key: str, **fields: Any) -> MeasureAssessment:
    """The plan's measure with ``fields`` set on it (in this test's transaction), assessed."""
    if fields:
        Measure.objects.filter(outcome__priority__plan=plan, key=key).update(**fields)
    measures = list(measures_for_reports().filter(outcome__priority__plan=plan, key=key))
    [assessment] = measures_assess(measures=measures, with_neighbours=True)
    return assessment


GLD = {
    "baseline_period": "2013/14",
    "baseline_value": 60.0,
    "target_value": 80.0,
    "target_due": dt.date(2018, 3, 31),
    "target_direction": "increase",
}
GLD_TARGET = "Target 80 by March 2018"
# The academic year 2013/14 ends on 31 August 2014; the framework changed for 2021/22,
# whose academic year began on 1 September 2021.
GLD_BASELINE_END = dt.date(2014, 8, 31)
GLD_BREAK = dt.date(2021, 9, 1)


@pytest.mark.django_db
def test_target_runs_forward_from_the_baseline_period_to_the_due_date(plan: Plan) -> None:
    a = _assess(plan, "gld", **GLD)
    chart = measure_series_chart(a)
    assert chart is not None
    [view] = _views(chart.spec)
    rows = _line_rows(view)

    target = [r for r in rows if r["series"] == GLD_TARGET]
    assert [(r["x"], r["value"]) for r in target] == [
        (GLD_BASELINE_END.isoformat(), 60.0),
        (GLD["target_due"].isoformat(), 80.0),
    ]
    # A true time axis: every figure at its period's end, the baseline and due date in it.
    x = _layer(view, "line")[0]["encoding"]["x"]
    assert x["type"] == "temporal"
    first, last = x["scale"]["domain"]
    day = 24 * 60 * 60 * 1000
    epoch = dt.date(1970, 1, 1)
    assert first <= (GLD_BASELINE_END - epoch).days * day
    assert last >= (max(p.end for p in a.series if p.end) - epoch).days * day
    for p in a.series:
        if p.value is not None:
            assert {"x": p.end.isoformat(), "value": p.value}.items() <= next(
                r for r in rows if r["series"] == "Herefordshire" and r["period"] == p.period
            ).items()

    # Drawn left to right, rising from 60 to 80 (SVG y grows downwards).
    [path] = _line_paths(chart.spec, PINK)
    (x0, y0), (x1, y1) = path
    assert x0 < x1 and y0 > y1

    # The axis is labelled with the periods' own labels, the baseline's period among them.
    texts = _texts(chart)
    for label in ["2013/14", *(p.period for p in a.series)]:
        assert label in texts, label
    # The table puts the baseline and the due date at their places in time.
    labels = [row[0] for row in chart.table.rows]
    # LAIT's "2016" and "2017" are the academic years 2015/16 and 2016/17 (ADR 0014).
    assert labels[:4] == ["2013/14 (baseline)", "2015/16", "2016/17", "March 2018 (target due)"]
    assert labels[4] == "2017/18"  # the 2017/18 academic year ended in August 2018
    assert chart.table.rows[0][-1] == 60.0 and chart.table.rows[3][-1] == 80.0
    assert "from the baseline of 60.0 in 2013/14 to 80.0 by March 2018" in chart.alt


@pytest.mark.django_db
def test_a_baseline_after_the_due_date_draws_no_line_backwards(plan: Plan) -> None:
    a = _assess(plan, "gld", **{**GLD, "baseline_period": "2019", "baseline_value": None})
    chart = measure_series_chart(a)
    assert chart is not None
    target = [r for r in _line_rows(chart.spec) if r["series"] == GLD_TARGET]
    assert [(r["x"], r["value"]) for r in target] == [("2018-03-31", 80.0)]
    assert "Only the target is marked" in chart.alt
    with pytest.raises(ValueError, match="before the due date"):
        Target(
            due=dt.date(2018, 3, 31), value=80.0, baseline_end=dt.date(2019, 8, 31), baseline=1.0
        )


@pytest.mark.django_db
def test_no_line_crosses_a_missing_period(plan: Plan) -> None:
    """2019/20 and 2020/21 were not published (x) for the early years profile."""
    a = _assess(plan, "gld", **GLD)
    missing = [p.period for p in a.series if p.value is None]
    assert missing == ["2019/20", "2020/21"]  # the input this test is about
    chart = measure_series_chart(a)
    assert chart is not None
    rows = _line_rows(chart.spec)

    area = _runs([(p.period, p.value, p.index) for p in a.series])
    england = _runs([(p.period, a.england.get(p.sort_key), p.index) for p in a.series])
    assert _stretches(rows, "Herefordshire") == area
    assert _stretches(rows, "England") == england
    assert len(area) == 2
    assert not {r["period"] for r in rows} & set(missing)  # never drawn, never as zero
    # vl-convert draws the area as two separate lines.
    assert len(_line_paths(chart.spec, BLUE)) == len(area)

    by_period = {row[0]: row for row in chart.table.rows}
    assert by_period["2019/20"][1] == by_period["2020/21"][1] == "not available (x)"
    assert "no figure for 2019/20 and 2020/21 (not available (x))" in chart.alt


@pytest.mark.django_db
def test_the_framework_break_is_marked_and_not_joined(plan: Plan) -> None:
    a = _assess(plan, "gld", **GLD)
    chart = measure_series_chart(a)
    assert chart is not None
    [view] = _views(chart.spec)
    rules = _layer(view, "rule")
    assert [r["x"] for layer in rules for r in layer["data"]["values"]] == [GLD_BREAK.isoformat()]
    assert "Series break" in _texts(chart)
    for series in {r["series"] for r in _line_rows(view)} - {GLD_TARGET}:
        for stretch in _stretches(_line_rows(view), series):
            ends = {p.period: p.end for p in a.series}
            assert all(ends[s] < GLD_BREAK for s in stretch) or all(
                ends[s] >= GLD_BREAK for s in stretch
            ), (series, stretch)
    note = a.measure.indicator.series_breaks[0]["note"].rstrip(".")
    # The break's period and the series' label are now written alike (ADR 0014).
    assert f"The series is broken at 2021/22: {note}." in chart.alt


def test_a_break_alone_splits_the_line() -> None:
    """No figure is missing; the break between 2021 and 2022 still parts the lines."""
    years = range(2019, 2025)

    def series(name: str, kind: str, base: float) -> Series:
        return Series(
            name,
            tuple(
                Point(str(y), base + i, end=dt.date(y, 12, 31), index=i)
                for i, y in enumerate(years)
            ),
            kind,
        )

    chart = time_series_chart(
        title="Test",
        area=series("Area", "area", 50.0),
        comparators=[series("England", "england", 40.0)],
        breaks=[Break("2022", "New definition.", at=dt.date(2022, 1, 1))],
    )
    rows = _line_rows(chart.spec)
    for name in ("Area", "England"):
        assert _stretches(rows, name) == [["2019", "2020", "2021"], ["2022", "2023", "2024"]]
    assert len(_line_paths(chart.spec, BLUE)) == 2
    [rule] = _layer(chart.spec, "rule")
    assert rule["data"]["values"][0]["x"] == "2022-01-01"
    assert "The series is broken at 2022: New definition." in chart.alt


@pytest.mark.django_db
def test_a_value_axis_not_from_zero_says_where_it_starts(plan: Plan) -> None:
    a = _assess(plan, "gld", **GLD)
    chart = measure_series_chart(a)
    assert chart is not None
    [lines] = _layer(chart.spec, "line")
    y = lines["encoding"]["y"]
    start, end = y["scale"]["domain"]
    plotted = [r["value"] for r in lines["data"]["values"]]
    assert 0 < start <= min(plotted) and end >= max(plotted)
    words = f"{start:g}"
    assert y["title"].endswith(f"(axis starts at {words})")
    assert f"The vertical axis starts at {words}, not zero." in chart.alt
    texts = _texts(chart)
    assert y["title"] in texts and words in texts  # the title and the first tick are drawn


def test_a_spread_out_series_starts_at_zero() -> None:
    points = tuple(
        Point(str(y), v, end=dt.date(y, 3, 31), index=i)
        for i, (y, v) in enumerate([(2020, 20.0), (2021, 60.0), (2022, 100.0)])
    )
    chart = time_series_chart(title="Test", area=Series("Area", points, "area"), unit="Number")
    [lines] = _layer(chart.spec, "line")
    assert lines["encoding"]["y"]["scale"]["domain"][0] == 0
    assert lines["encoding"]["y"]["title"] == "Number"
    assert "The vertical axis starts at zero." in chart.alt


@pytest.mark.parametrize(
    ("figures", "from_zero"),
    [
        ([72.0, 80.0], False),  # a narrow band high up: zoomed, and said
        ([40.0, 80.0], True),  # the lowest is half the highest: zero
        ([5.0, 200.0], True),
        ([-4.0, 6.0], False),  # below zero: starts below zero, and said
    ],
)
def test_value_axis_rule(figures: list[float], from_zero: bool) -> None:
    axis = value_axis(figures, title="Per cent")
    assert axis.start <= min(figures) and axis.end >= max(figures)
    assert (axis.start == 0) is from_zero
    if from_zero:
        assert axis.title == "Per cent" and axis.sentence == "The vertical axis starts at zero."
    else:
        assert axis.start < min(figures)  # the lowest figure stays off the axis line
        assert axis.title == f"Per cent (axis starts at {axis.start:g})"
        assert f"starts at {axis.start:g}, not zero" in axis.sentence
    assert axis.ticks[0] == axis.start and axis.ticks[-1] == axis.end


def _ees(file: str, year: str) -> list[dict[str, str]]:
    with (EES / file).open(encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["time_period"] == year]


def _published_2025() -> dict[str, tuple[float, float]]:
    """Children on a plan at 31 March 2025 and the mid-2024 children's population, for
    Herefordshire and England, as the EES files publish them."""
    counts = [
        r
        for r in _ees("d5_cpps_at31march_by_duration_2013_to_2025.csv", "2025")
        if r.get("category", "Child Protection Plans by length of time")
        == "Child Protection Plans by length of time"
    ]
    population = [
        r
        for r in _ees("ons_mid-year_population_estimates_2012_to_2024.csv", "2024")
        if r.get("age_group", "Children aged 0 to 17 years") == "Children aged 0 to 17 years"
    ]

    def pick(rows: list[dict[str, str]], here: bool) -> dict[str, str]:
        if here:
            return next(r for r in rows if r.get("old_la_code") == HEREFORDSHIRE)
        return next(r for r in rows if r["geographic_level"] == "National")

    return {
        name: (
            float(pick(counts, here)["CPP_At31"]),
            float(pick(population, here)["population_estimate"]),
        )
        for name, here in (("Herefordshire", True), ("England", False))
    }


@pytest.mark.django_db
def test_a_count_is_compared_with_other_areas_on_its_rate(plan: Plan) -> None:
    published = _published_2025()
    a = _assess(
        plan,
        "cp-plans",
        baseline_period="2015",
        baseline_value=170.0,
        target_value=150.0,
        target_due=dt.date(2018, 3, 31),
        target_direction="decrease",
    )
    chart = measure_series_chart(a)
    assert chart is not None
    upper, lower = _views(chart.spec)

    count, population = published["Herefordshire"]
    england_count, england_population = published["England"]
    numbers = {
        r["period"]: r["value"] for r in _line_rows(upper) if r["series"].endswith("(number)")
    }
    assert numbers["2025"] == count  # the count, on its own panel
    rates = _line_rows(lower)
    latest = {r["series"]: r["value"] for r in rates if r["period"] == "2025"}
    assert latest["Herefordshire (rate)"] == pytest.approx(count / population * 10_000)
    assert latest["England"] == pytest.approx(england_count / england_population * 10_000)
    assert max(r["value"] for r in rates) < min(numbers.values())  # no count among the rates

    # The rate says it is one, on its panel and axis; the count's target stays on the count.
    [rate_line] = _layer(lower, "line")
    assert "per 10,000 children" in rate_line["encoding"]["y"]["title"]
    assert "per 10,000 children" in lower["title"]["text"] and "rate" in chart.title
    assert "Target 150 by March 2018" in {r["series"] for r in _line_rows(upper)}
    assert all(not r["series"].startswith("Target") for r in rates)
    target = [r for r in _line_rows(upper) if r["series"].startswith("Target")]
    # Children on a plan are counted at 31 March: the 2015 figure is at 31 March 2015.
    assert [(r["x"], r["value"]) for r in target] == [("2015-03-31", 170), ("2018-03-31", 150)]
    assert "drawn on the upper panel only" in chart.alt
    assert "England (rate)" in chart.table.columns


def test_a_period_with_a_status_is_a_gap_in_the_table_not_a_zero() -> None:
    points = (
        Point("2017", 12.0, end=dt.date(2017, 3, 31), index=0),
        Point("2018", None, note="suppressed (c)", end=dt.date(2018, 3, 31), index=1),
        Point("2019", 14.0, end=dt.date(2019, 3, 31), index=2),
    )
    chart = time_series_chart(title="Test", area=Series("Area", points, "area"))
    assert [r["period"] for r in _line_rows(chart.spec)] == ["2017", "2019"]
    assert _stretches(_line_rows(chart.spec), "Area") == [["2017"], ["2019"]]
    assert [row[:2] for row in chart.table.rows] == [
        ("2017", 12.0),
        ("2018", "suppressed (c)"),
        ("2019", 14.0),
    ]


def test_periods_without_dates_keep_a_label_axis_and_refuse_a_target() -> None:
    """The indicator explorer's points carry no dates: its axis stays one of labels."""
    points = tuple(Point(str(y), float(y - 2000)) for y in (2019, 2020, 2022))
    chart = time_series_chart(title="Test", area=Series("Area", points, "area"))
    [lines] = _layer(chart.spec, "line")
    assert lines["encoding"]["x"]["type"] == "ordinal"
    with pytest.raises(ValueError, match="time axis"):
        time_series_chart(
            title="Test",
            area=Series("Area", points, "area"),
            target=Target(due=dt.date(2025, 3, 31), value=1.0),
        )
