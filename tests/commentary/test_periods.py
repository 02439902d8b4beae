"""Reporting periods: made from the plan's span, at the chosen frequency, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from cypp.accounts.models import AuditEvent
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.periods import period_dates
from cypp.commentary.selectors import (
    UnknownPeriod,
    period_get,
    period_latest,
    period_previous,
    periods_for_plan,
)
from cypp.commentary.services import reporting_period_update, reporting_periods_create
from tests.plans.factories import plan_make

pytestmark = pytest.mark.django_db


def test_quarters_follow_the_financial_year_from_the_plan_start():
    plan = plan_make(key="periods-plan")  # 1 April 2015 to 31 March 2018
    periods = reporting_periods_create(plan=plan, by=None)
    assert len(periods) == 12
    first, q3 = periods[0], periods[5]
    assert (first.key, first.label) == ("2015-q2", "April to June 2015")
    assert (first.start, first.end) == (dt.date(2015, 4, 1), dt.date(2015, 6, 30))
    assert (q3.key, q3.label) == ("2016-q3", "July to September 2016")
    assert periods[-1].key == "2018-q1" and periods[-1].end == dt.date(2018, 3, 31)
    # The default timetable: 14, 21 and 35 days after the period ends.
    assert first.commentary_due == dt.date(2015, 7, 14)
    assert first.signoff_due == dt.date(2015, 7, 21)
    assert first.meeting_date == dt.date(2015, 8, 4)
    assert AuditEvent.objects.filter(context="plan:periods-plan").count() == 12


def test_making_the_periods_again_keeps_the_existing_ones():
    plan = plan_make(key="periods-again")
    first = reporting_periods_create(plan=plan, by=None)
    reporting_period_update(period=first[0], by=None, meeting_date=dt.date(2015, 9, 1))
    again = reporting_periods_create(plan=plan, by=None)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert ReportingPeriod.objects.filter(plan=plan).count() == 12
    assert ReportingPeriod.objects.get(pk=first[0].pk).meeting_date == dt.date(2015, 9, 1)


@pytest.mark.parametrize(
    ("frequency", "count", "first_key", "first_label"),
    [
        ("half-yearly", 6, "2015-h1", "April to September 2015"),
        ("annual", 3, "2015-16", "April 2015 to March 2016"),
    ],
)
def test_other_frequencies(frequency, count, first_key, first_label):
    plan = plan_make(key=f"periods-{frequency}")
    periods = reporting_periods_create(plan=plan, frequency=frequency, by=None)
    assert len(periods) == count
    assert (periods[0].key, periods[0].label) == (first_key, first_label)


def test_a_plan_that_ends_mid_quarter_ends_its_last_period_with_it():
    dates = period_dates(plan_start=dt.date(2022, 1, 1), plan_end=dt.date(2022, 8, 15))
    assert [d.key for d in dates] == ["2022-q1", "2022-q2", "2022-q3"]
    assert dates[-1].end == dt.date(2022, 8, 15)
    assert dates[-1].label == "July to August 2022"
    with pytest.raises(ValueError, match="No frequency"):
        period_dates(plan_start=dt.date(2022, 1, 1), plan_end=dt.date(2023, 1, 1), frequency="x")


def test_first_start_moves_the_first_period():
    plan = plan_make(key="periods-later")
    periods = reporting_periods_create(plan=plan, first_start=dt.date(2016, 4, 1), by=None)
    assert periods[0].key == "2016-q2" and len(periods) == 8


def test_the_selectors_the_board_pack_reads():
    plan = plan_make(key="periods-read")
    assert period_latest(plan=plan) is None
    periods = reporting_periods_create(plan=plan, by=None)
    assert [p.key for p in periods_for_plan(plan=plan)] == [p.key for p in periods]
    assert period_get(plan=plan, key="2016-q3") == periods[5]
    with pytest.raises(UnknownPeriod) as error:
        period_get(plan=plan, key="2019-q1")
    assert "2015-q2" in str(error.value) and "2018-q1" in str(error.value)
    assert period_latest(plan=plan, today=dt.date(2016, 10, 2)).key == "2016-q3"
    assert period_latest(plan=plan, today=dt.date(2015, 5, 1)).key == "2015-q2"  # the first
    assert period_latest(plan=plan, today=dt.date(2030, 1, 1)).key == "2018-q1"
    assert period_previous(period=periods[5]) == periods[4]
    assert period_previous(period=periods[0]) is None
