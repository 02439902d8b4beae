"""Report bodies are rendered once per version of the plan and its data, never served stale."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import override_settings

from cypp.plans.models import Measure
from cypp.plans.services import plan_part_save
from tests.plans.factories import analyst_make, plan_make

pytestmark = pytest.mark.django_db

LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
}


@override_settings(CACHES=LOCMEM)
def test_a_change_to_the_plan_shows_at_once(client, django_assert_max_num_queries):
    caches["pages"].clear()
    plan = plan_make(key="cached", measures=3, public=True)
    url = f"/plans/{plan.key}/scorecard/"
    first = client.get(url).content.decode()
    assert "Breastfeeding at 6-8 weeks (2)" in first
    with django_assert_max_num_queries(6):  # the body comes from the cache
        assert client.get(url).content.decode() == first
    measure = Measure.objects.get(outcome__priority__plan=plan, key="measure-2")
    measure.title = "Breastfeeding, renamed"
    plan_part_save(by=analyst_make(), plan=plan, instance=measure, fields=["title"])
    assert "Breastfeeding, renamed" in client.get(url).content.decode()


@override_settings(CACHES=LOCMEM)
def test_the_cached_body_names_nobody(client):
    caches["pages"].clear()
    plan = plan_make(key="cached-people", measures=1, public=True)
    client.force_login(analyst_make())
    assert "Sign out (analyst)" in client.get(f"/plans/{plan.key}/on-a-page/").content.decode()
    client.logout()
    html = client.get(f"/plans/{plan.key}/on-a-page/").content.decode()
    assert "analyst" not in html and "Sign in" in html
