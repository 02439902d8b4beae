"""Nothing stuck: a board pack whose worker died mid-build is marked failed, says why, and can
be built again; a build given up for dead that was only slow keeps its work; a newer build of
the same pack is never overwritten by an older one."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cypp.commentary.models import ReportingPeriod
from cypp.plans.models import Plan
from cypp.reports.builds import board_pack_generate
from cypp.reports.models import BoardPack
from cypp.reports.tasks import board_pack_generate_task
from tests.conftest import cli
from tests.plans.factories import analyst_make, plan_make

pytestmark = pytest.mark.django_db

# The reason the brief asks for, as the pack's page and status JSON give it.
REASON = "The worker stopped while building this pack; build it again."


def _officer() -> tuple[Plan, User, Client]:
    plan = plan_make()
    analyst = analyst_make()
    client = Client()
    client.force_login(analyst)
    return plan, analyst, client


def _building(plan: Plan, *, silent_for: dt.timedelta, task_id: str = "") -> BoardPack:
    """A pack left "being built 85%" by a worker last heard from ``silent_for`` ago."""
    return BoardPack.objects.create(
        plan=plan,
        title=f"{plan.title}: board pack",
        status=BoardPack.Status.BUILDING,
        progress=85,
        progress_message="Pack assembled",
        heartbeat_at=timezone.now() - silent_for,
        build_attempt="a" * 32,
        task_id=task_id,
    )


def _status(client: Client, pack: BoardPack) -> dict[str, object]:
    response = client.get(f"/plans/{pack.plan.key}/board-packs/{pack.pk}/status/")
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_pack_silent_past_the_limit_is_failed_when_its_status_is_read() -> None:
    plan, _analyst, client = _officer()
    dead = _building(plan, silent_for=dt.timedelta(minutes=5, seconds=1))

    assert _status(client, dead) == {
        "status": "failed",
        "status_words": "Failed",
        "progress": 85,
        "message": "The build stopped",
        "finished": True,
        "error": REASON,
    }
    dead.refresh_from_db()
    assert dead.status == BoardPack.Status.FAILED and dead.error == REASON


def test_a_pack_that_beat_within_the_limit_is_still_being_built() -> None:
    plan, _analyst, client = _officer()
    alive = _building(plan, silent_for=dt.timedelta(minutes=4, seconds=50))

    status = _status(client, alive)

    assert (status["status"], status["finished"], status["error"]) == ("building", False, "")


@override_settings(BOARD_PACK_STALLED_MINUTES=30)
def test_the_limit_is_a_setting() -> None:
    plan, _analyst, client = _officer()
    pack = _building(plan, silent_for=dt.timedelta(minutes=29))
    assert _status(client, pack)["status"] == "building"
    BoardPack.objects.filter(pk=pack.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(minutes=31)
    )
    assert _status(client, pack)["status"] == "failed"


def test_the_page_says_why_and_offers_to_build_it_again_which_works() -> None:
    plan, analyst, client = _officer()
    dead = _building(plan, silent_for=dt.timedelta(hours=3))
    period = ReportingPeriod.objects.filter(plan=plan).first()
    assert period is None  # plan_make makes no reporting periods: the pack has none

    page = client.get(f"/plans/{plan.key}/board-packs/{dead.pk}/").content.decode()

    assert "The pack could not be built" in page and REASON in page
    assert "Build the pack again" in page
    assert "<progress" not in page
    # The button posts to the plan's board packs (tests run tasks as they are enqueued).
    response = client.post(f"/plans/{plan.key}/board-packs/", {})
    assert response.status_code == 302
    rebuilt = BoardPack.objects.exclude(pk=dead.pk).get(plan=plan)
    assert rebuilt.status == BoardPack.Status.READY and rebuilt.requested_by == analyst
    # The failed pack itself can also be built again in place.
    board_pack_generate(pack=dead)
    dead.refresh_from_db()
    assert (dead.status, dead.error, dead.progress) == (BoardPack.Status.READY, "", 100)


def test_the_plans_pack_list_shows_a_dead_build_as_failed() -> None:
    plan, _analyst, client = _officer()
    dead = _building(plan, silent_for=dt.timedelta(minutes=6))

    page = client.get(f"/plans/{plan.key}/board-packs/").content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Failed</strong>' in page
    dead.refresh_from_db()
    assert dead.status == BoardPack.Status.FAILED


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_recover_command_fails_the_pack_and_its_task_row_on_the_queue() -> None:
    plan, _analyst, _client = _officer()
    result = board_pack_generate_task.enqueue(0)
    row = DBTaskResult.objects.get(id=uuid.UUID(str(result.id)))
    row.claim("worker-that-was-killed")  # as the worker does before it runs the task
    dead = _building(plan, silent_for=dt.timedelta(minutes=10), task_id=str(result.id))
    alive = _building(plan, silent_for=dt.timedelta(seconds=20))
    published = BoardPack.objects.create(
        plan=plan, title="old", status=BoardPack.Status.PUBLISHED, heartbeat_at=None
    )

    out = cli("report", "recover")

    assert out == (
        f"Marked 1 board pack(s) failed (no heartbeat for 5 minutes; the worker stopped): "
        f"{dead.pk}.\n"
    )
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "cypp.reports.services.WorkerStopped"
    assert row.traceback == REASON and row.finished_at is not None
    statuses = dict(BoardPack.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "building", published.pk: "published"}
    assert cli("report", "recover") == "No board pack is stuck.\n"
    with pytest.raises(CommandError, match="--every: give a number of seconds of 1 or more"):
        cli("report", "recover", "--every", "0")


def test_a_build_never_heard_from_counts_from_when_it_was_requested() -> None:
    plan, _analyst, _client = _officer()
    pack = _building(plan, silent_for=dt.timedelta(0))
    BoardPack.objects.filter(pk=pack.pk).update(
        heartbeat_at=None, requested_at=timezone.now() - dt.timedelta(minutes=6)
    )
    assert cli("report", "recover").startswith("Marked 1 board pack(s) failed")


def test_each_step_of_a_build_is_a_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    plan, analyst, _client = _officer()
    pack = BoardPack.objects.create(plan=plan, title="t", requested_by=analyst)
    seen: list[tuple[str, int, dt.datetime | None]] = []
    real_pdf = __import__("cypp.reports.builds", fromlist=["pack_pdf"]).pack_pdf

    def pdf_watching_the_row(**kwargs: object) -> object:
        row = BoardPack.objects.get(pk=pack.pk)
        seen.append((row.status, row.progress, row.heartbeat_at))
        return real_pdf(**kwargs)

    monkeypatch.setattr("cypp.reports.builds.pack_pdf", pdf_watching_the_row)
    started = timezone.now()
    board_pack_generate(pack=pack)

    [(status, progress, beat)] = seen
    assert (status, progress) == ("building", 88)  # "Making the PDF"
    assert beat is not None and started <= beat <= timezone.now()
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY and pack.heartbeat_at >= beat


def test_a_build_given_up_for_dead_that_was_only_slow_keeps_its_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, analyst, client = _officer()
    pack = BoardPack.objects.create(plan=plan, title="t", requested_by=analyst)
    real_pdf = __import__("cypp.reports.builds", fromlist=["pack_pdf"]).pack_pdf

    def slow_pdf(**kwargs: object) -> object:
        # The PDF took longer than the limit: someone looked, and the pack was marked failed.
        BoardPack.objects.filter(pk=pack.pk).update(
            heartbeat_at=timezone.now() - dt.timedelta(minutes=6)
        )
        assert _status(client, pack)["error"] == REASON
        return real_pdf(**kwargs)

    monkeypatch.setattr("cypp.reports.builds.pack_pdf", slow_pdf)
    board_pack_generate(pack=pack)

    pack.refresh_from_db()
    assert (pack.status, pack.error, pack.progress) == (BoardPack.Status.READY, "", 100)
    assert pack.pdf_file and pack.page_count


def test_an_older_build_never_overwrites_a_newer_build_of_the_same_pack(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, analyst, _client = _officer()
    pack = BoardPack.objects.create(plan=plan, title="t", requested_by=analyst)
    real_pdf = __import__("cypp.reports.builds", fromlist=["pack_pdf"]).pack_pdf

    def overtaken(**kwargs: object) -> object:
        # Given up for dead, then built again by another worker, which is now at work on it.
        BoardPack.objects.filter(pk=pack.pk).update(
            build_attempt="b" * 32, progress=30, progress_message="Drawing measure 1 of 1"
        )
        return real_pdf(**kwargs)

    monkeypatch.setattr("cypp.reports.builds.pack_pdf", overtaken)
    board_pack_generate(pack=pack)

    pack.refresh_from_db()
    assert (pack.status, pack.build_attempt, pack.progress) == ("building", "b" * 32, 30)
    assert not pack.pdf_file and pack.built_at is None
