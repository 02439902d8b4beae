"""The commentary pages: who may do what (checked on the server), the forms, the status page
and its queries, the home page, the measure page's story behind the curve."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cypp.commentary.models import MeasureCommentary, QualitativeEvidence, Status
from cypp.commentary.selectors import period_latest
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_save,
    measure_commentary_submit,
    period_commentary_lock,
)
from cypp.plans.models import Outcome
from tests.commentary.helpers import STORY, World, world_make
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db


def _write_url(w: World) -> str:
    return reverse("commentary:write", args=[w.plan.key, w.period.key, w.measure.pk])


def _review_url(w: World) -> str:
    return reverse("commentary:review", args=[w.plan.key, w.period.key, w.measure.pk])


def _as(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _submitted(w: World) -> MeasureCommentary:
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    return measure_commentary_submit(commentary=c, by=w.contributor)


def test_the_owner_organisations_contributor_writes_and_submits(client):
    w = world_make()
    _as(client, w.contributor)
    page = client.get(_write_url(w))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The story behind the curve" in html and "csrfmiddlewaretoken" in html
    response = client.post(_write_url(w), {**STORY, "save": "1"})
    assert response.status_code == 302
    c = MeasureCommentary.objects.get(measure=w.measure, period=w.period)
    assert c.status == Status.DRAFT and c.partners == STORY["partners"]
    response = client.post(_write_url(w), {**STORY, "submit": "1"}, follow=True)
    assert "Your commentary is submitted for approval." in response.content.decode()
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED


def test_submitting_without_a_story_shows_the_error_summary(client):
    w = world_make()
    _as(client, w.contributor)
    response = client.post(_write_url(w), {"partners": "x", "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Write the story behind the curve before you submit" in html
    assert not MeasureCommentary.objects.exists()


def test_a_contributor_of_another_organisation_is_refused(client):
    w = world_make()
    measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    _as(client, w.other)
    assert client.get(_write_url(w)).status_code == 403
    assert client.post(_write_url(w), {**STORY, "save": "1"}).status_code == 403
    assert client.get(_review_url(w)).status_code == 403


def test_a_viewer_reads_approved_commentary_only(client):
    w = world_make()
    c = _submitted(w)
    _as(client, w.viewer)
    assert client.get(_write_url(w)).status_code == 403
    status = client.get(reverse("commentary:status", args=[w.plan.key])).content.decode()
    assert STORY["story_behind_curve"] not in status
    measure_commentary_approve(commentary=c, by=w.lead)
    page = client.get(_write_url(w))
    assert page.status_code == 200
    html = page.content.decode()
    assert STORY["story_behind_curve"] in html and "<textarea" not in html
    assert client.post(_write_url(w), {**STORY, "save": "1"}).status_code == 403


def test_people_without_a_role_are_refused(client):
    w = world_make()
    stranger = person_make("stranger", role=None)
    _as(client, stranger)
    assert client.get(reverse("commentary:status", args=[w.plan.key])).status_code == 403
    client.logout()
    response = client.get(reverse("commentary:status", args=[w.plan.key]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_lead_approves_and_returns_with_a_reason(client):
    w = world_make()
    c = _submitted(w)
    _as(client, w.lead)
    response = client.post(_review_url(w), {"decision": "return", "reason": ""})
    assert response.status_code == 200
    assert "Say why you are returning it" in response.content.decode()
    client.post(_review_url(w), {"decision": "return", "reason": "Add England"})
    c.refresh_from_db()
    assert (c.status, c.return_reason) == (Status.RETURNED, "Add England")
    _as(client, w.contributor)
    assert "Add England" in client.get(_write_url(w)).content.decode()
    client.post(_write_url(w), {**STORY, "submit": "1"})
    _as(client, w.lead)
    client.post(_review_url(w), {"decision": "approve"})
    c.refresh_from_db()
    assert c.status == Status.APPROVED and c.decided_by == w.lead


@pytest.mark.parametrize("who", ["contributor", "other", "analyst", "viewer"])
def test_only_the_lead_or_an_administrator_may_approve_when_there_is_a_lead(client, who):
    w = world_make()
    c = _submitted(w)
    _as(client, getattr(w, who))
    assert client.post(_review_url(w), {"decision": "approve"}).status_code == 403
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED


def test_an_administrator_may_approve(client):
    w = world_make()
    c = _submitted(w)
    admin = person_make("boss", role="administrator", partnership=w.plan.partnership)
    _as(client, admin)
    assert client.post(_review_url(w), {"decision": "approve"}).status_code == 302
    c.refresh_from_db()
    assert c.status == Status.APPROVED


def test_analysts_approve_where_the_priority_has_no_lead(client):
    w = world_make(lead=False)
    c = _submitted(w)
    _as(client, w.lead)  # not the lead any more: a contributor of the NHS
    assert client.post(_review_url(w), {"decision": "approve"}).status_code == 403
    _as(client, w.analyst)
    assert client.post(_review_url(w), {"decision": "approve"}).status_code == 302
    c.refresh_from_db()
    assert c.status == Status.APPROVED


def test_a_locked_period_shows_no_form_and_refuses_posts(client):
    w = world_make()
    measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    period_commentary_lock(period=w.period, by=None)
    _as(client, w.contributor)
    html = client.get(_write_url(w)).content.decode()
    assert "This commentary is locked" in html and "<textarea" not in html
    assert ">Locked<" in html
    assert client.post(_write_url(w), {**STORY, "save": "1"}).status_code == 403


def test_the_status_page_lists_every_measure_and_what_the_person_owes(client):
    w = world_make(measures=2)
    _submitted(w)
    _as(client, w.contributor)
    url = reverse("commentary:status-period", args=[w.plan.key, w.period.key])
    html = client.get(url).content.decode()
    assert "Breastfeeding at 6-8 weeks (0)" in html and "Breastfeeding at 6-8 weeks (1)" in html
    assert "Submitted" in html and "Not started" in html
    assert "Write: Breastfeeding at 6-8 weeks (1)" in html  # owed by the council's writer
    assert "Send reminders" not in html
    _as(client, w.lead)
    html = client.get(url).content.decode()
    assert "Approve or return: Breastfeeding at 6-8 weeks (0)" in html
    _as(client, w.analyst)
    html = client.get(url).content.decode()
    assert "Send reminders" in html and "Change the timetable" in html


@pytest.mark.parametrize("measures", [3, 12])
def test_the_status_page_queries_do_not_grow_with_the_measures(
    client, django_assert_num_queries, measures
):
    w = world_make(measures=measures)
    for measure in w.plan.priorities.get().outcomes.get().measures.all():
        measure_commentary_save(measure=measure, period=w.period, by=w.contributor, **STORY)
    _as(client, w.lead)
    url = reverse("commentary:status-period", args=[w.plan.key, w.period.key])
    client.get(url)  # the session warms up
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.content.decode().count("govuk-tag--yellow") == measures


QUERIES = 11


def test_a_plan_without_periods_offers_to_create_them(client):
    w = world_make()
    from tests.plans.factories import plan_make

    bare = plan_make(key="bare-plan")
    _as(client, w.analyst)
    html = client.get(reverse("commentary:status", args=[bare.key])).content.decode()
    assert "Set up the reporting periods" in html
    response = client.post(
        reverse("commentary:periods-create", args=[bare.key]), {"frequency": "annual"}
    )
    assert response.status_code == 302
    assert bare.reporting_periods.count() == 3
    _as(client, w.contributor)
    assert client.get(reverse("commentary:periods-create", args=[bare.key])).status_code == 403


def test_officers_change_the_timetable(client):
    w = world_make()
    url = reverse("commentary:period-edit", args=[w.plan.key, w.period.key])
    _as(client, w.contributor)
    assert client.get(url).status_code == 403
    _as(client, w.analyst)
    data = {
        "label": "Spring 2016",
        "commentary_due_day": "20",
        "commentary_due_month": "7",
        "commentary_due_year": "2016",
        "signoff_due_day": "1",
        "signoff_due_month": "7",
        "signoff_due_year": "2016",
        "meeting_date_day": "",
        "meeting_date_month": "",
        "meeting_date_year": "",
    }
    response = client.post(url, data)
    assert "Sign-off must be on or after the commentary due date" in response.content.decode()
    data["signoff_due_day"], data["signoff_due_month"] = "28", "7"
    assert client.post(url, data).status_code == 302
    w.period.refresh_from_db()
    assert w.period.label == "Spring 2016" and w.period.meeting_date is None


def test_evidence_pages_and_the_consent_rule(client):
    w = world_make()
    outcome = Outcome.objects.get(priority__plan=w.plan)
    add = reverse("commentary:evidence-add", args=[w.plan.key, w.period.key, outcome.pk])
    _as(client, w.viewer)
    assert client.get(add).status_code == 403
    _as(client, w.other)  # any contributor of the partnership may add evidence
    data = {"kind": "quote", "title": "In her words", "text": "They listened.", "submit": "1"}
    response = client.post(add, data)
    html = response.content.decode()
    assert "Record the person&#x27;s consent before you submit a quote or a case study" in html
    assert not QualitativeEvidence.objects.exists()
    response = client.post(add, {**data, "consent_recorded": "on"})
    evidence = QualitativeEvidence.objects.get()
    assert evidence.status == Status.SUBMITTED and evidence.written_by == w.other
    edit = reverse("commentary:evidence-edit", args=[w.plan.key, w.period.key, evidence.pk])
    review = reverse("commentary:evidence-review", args=[w.plan.key, w.period.key, evidence.pk])
    _as(client, w.contributor)  # not the writer, not an officer: not yet readable
    assert client.get(edit).status_code == 403
    assert client.post(review, {"decision": "approve"}).status_code == 403
    _as(client, w.lead)
    assert client.post(review, {"decision": "approve"}).status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == Status.APPROVED
    _as(client, w.viewer)
    assert "They listened." in client.get(edit).content.decode()


def test_reminders_button_is_for_officers_and_needs_a_post(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    w = world_make()
    url = reverse("commentary:remind", args=[w.plan.key, w.period.key])
    _as(client, w.contributor)
    assert client.post(url).status_code == 403
    _as(client, w.analyst)
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):  # the messages wait for the commit
        response = client.post(url, follow=True)
    assert "Reminders sent: 1 e-mail." in response.content.decode()
    assert [m.to for m in mailoutbox] == [["writer@example.org"]]


def test_home_page_lists_the_commentary_a_person_owes(client):
    w = world_make()
    w.period = period_latest(plan=w.plan)  # what is owed is for the current period
    _submitted(w)
    _as(client, w.lead)
    html = client.get("/").content.decode()
    assert "Commentary you owe" in html
    assert "Approve or return: Breastfeeding at 6-8 weeks (0)" in html
    _as(client, w.viewer)
    assert "Commentary you owe" not in client.get("/").content.decode()


def test_the_measure_page_shows_the_latest_approved_story(client):
    w = world_make()
    w.plan.public = True
    w.plan.save()
    url = reverse("reports:measure", args=[w.plan.key, w.measure.pk])
    assert "No approved commentary on this measure yet." in client.get(url).content.decode()
    c = _submitted(w)
    assert STORY["story_behind_curve"] not in client.get(url).content.decode()
    measure_commentary_approve(commentary=c, by=w.lead)
    html = client.get(url).content.decode()  # the cached body was refreshed by the audit
    assert STORY["story_behind_curve"] in html and "April to June 2016" in html


def test_an_analyst_names_the_priority_lead_on_the_priority_form(client):
    from cypp.accounts.models import AuditEvent, Person

    w = world_make(lead=False)
    url = f"/plans/{w.plan.key}/priorities/{w.priority.pk}/edit/"
    _as(client, w.analyst)
    html = client.get(url).content.decode()
    assert "Approves the commentary" in html
    lead = Person.objects.get(user=w.lead)
    response = client.post(
        url,
        {"title": w.priority.title, "key": w.priority.key, "lead_person": lead.pk, "order": 0},
    )
    assert response.status_code == 302
    w.priority.refresh_from_db()
    assert w.priority.lead_person == lead
    event = AuditEvent.objects.filter(context=f"plan:{w.plan.key}").first()
    assert event is not None and event.changes["lead_person"] == [None, "Lead"]
