"""Plan on a page, scorecard and measure pages: the judgements, their sentences, and
queries that do not grow with the plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.assessment.measures import plan_assessments
from cypp.indicators.selectors import indicator_get
from cypp.plans.models import Measure
from tests.plans.factories import plan_make

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["on-a-page", "scorecard"])
def test_plan_reports_queries_do_not_grow_with_measures(client, page):
    small = plan_make(key="small", measures=5, public=True)
    large = plan_make(key="large", measures=50, public=True)
    assert _queries(client, f"/plans/{small.key}/{page}/") == _queries(
        client, f"/plans/{large.key}/{page}/"
    )


def test_re_referrals_are_judged_against_england_with_a_computed_interval(client):
    """EES publishes re-referral counts, not intervals: CYPP computes Wilson's interval
    from them and tests the difference from England, as Fingertips would."""
    plan = plan_make(key="rereferrals", measures=1, public=True)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    measure.indicator = indicator_get(reference="ees:cin_rereferral_pct")
    measure.target_value, measure.target_direction = 10.0, "decrease"
    measure.target_due = dt.date(2026, 3, 31)
    measure.baseline_period, measure.baseline_value = "2013", None
    measure.save()
    [assessment] = plan_assessments(plan=plan)
    latest = assessment.latest
    assert latest is not None and latest.period == "2025"
    assert latest.numerator and latest.denominator
    assert assessment.comparison.label in {"better", "similar", "worse"}
    assert "95% confidence interval" in assessment.comparison.sentence
    assert "England" in assessment.comparison.sentence
    page = client.get(f"/plans/{plan.key}/measures/{measure.pk}/").content.decode()
    assert assessment.comparison.sentence.replace("'", "&#x27;") in page
    assert assessment.target is not None and assessment.target.explanation
    assert f"Progress to target: {assessment.target.status}" in page


def test_looked_after_rate_has_no_judgement_of_its_own(client):
    plan = plan_make(key="lac", measures=1, public=True)
    measure = Measure.objects.get(outcome__priority__plan=plan)
    measure.indicator = indicator_get(reference="lait:LAC")
    measure.target_direction = ""
    measure.save()
    [assessment] = plan_assessments(plan=plan)
    assert (assessment.polarity, assessment.target) == ("none", None)
    assert assessment.latest.value == 100.0 and assessment.latest_england == 67.0
    assert assessment.latest_region == 86.0
    page = client.get(f"/plans/{plan.key}/measures/{measure.pk}/").content.decode()
    assert "No rank or quartile band is given" in page
    assert "Source: DfE, Local Authority Interactive Tool (LAIT)" in page


def test_scorecard_filters_and_sorts_without_javascript(client):
    plan = plan_make(key="filters", measures=3, public=True)
    url = f"/plans/{plan.key}/scorecard/"
    all_rows = client.get(url).context["rows"]
    assert len(all_rows) == 3
    assert client.get(url, {"rating": "red"}).context["rows"] == [
        a for a in all_rows if a.rating.colour == "red"
    ]
    assert client.get(url, {"owner": "Nobody"}).context["rows"] == []
    titles = [a.measure.title for a in client.get(url, {"sort": "title"}).context["rows"]]
    assert titles == sorted(titles, key=str.casefold)


def test_estimates_are_flagged_wherever_the_figure_goes(client):
    plan = plan_make(key="estimates", measures=1, public=True)
    Measure.objects.filter(outcome__priority__plan=plan).update(baseline_provenance="national_rate")
    measure = Measure.objects.get(outcome__priority__plan=plan)
    on_a_page = client.get(f"/plans/{plan.key}/on-a-page/").content.decode()
    assert "Estimate</strong>" in on_a_page
    page = client.get(f"/plans/{plan.key}/measures/{measure.pk}/").content.decode()
    assert "National rate applied locally" in page
    assert "not a measured figure" in page


def test_private_plans_need_sign_in(client):
    plan = plan_make(key="private-report")
    assert client.get(f"/plans/{plan.key}/on-a-page/").status_code == 403
    assert client.get(f"/plans/{plan.key}/scorecard/").status_code == 403
