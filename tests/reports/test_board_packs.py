"""Board packs through the services and the pages: build in the background, progress, the
draft, publishing (files frozen, commentary locked), who may see what, and the downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings
from openpyxl import load_workbook

from cypp.commentary.services import CommentaryLocked, measure_commentary_save
from cypp.plans.models import Measure
from cypp.reports.builds import BoardPackError, board_pack_generate
from cypp.reports.models import BoardPack
from cypp.reports.readiness import pack_readiness
from cypp.reports.services import board_pack_publish, board_pack_request
from tests.reports.board_pack_helpers import approve_commentary, demo_plan_with_periods

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_requested_pack_is_built_with_its_files_tables_and_snapshot() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()

    pack = board_pack_request(plan=plan, period=period, by=analyst)  # tests run tasks at once

    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY
    assert pack.progress == 100
    assert pack.pdf_file.read(5) == b"%PDF-"
    # Front pages, contents, summary, the plan at a glance, a page per exception, appendices.
    assert pack.page_count and pack.page_count > 12
    assert len(pack.pdf_sha256) == 64 and len(pack.html_sha256) == 64
    assert pack.data_as_of is not None
    assert {"scorecard", "summary", "exceptions", "commitments", "budget", "sources"} <= set(
        pack.tables
    )
    assert {"plan-at-a-glance", "other-measures", "commentary-outstanding"} <= set(pack.tables)
    assert len(pack.snapshot) == Measure.objects.filter(outcome__priority__plan=plan).count()


def test_publishing_freezes_the_pack_and_locks_the_commentary() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    measure = Measure.objects.filter(outcome__priority__plan=plan).first()
    assert measure is not None
    pack = board_pack_request(plan=plan, period=period, by=analyst)
    pdf_before = pack.pdf_file.name

    board_pack_publish(pack=pack, by=analyst)

    pack.refresh_from_db()
    period.refresh_from_db()
    assert pack.status == BoardPack.Status.PUBLISHED and pack.published_by == analyst
    assert period.locked_at is not None
    with pytest.raises(CommentaryLocked):
        measure_commentary_save(measure=measure, period=period, by=analyst, story_behind_curve="x")
    with pytest.raises(BoardPackError, match="ready"):
        board_pack_publish(pack=pack, by=analyst)
    with pytest.raises(BoardPackError, match="not rebuilt"):
        board_pack_generate(pack=pack)
    with pytest.raises(BoardPackError, match="published"):
        board_pack_request(plan=plan, period=period, by=analyst)
    pack.refresh_from_db()
    assert pack.pdf_file.name == pdf_before


def test_the_next_pack_lists_changes_since_the_last_published_one() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    from cypp.commentary.selectors import period_previous

    earlier = period_previous(period=period)
    assert earlier is not None
    first = board_pack_request(plan=plan, period=earlier, by=analyst)
    # The earlier pack saw a different rating for one measure (as if the data had changed).
    measure_id, standing = next(iter(first.snapshot.items()))
    BoardPack.objects.filter(pk=first.pk).update(
        snapshot={
            **first.snapshot,
            measure_id: {**standing, "rating": "red", "status": "off track"},
        }
    )
    board_pack_publish(pack=first, by=analyst)

    second = board_pack_request(plan=plan, period=period, by=analyst)

    changes = second.tables["changes"]["rows"]
    title = standing["title"]
    assert [title, "rating", "Red", "Grey"] in changes or any(
        row[0] == title and row[1] == "rating" and row[2] == "Red" for row in changes
    )
    assert any(row[0] == title and row[1] == "progress to target" for row in changes)


def test_pages_drafts_for_officers_published_packs_for_readers() -> None:
    plan, period, analyst, viewer = demo_plan_with_periods()
    officer, reader = _client(analyst), _client(viewer)
    url = f"/plans/{plan.key}/board-packs/"

    assert reader.post(url, {"period": period.key}).status_code == 403
    # The demo period has gaps (commentary not started): the officer accepts them to build.
    gaps = pack_readiness(plan=plan, period=period)
    response = officer.post(
        url, {"period": period.key, "readiness": gaps.fingerprint, "accept_gaps": "yes"}
    )
    assert response.status_code == 302
    pack = BoardPack.objects.get(plan=plan)
    page = f"{url}{pack.pk}/"
    assert response["Location"] == page

    assert officer.get(page).status_code == 200
    assert reader.get(page).status_code == 403
    assert page not in reader.get(url).content.decode()  # a draft is not listed for readers
    status = json.loads(officer.get(f"{page}status/").content)
    assert status["status"] == "ready" and status["finished"] is True

    assert reader.post(f"{page}publish/").status_code == 403
    publish = {
        "gaps_read": "yes",
        "readiness": pack_readiness(plan=plan, period=period).fingerprint,
    }
    assert officer.post(f"{page}publish/", publish).status_code == 302
    body = reader.get(page).content.decode()
    assert "Published" in body and "board pack" in body
    assert page in reader.get(url).content.decode()
    assert reader.get(f"{page}pack.pdf").status_code == 200
    html = reader.get(f"{page}pack.html")
    assert html["Content-Disposition"].startswith("attachment;")
    assert b'<html lang="en-GB">' in html.content


def test_period_must_be_one_of_the_plan_and_unknown_files_are_404() -> None:
    plan, _period, analyst, _viewer = demo_plan_with_periods()
    officer = _client(analyst)
    response = officer.post(f"/plans/{plan.key}/board-packs/", {"period": "1999-q9"})
    assert response.status_code == 400
    assert "Choose the reporting period" in response.content.decode()
    assert not BoardPack.objects.exists()
    assert officer.get(f"/plans/{plan.key}/scorecard.exe").status_code == 404


def test_tables_download_as_csv_and_xlsx_with_formulas_defused() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    measure = Measure.objects.filter(outcome__priority__plan=plan).first()
    assert measure is not None
    approve_commentary(measure, period, analyst, '=HYPERLINK("http://example.com")')
    pack = board_pack_request(plan=plan, period=period, by=analyst)
    officer = _client(analyst)
    base = f"/plans/{plan.key}/board-packs/{pack.pk}"

    response = officer.get(f"{base}/tables/commentary.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Measure", "Commentary"]
    story = next(r for r in rows if r[0] == measure.title)[2]
    assert story.startswith("'=HYPERLINK")  # a spreadsheet shows it as text, never runs it

    book = load_workbook(io.BytesIO(officer.get(f"{base}/tables.xlsx").content))
    assert {"scorecard", "commentary", "budget"} <= set(book.sheetnames)
    sheet = book["scorecard"]
    assert sheet["A2"].value == "Priority"
    numbers = [c.value for c in sheet["G"][2:] if c.value is not None]
    assert numbers and all(isinstance(v, int | float) for v in numbers)

    live = officer.get(f"/plans/{plan.key}/scorecard.csv")
    assert live.status_code == 200
    assert len(list(csv.reader(io.StringIO(live.content.decode("utf-8-sig"))))) == 1 + (
        Measure.objects.filter(outcome__priority__plan=plan).count()
    )
    assert officer.get(f"/plans/{plan.key}/scorecard.xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_database_backend_the_worker_builds_the_pack_and_the_page_shows_progress(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    # The worker closes "old" connections between tasks; inside this test's transaction that
    # would close the test's own connection (PostgreSQL), so the worker runs without it.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    pack = board_pack_request(plan=plan, period=period, by=analyst)

    assert pack.status == BoardPack.Status.QUEUED and pack.task_id
    page = _client(analyst).get(f"/plans/{plan.key}/board-packs/{pack.pk}/").content.decode()
    assert "<progress" in page and "Check progress again" in page
    assert "board_pack_progress.js" in page

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY
    assert (
        "Download the PDF"
        in _client(analyst).get(f"/plans/{plan.key}/board-packs/{pack.pk}/").content.decode()
    )


def test_a_failed_build_says_why_on_the_pack_and_can_be_built_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()

    def engine_fails(*_args: object, **_kwargs: object) -> None:
        raise OSError("out of disk space")

    # The PDF engine failing (a full disk, a missing font library) is the realistic failure.
    monkeypatch.setattr("cypp.reports.board_pack.render.pdf_render", engine_fails)
    try:
        pack = board_pack_request(plan=plan, period=period, by=analyst)
    except OSError:
        pack = BoardPack.objects.get(plan=plan)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.FAILED
    assert pack.error == "OSError: out of disk space"
    page = _client(analyst).get(f"/plans/{plan.key}/board-packs/{pack.pk}/").content.decode()
    assert "The pack could not be built" in page and "out of disk space" in page

    monkeypatch.undo()
    board_pack_generate(pack=pack)
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY and pack.error == ""
