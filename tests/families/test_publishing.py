"""The cohort's counts published to the evidence store (``cypp.families.publishing``), on
the hand-made cohort of ``test_summary`` (its docstring works the counts out).

Beyond the summary's counts, by hand:
- cumulative families (an episode started by the year's end): 2022-23 F11, F12, F15 = 3;
  2023-24 F01-F13, F15, F16 = 15 (F14 starts in May 2024);
- sustained progress (ready for a results claim at the year's end, not at the end of the
  year before): F11's only need, education, is sustained on its closure, 30 June 2023: 1 in
  2023-24, 0 in 2022-23 (on 31 March 2023 F11's 95% of June 2023 is not known yet).
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from cypp.families.models import Episode, Family, Member
from cypp.families.publishing import cohort_indicators_publish
from cypp.indicators.models import Observation, ObservationRevision, Source
from tests.families.test_summary import cohort_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold(settings):
    def set_to(value: int) -> None:
        settings.DISCLOSURE_THRESHOLD = value
        settings.DISCLOSURE_SUPPRESS_ZEROS = False

    return set_to


def published(partnership) -> dict[tuple[str, str], tuple[float | None, str]]:
    return {
        (o.indicator.code, o.period.label): (o.value, o.status)
        for o in Observation.objects.filter(
            indicator__source__key="families", area=partnership.area
        ).select_related("indicator", "period")
    }


def test_observations_land_with_the_right_values_periods_and_marks(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    report = cohort_indicators_publish(partnership, by=None, periods=["2022-23", "2023-24"])
    assert report is not None and not report.already_imported
    found = published(partnership)
    assert found[("families_worked_with", "2023-24")] == (13, "")
    assert found[("families_with_lead_practitioner", "2023-24")] == (10, "")
    assert found[("families_worked_with_cumulative", "2023-24")] == (15, "")
    assert found[("outcome_crime_needs", "2023-24")] == (10, "")
    assert found[("outcome_crime_met", "2023-24")] == (0, "")  # a true zero is shown
    # 9 families with an education need, 1 with sustained progress: "c", no value.
    assert found[("outcome_education_needs", "2023-24")] == (None, "confidential")
    assert found[("families_sustained_progress", "2023-24")] == (None, "confidential")
    assert found[("families_worked_with", "2022-23")] == (None, "confidential")  # 3
    # Every indicator in both years, and nothing else: 4 cohort counts and 3 per outcome.
    assert len(found) == 2 * (4 + 2 * 3)
    source = Source.objects.get(key="families")
    assert source.name == f"{partnership.name}: early help data"
    worked = Observation.objects.get(
        indicator__code="families_worked_with", period__label="2023-24", area=partnership.area
    )
    assert worked.indicator.unit == "number of families"
    assert worked.indicator.value_type == "count"
    assert worked.indicator.polarity == "high"
    assert worked.period.period_type == "financial"
    assert worked.indicator.title == "Families worked with by early help in the year"


def test_the_raw_counts_with_no_threshold_to_hide_them(threshold):
    threshold(1)
    partnership, *_ = cohort_make()
    cohort_indicators_publish(partnership, by=None, periods=["2022-23", "2023-24"])
    found = published(partnership)
    assert found[("families_worked_with", "2022-23")] == (3, "")
    assert found[("families_worked_with_cumulative", "2022-23")] == (3, "")
    assert found[("families_sustained_progress", "2022-23")] == (0, "")
    assert found[("families_sustained_progress", "2023-24")] == (1, "")
    assert found[("outcome_education_needs", "2023-24")] == (9, "")
    assert found[("outcome_education_sustained", "2023-24")] == (1, "")


def test_every_year_from_the_first_episodes_to_the_current_one(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    cohort_indicators_publish(partnership, by=None)
    today = dt.date.today()
    first = today.year if today.month >= 4 else today.year - 1
    # F15's episode began on 1 January 2021: the financial year 2020-21.
    expected = [f"{y}-{(y + 1) % 100:02d}" for y in range(2020, first + 1)]
    periods = sorted({period for _, period in published(partnership)})
    assert periods == expected


def test_a_republish_with_nothing_changed_adds_no_revisions(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    cohort_indicators_publish(partnership, by=None, periods=["2023-24"])
    observations = Observation.objects.count()
    again = cohort_indicators_publish(partnership, by=None, periods=["2023-24"])
    assert again is not None and again.already_imported
    assert ObservationRevision.objects.count() == 0
    assert Observation.objects.count() == observations


def test_a_changed_count_keeps_the_old_one_as_a_revision(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    cohort_indicators_publish(partnership, by=None, periods=["2023-24"])
    # A fourteenth family worked with in 2023-24.
    family = Family.objects.create(
        partnership=partnership, key_hash="n" * 64, reference="R-NEW", lead_agency=""
    )
    member = Member.objects.create(partnership=partnership, family=family, key_hash="nm" * 32)
    Episode.objects.create(
        partnership=partnership,
        key_hash="ne" * 32,
        member=member,
        family=family,
        start=dt.date(2023, 10, 1),
    )
    report = cohort_indicators_publish(partnership, by=None, periods=["2023-24"])
    assert report is not None and not report.already_imported
    worked = Observation.objects.get(
        indicator__code="families_worked_with", period__label="2023-24", area=partnership.area
    )
    assert worked.value == 14
    revision = ObservationRevision.objects.get(observation=worked)
    assert revision.previous["value"] == 13


def test_the_publish_command(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    out = StringIO()
    call_command(
        "families", "publish", "--partnership", partnership.key, "--period", "2023-24", stdout=out
    )
    assert "Published early help indicators" in out.getvalue()
    again = StringIO()
    call_command(
        "families",
        "publish",
        "--partnership",
        partnership.key,
        "--period",
        "2023-24",
        stdout=again,
    )
    assert "Nothing has changed" in again.getvalue()
    assert "R-F" not in out.getvalue() + again.getvalue()
