"""Readiness on the board pack pages: the officer sees the gaps before building; building with
gaps asks for a tick and records who accepted which gaps; gaps that changed since the page
was shown are shown again; publishing lists the gaps again and asks for a tick; a rebuild of
a failed pack asks too. Readers of the plan see none of it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cypp.accounts.models import AuditEvent
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import period_get
from cypp.commentary.services import measure_commentary_save, reporting_periods_create
from cypp.plans.models import Measure, Plan
from cypp.reports.models import BoardPack
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db

ACCEPT = "I accept these gaps and want to build the pack anyway"
READ = "I have read these gaps"
# The plan made here has one measure, no commentary and no actions, and its indicator's
# figures are up to date in March 2018: one gap, one measure's commentary not started.
ONE_GAP = [("commentary_not_started", "Commentary not started", 1)]


def _setup() -> tuple[Plan, ReportingPeriod, User, Client]:
    plan = plan_make(measures=1)
    reporting_periods_create(plan=plan, by=None)
    period = period_get(plan=plan, key="2018-q1")
    officer = analyst_make("officer", partnership=plan.partnership)
    client = Client()
    client.force_login(officer)
    return plan, period, officer, client


def _url(plan: Plan) -> str:
    return f"/plans/{plan.key}/board-packs/"


def _fingerprint(page: str) -> str:
    found = re.search(r'name="readiness" value="([0-9a-f]+)"', page)
    assert found, "the page carries the gaps' digest"
    return found.group(1)


def test_the_officer_sees_the_readiness_of_the_latest_period_and_a_reader_does_not() -> None:
    plan, _period, _officer, client = _setup()
    reader = Client()
    reader.force_login(viewer_make("reader", partnership=plan.partnership))

    page = client.get(_url(plan)).content.decode()
    read = reader.get(_url(plan)).content.decode()

    assert "Is the pack for January to March 2018 ready?" in page
    assert "Data as at: figures for periods ended by 31 March 2018" in page
    assert "Commentary not started" in page and "Breastfeeding at 6-8 weeks (0)" in page
    assert ACCEPT not in page  # asked only after the officer asks to build
    assert "ready?" not in read and "Commentary not started" not in read
    other = client.get(_url(plan), {"period": "2017-q4"}).content.decode()
    assert "Is the pack for October to December 2017 ready?" in other


def test_building_with_gaps_asks_first_and_builds_only_when_ticked() -> None:
    plan, period, _officer, client = _setup()

    first = client.post(_url(plan), {"period": period.key})
    page = first.content.decode()
    assert first.status_code == 200 and ACCEPT in page
    assert "has gaps. If you build it now" in page
    assert BoardPack.objects.filter(plan=plan).count() == 0

    unticked = client.post(_url(plan), {"period": period.key, "readiness": _fingerprint(page)})
    assert unticked.status_code == 400
    assert "Tick the box to accept these gaps" in unticked.content.decode()
    assert BoardPack.objects.filter(plan=plan).count() == 0

    ticked = client.post(
        _url(plan),
        {"period": period.key, "readiness": _fingerprint(page), "accept_gaps": "yes"},
    )
    assert ticked.status_code == 302
    pack = BoardPack.objects.get(plan=plan)
    assert ticked["Location"] == f"/plans/{plan.key}/board-packs/{pack.pk}/"
    assert pack.status == BoardPack.Status.READY  # tests run the task at once
    assert pack.accepted_gaps["accepted_by"] == "officer"
    assert pack.accepted_gaps["accepted_at"]
    assert [(g["kind"], g["title"], g["count"]) for g in pack.accepted_gaps["gaps"]] == ONE_GAP
    [item] = pack.accepted_gaps["gaps"][0]["items"]
    assert item["title"] == "Breastfeeding at 6-8 weeks (0)"
    note = AuditEvent.objects.get(object_type="reports.boardpack", object_id=str(pack.pk)).note
    assert note == "Pack requested; gaps accepted: Commentary not started (1)"


def test_gaps_that_changed_since_the_page_was_shown_are_shown_again() -> None:
    plan, period, officer, client = _setup()
    page = client.post(_url(plan), {"period": period.key}).content.decode()
    shown = _fingerprint(page)
    # Meanwhile the measure's owner starts the commentary: not started 1 becomes draft 1.
    measure = Measure.objects.get(outcome__priority__plan=plan)
    measure_commentary_save(measure=measure, period=period, by=officer, story_behind_curve="So")

    again = client.post(
        _url(plan), {"period": period.key, "readiness": shown, "accept_gaps": "yes"}
    )

    assert again.status_code == 409
    text = again.content.decode()
    assert "The gaps changed since the page was shown" in text
    assert _fingerprint(text) != shown and ACCEPT in text
    assert "Commentary in draft, not submitted: 1" in text
    assert BoardPack.objects.filter(plan=plan).count() == 0


def test_a_plan_without_gaps_builds_at_once_and_records_none() -> None:
    plan = plan_make(measures=1)  # no reporting periods: only actions are checked; none
    client = Client()
    client.force_login(analyst_make("officer", partnership=plan.partnership))

    response = client.post(_url(plan), {})

    assert response.status_code == 302
    pack = BoardPack.objects.get(plan=plan)
    assert pack.accepted_gaps == {}
    note = AuditEvent.objects.get(object_type="reports.boardpack", object_id=str(pack.pk)).note
    assert note == "Pack requested"


def _built_with_gaps(plan: Plan, period: ReportingPeriod, client: Client) -> BoardPack:
    page = client.post(_url(plan), {"period": period.key}).content.decode()
    client.post(
        _url(plan), {"period": period.key, "readiness": _fingerprint(page), "accept_gaps": "yes"}
    )
    return BoardPack.objects.get(plan=plan)


def test_publishing_lists_the_gaps_again_and_needs_a_tick() -> None:
    plan, period, officer, client = _setup()
    pack = _built_with_gaps(plan, period, client)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    measure_commentary_save(measure=measure, period=period, by=officer, story_behind_curve="So")
    pack_url = f"/plans/{plan.key}/board-packs/{pack.pk}/"

    page = client.get(pack_url).content.decode()
    assert "Gaps accepted when the pack was built" in page and "Accepted by officer" in page
    assert "The gaps now" in page and "Commentary in draft, not submitted" in page
    assert READ in page
    assert "locks the commentary for January to March 2018" in page

    unticked = client.post(pack_url + "publish/", {"readiness": _fingerprint(page)})
    assert unticked.status_code == 400
    assert "Tick the box to say you have read these gaps" in unticked.content.decode()
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY

    published = client.post(
        pack_url + "publish/", {"readiness": _fingerprint(page), "gaps_read": "yes"}
    )
    assert published.status_code == 302
    pack.refresh_from_db()
    period.refresh_from_db()
    assert pack.status == BoardPack.Status.PUBLISHED and period.is_locked
    notes = AuditEvent.objects.filter(
        object_type="reports.boardpack", object_id=str(pack.pk), action="update"
    ).values_list("note", flat=True)
    assert list(notes) == [
        "Pack published; commentary for the period locked; gaps accepted at build: "
        "Commentary not started (1); gaps open at publication, read: Commentary in draft, "
        "not submitted (1)"
    ]


def test_publishing_after_the_gaps_changed_shows_them_again() -> None:
    plan, period, officer, client = _setup()
    pack = _built_with_gaps(plan, period, client)
    pack_url = f"/plans/{plan.key}/board-packs/{pack.pk}/"
    shown = _fingerprint(client.get(pack_url).content.decode())
    measure = Measure.objects.get(outcome__priority__plan=plan)
    measure_commentary_save(measure=measure, period=period, by=officer, story_behind_curve="So")

    response = client.post(pack_url + "publish/", {"readiness": shown, "gaps_read": "yes"})

    assert response.status_code == 409
    assert "The gaps have changed since this page was shown" in response.content.decode()
    pack.refresh_from_db()
    assert pack.status == BoardPack.Status.READY


def test_building_a_failed_pack_again_asks_about_the_gaps_too() -> None:
    plan, period, _officer, client = _setup()
    failed = BoardPack.objects.create(
        plan=plan, period=period, title="Failed", status=BoardPack.Status.FAILED, error="Boom"
    )
    page = client.get(f"/plans/{plan.key}/board-packs/{failed.pk}/").content.decode()
    assert "Build the pack again" in page
    assert f'name="period" value="{period.key}"' in page

    again = client.post(_url(plan), {"period": period.key})  # what the button sends

    assert again.status_code == 200 and ACCEPT in again.content.decode()
    assert BoardPack.objects.filter(plan=plan).count() == 1


def test_a_reader_cannot_build_or_publish() -> None:
    plan, period, _officer, client = _setup()
    pack = _built_with_gaps(plan, period, client)
    reader = Client()
    reader.force_login(viewer_make("reader", partnership=plan.partnership))

    assert reader.post(_url(plan), {"period": period.key}).status_code == 403
    assert reader.post(f"/plans/{plan.key}/board-packs/{pack.pk}/publish/").status_code == 403
