"""Governance reads: overdue derived from dates, the action log carrying open actions,
the forward plan, the next meeting, decisions about a measure or outcome, a plan's actions
and a person's own."""

from __future__ import annotations

import datetime as dt

import pytest

from cypp.accounts.models import Person
from cypp.governance import services
from cypp.governance.selectors import (
    action_log,
    actions_for_plan,
    actions_owned,
    decisions_about,
    forward_plan,
    next_meeting,
)
from cypp.governance.services import Owner
from cypp.plans.models import Measure
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import contributor_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db
D = dt.date


def test_overdue_is_derived_from_the_due_date_or_the_due_meetings_date():
    body = body_make()
    held = meeting_make(body, D(2026, 3, 1))
    later = meeting_make(body, D(2026, 7, 1), status="planned")
    by_date = action_make(body, meeting=held, text="by date", due_date=D(2026, 5, 31))
    by_meeting = action_make(body, meeting=held, text="by meeting", due_meeting=later)
    undated = action_make(body, meeting=held, text="undated", due_at_future_meeting=True)
    today = D(2026, 6, 1)
    assert by_date.overdue_on(today) and not by_date.overdue_on(D(2026, 5, 31))
    assert not by_meeting.overdue_on(today) and by_meeting.overdue_on(D(2026, 7, 2))
    assert not undated.overdue_on(D(2099, 1, 1))
    services.action_complete(by=None, action=by_date, done_on=D(2026, 6, 1))
    assert not by_date.overdue_on(today)
    entries = {e.text: e for e in action_log(body=body, as_of=D(2026, 7, 2))}
    assert entries["by meeting"].overdue and entries["by meeting"].status_words == "Overdue"
    assert entries["undated"].status_words == "Open" and not entries["undated"].overdue
    assert "by date" not in entries


def test_open_actions_are_carried_until_done_and_then_not():
    body = body_make()
    march = meeting_make(body, D(2026, 3, 1))
    may = meeting_make(body, D(2026, 5, 1), status="planned")
    action = action_make(body, meeting=march, text="Report on data sharing")
    raised_in_may = action_make(body, meeting=may, text="Raised in May")
    assert [e.text for e in action_log(body=body, as_of=D(2026, 5, 1), raised_before=may.date)] == [
        "Report on data sharing"
    ]
    services.action_progress_add(by=None, action=action, text="Under way")
    assert [e.status_words for e in action_log(body=body, as_of=D(2026, 5, 2))] == [
        "In progress",
        "Open",
    ]
    services.action_complete(by=None, action=action, done_on=D(2026, 5, 10))
    # As of the day before it was done it was still on the log; from then on it is not.
    assert "Report on data sharing" in [e.text for e in action_log(body=body, as_of=D(2026, 5, 9))]
    assert [e.text for e in action_log(body=body, as_of=D(2026, 5, 11))] == [raised_in_may.text]


def test_forward_plan_has_planned_meetings_their_items_and_actions_due():
    body = body_make()
    held = meeting_make(body, D(2026, 3, 1))
    planned = meeting_make(body, D(2026, 9, 1), status="planned")
    services.agenda_item_add(by=None, meeting=planned, title="Annual report")
    action_make(body, meeting=held, text="At the September meeting", due_meeting=planned)
    action_make(body, meeting=held, text="Some future meeting", due_at_future_meeting=True)
    action_make(body, meeting=held, text="Dated", due_date=D(2026, 10, 1))
    plan = forward_plan(body=body, as_of=D(2026, 6, 1))
    [fm] = plan.meetings
    assert fm.meeting == planned
    assert [i.title for i in fm.items] == ["Annual report"]
    assert [e.text for e in fm.actions_due] == ["At the September meeting"]
    assert [e.text for e in plan.unscheduled] == ["Some future meeting"]
    assert not forward_plan(body=body, as_of=D(2026, 9, 2)).meetings


def test_next_meeting_is_the_first_after_a_date():
    body = body_make()
    first = meeting_make(body, D(2026, 3, 1))
    second = meeting_make(body, D(2026, 5, 1))
    assert next_meeting(body=body, after=D(2026, 2, 1)) == first
    assert next_meeting(body=body, after=first.date) == second
    assert next_meeting(body=body, after=second.date) is None


def _plan_with_decisions():
    plan = plan_make(measures=2)
    m0, m1 = Measure.objects.filter(outcome__priority__plan=plan).order_by("order")
    body = body_make()
    meeting = meeting_make(body, D(2026, 3, 1))
    item = services.agenda_item_add(by=None, meeting=meeting, title="Progress")
    about_m0 = services.resolution_add(by=None, item=item, label="(a)", text="Progress noted.")
    services.plan_links_set(by=None, subject=about_m0, targets=[m0])
    about_outcome = services.resolution_add(by=None, item=item, label="(b)", text="Review it.")
    services.plan_links_set(by=None, subject=about_outcome, targets=[m0.outcome])
    under_a = action_make(body, meeting=meeting, text="Under (a)", resolution=about_m0)
    own_link = action_make(body, meeting=meeting, text="Linked to m1", due_date=D(2026, 4, 1))
    services.plan_links_set(by=None, subject=own_link, targets=[m1])
    action_make(body, meeting=meeting, text="Not linked")
    return plan, m0, m1, under_a, own_link


def test_decisions_about_a_measure_and_about_an_outcome(django_assert_max_num_queries):
    _, m0, m1, _, _ = _plan_with_decisions()
    with django_assert_max_num_queries(5):
        about_m0 = decisions_about(measure=m0)
    assert [r.label for r in about_m0.resolutions] == ["(a)"]
    assert [a.text for a in about_m0.actions] == ["Under (a)"]
    about_m1 = decisions_about(measure=m1.pk, as_of=D(2026, 6, 1))
    assert about_m1.resolutions == [] and [a.status_words for a in about_m1.actions] == ["Overdue"]
    about_outcome = decisions_about(outcome=m0.outcome)
    assert [r.label for r in about_outcome.resolutions] == ["(a)", "(b)"]
    assert {a.text for a in about_outcome.actions} == {"Under (a)", "Linked to m1"}
    with pytest.raises(ValueError):
        decisions_about()


def test_actions_for_plan_gives_every_linked_action_with_status_words(
    django_assert_max_num_queries,
):
    plan, _, _, under_a, _ = _plan_with_decisions()
    services.action_complete(by=None, action=under_a, done_on=D(2026, 3, 20))
    with django_assert_max_num_queries(3):
        entries = actions_for_plan(plan=plan, as_of=D(2026, 6, 1))
    assert [(e.text, e.status_words, e.overdue) for e in entries] == [
        ("Linked to m1", "Overdue", True),
        ("Under (a)", "Done", False),
    ]
    link = entries[0].links[0]
    assert (link.kind, link.title) == ("measure", "Breastfeeding at 6-8 weeks (1)")
    assert link.url == f"/plans/{plan.key}/measures/{link.url.rsplit('/', 2)[-2]}/"
    assert entries[0].due_words == "by 1 April 2026"
    assert [
        e.text for e in actions_for_plan(plan=plan, include_closed=False, as_of=D(2026, 6, 1))
    ] == ["Linked to m1"]
    assert actions_for_plan(plan=plan, as_of=D(2026, 2, 1)) == []


def test_actions_owned_by_a_person_or_their_organisation():
    body = body_make()
    contributor = contributor_make()
    viewer = viewer_make()
    person = Person.objects.get(user=contributor)
    action_make(body, text="The council's")
    action_make(body, text="Theirs personally", owner=Owner(person=person))
    action_make(body, text="A role's", owner=Owner(role="Director"))
    assert {e.text for e in actions_owned(user=contributor)} == {
        "The council's",
        "Theirs personally",
    }
    assert actions_owned(user=viewer) == []
