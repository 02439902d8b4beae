"""The home page as HTML: sources and counts, constant queries, security headers."""

from __future__ import annotations

import pytest

from cypp.indicators.models import Observation, Source

pytestmark = pytest.mark.django_db


def test_home_lists_every_source_with_counts(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for source in Source.objects.all():
        assert source.name in html
        count = Observation.objects.filter(indicator__source=source).count()
        assert f">{count:,}<" in html
    assert "Open Government Licence" in html
    assert "153 in use, 5 retired" in html
    assert "DfE statistical neighbours, 2025 model" in html


def test_home_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        client.get("/")


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_home_lists_the_plans_a_visitor_may_read(client):
    from tests.plans.factories import plan_make

    public = plan_make(key="home-public", public=True)
    private = plan_make(key="home-private")
    html = client.get("/").content.decode()
    assert public.title in html and private.title not in html
    assert "Test Partnership" in html


def test_a_signed_in_lead_sees_the_measures_and_commitments_their_organisation_owns(client):
    from cypp.accounts.models import Organisation
    from cypp.plans.models import Commitment
    from tests.plans.factories import contributor_make, plan_make

    plan = plan_make(key="home-owned", measures=2)
    council = Organisation.objects.get(name="Herefordshire Council")
    Commitment.objects.create(
        plan=plan, key="done", title="A finished job", owner_organisation=council, status="done"
    )
    Commitment.objects.create(
        plan=plan, key="open", title="Develop a 16+ service", owner_organisation=council
    )
    client.force_login(contributor_make())
    html = client.get("/").content.decode()
    assert "Your measures and commitments" in html
    assert "Breastfeeding at 6-8 weeks (0)" in html and "Breastfeeding at 6-8 weeks (1)" in html
    assert "Develop a 16+ service" in html and "A finished job" not in html


def test_home_queries_do_not_grow_for_a_signed_in_lead(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans.factories import contributor_make, plan_make

    plan_make(key="home-few", measures=3)
    client.force_login(contributor_make())
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    plan_make(key="home-many", measures=30)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)
    # 14 before the lead's "Commentary you owe" and "Your actions" sections, one query each,
    # and the voice links: safeguarding alerts waiting, partnerships with "you said, we did".
    with django_assert_max_num_queries(18):
        client.get("/")


LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home"},
}


def test_the_observation_counts_are_scanned_once_per_import(tmp_path):
    """The count of every observation is the home page's slow query (the load test's home
    page took seconds under load): it is kept until the next import, never served stale."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from cypp.indicators.selectors import evidence_summary
    from cypp.indicators.services import observations_import

    def observation_scans() -> tuple[int, dict[str, int]]:
        with CaptureQueriesContext(connection) as queries:
            summary = evidence_summary()
        scans = sum('FROM "indicators_observation"' in q["sql"] for q in queries.captured_queries)
        return scans, {s.source.name: s.observations for s in summary}

    with override_settings(CACHES=LOCMEM):
        caches["pages"].clear()
        first, counts = observation_scans()
        again, counts_again = observation_scans()
        assert (first, again) == (1, 0)
        assert counts_again == counts

        path = tmp_path / "local.csv"
        path.write_text(
            "indicator,area,period,period_type,value,numerator,denominator,lower_95,upper_95,"
            "status,unit,decimals,polarity\n"
            "home-visits,E06000019,2024,calendar,10,,,,,,count,,\n",
            encoding="utf-8",
        )
        observations_import(importer="tidy", path=path)
        after, counts_after = observation_scans()
        assert after == 1
        assert sum(counts_after.values()) == sum(counts.values()) + 1
