"""`cypp actions remind`: each owner with an e-mail gets one message with their overdue
actions and those due within 14 days; roles in words reach no one; each message audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cypp.accounts.models import AuditEvent, Person
from cypp.governance.services import Owner
from tests.conftest import cli, cli_json
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import contributor_make, viewer_make

pytestmark = pytest.mark.django_db
TODAY = "2026-06-01"


def _setup():
    body = body_make()
    held = meeting_make(body, dt.date(2026, 3, 1))
    contributor = contributor_make()
    contributor.email = "lead@council.example"
    contributor.save()
    director = viewer_make("director")
    director.email = "director@example.org"
    director.save()
    person = Person.objects.create(user=director, display_name="Director")
    action_make(body, meeting=held, text="Overdue council report", due_date=dt.date(2026, 5, 1))
    action_make(body, meeting=held, text="Council plan due soon", due_date=dt.date(2026, 6, 10))
    action_make(body, meeting=held, text="Council, later", due_date=dt.date(2026, 9, 1))
    action_make(
        body,
        meeting=held,
        text="Director's overdue",
        owner=Owner(person=person),
        due_date=dt.date(2026, 4, 1),
    )
    action_make(
        body,
        meeting=held,
        text="Role's overdue",
        owner=Owner(role="Chair"),
        due_date=dt.date(2026, 4, 1),
    )
    return body


def test_each_owner_gets_one_message_listing_overdue_and_due_soon(
    django_capture_on_commit_callbacks,
):
    _setup()
    with django_capture_on_commit_callbacks(execute=True):  # each message waits for its commit
        result = cli_json("actions", "remind", "--today", TODAY)
    assert sorted(result["sent"]) == ["contributor", "director"]
    assert result["actions"] == 4 and len(result["unreachable"]) == 1
    by_recipient = {m.to[0]: m for m in mail.outbox}
    council = by_recipient["lead@council.example"]
    assert "Overdue council report" in council.body and "Council plan due soon" in council.body
    assert "Council, later" not in council.body
    assert council.subject == "1 overdue and 1 due soon: your actions"
    assert "Director's overdue" in by_recipient["director@example.org"].body
    notes = AuditEvent.objects.filter(note__startswith="Reminder e-mailed").values_list(
        "note", flat=True
    )
    assert sorted(notes) == [
        "Reminder e-mailed to contributor (due soon)",
        "Reminder e-mailed to contributor (overdue)",
        "Reminder e-mailed to director (overdue)",
    ]


def test_a_dry_run_sends_nothing():
    _setup()
    out = cli("actions", "remind", "--today", TODAY, "--dry-run")
    assert "Would e-mail 2 owner(s)" in out
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(note__startswith="Reminder").exists()


def test_done_actions_are_not_reminded():
    from cypp.governance import services
    from cypp.governance.models import Action

    _setup()
    for action in Action.objects.all():
        services.action_complete(by=None, action=action)
    assert cli_json("actions", "remind", "--today", TODAY)["sent"] == []
    assert mail.outbox == []
