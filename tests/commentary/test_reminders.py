"""Reminders: one e-mail per person who owes something, with links; the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from django.test import override_settings

from cypp.accounts.models import AuditEvent
from cypp.commentary.reminders import commentary_reminders_send
from cypp.commentary.selectors import commentary_owed, period_latest
from cypp.commentary.services import (
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
    period_commentary_lock,
)
from tests.commentary.helpers import STORY, world_make
from tests.conftest import cli

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://cypp.example.org/")
def test_each_person_gets_one_email_listing_what_they_owe(
    mailoutbox, django_capture_on_commit_callbacks
):
    w = world_make(measures=3)
    measures = list(w.plan.priorities.get().outcomes.get().measures.order_by("order"))
    submitted = measure_commentary_submit(
        commentary=measure_commentary_save(
            measure=measures[0], period=w.period, by=w.contributor, **STORY
        ),
        by=w.contributor,
    )
    returned = measure_commentary_submit(
        commentary=measure_commentary_save(
            measure=measures[1], period=w.period, by=w.contributor, **STORY
        ),
        by=w.contributor,
    )
    measure_commentary_return(commentary=returned, by=w.lead, reason="Add England")
    w.analyst.email = "analyst@example.org"  # an analyst owes nothing where there is a lead
    w.analyst.save()

    with django_capture_on_commit_callbacks(execute=True):  # the messages wait for the commit
        sent = commentary_reminders_send(period=w.period, by=w.analyst)

    assert sent == 2
    by_person = {m.to[0]: m for m in mailoutbox}
    assert set(by_person) == {"writer@example.org", "lead@example.org"}
    writer = by_person["writer@example.org"].body
    assert "April to June 2016" in by_person["writer@example.org"].subject
    assert "Commentary to write:\n- Breastfeeding at 6-8 weeks (2)" in writer
    assert "Returned to you: change and submit again:\n- Breastfeeding at 6-8 weeks (1)" in writer
    assert (
        f"https://cypp.example.org/plans/{w.plan.key}/commentary/{w.period.key}/measures/"
        f"{measures[2].pk}/" in writer
    )
    assert "Commentary is due by 14 July 2016 and sign-off by 21 July 2016" in writer
    lead = by_person["lead@example.org"].body
    assert "Waiting for your approval:\n- Breastfeeding at 6-8 weeks (0)" in lead
    assert f"/measures/{submitted.measure_id}/review/" in lead
    assert "Commentary to write" not in lead
    event = AuditEvent.objects.filter(
        context=f"plan:{w.plan.key}", note__startswith="Reminders"
    ).get()
    assert event.note == "Reminders sent: 2 e-mails (lead, writer)" and event.user == w.analyst


def test_nobody_without_an_address_and_nothing_once_locked(mailoutbox):
    w = world_make()
    w.contributor.email = ""
    w.contributor.save()
    assert commentary_reminders_send(period=w.period, by=None) == 0
    w.contributor.email = "writer@example.org"
    w.contributor.save()
    period_commentary_lock(period=w.period, by=None)
    assert commentary_reminders_send(period=w.period, by=None) == 0
    assert mailoutbox == []


def test_the_command(mailoutbox, django_capture_on_commit_callbacks):
    w = world_make()
    with django_capture_on_commit_callbacks(execute=True):  # the messages wait for the commit
        out = cli("commentary", "remind", "--plan", w.plan.key, "--period", w.period.key)
    assert out == f"{w.plan.key} {w.period.key}: 1 reminder(s) sent.\n"
    with django_capture_on_commit_callbacks(execute=True):
        out = cli("commentary", "remind")  # every plan, each for its current period
    assert f"{w.plan.key} 2018-q1: 1 reminder(s) sent." in out
    assert len(mailoutbox) == 2
    with pytest.raises(CommandError, match="has no reporting period '2030-q1'"):
        cli("commentary", "remind", "--plan", w.plan.key, "--period", "2030-q1")
    with pytest.raises(CommandError, match="needs --plan"):
        cli("commentary", "remind", "--period", "2016-q2")


def test_the_periods_command():
    from tests.plans.factories import plan_make

    plan = plan_make(key="command-periods")
    assert cli("commentary", "periods", "--plan", plan.key) == (
        "command-periods: 12 quarterly periods (12 new), 2015-q2 to 2018-q1.\n"
    )
    assert "(0 new)" in cli("commentary", "periods", "--plan", plan.key)


def test_commentary_owed_for_the_current_period():
    w = world_make()
    current = period_latest(plan=w.plan)
    owed = commentary_owed(user=w.contributor)
    assert [(o.action, o.period.key, o.title) for o in owed] == [
        ("write", current.key, w.measure.title)
    ]
    assert owed[0].path.endswith(f"/commentary/{current.key}/measures/{w.measure.pk}/")
    assert commentary_owed(user=w.other) == []
    assert commentary_owed(user=w.viewer, plan=w.plan) == []
    c = measure_commentary_submit(
        commentary=measure_commentary_save(
            measure=w.measure, period=current, by=w.contributor, **STORY
        ),
        by=w.contributor,
    )
    assert commentary_owed(user=w.contributor) == []
    assert [o.action for o in commentary_owed(user=w.lead)] == ["approve"]
    measure_commentary_return(commentary=c, by=w.lead, reason="More")
    assert [o.action for o in commentary_owed(user=w.contributor)] == ["fix"]
