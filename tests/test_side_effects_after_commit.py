"""E-mail leaves only once the change that sends it has committed: never while the
transaction (on SQLite, the database's write lock) waits on the mail server, and never for
a change that was rolled back.

``django_capture_on_commit_callbacks(execute=True)`` runs the callbacks a real commit would
run; each test rolls back the outer transaction first and checks nothing was sent.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from cypp.accounts.models import AuditEvent
from cypp.commentary.reminders import commentary_reminders_send
from cypp.governance.reminders import actions_remind
from tests.commentary.helpers import world_make
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import contributor_make

pytestmark = pytest.mark.django_db


class Undone(Exception):
    """Raised to roll a transaction back, as a failing request would."""


def test_commentary_reminders_wait_for_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    w = world_make()  # one contributor, writer@example.org, owes commentary
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        assert commentary_reminders_send(period=w.period, by=None) == 1
        assert mailoutbox == []  # not inside the transaction
        raise Undone
    assert mailoutbox == []  # nor after it rolled back
    assert not AuditEvent.objects.filter(note__startswith="Reminders sent").exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        assert commentary_reminders_send(period=w.period, by=None) == 1
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["writer@example.org"]]


def test_action_reminders_wait_for_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    body = body_make()
    held = meeting_make(body, dt.date(2026, 3, 1))
    owner = contributor_make()  # the council's contributor owns the council's actions
    owner.email = "lead@council.example"
    owner.save()
    action_make(body, meeting=held, text="Overdue council report", due_date=dt.date(2026, 5, 1))
    today = dt.date(2026, 6, 1)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        assert actions_remind(today=today).sent == ["contributor"]
        assert mailoutbox == []
        raise Undone
    assert mailoutbox == []
    assert not AuditEvent.objects.filter(note__startswith="Reminder e-mailed").exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = actions_remind(today=today)
    assert result.sent == ["contributor"] and len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [["lead@council.example"]]
    assert "Overdue council report" in mailoutbox[0].body
    assert AuditEvent.objects.filter(note="Reminder e-mailed to contributor (overdue)").exists()
