"""`cypp governance ...` through call_command: connect, choose a board, list committees,
sync from recorded answers, and queue the scheduled syncs."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError

from cypp.accounts.models import Partnership
from cypp.governance.models import Body, CommitteeSync, CommitteeSystem, Meeting
from tests.conftest import cli
from tests.governance.factories import body_make
from tests.governance.moderngov.conftest import RECORDED
from tests.plans.factories import partnership_make

pytestmark = pytest.mark.django_db


def connect(partnership: Partnership) -> str:
    """`cypp governance connect` to an example address; what it printed."""
    return cli(
        "governance",
        "connect",
        "--partnership",
        partnership.key,
        "--address",
        "https://democracy.example.gov.uk",
    )


def board(partnership: Partnership) -> str:
    """`cypp governance board`: the body "audit" is committee 144; what it printed."""
    return cli(
        "governance", "board", "--partnership", partnership.key, "--body", "audit",
        "--committee", "144",
    )  # fmt: skip


def connected_board() -> Body:
    partnership = partnership_make()
    body = body_make("audit", partnership=partnership)
    connect(partnership)
    board(partnership)
    body.refresh_from_db()
    return body


def test_connect_and_board_say_what_they_set():
    partnership = partnership_make()
    body_make("audit", partnership=partnership)
    said = connect(partnership)
    assert (
        said.strip() == f"{partnership.name}: meetings come from https://democracy.example.gov.uk/"
    )
    said = board(partnership)
    assert said.strip() == "Audit is committee 144."
    assert Body.objects.get(partnership=partnership, key="audit").committee_id == 144
    said = cli(
        "governance",
        "board",
        "--partnership",
        partnership.key,
        "--body",
        "audit",
        "--committee",
        "none",
    )
    assert Body.objects.get(partnership=partnership, key="audit").committee_id is None


def test_committees_lists_the_recorded_ones_with_the_board_each_is():
    body = connected_board()
    rows = json.loads(
        cli(
            "governance",
            "committees",
            "--partnership",
            body.partnership.key,
            "--recorded",
            str(RECORDED),
            "--json",
        )
    )
    assert [(r["id"], r["title"], r["expired"], r["body"]) for r in rows] == [
        (312, "Appointment Sub Committee for Director of Adult Social Services", True, None),
        (163, "Art Galleries Committee", False, None),
        (144, "Audit Committee", False, "audit"),
    ]
    words = cli(
        "governance",
        "committees",
        "--partnership",
        body.partnership.key,
        "--recorded",
        str(RECORDED),
    )
    assert "   144  Audit Committee  (audit)" in words.splitlines()


def test_sync_from_recorded_answers_prints_its_record():
    body = connected_board()
    record = json.loads(
        cli(
            "governance",
            "sync",
            "--partnership",
            body.partnership.key,
            "--from",
            "2026-01-01",
            "--to",
            "2026-03-31",
            "--recorded",
            str(RECORDED),
            "--json",
        )
    )
    assert record["status"] == "done"
    assert (record["date_from"], record["date_to"]) == ("2026-01-01", "2026-03-31")
    assert record["counts"]["meetings_created"] == 2
    assert record["counts"]["papers_linked"] == 2
    assert record["error"] is None and record["by"] is None
    words = cli(
        "governance", "sync", "--partnership", body.partnership.key, "--recorded", str(RECORDED)
    )
    assert "Meetings unchanged" in words and "Meetings created" in words
    assert Meeting.objects.filter(body=body).count() == 2


def test_a_failed_sync_is_a_command_error_with_the_message():
    body = connected_board()
    with pytest.raises(CommandError, match="no such folder of recorded responses"):
        cli("governance", "sync", "--partnership", body.partnership.key, "--recorded", "/no/such")
    with pytest.raises(CommandError, match="There is no partnership with the key 'nobody'"):
        cli("governance", "sync", "--partnership", "nobody")


def test_sync_all_enqueue_queues_each_partnership_on_schedule(
    settings, django_capture_on_commit_callbacks
):
    # The test settings run a task as it is enqueued; the task reads the recorded answers.
    settings.CYPP_MODERNGOV_RECORDED = str(RECORDED)
    body = connected_board()
    other = partnership_make("no-schedule")
    CommitteeSystem.objects.create(
        partnership=other, address="https://d.example.gov.uk/", sync_on_schedule=False
    )
    # Queued once the command's transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        said = cli("governance", "sync", "--all", "--enqueue")
    assert said.strip() == f"Syncs queued: 1 ({body.partnership.key})"
    assert len(queued) == 1
    run = CommitteeSync.objects.get(partnership=body.partnership)
    assert run.status == "done" and run.by is None
    assert not CommitteeSync.objects.filter(partnership=other).exists()
