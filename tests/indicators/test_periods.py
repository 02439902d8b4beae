"""Period labels as the DfE, OHID and LAIT publish them."""

import datetime as dt

import pytest

from cypp.indicators.models import PeriodType
from cypp.indicators.periods import PeriodError, period_parse


@pytest.mark.parametrize(
    ("label", "period_type", "expected_type", "display", "start", "end"),
    [
        ("2025", "reporting", "reporting", "2025", dt.date(2024, 4, 1), dt.date(2025, 3, 31)),
        ("2024", "calendar", "calendar", "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2023-24", "financial", "financial", "2023-24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        # One label per financial year, whether published as 2023-24 (DfE) or 2023/24 (OHID).
        ("2023/24", "financial", "financial", "2023-24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("2023-24", "academic", "academic", "2023/24", dt.date(2023, 9, 1), dt.date(2024, 8, 31)),
        ("2023/24", "academic", "academic", "2023/24", dt.date(2023, 9, 1), dt.date(2024, 8, 31)),
        ("202324", "academic", "academic", "2023/24", dt.date(2023, 9, 1), dt.date(2024, 8, 31)),
        ("202324", "financial", "financial", "2023-24", dt.date(2023, 4, 1), dt.date(2024, 3, 31)),
        ("2014-16", "calendar", "rolling", "2014-16", dt.date(2014, 1, 1), dt.date(2016, 12, 31)),
        ("2015-16", "calendar", "rolling", "2015-16", dt.date(2015, 1, 1), dt.date(2016, 12, 31)),
        (
            "2013/14-15/16",
            "financial",
            "rolling",
            "2013/14-15/16",
            dt.date(2013, 4, 1),
            dt.date(2016, 3, 31),
        ),
        ("2024 Q2", "quarter", "quarter", "2024 Q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (
            "2024-25 Q4",
            "quarter",
            "quarter",
            "2024-25 Q4",
            dt.date(2025, 1, 1),
            dt.date(2025, 3, 31),
        ),
        ("1999-00", "financial", "financial", "1999-00", dt.date(1999, 4, 1), dt.date(2000, 3, 31)),
    ],
)
def test_labels_parse_to_typed_periods(label, period_type, expected_type, display, start, end):
    parsed = period_parse(label, period_type)
    assert (parsed.period_type, parsed.label, parsed.start, parsed.end) == (
        expected_type,
        display,
        start,
        end,
    )


def test_lait_marks_are_read_off_the_label():
    provisional = period_parse("2025 (prov)", PeriodType.REPORTING)
    assert (provisional.label, provisional.provisional, provisional.mark) == ("2025", True, "")
    # A bare LAIT year of an academic-year measure is written as the academic year (ADR 0014).
    revised = period_parse("2018 (Rev)", PeriodType.ACADEMIC)
    assert (revised.label, revised.provisional, revised.mark) == ("2017/18", False, "revised")
    assert period_parse("2020 (Final)", PeriodType.ACADEMIC).mark == "final"
    assert period_parse("2016-17 (OT)", PeriodType.FINANCIAL).mark == "outturn"


def test_sort_keys_order_periods_in_time():
    labels = ["2016-18", "2019", "2014-16", "2018", "2017"]
    ordered = sorted(labels, key=lambda x: period_parse(x, "calendar").sort_key)
    assert ordered == ["2014-16", "2017", "2018", "2016-18", "2019"]
    fy = [period_parse(x, "financial") for x in ("2023-24", "2022-23", "2024-25")]
    assert [p.label for p in sorted(fy, key=lambda p: p.sort_key)] == [
        "2022-23",
        "2023-24",
        "2024-25",
    ]


@pytest.mark.parametrize("label", ["", "Q5 2024", "2024-23", "twenty", "2025 (prov)x"])
def test_nonsense_is_refused(label):
    with pytest.raises(PeriodError):
        period_parse(label, "calendar")


def test_unknown_type_is_refused():
    with pytest.raises(PeriodError, match="unknown period type"):
        period_parse("2024", "fortnight")
