"""A contributor edits the measures and commitments their organisation owns, through the same
forms as an analyst, and is refused (403) everything else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.accounts.models import AuditEvent, Role
from cypp.plans.models import Commitment, Measure, Plan
from tests.plans.factories import contributor_make, organisation_make, person_make, plan_make
from tests.plans.test_plan_editing import _measure_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Plan:
    plan = plan_make(key="contributed")
    council_measure = Measure.objects.get(outcome__priority__plan=plan)
    Measure.objects.create(
        outcome=council_measure.outcome,
        key="nhs-measure",
        title="Health visitor reviews",
        owner_organisation=organisation_make("Herefordshire NHS", sector="nhs"),
    )
    Commitment.objects.create(
        plan=plan,
        key="council-commitment",
        title="Develop a 16+ service",
        owner_organisation=council_measure.owner_organisation,
    )
    Commitment.objects.create(
        plan=plan,
        key="nhs-commitment",
        title="Open a clinic",
        owner_organisation=organisation_make("Herefordshire NHS"),
    )
    return plan


def _own(plan: Plan) -> Measure:
    return Measure.objects.get(outcome__priority__plan=plan, key="measure-0")


def _theirs(plan: Plan) -> Measure:
    return Measure.objects.get(outcome__priority__plan=plan, key="nhs-measure")


def test_a_contributor_edits_their_own_measure_and_the_history_says_so(client, plan):
    user = contributor_make()
    client.force_login(user)
    measure = _own(plan)
    url = f"/plans/{plan.key}/measures/{measure.pk}/edit/"
    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert f"/plans/{plan.key}/measures/{measure.pk}/delete/" not in html  # no Delete link
    response = client.post(url, _measure_form(key=measure.key, target_value="75"))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.target_value == 75.0
    event = AuditEvent.objects.get(action="update", object_id=str(measure.pk))
    assert (event.user, event.context) == (user, f"plan:{plan.key}")
    assert event.changes["target_value"] == [60.0, 75.0]


def test_a_contributor_cannot_give_their_measure_away(client, plan):
    client.force_login(contributor_make())
    measure = _own(plan)
    nhs = organisation_make("Herefordshire NHS")
    response = client.post(
        f"/plans/{plan.key}/measures/{measure.pk}/edit/",
        _measure_form(key=measure.key, owner_organisation=str(nhs.pk)),
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.owner_organisation.name == "Herefordshire Council"


def test_a_contributor_adds_milestones_figures_and_notes_to_what_they_own(client, plan):
    client.force_login(contributor_make())
    measure = _own(plan)
    milestone = {"due_day": "31", "due_month": "3", "due_year": "2017", "value": "55", "label": ""}
    assert (
        client.post(f"/plans/{plan.key}/milestones/add/{measure.pk}/", milestone).status_code == 302
    )
    figure = {"period": "2016-17", "value": "52", "provenance": "measured", "note": ""}
    assert client.post(f"/plans/{plan.key}/values/add/{measure.pk}/", figure).status_code == 302
    commitment = Commitment.objects.get(key="council-commitment")
    note = {"date_day": "1", "date_month": "6", "date_year": "2016", "text": "Agreed", "author": ""}
    assert client.post(f"/plans/{plan.key}/notes/add/{commitment.pk}/", note).status_code == 302
    value = measure.local_values.get()
    edit = f"/plans/{plan.key}/values/{value.pk}/edit/"
    assert client.post(edit, {**figure, "value": "53"}).status_code == 302
    assert measure.local_values.get().value == 53.0


def test_a_contributor_is_refused_another_organisations_measure(client, plan):
    client.force_login(contributor_make())
    theirs = _theirs(plan)
    edit = f"/plans/{plan.key}/measures/{theirs.pk}/edit/"
    assert client.get(edit).status_code == 403
    assert client.post(edit, _measure_form(key=theirs.key)).status_code == 403
    milestone = {"due_day": "31", "due_month": "3", "due_year": "2017", "value": "55", "label": ""}
    assert (
        client.post(f"/plans/{plan.key}/milestones/add/{theirs.pk}/", milestone).status_code == 403
    )
    commitment = Commitment.objects.get(key="nhs-commitment")
    assert client.get(f"/plans/{plan.key}/commitments/{commitment.pk}/edit/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.target_value is None and not theirs.milestones.exists()


def test_a_contributor_is_refused_the_plans_structure(client, plan):
    client.force_login(contributor_make())
    own = _own(plan)
    outcome = own.outcome
    refused = [
        f"/plans/{plan.key}/edit/",
        f"/plans/{plan.key}/measures/add/{outcome.pk}/",
        f"/plans/{plan.key}/outcomes/{outcome.pk}/edit/",
        f"/plans/{plan.key}/priorities/{outcome.priority.pk}/edit/",
        f"/plans/{plan.key}/priorities/add/",
        f"/plans/{plan.key}/commitments/add/",
        f"/plans/{plan.key}/budget/add/",
        f"/plans/{plan.key}/measures/{own.pk}/delete/",  # not even their own
    ]
    before = (Measure.objects.count(), AuditEvent.objects.count())
    for url in refused:
        assert client.get(url).status_code == 403, url
        assert client.post(url, _measure_form()).status_code == 403, url
    assert (Measure.objects.count(), AuditEvent.objects.count()) == before


def test_a_contributor_in_another_partnership_edits_nothing_here(client, plan):
    client.force_login(contributor_make(partnership="other-partnership"))
    own = _own(plan)
    assert client.get(f"/plans/{plan.key}/").status_code == 403
    assert client.get(f"/plans/{plan.key}/measures/{own.pk}/edit/").status_code == 403


def test_the_plan_page_shows_each_change_link_only_where_it_may_be_used(client, plan):
    client.force_login(contributor_make())
    html = client.get(f"/plans/{plan.key}/").content.decode()
    own, theirs = _own(plan), _theirs(plan)
    council_c = Commitment.objects.get(key="council-commitment")
    nhs_c = Commitment.objects.get(key="nhs-commitment")
    assert f"/measures/{own.pk}/edit/" in html
    assert f"/milestones/add/{own.pk}/" in html
    assert f"/measures/{theirs.pk}/edit/" not in html
    assert f"/milestones/add/{theirs.pk}/" not in html
    assert f"/commitments/{council_c.pk}/edit/" in html
    assert f"/notes/add/{council_c.pk}/" in html
    assert f"/commitments/{nhs_c.pk}/edit/" not in html
    assert "/delete/" not in html
    assert "Change the plan's details" not in html
    assert "Add a measure" not in html and "Add a commitment" not in html


def test_an_analyst_sees_every_link_and_a_viewer_none(client, plan):
    client.force_login(person_make("analyst", role=Role.ANALYST))
    html = client.get(f"/plans/{plan.key}/").content.decode()
    assert f"/measures/{_theirs(plan).pk}/edit/" in html and "/delete/" in html
    client.force_login(person_make("viewer", role=Role.VIEWER))
    html = client.get(f"/plans/{plan.key}/").content.decode()
    assert "/edit/" not in html and "/add/" not in html


def test_the_plan_page_asks_as_many_queries_for_50_measures_as_for_5(client):
    small, large = plan_make(key="small", measures=5), plan_make(key="large", measures=50)
    client.force_login(contributor_make())
    counts = []
    for p in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/plans/{p.key}/")
        assert response.status_code == 200
        assert response.content.decode().count(
            'Change<span class="govuk-visually-hidden"> measure'
        ) == len(Measure.objects.filter(outcome__priority__plan=p))
        counts.append(len(queries))
    assert counts[0] == counts[1]
