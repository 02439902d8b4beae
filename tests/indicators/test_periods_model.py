"""One period model (ADR 0014): every type's label, start, end and order; each source's
labels onto it; one indicator, one type; no raw code shown alone.

Expected dates are the calendar's (a financial year runs 1 April to 31 March, an academic
year 1 September to 31 August, February 2024 has 29 days); expected values are read from
the published files, never from the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.importers.ees import load_mapping
from cypp.indicators.models import ImportBatch, Indicator, Observation, Period
from cypp.indicators.periods import PeriodError, period_label_key, period_parse
from cypp.indicators.services import observations_import

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "periods"
D = dt.date


@pytest.mark.parametrize(
    ("cell", "declared", "period_type", "label", "start", "end"),
    [
        ("2025", "calendar", "calendar", "2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2024/25", "academic", "academic", "2024/25", D(2024, 9, 1), D(2025, 8, 31)),
        ("202425", "academic", "academic", "2024/25", D(2024, 9, 1), D(2025, 8, 31)),
        ("2025", "academic", "academic", "2024/25", D(2024, 9, 1), D(2025, 8, 31)),
        ("2024-25", "financial", "financial", "2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        ("2024/25", "financial", "financial", "2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        ("202425", "financial", "financial", "2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        ("2025", "financial", "financial", "2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        ("2025", "reporting", "reporting", "2025", D(2024, 4, 1), D(2025, 3, 31)),
        ("2024-25 Q1", "quarter", "quarter", "2024-25 Q1", D(2024, 4, 1), D(2024, 6, 30)),
        ("2024/25 Q4", "financial", "quarter", "2024-25 Q4", D(2025, 1, 1), D(2025, 3, 31)),
        ("2024 Q1", "quarter", "quarter", "2024 Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("March 2025", "month", "month", "March 2025", D(2025, 3, 1), D(2025, 3, 31)),
        ("Feb 2024", "month", "month", "February 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025-03", "month", "month", "March 2025", D(2025, 3, 1), D(2025, 3, 31)),
        ("31 March 2025", "snapshot", "snapshot", "31 March 2025", D(2025, 3, 31), D(2025, 3, 31)),
        ("2025-03-31", "snapshot", "snapshot", "31 March 2025", D(2025, 3, 31), D(2025, 3, 31)),
        ("16/01/2025", "snapshot", "snapshot", "16 January 2025", D(2025, 1, 16), D(2025, 1, 16)),
        ("2014-16", "calendar", "rolling", "2014-16", D(2014, 1, 1), D(2016, 12, 31)),
        ("2014-2016", "rolling", "rolling", "2014-16", D(2014, 1, 1), D(2016, 12, 31)),
        ("2013/14-15/16", "financial", "rolling", "2013/14-15/16", D(2013, 4, 1), D(2016, 3, 31)),
        # NCCIS: "2025" is the average of December 2024, January and February 2025.
        (
            "2025",
            "dec_feb_average",
            "dec_feb_average",
            "December 2024 to February 2025",
            D(2024, 12, 1),
            D(2025, 2, 28),
        ),
        (
            "December 2024 to February 2025",
            "dec_feb_average",
            "dec_feb_average",
            "December 2024 to February 2025",
            D(2024, 12, 1),
            D(2025, 2, 28),
        ),
        (
            "202425",
            "dec_feb_average",
            "dec_feb_average",
            "December 2024 to February 2025",
            D(2024, 12, 1),
            D(2025, 2, 28),
        ),
        (
            "2024",
            "dec_feb_average",
            "dec_feb_average",
            "December 2023 to February 2024",
            D(2023, 12, 1),
            D(2024, 2, 29),
        ),
    ],
)
def test_every_type_has_one_label_and_its_dates(cell, declared, period_type, label, start, end):
    parsed = period_parse(cell, declared)
    assert (parsed.period_type, parsed.label, parsed.start, parsed.end) == (
        period_type,
        label,
        start,
        end,
    )


@pytest.mark.parametrize(
    ("period_type", "cells", "in_time_order"),
    [
        ("month", ["March 2025", "January 2025", "December 2024"], [2, 1, 0]),
        ("snapshot", ["31 March 2025", "30 September 2024", "16 January 2025"], [1, 2, 0]),
        ("dec_feb_average", ["2025", "2023", "2024"], [1, 2, 0]),
        ("quarter", ["2024-25 Q3", "2024-25 Q1", "2023-24 Q4", "2024-25 Q2"], [2, 1, 3, 0]),
        ("academic", ["2022", "2019/20", "202021"], [1, 2, 0]),
    ],
)
def test_sort_keys_put_each_type_in_time_order(period_type, cells, in_time_order):
    ordered = sorted(cells, key=lambda c: period_parse(c, period_type).sort_key)
    assert ordered == [cells[i] for i in in_time_order]


@pytest.mark.parametrize(
    ("cell", "period_type", "says"),
    [
        ("2025", "snapshot", "a snapshot is one day"),
        ("2025", "month", "like March 2025"),
        ("31 February 2025", "snapshot", "not a day of the calendar"),
        ("Marsh 2025", "month", "is not a month"),
        ("December 2024 to February 2026", "dec_feb_average", "February must follow"),
        ("202122", "calendar", "split year, not a calendar year"),
    ],
)
def test_labels_a_type_cannot_hold_are_refused_in_words(cell, period_type, says):
    with pytest.raises(PeriodError, match=says):
        period_parse(cell, period_type)


def test_a_label_asked_for_as_the_source_writes_it_finds_the_period():
    # A plan's baseline "2022" of a LAIT academic-year measure names the stored 2021/22.
    assert period_label_key("2022") == period_label_key("2021/22") == period_label_key("2021-22")
    assert period_label_key("2025") == period_label_key("December 2024 to February 2025")
    assert period_label_key("2014-16") != period_label_key("2016")


# The store: each source's labels on the one model ----------------------------------------


def _ees(csv: str, mapping: str, **kwargs):
    return observations_import(
        importer="ees",
        path=FIXTURES / csv,
        options={"mapping": load_mapping(FIXTURES / mapping), "mapping_file": mapping},
        **kwargs,
    )


def _value(reference: str, area: str, label: str) -> tuple[str, float | None]:
    source, code = reference.split(":")
    obs = Observation.objects.select_related("period").get(
        indicator__source__key=source, indicator__code=code, area__code=area, period__label=label
    )
    return obs.period.period_type, obs.value


@pytest.mark.django_db
def test_lait_bare_year_is_the_dfe_academic_year_pinned_to_eyfsp_2022():
    """EYFSP good level of development, 2021/22: England 65.2%, Herefordshire 71.8% in the
    DfE's file (time_period 202122, "Early years foundation stage profile results") and in
    LAIT (FSP_NEW_GOODDEV, "2022", Academic Year): the same year, one Period row."""
    _ees("eyfsp_gld_2022_extract.csv", "eyfsp_gld_2022_extract.yaml", force=True)
    for area, published in (("E92000001", 65.2), ("E06000019", 71.8)):
        assert _value("ees:periods_test_gld", area, "2021/22") == ("academic", published)
        assert _value("lait:FSP_NEW_GOODDEV", area, "2021/22") == ("academic", published)
    both = Period.objects.filter(
        observations__indicator__code__in=["periods_test_gld", "FSP_NEW_GOODDEV"],
        label="2021/22",
    ).distinct()
    assert both.count() == 1
    assert not Period.objects.filter(period_type="academic", label="2022").exists()


@pytest.mark.django_db
def test_nccis_neet_is_the_december_to_february_average_in_lait_and_ees():
    """LAIT's dictionary (last updated 1 July 2025) says the NEET estimate is "an average of
    December/January/February data"; its latest figure, "2025", is therefore the average
    of December 2024 to February 2025 (England 3.4%, Herefordshire 5.2% in LAIT), not a
    financial year and not December 2025. An EES file mapped with
    ``period_type: dec_feb_average`` lands on the same period."""
    neet = Indicator.objects.get(source__key="lait", code="16-17 NEET")
    assert neet.period_type == "dec_feb_average"
    label = "December 2024 to February 2025"
    assert _value("lait:16-17 NEET", "E92000001", label) == ("dec_feb_average", 3.4)
    _ees("nccis_neet_2025_shape.csv", "nccis_neet_2025_shape.yaml", force=True)
    assert _value("ees:periods_test_neet", "E06000019", label) == ("dec_feb_average", 5.2)
    period = Period.objects.get(period_type="dec_feb_average", label=label)
    assert (period.start, period.end) == (D(2024, 12, 1), D(2025, 2, 28))
    assert not Observation.objects.filter(indicator=neet, period__period_type="financial").exists()


@pytest.mark.django_db
def test_lait_census_measures_are_snapshot_days():
    """The spring school census of 2025 was taken on Thursday 16 January 2025 (the third
    Thursday of January); LAIT's PriFSM "2025" for England is 24.7 in its file. The social
    work workforce is counted at 30 September (LAIT's dictionary: "year ending 30
    September"); Work_Force_Vac_Rate "2024" for England is 17.3 in the file."""
    assert _value("lait:PriFSM", "E92000001", "16 January 2025") == ("snapshot", 24.7)
    assert _value("lait:Work_Force_Vac_Rate", "E92000001", "30 September 2024") == (
        "snapshot",
        17.3,
    )


def _tidy(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("indicator,area,period,period_type,value\n" + "\n".join(rows) + "\n")
    return path


def _counts() -> tuple[int, int, int]:
    return Observation.objects.count(), ImportBatch.objects.count(), Period.objects.count()


@pytest.mark.django_db
def test_one_file_mixing_two_types_for_an_indicator_is_refused_whole(tmp_path):
    path = _tidy(
        tmp_path,
        "mixed.csv",
        [
            "school_ready,E06000019,2021/22,academic,70.1",
            "school_ready,E06000019,2022-23,financial,71.0",
            "other_measure,E06000019,2023,calendar,5",
        ],
    )
    before = _counts()
    with pytest.raises(ImportRejected) as caught:
        observations_import(importer="tidy", path=path)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("mixed.csv", 3, "period")
    assert "financial year here, academic year on row 2 (2021/22)" in problem.reason
    assert _counts() == before


@pytest.mark.django_db
def test_a_second_type_for_a_stored_indicator_is_refused_naming_both(tmp_path):
    first = _tidy(tmp_path, "first.csv", ["school_ready,E06000019,202122,academic,70.1"])
    observations_import(importer="tidy", path=first)
    before = _counts()
    second = _tidy(tmp_path, "second.csv", ["school_ready,E06000019,202223,financial,71.0"])
    with pytest.raises(ImportRejected) as caught:
        observations_import(importer="tidy", path=second)
    [problem] = caught.value.problems
    assert (problem.row, problem.value) == (2, "202223 (2022-23)")
    assert "already has periods of another type (academic year)" in problem.reason
    assert "financial year 2022-23" in problem.reason
    assert _counts() == before


@pytest.mark.django_db
def test_problems_show_the_cell_with_its_label_never_the_code_alone():
    mapping = load_mapping(FIXTURES / "eyfsp_gld_2022_extract.yaml")
    del mapping["indicators"][0]["filters"]["gender"]  # Total, Girls and Boys rows remain
    with pytest.raises(ImportRejected) as caught:
        observations_import(
            importer="ees",
            path=FIXTURES / "eyfsp_gld_2022_extract.csv",
            options={"mapping": mapping},
        )
    text = str(caught.value)
    assert "period 202122 (2021/22)" in text
    assert "period 202122 " not in text.replace("period 202122 (2021/22)", "")
