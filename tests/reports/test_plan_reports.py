"""Plan on a page, scorecard and measure pages: the judgements, their sentences, and
queries that do not grow with the plan."""

from __future__ import annotations

import datetime as dt
import math

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


def _wilson_95(successes: int, trials: int) -> tuple[float, float]:
    """Wilson's score interval (95%) as percentages, worked out here from its formula
    (Wilson 1927; Fingertips's "Technical Guidance: Confidence intervals" for proportions)."""
    z = 1.959963984540054
    p = successes / trials
    scale = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / scale
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / scale
    return 100 * (centre - half), 100 * (centre + half)


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
    # demo/data/ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv, 2025:
    # Herefordshire 267 re-referrals of 1,806 referrals (14.8%), England 22.6%.
    assert latest is not None and latest.period == "2025"
    assert (latest.numerator, latest.denominator, latest.value) == (267, 1806, 14.8)
    lower, upper = _wilson_95(267, 1806)  # 13.2 to 16.5
    sentence = assessment.comparison.sentence
    assert f"14.8 (95% confidence interval {lower:.1f} to {upper:.1f})" in sentence
    assert "England (22.6)" in sentence
    # The whole interval lies below England's 22.6, and fewer re-referrals are better.
    assert upper < 22.6 and assessment.comparison.label == "better"
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
    # Titles out of alphabetical order and of mixed case; the third measure counts what the
    # partnership does and has no figure yet, so it is grey whatever the rules, while the
    # other two have figures and a target, so they are rated.
    measures = list(Measure.objects.filter(outcome__priority__plan=plan).order_by("order"))
    titles = ["breastfeeding (b)", "Breastfeeding (C)", "A count with no figure yet"]
    for measure, title in zip(measures, titles, strict=True):
        measure.title = title
    measures[2].kind, measures[2].indicator = Measure.Kind.HOW_MUCH, None
    for measure in measures:
        measure.save()
    url = f"/plans/{plan.key}/scorecard/"

    def shown(**params: str) -> list[str]:
        return [a.measure.title for a in client.get(url, params).context["rows"]]

    assert shown() == titles  # the plan's order
    assert shown(rating="grey") == ["A count with no figure yet"]
    assert shown(owner="Herefordshire Council") == titles  # plan_make's owner of each
    assert shown(owner="Nobody") == []
    assert shown(sort="title") == [
        "A count with no figure yet",
        "breastfeeding (b)",
        "Breastfeeding (C)",
    ]


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
