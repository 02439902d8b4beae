"""The plan's deleted items page: for the partnership's analysts and administrators, a list
of what was deleted and a Restore button (POST, CSRF, recorded in the history)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from cypp.accounts.models import AuditEvent
from cypp.commentary.models import CommentaryRevision, MeasureCommentary
from cypp.commentary.services import measure_commentary_save, reporting_periods_create
from cypp.plans.models import DeletedItem, Measure, Plan
from cypp.plans.services import plan_part_delete
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted() -> tuple[Plan, DeletedItem]:
    """A measure with a commentary written twice (one revision), then deleted in CYPP."""
    plan = plan_make()
    analyst = analyst_make()
    measure = Measure.objects.get(outcome__priority__plan=plan, key="measure-0")
    period = reporting_periods_create(plan=plan, by=None)[0]
    measure_commentary_save(measure=measure, period=period, by=analyst, next_steps="First.")
    measure_commentary_save(measure=measure, period=period, by=analyst, next_steps="Second.")
    plan_part_delete(by=analyst, plan=plan, instance=measure, fields=["title"])
    return plan, DeletedItem.objects.get(plan=plan)


def test_an_analyst_sees_what_was_deleted_and_restores_it(
    deleted: tuple[Plan, DeletedItem],
) -> None:
    plan, item = deleted
    client = Client(enforce_csrf_checks=True)
    analyst = User.objects.get(username="analyst")
    client.force_login(analyst)
    page = client.get(f"/plans/{plan.key}/deleted/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Measure ‘Breastfeeding at 6-8 weeks (0)’" in html
    assert "1 commentary and 1 commentary revision" in html
    assert "deleted in CYPP" in html

    action = f"/plans/{plan.key}/deleted/{item.pk}/restore/"
    assert client.post(action).status_code == 403  # no CSRF token: refused
    assert MeasureCommentary.objects.count() == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    response = client.post(action, {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.key}/deleted/?restored={item.pk}"
    commentary = MeasureCommentary.objects.get(measure__key="measure-0")
    assert commentary.next_steps == "Second."
    assert CommentaryRevision.objects.get(commentary=commentary).text["next_steps"] == "First."
    event = AuditEvent.objects.filter(context=f"plan:{plan.key}").latest("id")
    assert (event.action, event.user, event.object_type) == ("create", analyst, "plans.measure")
    assert event.note.startswith("restored measure 'measure-0' deleted on ")
    page = client.get(f"/plans/{plan.key}/deleted/?restored={item.pk}").content.decode()
    assert "Restored, with everything it carried." in page
    assert "Restored " in page and 'action="' + action not in page


def test_a_second_restore_is_refused_with_the_reason(deleted: tuple[Plan, DeletedItem]) -> None:
    plan, item = deleted
    client = Client()
    client.force_login(User.objects.get(username="analyst"))
    client.post(f"/plans/{plan.key}/deleted/{item.pk}/restore/")
    response = client.post(f"/plans/{plan.key}/deleted/{item.pk}/restore/", follow=True)
    assert "The item was not restored" in response.content.decode()
    assert "was restored on" in response.content.decode()
    assert Measure.objects.filter(key="measure-0").count() == 1


def test_a_viewer_may_neither_see_nor_restore(deleted: tuple[Plan, DeletedItem]) -> None:
    plan, item = deleted
    client = Client()
    client.force_login(viewer_make())
    assert client.get(f"/plans/{plan.key}/deleted/").status_code == 403
    assert client.post(f"/plans/{plan.key}/deleted/{item.pk}/restore/").status_code == 403
    assert not Measure.objects.filter(key="measure-0").exists()


def test_signed_out_people_are_sent_to_sign_in(deleted: tuple[Plan, DeletedItem]) -> None:
    plan, _item = deleted
    response = Client().get(f"/plans/{plan.key}/deleted/")
    assert response.status_code == 302
    assert response["Location"] == f"/account/sign-in/?next=/plans/{plan.key}/deleted/"


def test_restore_is_post_only(deleted: tuple[Plan, DeletedItem]) -> None:
    plan, item = deleted
    client = Client()
    client.force_login(User.objects.get(username="analyst"))
    assert client.get(f"/plans/{plan.key}/deleted/{item.pk}/restore/").status_code == 405
    assert not Measure.objects.filter(key="measure-0").exists()
