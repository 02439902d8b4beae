"""Governance writes: bodies, relations, meetings, decisions, actions and their status
changes; every change audited in the body's context; bad input refused with words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from cypp.accounts.models import AuditEvent
from cypp.governance import services
from cypp.governance.models import Action, ActionUpdate, BodyRelation, PlanLink
from cypp.governance.services import GovernanceError, Owner
from cypp.plans.models import Measure
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import analyst_make, organisation_make, partnership_make, plan_make

pytestmark = pytest.mark.django_db


def test_a_body_is_created_with_a_key_from_its_name_and_audited():
    analyst = analyst_make()
    body = services.body_create(
        by=analyst, partnership=partnership_make(), name="Health and Wellbeing Board"
    )
    assert body.key == "health-and-wellbeing-board"
    event = AuditEvent.objects.get(object_type="governance.body", object_id=str(body.pk))
    assert event.context == "body:test-partnership/health-and-wellbeing-board"
    assert event.user == analyst
    assert event.changes["name"] == [None, "Health and Wellbeing Board"]


def test_body_keys_are_unique_in_a_partnership_and_not_reserved():
    body_make("board")
    with pytest.raises(GovernanceError, match="already has a body"):
        body_make("board")
    with pytest.raises(GovernanceError, match="used by the site"):
        body_make("actions")


def test_body_update_records_what_changed():
    body = body_make("board")
    services.body_update(
        by=None, body=body, name="The Board", kind="board", chair=None, chair_name="Councillor"
    )
    event = AuditEvent.objects.filter(object_type="governance.body").first()
    assert event is not None and event.action == "update"
    assert event.changes == {"chair_name": ["", "Councillor"], "name": ["Board", "The Board"]}


def test_a_two_way_relation_records_both_arrows_once():
    hwb = body_make("hwb")
    spb = body_make("spb")
    services.body_relation_add(by=None, from_body=spb, to_body=hwb, kind="reports_to", two_way=True)
    services.body_relation_add(by=None, from_body=spb, to_body=hwb, kind="reports_to", two_way=True)
    kinds = set(BodyRelation.objects.values_list("from_body__key", "kind", "to_body__key"))
    assert kinds == {("spb", "reports_to", "hwb"), ("hwb", "gives_feedback_to", "spb")}
    with pytest.raises(GovernanceError, match="itself"):
        services.body_relation_add(by=None, from_body=hwb, to_body=hwb, kind="reports_to")


def test_relations_stay_inside_one_partnership():
    other = body_make("other", partnership=partnership_make("other-partnership"))
    with pytest.raises(GovernanceError, match="same partnership"):
        services.body_relation_add(
            by=None, from_body=body_make("hwb"), to_body=other, kind="reports_to"
        )


def test_meeting_agenda_item_and_resolution_are_numbered_in_order():
    body = body_make()
    meeting = meeting_make(body, dt.date(2026, 3, 1))
    first = services.agenda_item_add(by=None, meeting=meeting, title="Progress on priority 2")
    second = services.agenda_item_add(by=None, meeting=meeting, title="Any other business")
    assert (first.order, second.order) == (1, 2)
    a = services.resolution_add(by=None, item=first, label="(a)", text="Progress noted.")
    b = services.resolution_add(by=None, item=first, label="(b)", text="Strategy to come back.")
    assert (a.order, b.order) == (1, 2)
    with pytest.raises(GovernanceError, match="Enter the text"):
        services.resolution_add(by=None, item=first, text="  ")
    services.meeting_status_set(by=None, meeting=meeting, status="minutes_approved")
    meeting.refresh_from_db()
    assert meeting.status == "minutes_approved"
    with pytest.raises(GovernanceError, match="status"):
        # "cancelled" became a status with the committee system sync: a word it never is.
        services.meeting_status_set(by=None, meeting=meeting, status="adjourned")


def test_a_meeting_with_a_start_time_is_recorded_and_its_time_is_in_the_history():
    # The history kept dates as text but not times: a meeting with a start time could not
    # be recorded or moved.
    meeting = services.meeting_record(
        by=None, body=body_make(), date=dt.date(2026, 3, 1), start_time=dt.time(10, 0)
    )
    services.meeting_update(
        by=None, meeting=meeting, date=dt.date(2026, 3, 1), start_time=dt.time(14, 30)
    )
    recorded, moved = (event.changes for event in AuditEvent.objects.order_by("-id")[:2][::-1])
    assert recorded["start_time"] == [None, "10:00:00"]
    assert moved == {"start_time": ["10:00:00", "14:30:00"]}


def test_an_action_has_exactly_one_owner():
    body = body_make()
    with pytest.raises(GovernanceError, match="Say who owns"):
        action_make(body, owner=Owner())
    with pytest.raises(GovernanceError, match="one owner only"):
        action_make(body, owner=Owner(organisation=organisation_make("Police"), role="Chief"))
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(body=body, text="x", raised_on=dt.date(2026, 1, 1))


def test_an_action_is_raised_on_its_meeting_date_and_due_at_a_meeting_of_its_body():
    body = body_make()
    meeting = meeting_make(body, dt.date(2026, 3, 1))
    action = action_make(body, meeting=meeting)
    assert action.raised_on == dt.date(2026, 3, 1)
    other = meeting_make(body_make("other"), dt.date(2026, 5, 1))
    with pytest.raises(GovernanceError, match="same body"):
        action_make(body, due_meeting=other)


def test_status_changes_record_updates_and_audit():
    analyst = analyst_make()
    action = action_make(body_make())
    services.action_progress_add(by=analyst, action=action, text="Draft written.")
    assert action.status == "in_progress"
    services.action_complete(by=analyst, action=action, done_on=dt.date(2026, 4, 1))
    assert (action.status, action.done_on) == ("done", dt.date(2026, 4, 1))
    with pytest.raises(GovernanceError, match="already done"):
        services.action_complete(by=analyst, action=action)
    with pytest.raises(GovernanceError, match="closed"):
        services.action_progress_add(by=analyst, action=action, text="More")
    services.action_reopen(by=analyst, action=action)
    assert (action.status, action.done_on) == ("open", None)
    updates = list(
        ActionUpdate.objects.filter(action=action).values_list("status_before", "status_after")
    )
    assert updates == [("open", "in_progress"), ("in_progress", "done"), ("done", "open")]
    statuses = [
        e.changes.get("status")
        for e in AuditEvent.objects.filter(object_type="governance.action").order_by("id")
    ]
    assert statuses[1:] == [["open", "in_progress"], ["in_progress", "done"], ["done", "open"]]


def test_dropping_needs_a_reason():
    action = action_make(body_make())
    with pytest.raises(GovernanceError, match="reason"):
        services.action_drop(by=None, action=action, reason=" ")
    services.action_drop(by=None, action=action, reason="Overtaken by the new strategy")
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Overtaken by the new strategy")
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(dropped_reason="")


def test_plan_links_are_replaced_and_recorded_in_the_plan_history():
    plan = plan_make(measures=2)
    m0, m1 = Measure.objects.filter(outcome__priority__plan=plan).order_by("order")
    action = action_make(body_make())
    services.plan_links_set(by=None, subject=action, targets=[m0])
    services.plan_links_set(by=None, subject=action, targets=[m1, m1.outcome])
    assert {link.target for link in PlanLink.objects.filter(action=action)} == {m1, m1.outcome}
    notes = list(
        AuditEvent.objects.filter(context=f"plan:{plan.key}")
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes[0].startswith("Linked to measure")
    assert any(n.startswith("No longer linked to measure") for n in notes)


def test_plan_links_stay_inside_the_partnership():
    plan = plan_make(key="elsewhere", partnership="elsewhere")
    measure = Measure.objects.get(outcome__priority__plan=plan)
    action = action_make(body_make())
    with pytest.raises(GovernanceError, match="not in a plan of"):
        services.plan_links_set(by=None, subject=action, targets=[measure])
    assert not PlanLink.objects.exists()
