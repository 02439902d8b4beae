"""Safeguarding alerts: raised with the answer on a named survey only, due within the
survey's hours, sent once (by the commit's hook or by the sweep, never both), escalated
once after the deadline, acknowledged and closed with what was done (audited), and seen only
by their contacts: no exception for superusers or administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from cypp.accounts.models import AuditEvent
from cypp.voice.models import Response, SafeguardingAlert
from cypp.voice.services_alerts import (
    AlertError,
    alert_acknowledge,
    alert_close,
    alert_raise,
    alerts_sweep,
)
from tests.voice.world import VoiceWorld, voice_world

pytestmark = pytest.mark.django_db

NAME = "Sam Jones"
WRITTEN = "my dad hits me when he is angry"


@pytest.fixture
def world() -> VoiceWorld:
    made = voice_world()
    for key in ("safeguarding", "escalation", "administrator"):
        person = made.people[key]
        assert person is not None
        person.email = f"{person.username}@example.org"
        person.save()
    return made


def _person(world: VoiceWorld, key: str) -> User:
    person = world.people[key]
    assert person is not None
    return person


def _named_response(world: VoiceWorld) -> Response:
    return Response.objects.create(
        survey=world.check_in,
        audience=world.audiences["check-in"],
        wave=world.waves["check-in"],
        consent=Response.Consent.SELF,
        started_on=dt.date(2025, 3, 3),
        respondent_name=NAME,
        respondent_contact="07700 900123",
        respondent_setting="Hereford Academy",
    )


def _raise(world: VoiceWorld, capture: Any, *, send: bool = True) -> SafeguardingAlert:
    response = _named_response(world)
    question = world.question("check-in", "why-unsafe")
    with capture(execute=send), transaction.atomic():
        alert = alert_raise(response=response, question=question, reason="words", said=WRITTEN)
    assert alert is not None
    return alert


def test_an_alert_is_due_within_the_surveys_hours_and_goes_to_its_contact(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    before = timezone.now()
    alert = _raise(world, django_capture_on_commit_callbacks)
    alert.refresh_from_db()
    # check-in asks for acknowledgement within 4 hours (tests/voice/world.py).
    assert before + dt.timedelta(hours=4) <= alert.due_at <= timezone.now() + dt.timedelta(hours=4)
    assert alert.contact == world.people["safeguarding"]
    assert alert.escalation_contact == world.people["escalation"]
    assert alert.notified_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["voice-dsl@example.org"]
    assert f"/voice/alerts/{alert.pk}/" in message.body
    # No word of the child, nor their name, leaves in an e-mail.
    for secret in (NAME, "hits me", "dad", "07700", "Hereford Academy"):
        assert secret not in message.body and secret not in message.subject


def test_an_anonymous_survey_raises_no_alert(world: VoiceWorld) -> None:
    response = Response.objects.create(
        survey=world.wellbeing,
        audience=world.audiences["12-15"],
        wave=world.waves["2025"],
        consent=Response.Consent.SELF,
        started_on=dt.date(2025, 3, 3),
    )
    with transaction.atomic():
        made = alert_raise(
            response=response,
            question=world.question("12-15", "feel-safe"),
            reason="answer",
            said="No",
        )
    assert made is None
    assert SafeguardingAlert.objects.count() == 0


def test_a_rolled_back_answer_leaves_no_alert_and_sends_nothing(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    response = _named_response(world)
    with (
        django_capture_on_commit_callbacks(execute=True) as hooks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        alert_raise(
            response=response,
            question=world.question("check-in", "feel-safe"),
            reason="answer",
            said="No",
        )
        raise RuntimeError("the answer failed")
    assert hooks == []
    assert SafeguardingAlert.objects.count() == 0
    assert mail.outbox == []


def test_the_sweep_sends_an_unsent_alert_once(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks, send=False)  # the hook never ran
    assert SafeguardingAlert.objects.get(pk=alert.pk).notified_at is None
    first = alerts_sweep()
    second = alerts_sweep()
    assert first.notified == [alert.pk]
    assert second.notified == []
    assert len(mail.outbox) == 1
    assert SafeguardingAlert.objects.get(pk=alert.pk).notified_at is not None
    # The commit's hook, late, finds it sent and sends nothing more.
    from cypp.voice.services_alerts import alert_notify

    assert alert_notify(alert.pk) is None
    assert len(mail.outbox) == 1
    assert (
        AuditEvent.objects.filter(
            object_type="voice.safeguardingalert",
            object_id=str(alert.pk),
            note__contains="e-mailed",
        ).count()
        == 1
    )


def test_a_contact_without_an_address_leaves_the_alert_unsent_and_said(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    contact = world.people["safeguarding"]
    assert contact is not None
    contact.email = ""
    contact.save()
    alert = _raise(world, django_capture_on_commit_callbacks)
    assert SafeguardingAlert.objects.get(pk=alert.pk).notified_at is None
    report = alerts_sweep()
    assert report.unsent == [alert.pk] and report.notified == []
    assert mail.outbox == []


def test_an_alert_not_acknowledged_by_its_deadline_is_escalated_once(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    due = SafeguardingAlert.objects.get(pk=alert.pk).due_at
    assert alerts_sweep(now=due - dt.timedelta(minutes=1)).escalated == []
    report = alerts_sweep(now=due + dt.timedelta(minutes=1))
    assert report.escalated == [alert.pk]
    assert report.escalation_notified == [alert.pk]
    again = alerts_sweep(now=due + dt.timedelta(hours=1))
    assert again.escalated == [] and again.escalation_notified == []
    assert [m.to for m in mail.outbox] == [["voice-escalation@example.org"]]
    assert WRITTEN not in mail.outbox[0].body and NAME not in mail.outbox[0].body
    escalated = SafeguardingAlert.objects.get(pk=alert.pk)
    assert escalated.escalated_at is not None and escalated.escalation_notified_at is not None


def test_without_an_escalation_contact_the_administrators_are_told_and_may_open_it(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    world.check_in.escalation_contact = None
    world.check_in.save()
    alert = _raise(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    admin = Client()
    admin.force_login(_person(world, "administrator"))
    assert admin.get(f"/voice/alerts/{alert.pk}/").status_code == 404  # not yet escalated
    alerts_sweep(now=alert.due_at + dt.timedelta(seconds=1))
    assert [m.to for m in mail.outbox] == [["voice-admin@example.org"]]
    assert admin.get(f"/voice/alerts/{alert.pk}/").status_code == 200


def test_an_acknowledged_alert_is_not_escalated(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    alert_acknowledge(alert=alert, by=world.people["safeguarding"])
    assert alerts_sweep(now=alert.due_at + dt.timedelta(hours=1)).escalated == []
    with pytest.raises(AlertError, match="acknowledged already"):
        alert_acknowledge(alert=alert, by=world.people["safeguarding"])
    done = SafeguardingAlert.objects.get(pk=alert.pk)
    assert done.status == "acknowledged" and done.acknowledged_by == world.people["safeguarding"]
    assert AuditEvent.objects.filter(
        object_id=str(alert.pk), note="Safeguarding alert acknowledged"
    ).exists()


def test_closing_needs_what_was_done_and_acknowledges_in_the_same_step(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    by = world.people["escalation"]
    with pytest.raises(AlertError, match="what was done"):
        alert_close(alert=alert, by=by, what_was_done="   ")
    alert_close(alert=alert, by=by, what_was_done="Referred to children's social care.")
    closed = SafeguardingAlert.objects.get(pk=alert.pk)
    assert closed.status == "closed"
    assert closed.acknowledged_by == by and closed.closed_by == by
    assert closed.what_was_done == "Referred to children's social care."
    with pytest.raises(AlertError, match="closed already"):
        alert_close(alert=alert, by=by, what_was_done="Again")
    event = AuditEvent.objects.get(object_id=str(alert.pk), note__contains="closed")
    # What was done may name the child: it stays on the alert, out of the audit trail.
    assert "social care" not in str(event.changes) and "social care" not in event.note


def test_someone_else_may_not_act_on_an_alert(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    for key in ("administrator", "superuser", "analyst"):
        with pytest.raises(AlertError):
            alert_acknowledge(alert=alert, by=world.people[key])
    assert SafeguardingAlert.objects.get(pk=alert.pk).status == "open"


def test_the_command_sweeps_and_prints_json(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    import json

    alert = _raise(world, django_capture_on_commit_callbacks, send=False)
    call_command("voice", "alerts", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed == {
        "notified": [alert.pk],
        "escalated": [],
        "escalation_notified": [],
        "unsent": [],
    }
    call_command("voice", "alerts")
    assert "Sent 0 alert(s)" in capsys.readouterr().out
    assert len(mail.outbox) == 1


# The pages, by role: only the survey's contacts, never a superuser or an administrator.
ROLES = {
    "anonymous": "login",
    "no-role": 404,
    "viewer": 404,
    "contributor": 404,
    "analyst": 404,
    "administrator": 404,
    "other": 404,
    "superuser": 404,
    "safeguarding": 200,
    "escalation": 200,
}


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_the_alert_pages_by_role(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any, role: str, expected: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    client = Client()
    if world.people[role] is not None:
        client.force_login(_person(world, role))
    page = client.get(f"/voice/alerts/{alert.pk}/")
    listing = client.get("/voice/alerts/")
    acknowledge = client.post(f"/voice/alerts/{alert.pk}/acknowledge/")
    if expected == "login":
        for answer in (page, listing, acknowledge):
            assert answer.status_code == 302 and "/sign-in/" in answer["Location"]
        return
    assert page.status_code == expected
    assert listing.status_code == 200
    shown = f"/voice/alerts/{alert.pk}/" in listing.content.decode()
    assert shown == (expected == 200)
    if expected == 200:
        body = page.content.decode()
        for seen in (NAME, "07700 900123", "Hereford Academy", WRITTEN, "Checking in"):
            assert seen in body
        assert acknowledge.status_code == 302
        assert SafeguardingAlert.objects.get(pk=alert.pk).status == "acknowledged"
    else:
        assert acknowledge.status_code == 404
        assert SafeguardingAlert.objects.get(pk=alert.pk).status == "open"


def test_the_close_form_says_what_is_missing_and_closes(
    world: VoiceWorld, django_capture_on_commit_callbacks: Any
) -> None:
    alert = _raise(world, django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(_person(world, "safeguarding"))
    empty = client.post(f"/voice/alerts/{alert.pk}/close/", {"what_was_done": " "})
    assert empty.status_code == 200
    assert "Say what was done before closing the alert" in empty.content.decode()
    done = client.post(
        f"/voice/alerts/{alert.pk}/close/", {"what_was_done": "Called the school's DSL."}
    )
    assert done.status_code == 302
    page = client.get(f"/voice/alerts/{alert.pk}/").content.decode()
    assert "Called the school&#x27;s DSL." in page
    assert "Acknowledge the alert" not in page and "Close the alert" not in page
