"""A partnership's audit trail in the app: only its administrators read it; it shows every
change filed under the partnership (and nothing of another's), newest first, filtered and
paged; it exports as CSV and XLSX with formulas defused. Then the four kinds of change that
used to record no before and after (deletes, status changes, creations, loads) record
every field."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User
from django.test import Client, override_settings
from openpyxl import load_workbook

from cypp.accounts.models import AuditEvent, Role
from cypp.accounts.services import person_save
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
    reporting_periods_create,
)
from cypp.governance.services import body_create
from cypp.plans.models import Measure
from cypp.plans.plan_files import plan_load
from cypp.plans.services import plan_part_delete, plan_part_save
from cypp.reports.models import BoardPack
from cypp.reports.services import board_pack_publish, board_pack_request
from tests.commentary.helpers import STORY, world_make
from tests.plans.factories import PASSWORD, organisation_make, person_make, plan_make

pytestmark = pytest.mark.django_db

KEY = "test-partnership"
AUDIT = f"/partnerships/{KEY}/audit/"
FIXTURES = Path(__file__).resolve().parents[1] / "plans" / "fixtures"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _admin(username: str = "boss", partnership: str = KEY) -> User:
    return person_make(username, role=Role.ADMINISTRATOR, partnership=partnership)


def _shown(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [event.object_repr for event, _kind in response.context["events"]]


def _measure(plan) -> Measure:  # type: ignore[no-untyped-def]
    measure = Measure.objects.filter(outcome__priority__plan=plan).order_by("order").first()
    assert measure is not None
    return measure


# The page ------------------------------------------------------------------------------------


def test_only_this_partnerships_administrators_read_its_audit_trail():
    plan_make()
    admin = _admin()
    elsewhere = _admin("other-boss", partnership="other-partnership")
    analyst = person_make("ana", role=Role.ANALYST)
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    for path in (AUDIT, f"{AUDIT}export.csv", f"{AUDIT}export.xlsx"):
        assert _client(admin).get(path).status_code == 200
        assert _client(superuser).get(path).status_code == 200
        assert _client(elsewhere).get(path).status_code == 403
        assert _client(analyst).get(path).status_code == 403
        assert Client().get(path).status_code == 302
    assert _client(admin).get(f"{AUDIT}export.pdf").status_code == 404


def test_the_page_shows_every_change_of_this_partnership_and_nothing_of_another():
    plan = plan_make()
    other_plan = plan_make(key="other-plan", partnership="other-partnership")
    admin = _admin()
    ann = person_make("ann", role=Role.VIEWER, organisation="Herefordshire Council")
    measure = _measure(plan)
    measure.target_value = 65.0
    plan_part_save(by=admin, plan=plan, instance=measure, fields=["target_value"])
    body_create(by=admin, partnership=plan.partnership, name="Children's Board")
    person_save(
        by=admin, user=ann, organisation=organisation_make("Herefordshire NHS"), display_name="Ann"
    )
    other = _measure(other_plan)
    other.title = "Someone else's measure"
    plan_part_save(by=admin, plan=other_plan, instance=other, fields=["title"])
    body_create(by=admin, partnership=other_plan.partnership, name="Their Board")

    response = _client(admin).get(AUDIT)
    shown = _shown(response)
    assert "Someone else's measure" not in shown and "Their Board" not in shown
    # Newest first: the profile change, the board, the measure; then the roles and
    # profiles made by the factories (those are recorded with no person).
    assert shown[:3] == ["Ann", "Children's Board", measure.title]
    assert {
        "boss is administrator in Test Partnership",
        "ann is viewer in Test Partnership",
    } <= set(shown)
    html = response.content.decode()
    assert "60.0" in html and "65.0" in html  # the target before and after
    assert "Herefordshire Council" in html and "Herefordshire NHS" in html
    ids = [event.pk for event, _kind in response.context["events"]]
    assert ids == sorted(ids, reverse=True)


def test_the_filters_narrow_the_changes():
    plan = plan_make()
    admin = _admin()
    deputy = _admin("deputy")
    measure = _measure(plan)
    measure.target_value = 70.0
    plan_part_save(by=admin, plan=plan, instance=measure, fields=["target_value"])
    measure.title = "Breastfeeding at 6 to 8 weeks"
    plan_part_save(by=deputy, plan=plan, instance=measure, fields=["title"])
    body_create(by=deputy, partnership=plan.partnership, name="Children's Board")
    old = AuditEvent.objects.get(user=admin)
    AuditEvent.objects.filter(pk=old.pk).update(at=dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC))
    client = _client(admin)

    def shown(**filters: str) -> list[str]:
        response = client.get(AUDIT, filters)
        assert response.status_code == 200
        return [f"{e.user_name}:{e.object_type}" for e, _kind in response.context["events"]]

    assert shown(person="boss") == ["boss:plans.measure"]
    assert shown(person="deputy") == ["deputy:governance.body", "deputy:plans.measure"]
    assert shown(object_type="governance.body") == ["deputy:governance.body"]
    assert shown(object="6 to 8", person="deputy") == ["deputy:plans.measure"]
    assert shown(object=str(measure.pk), object_type="plans.measure") == [
        "deputy:plans.measure",
        "boss:plans.measure",
    ]
    assert shown(action="create", person="deputy") == ["deputy:governance.body"]
    january = {"since_day": "1", "since_month": "1", "since_year": "2026"}
    january |= {"until_day": "31", "until_month": "1", "until_year": "2026"}
    assert shown(**january) == ["boss:plans.measure"]
    assert "boss:plans.measure" not in shown(since_day="16", since_month="1", since_year="2026")

    # A date that cannot be read says so, and shows nothing rather than everything.
    bad = client.get(AUDIT, {"since_day": "31", "since_month": "2", "since_year": "2026"})
    assert bad.context["events"] == []
    html = bad.content.decode()
    assert "There is a problem" in html and "The date must be a real date" in html
    backwards = client.get(
        AUDIT,
        {"since_day": "2", "since_month": "2", "since_year": "2026"}
        | {"until_day": "1", "until_month": "2", "until_year": "2026"},
    )
    assert "must be the same as or after" in backwards.content.decode()


def test_the_changes_are_paged_fifty_at_a_time():
    plan_make()
    admin = _admin()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user_name="loader",
            action="update",
            object_type="plans.partnership",
            object_id="1",
            object_repr=f"Change {n}",
            context=f"partnership:{KEY}",
        )
        for n in range(120)
    )
    client = _client(admin)
    first = client.get(AUDIT, {"person": "loader"})
    assert first.context["page"].paginator.count == 120
    assert len(first.context["events"]) == 50
    assert first.context["events"][0][0].object_repr == "Change 119"
    assert "page=2" in first.content.decode() and "person=loader" in first.content.decode()
    last = client.get(AUDIT, {"person": "loader", "page": "3"})
    assert [e.object_repr for e, _k in last.context["events"]][-1] == "Change 0"
    assert len(last.context["events"]) == 20


def test_the_export_has_a_row_per_field_with_formulas_defused():
    plan = plan_make()
    admin = _admin()
    measure = _measure(plan)
    measure.title = '=HYPERLINK("http://evil.example","click")'
    measure.target_value = 61.5
    plan_part_save(by=admin, plan=plan, instance=measure, fields=["title", "target_value"])

    response = _client(admin).get(f"{AUDIT}export.csv", {"person": "boss"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="audit-{KEY}-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "When (UTC)",
        "Who",
        "Change",
        "Kind of thing",
        "Thing",
        "Its number",
        "Where",
        "Field",
        "Before",
        "After",
        "Note",
    ]
    body = sorted(rows[1:], key=lambda r: r[7])
    assert [(r[1], r[2], r[6], r[7], r[8], r[9]) for r in body] == [
        ("boss", "Changed", f"plan:{plan.key}", "target_value", "60.0", "61.5"),
        (
            "boss",
            "Changed",
            f"plan:{plan.key}",
            "title",
            "Breastfeeding at 6-8 weeks (0)",
            '\'=HYPERLINK("http://evil.example","click")',
        ),
    ]
    assert all(r[4].startswith("'=HYPERLINK") for r in body)  # the thing's name too

    book = load_workbook(
        io.BytesIO(_client(admin).get(f"{AUDIT}export.xlsx", {"person": "boss"}).content)
    )
    sheet = book["audit"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(cells) == 2
    assert {row[9] for row in cells} == {61.5, '\'=HYPERLINK("http://evil.example","click")'}


# Before and after for every field -------------------------------------------------------------


def test_a_delete_records_every_field_empty_ones_too():
    plan = plan_make()
    admin = _admin()
    measure = _measure(plan)
    fields = ["key", "title", "target_value", "target_note", "lead", "owner_organisation"]
    plan_part_delete(by=admin, plan=plan, instance=measure, fields=fields)
    event = AuditEvent.objects.get(action="delete", object_type="plans.measure")
    assert event.changes == {
        "key": ["measure-0", None],
        "title": ["Breastfeeding at 6-8 weeks (0)", None],
        "target_value": [60.0, None],
        "target_note": ["", None],
        "lead": ["", None],
        "owner_organisation": ["Herefordshire Council", None],
    }


def test_a_change_of_status_records_every_field_the_decision_sets():
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    c = measure_commentary_return(commentary=c, by=w.lead, reason="Add the England figure")
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    c = measure_commentary_approve(commentary=c, by=w.lead)
    moves = AuditEvent.objects.filter(
        object_type="commentary.measurecommentary", action="update"
    ).order_by("id")
    submitted, returned, resubmitted, approved = (e.changes for e in moves)
    assert set(submitted) == {"status", "submitted_at"}
    assert submitted["status"] == ["draft", "submitted"] and submitted["submitted_at"][0] is None
    assert returned["status"] == ["submitted", "returned"]
    assert returned["decided_by"] == [None, "lead"]
    assert returned["decided_at"][0] is None and returned["decided_at"][1]
    assert returned["return_reason"] == ["", "Add the England figure"]
    assert resubmitted["status"] == ["returned", "submitted"]
    assert resubmitted["submitted_at"][0] == submitted["submitted_at"][1]
    assert approved["status"] == ["submitted", "approved"]
    assert approved["return_reason"] == ["Add the England figure", ""]
    assert approved["decided_at"][0] == returned["decided_at"][1]
    assert approved["decided_at"][1] == c.decided_at.isoformat()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_a_board_pack_request_and_publication_record_every_field():
    w = world_make()
    pack = board_pack_request(plan=w.plan, period=w.period, by=w.analyst)
    requested = AuditEvent.objects.get(object_type="reports.boardpack", action="create")
    assert requested.changes == {
        "plan": [None, str(w.plan)],
        "period": [None, str(w.period)],
        "title": [None, f"{w.plan.title}: board pack, {w.period.label}"],
        "status": [None, "queued"],
        "requested_by": [None, "analyst"],
    }
    # Built elsewhere (the worker is not run here): ready to publish.
    BoardPack.objects.filter(pk=pack.pk).update(status=BoardPack.Status.READY)
    published = board_pack_publish(pack=pack, by=w.analyst)
    event = AuditEvent.objects.get(object_type="reports.boardpack", action="update")
    assert event.changes == {
        "status": ["ready", "published"],
        "published_at": [None, published.published_at.isoformat()],
        "published_by": [None, "analyst"],
    }


def test_a_new_reporting_period_records_every_field():
    plan = plan_make(key="periods-plan")
    periods = reporting_periods_create(plan=plan, by=None)
    first = AuditEvent.objects.filter(object_type="commentary.reportingperiod").order_by("id")[0]
    period = periods[0]
    assert first.changes == {
        "key": [None, period.key],
        "label": [None, period.label],
        "start": [None, period.start.isoformat()],
        "end": [None, period.end.isoformat()],
        "commentary_due": [None, period.commentary_due.isoformat()],
        "signoff_due": [None, period.signoff_due.isoformat()],
        "meeting_date": [None, period.meeting_date.isoformat()],
    }


def test_a_load_records_each_field_of_what_it_adds_and_removes():
    v1 = FIXTURES / "herefordshire-2015-2018.yaml"
    v2 = FIXTURES / "herefordshire-2015-2018-v2.yaml"
    plan = plan_load(path=v1).plan
    plan_load(path=v2)
    created, updated = AuditEvent.objects.filter(context=f"plan:{plan.key}").order_by("id")
    # Values read from the files themselves.
    first, second = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (v1, v2))
    assert created.changes["title"] == [None, first["plan"]["title"]]
    assert created.changes["start"] == [None, first["plan"]["start"].isoformat()]
    listen = next(p for p in first["plan"]["principles"] if p["key"] == "listen")
    assert created.changes["principles[listen].text"] == [None, listen["text"]]
    assert created.changes["partnership.name"] == [None, first["partnership"]["name"]]

    carers = next(c for c in second["plan"]["commitments"] if c["key"] == "young-carers")
    assert updated.changes["commitments[young-carers]"] == [None, "(added)"]
    assert updated.changes["commitments[young-carers].title"] == [None, carers["title"]]
    assert updated.changes["commitments[young-carers].due"] == [None, carers["due"].isoformat()]
    assert updated.changes["commitments[young-carers].status"] == [None, carers["status"]]
    assert updated.changes["principles[listen]"] == ["(removed)", None]
    assert updated.changes["principles[listen].text"] == [listen["text"], None]
