"""Survey results published to the evidence store as indicators (``cypp.voice.publishing``).

By hand, for the world below:
- 2024 wave (opens 1 March 2024: the academic year 2023/24), 11 finished responses: "happy"
  4 for 10 of them, no answer for 1; "feel safe" yes 10, no 1. Published cells: none of
  "feel safe" (the 1 hides the 10; zeros are "c"), and none of "happy" (the no-answer 1
  hides the 10). So every figure of 2023/24 is "c".
- 2025 wave (opens 1 March 2025: 2024/25), 20 responses: "happy" 5 for 12, 4 for 8, and
  "feel safe" yes for all 20. Published: happy 5 is hidden with 4 (8), feel safe yes 20 of
  20 = 100.0%.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cypp.indicators.models import Observation
from cypp.voice.models import Wave
from cypp.voice.publishing import academic_year, survey_indicators_publish
from tests.voice.world import VoiceWorld, answers_add, voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings) -> VoiceWorld:
    settings.DISCLOSURE_THRESHOLD = 10
    settings.DISCLOSURE_SUPPRESS_ZEROS = False
    made = voice_world()
    answers_add(
        made, wave="2024", audience="12-15", answers={"happy": "4", "feel-safe": "yes"}, times=10
    )
    answers_add(made, wave="2024", audience="12-15", answers={"feel-safe": "no"})
    answers_add(
        made, wave="2025", audience="8-11", answers={"happy": "5", "feel-safe": "yes"}, times=12
    )
    answers_add(
        made, wave="2025", audience="parents", answers={"happy": "4", "feel-safe": "yes"}, times=8
    )
    return made


def published() -> dict[tuple[str, str], tuple[float | None, float | None, float | None, str]]:
    return {
        (o.indicator.code, o.period.label): (o.value, o.numerator, o.denominator, o.status)
        for o in Observation.objects.filter(indicator__source__key="voice").select_related(
            "indicator", "period"
        )
    }


def test_each_option_of_each_choice_and_scale_question_per_wave(world: VoiceWorld) -> None:
    report = survey_indicators_publish(survey=world.wellbeing, by=None)
    assert report is not None and not report.already_imported
    found = published()
    # happy (5 options) and feel-safe (3): not the area, the ranking or free text.
    codes = {code for code, _ in found}
    assert codes == {f"voice.wellbeing.happy.{n}" for n in "12345"} | {
        "voice.wellbeing.feel-safe.yes",
        "voice.wellbeing.feel-safe.not-sure",
        "voice.wellbeing.feel-safe.no",
    }
    assert {period for _, period in found} == {"2023/24", "2024/25"}
    assert all(found[(code, "2023/24")] == (None, None, None, "confidential") for code in codes)
    assert found[("voice.wellbeing.feel-safe.yes", "2024/25")] == (100.0, 20, 20, "")
    assert found[("voice.wellbeing.happy.5", "2024/25")][3] == "confidential"
    assert found[("voice.wellbeing.happy.4", "2024/25")][3] == "confidential"
    one = Observation.objects.filter(indicator__code="voice.wellbeing.feel-safe.yes").first()
    assert one is not None
    assert one.area == world.alpha.area
    assert one.period.period_type == "academic"
    assert one.indicator.value_type == "proportion"
    assert one.indicator.unit == "% of those who answered"
    assert one.indicator.title == "How are you?: Do you feel safe at home? (Yes)"


def test_a_republish_with_nothing_changed_changes_nothing(world: VoiceWorld) -> None:
    survey_indicators_publish(survey=world.wellbeing, by=None)
    count = Observation.objects.count()
    again = survey_indicators_publish(survey=world.wellbeing, by=None)
    assert again is not None and again.already_imported
    assert Observation.objects.count() == count


def test_the_academic_year_of_a_wave() -> None:
    def wave(day: dt.date) -> Wave:
        return Wave(key="w", label="w", opens=day)

    assert academic_year(wave(dt.date(2025, 3, 1))) == "2024/25"
    assert academic_year(wave(dt.date(2025, 9, 1))) == "2025/26"
    assert academic_year(wave(dt.date(2025, 8, 31))) == "2024/25"


def test_two_waves_in_one_school_year_are_refused_by_name(world: VoiceWorld) -> None:
    Wave.objects.create(
        survey=world.wellbeing, key="summer-2025", label="Summer 2025", opens=dt.date(2025, 6, 1)
    )
    out = StringIO()
    with pytest.raises(CommandError, match=r"'Spring 2025' and 'Summer 2025'.*2024/25"):
        call_command("voice", "publish", "--survey", "wellbeing", stdout=out)
    assert not Observation.objects.filter(indicator__source__key="voice").exists()


def test_the_publish_command(world: VoiceWorld) -> None:
    out = StringIO()
    call_command("voice", "publish", "--survey", "wellbeing", stdout=out)
    assert "Published the results of How are you? as indicators: 16 new" in out.getvalue()
    again = StringIO()
    call_command("voice", "publish", "--survey", "wellbeing", stdout=again)
    assert "Nothing has changed" in again.getvalue()


def test_a_share_is_of_those_who_answered_the_question(settings) -> None:
    """By hand: 2025 wave, 40 finished responses; 25 answer "feel safe" (15 yes, 10 no),
    15 do not (parents not asked it, say, or children who skipped it). Every cell is 10 or
    more, so nothing is hidden: yes is 15 / 25 = 60.0%, not 15 / 40 = 37.5%."""
    settings.DISCLOSURE_THRESHOLD = 10
    settings.DISCLOSURE_SUPPRESS_ZEROS = False
    made = voice_world()
    answers_add(made, wave="2025", audience="12-15", answers={"feel-safe": "yes"}, times=15)
    answers_add(made, wave="2025", audience="12-15", answers={"feel-safe": "no"}, times=10)
    answers_add(made, wave="2025", audience="parents", answers={"happy": "4"}, times=15)
    survey_indicators_publish(survey=made.wellbeing, by=None)
    found = published()
    assert found[("voice.wellbeing.feel-safe.yes", "2024/25")] == (60.0, 15, 25, "")
    assert found[("voice.wellbeing.feel-safe.no", "2024/25")] == (40.0, 10, 25, "")
    # "Happy": 15 answered, 25 did not: 4 is 15 of 15.
    assert found[("voice.wellbeing.happy.4", "2024/25")] == (100.0, 15, 15, "")
