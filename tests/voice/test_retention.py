"""Retention: a wave's answers go once its closing date and the survey's retention period
have passed, except those with a safeguarding alert not yet closed.

Dates worked by hand: the wellbeing survey keeps answers 730 days; its 2024 wave closed on
30 April 2024. 30 April 2024 + 365 days is 30 April 2025 (no 29 February between them),
+ 365 more is 30 April 2026 (none in that year either). So the answers are kept through 30
April 2026 and deleted on 1 May 2026. The 2025 wave has no closing date: never due.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from cypp.accounts.models import AuditEvent
from cypp.indicators.models import Observation
from cypp.voice.models import Answer, Response, SafeguardingAlert, Tag, Theme, ThemeReply
from cypp.voice.retention import retention_run
from tests.voice.world import VoiceWorld, answers_add, voice_world

KEPT_UNTIL = dt.date(2026, 4, 30)
DUE = dt.date(2026, 5, 1)


def _answered(world: VoiceWorld) -> Theme:
    old = answers_add(
        world,
        wave="2024",
        audience="12-15",
        answers={"area": "ross", "happy": "4", "change": "More buses"},
        times=3,
    )
    answers_add(world, wave="2025", audience="12-15", answers={"happy": "2"}, times=2)
    theme = Theme.objects.create(partnership=world.alpha, name="Getting about")
    Tag.objects.create(theme=theme, answer=old[0].answers.get(question__key="change"))
    ThemeReply.objects.create(theme=theme, you_said="More buses", we_did="We asked")
    return theme


@pytest.mark.django_db
def test_answers_are_kept_through_their_last_day_and_deleted_the_day_after() -> None:
    world = voice_world()
    theme = _answered(world)
    assert retention_run(today=KEPT_UNTIL).waves == []
    assert Response.objects.count() == 5
    report = retention_run(today=DUE)
    assert [w.as_dict() for w in report.waves] == [
        {
            "survey": "wellbeing",
            "wave": "2024",
            "kept_until": "2026-04-30",
            "responses": 3,
            "answers": 9,
            "alerts_closed": 0,
            "kept_for_alerts": 0,
        }
    ]
    assert Response.objects.filter(wave=world.waves["2024"]).count() == 0
    assert Response.objects.filter(wave=world.waves["2025"]).count() == 2
    assert Answer.objects.count() == 2 and Tag.objects.count() == 0
    # The theme and the partnership's reply stay: they are the partnership's words.
    assert Theme.objects.filter(pk=theme.pk).exists() and ThemeReply.objects.count() == 1
    event = AuditEvent.objects.get(action="delete", object_type="voice.wave")
    assert event.context == "partnership:alpha"
    assert event.changes == {
        "responses": [3, 0],
        "answers": [9, 0],
        "closed alerts": [0, 0],
    }
    # Run again: nothing left to do, nothing audited.
    assert retention_run(today=DUE).waves == []
    assert AuditEvent.objects.filter(action="delete").count() == 1


@pytest.mark.django_db
def test_a_dry_run_counts_and_deletes_nothing() -> None:
    world = voice_world()
    _answered(world)
    out = io.StringIO()
    call_command("voice", "retention", "--dry-run", "--today", "2026-05-01", stdout=out)
    assert out.getvalue().strip() == (
        "wellbeing wave 2024 (kept until 2026-04-30): 3 response(s) and 9 answer(s) "
        "would be deleted."
    )
    assert Response.objects.count() == 5
    assert not AuditEvent.objects.filter(action="delete").exists()


@pytest.mark.django_db
def test_a_survey_keeping_answers_longer_keeps_them_longer() -> None:
    world = voice_world()
    _answered(world)
    world.wellbeing.retention_days = 1095  # 3 x 365: 30 April 2027, no 29 February between
    world.wellbeing.save()
    assert retention_run(today=DUE).waves == []
    assert retention_run(today=dt.date(2027, 4, 30)).waves == []
    report = retention_run(today=dt.date(2027, 5, 1), dry_run=True)
    assert report.waves[0].kept_until == dt.date(2027, 4, 30)


def _alerted(world: VoiceWorld, response: Response, status: str) -> SafeguardingAlert:
    now = timezone.now()
    return SafeguardingAlert.objects.create(
        survey=world.check_in,
        response=response,
        question=world.question("check-in", "feel-safe"),
        reason="answer",
        said="No",
        status=status,
        contact=world.people["safeguarding"],
        raised_at=now,
        due_at=now + dt.timedelta(hours=4),
    )


@pytest.mark.django_db
def test_a_response_with_an_alert_not_closed_is_kept_counted_and_said() -> None:
    world = voice_world()
    wave = world.waves["check-in"]
    # Closed 31 March 2025, kept 30 days: through 30 April 2025 (March has 31 days).
    wave.closes = dt.date(2025, 3, 31)
    wave.save()
    world.check_in.retention_days = 30
    world.check_in.save()
    made = answers_add(
        world, wave="check-in", audience="check-in", answers={"feel-safe": "no"}, times=4
    )
    open_alert = _alerted(world, made[0], "open")
    acknowledged = _alerted(world, made[1], "acknowledged")
    _alerted(world, made[2], "closed")
    assert retention_run(today=dt.date(2025, 4, 30)).waves == []
    out = io.StringIO()
    call_command("voice", "retention", "--today", "2025-05-01", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["responses"] == 2 and printed["kept_for_alerts"] == 2
    assert printed["waves"][0]["alerts_closed"] == 1
    assert set(Response.objects.filter(wave=wave).values_list("pk", flat=True)) == {
        made[0].pk,
        made[1].pk,
    }
    assert SafeguardingAlert.objects.count() == 2
    out = io.StringIO()
    call_command("voice", "retention", "--today", "2025-05-02", stdout=out)
    assert "2 response(s) kept while their safeguarding alert is not closed" in out.getvalue()
    # Once the alerts are closed, the next run deletes the responses and the alerts.
    SafeguardingAlert.objects.filter(pk__in=[open_alert.pk, acknowledged.pk]).update(
        status="closed"
    )
    report = retention_run(today=dt.date(2025, 5, 3))
    assert (report.waves[0].responses, report.waves[0].alerts_closed) == (2, 2)
    assert not Response.objects.filter(wave=wave).exists()
    assert not SafeguardingAlert.objects.exists()


@pytest.mark.django_db
def test_indicators_published_from_the_results_stay_they_are_counts() -> None:
    world = voice_world()
    answers_add(world, wave="2024", audience="12-15", answers={"happy": "4"}, times=12)
    call_command("voice", "publish", "--survey", "wellbeing", stdout=io.StringIO())
    published = list(
        Observation.objects.filter(indicator__source__key="voice").values_list("pk", "value")
    )
    assert published  # the wave's results became indicators
    report = retention_run(today=DUE)
    assert report.waves[0].responses == 12
    assert not Response.objects.exists()
    after = Observation.objects.filter(indicator__source__key="voice").values_list("pk", "value")
    assert list(after) == published
