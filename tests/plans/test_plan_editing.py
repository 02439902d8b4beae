"""Editing a plan through its forms: validation saves nothing, every change is in the history."""

from __future__ import annotations

import pytest

from cypp.accounts.models import AuditEvent
from cypp.plans.models import Commitment, Measure, Plan
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db


def _measure_form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Good level of development",
        "key": "",
        "kind": "indicator",
        "indicator_reference": "lait:6wksBreast",
        "area_code": "",
        "unit": "",
        "baseline_period": "2015-16",
        "baseline_value": "50",
        "baseline_source": "",
        "baseline_provenance": "measured",
        "target_value": "80",
        "target_low": "",
        "target_high": "",
        "target_due_day": "31",
        "target_due_month": "3",
        "target_due_year": "2018",
        "target_direction": "increase",
        "target_note": "",
        "owner_organisation": "",
        "owner_subgroup": "",
        "lead": "Head of early years",
        "order": "0",
    }
    data.update(overrides)
    return data


def _add_measure_url(plan: Plan) -> str:
    outcome = plan.priorities.get().outcomes.get()
    return f"/plans/{plan.key}/measures/add/{outcome.pk}/"


def test_an_analyst_adds_a_measure_and_the_history_says_so(client):
    plan = plan_make()
    user = analyst_make()
    client.force_login(user)
    response = client.post(_add_measure_url(plan), _measure_form())
    assert response.status_code == 302
    measure = Measure.objects.get(outcome__priority__plan=plan, title="Good level of development")
    assert measure.key == "good-level-of-development"
    assert measure.indicator.reference == "lait:6wksBreast"
    assert measure.area.code == "E06000019"  # the partnership's area by default
    event = AuditEvent.objects.get(context=f"plan:{plan.key}", object_id=str(measure.pk))
    assert (event.action, event.user, event.user_name) == ("create", user, "analyst")
    assert event.changes["target_value"] == [None, 80.0]

    edit = f"/plans/{plan.key}/measures/{measure.pk}/edit/"
    client.post(edit, _measure_form(target_value="85", key=measure.key))
    change = AuditEvent.objects.filter(object_id=str(measure.pk), action="update").get()
    assert change.changes == {"target_value": [80.0, 85.0]}
    history = client.get(f"/plans/{plan.key}/history/").content.decode()
    assert "Changed: Good level of development" in history
    assert "85.0" in history and "80.0" in history


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"target_due_day": "1", "target_due_month": "1", "target_due_year": "2016"},
            "target_due",
            "The target date must be after the baseline period 2015-16",
        ),
        (
            {"target_value": "", "target_low": "70", "target_high": "60"},
            "target_low",
            "The start of the range must not be above its end",
        ),
        ({"target_low": "70", "target_high": "90"}, "target_value", "not both"),
        ({"indicator_reference": "lait:NOPE"}, "indicator_reference", "No indicator 'lait:NOPE'"),
        ({"area_code": "X"}, "area_code", "No area has the ONS or DfE code 'X'"),
        ({"target_due_day": "31", "target_due_month": "2"}, "target_due", "must be a real date"),
        (
            {"target_due_day": "", "target_due_month": "", "target_due_year": ""},
            "target_due",
            "Enter the date the target is due",
        ),
    ],
)
def test_bad_measures_are_refused_with_a_clear_message_and_nothing_saved(
    client, overrides, field, message
):
    plan = plan_make()
    client.force_login(analyst_make())
    before = (Measure.objects.count(), AuditEvent.objects.count())
    response = client.post(_add_measure_url(plan), _measure_form(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert (Measure.objects.count(), AuditEvent.objects.count()) == before


def test_indicator_without_data_for_the_area_is_refused(client):
    plan = plan_make()
    client.force_login(analyst_make())
    # Fingertips 90284 covers counties and unitaries but not the sub-regions.
    response = client.post(
        _add_measure_url(plan),
        _measure_form(indicator_reference="fingertips:90284", area_code="E13000001"),
    )
    errors = response.context["form"].errors["indicator_reference"]
    assert errors == [
        "fingertips:90284 has no data for London (Inner): choose another indicator or area, "
        "or load the data first"
    ]


def test_plan_dates_are_checked(client):
    plan = plan_make()
    client.force_login(analyst_make())
    response = client.post(
        f"/plans/{plan.key}/edit/",
        {
            "title": plan.title,
            "start_day": "1",
            "start_month": "4",
            "start_year": "2018",
            "end_day": "31",
            "end_month": "3",
            "end_year": "2018",
            "status": "approved",
            "version": "",
            "approved_by": "",
            "priority_word": "priority",
            "vision": "",
            "summary": "",
        },
    )
    errors = response.context["form"].errors
    assert errors["end"] == ["The plan must end after it starts"]
    assert errors["approved_by"] == ["Say who approved the plan"]
    plan.refresh_from_db()
    assert plan.end.year == 2018 and plan.status == "draft"


def test_deleting_keeps_the_last_values_in_the_history(client):
    plan = plan_make()
    client.force_login(analyst_make())
    measure = Measure.objects.get(outcome__priority__plan=plan)
    response = client.post(f"/plans/{plan.key}/measures/{measure.pk}/delete/")
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    event = AuditEvent.objects.get(action="delete", object_id=str(measure.pk))
    assert event.changes["target_value"] == [60.0, None]


def test_people_without_the_permission_cannot_edit(client):
    plan = plan_make()
    client.force_login(viewer_make())
    assert client.get(f"/plans/{plan.key}/").status_code == 200
    assert "Change the plan" not in client.get(f"/plans/{plan.key}/").content.decode()
    assert client.get(f"/plans/{plan.key}/edit/").status_code == 403
    assert client.post(_add_measure_url(plan), _measure_form()).status_code == 403


def test_anonymous_visitors_see_public_plans_only(client):
    private = plan_make(key="private-plan")
    public = plan_make(key="public-plan", public=True)
    assert client.get(f"/plans/{public.key}/").status_code == 200
    assert client.get(f"/plans/{private.key}/").status_code == 403
    listing = client.get("/plans/").content.decode()
    assert public.title in listing and private.title not in listing
    assert client.get(f"/plans/{public.key}/edit/").status_code == 302  # to sign in


def test_plan_page_queries_do_not_grow_with_measures(client, django_assert_max_num_queries):
    small, large = plan_make(key="small", measures=5), plan_make(key="large", measures=50)
    client.force_login(analyst_make())
    counts = []
    for plan in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/plans/{plan.key}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_milestones_figures_and_progress_notes_are_edited_and_recorded(client):
    plan = plan_make()
    client.force_login(analyst_make())
    measure = Measure.objects.get(outcome__priority__plan=plan)
    url = f"/plans/{plan.key}/milestones/add/{measure.pk}/"
    late = {"due_day": "1", "due_month": "1", "due_year": "2019", "value": "55", "label": ""}
    errors = client.post(url, late).context["form"].errors["due"]
    assert errors == [
        "A milestone must fall within the plan's period",
        "A milestone must come before the target is due",
    ]
    ok = {"due_day": "31", "due_month": "3", "due_year": "2017", "value": "55", "label": "Year 2"}
    assert client.post(url, ok).status_code == 302
    assert measure.milestones.get().value == 55.0

    values = f"/plans/{plan.key}/values/add/{measure.pk}/"
    figure = {"period": "2016-17 Q1", "value": "120", "provenance": "estimate", "note": ""}
    assert client.post(values, figure).status_code == 302
    again = client.post(values, figure).context["form"].errors["period"]
    assert again == ["There is already a figure for 2016-17 Q1; change that one"]
    page = client.get(f"/plans/{plan.key}/").content.decode()
    assert "2016-17 Q1: 120" in page and "Estimate" in page

    commitment = Commitment.objects.create(
        plan=plan, key="sixteen-plus", title="Develop a 16+ service"
    )
    note = {
        "date_day": "1",
        "date_month": "6",
        "date_year": "2016",
        "text": "Design agreed",
        "author": "Lead",
    }
    assert client.post(f"/plans/{plan.key}/notes/add/{commitment.pk}/", note).status_code == 302
    kinds = set(
        AuditEvent.objects.filter(context=f"plan:{plan.key}", action="create").values_list(
            "object_type", flat=True
        )
    )
    assert kinds == {"plans.milestone", "plans.measurevalue", "plans.progressnote"}
    assert (
        "Latest note, 1 Jun 2016: Design agreed"
        in client.get(f"/plans/{plan.key}/").content.decode()
    )
