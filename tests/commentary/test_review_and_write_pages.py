"""The review page's word-level difference for a resubmission, the write page's evidence
beside the form (as at the period), and what the pages say about people with no e-mail
address."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cypp.commentary.services import (
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
)
from cypp.indicators.models import Observation
from tests.commentary.helpers import STORY, World, world_make

pytestmark = pytest.mark.django_db


def _write_url(w: World, period=None) -> str:
    period = period or w.period
    return reverse("commentary:write", args=[w.plan.key, period.key, w.measure.pk])


def _review_url(w: World) -> str:
    return reverse("commentary:review", args=[w.plan.key, w.period.key, w.measure.pk])


def _resubmitted(w: World, **changes: str):
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    c = measure_commentary_return(commentary=c, by=w.lead, reason="Compare with England.")
    # Two saves after the return: the difference is from the returned text, not the
    # intermediate draft.
    measure_commentary_save(
        measure=w.measure, period=w.period, by=w.contributor, partners="A draft partner"
    )
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **changes)
    return measure_commentary_submit(commentary=c, by=w.contributor)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_review_of_a_resubmission_shows_each_answers_changed_words(client: Client):
    w = world_make()
    _resubmitted(
        w,
        next_steps="Extend peer support to the health visitors' clinics by May; we are 9 "
        "points above England.",
        partners="Wye Valley NHS Trust, health visiting",
    )
    client.force_login(w.lead)
    html = client.get(_review_url(w)).content.decode()
    assert "What changed since it was returned" in html
    # STORY's next steps end "clinics by June." -> "clinics by May; we are 9 points above
    # England.": "June." removed; "May;", "we", "are", "9", "points", "above", "England." added.
    assert (
        '<del><span class="govuk-visually-hidden">removed: </span>June.</del>'
        ' <ins class="govuk-!-font-weight-bold"><span class="govuk-visually-hidden">added: '
        "</span>May; we are 9 points above England.</ins>" in html
    )
    assert "7 words added, 1 removed" in html
    # The partners are as returned (the intermediate draft does not count): no change.
    start = html.index('id="changes"')
    changes = html[start : html.index("</dl>", start)]
    rows = re.findall(r'<div class="govuk-summary-list__row">(.*?)</div>', changes, re.S)
    summaries = {
        _text(re.search(r"<dt[^>]*>(.*?)</dt>", row, re.S).group(1)): _text(
            re.search(r'<p class="govuk-body-s[^"]*">(.*?)</p>', row, re.S).group(1)
        )
        for row in rows
    }
    assert summaries == {
        "The story behind the curve": "No change",
        "What is working": "No change",
        "What we will do next": "7 words added, 1 removed",
        "Partners who help": "No change",
    }


def test_a_first_submission_has_nothing_to_compare(client: Client):
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    measure_commentary_submit(commentary=c, by=w.contributor)
    client.force_login(w.lead)
    html = client.get(_review_url(w)).content.decode()
    assert "What changed since it was returned" not in html and "<ins" not in html


def _latest_observations(w: World, period) -> tuple[Observation, Observation]:
    """Herefordshire's latest figure whose period ended by the end of ``period``, and
    England's for the same period: read from the evidence store, not the assessment."""
    mine = (
        Observation.objects.filter(
            indicator=w.measure.indicator, area=w.measure.area, period__end__lte=period.end
        )
        .exclude(value=None)
        .select_related("period")
        .order_by("-period__end")
        .first()
    )
    england = Observation.objects.get(
        indicator=w.measure.indicator, area__code="E92000001", period=mine.period
    )
    return mine, england


@pytest.mark.parametrize("which", [4, -1])  # April to June 2016; January to March 2018
def test_the_write_page_shows_the_evidence_as_at_the_period(client: Client, which: int):
    w = world_make()
    period = w.plan.reporting_periods.order_by("start")[which if which >= 0 else 11]
    mine, england = _latest_observations(w, period)
    client.force_login(w.contributor)
    html = client.get(_write_url(w, period)).content.decode()
    aside = html[html.index("<aside") : html.index("</aside>")]
    text = _text(aside)
    assert f"The evidence at {period.end:%-d %B %Y}" in text
    assert f"Latest figure {mine.value:.2f} in {mine.period.label}" in text
    assert f"England {england.value:.2f}" in text
    assert "Statistical neighbours' average" in text and "Rating" in text and "Trend" in text
    assert "Target 60 by March 2018" in text
    # The measure page's chart with its text alternative and its figures in a table.
    assert aside.count('<figure class="cypp-chart">') == 1 and "<svg" in aside
    assert "The figures in this chart" in aside
    # The form sits beside it, in the two-thirds column.
    assert '<div class="govuk-grid-column-two-thirds">' in html
    assert html.index("The story behind the curve") < html.index("<aside")


def test_the_write_page_queries_do_not_grow_with_the_history(client, django_assert_num_queries):
    w = world_make()
    client.force_login(w.contributor)
    measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    client.get(_write_url(w))  # the session warms up
    with django_assert_num_queries(WRITE_PAGE_QUERIES):
        client.get(_write_url(w))
    for n in range(5):
        measure_commentary_save(
            measure=w.measure, period=w.period, by=w.contributor, partners=f"Partner {n}"
        )
    with django_assert_num_queries(WRITE_PAGE_QUERIES):
        html = client.get(_write_url(w)).content.decode()
    assert html.count("Version written") == 5


# One of them counts England's current authorities: ranks and bands need the coverage
# of the national set (ADR 0013), once per page whatever the history.
WRITE_PAGE_QUERIES = 21


def test_the_page_says_who_was_not_told_for_want_of_an_address(client: Client):
    w = world_make()
    w.lead.email = ""
    w.lead.save()
    client.force_login(w.contributor)
    response = client.post(_write_url(w), {**STORY, "submit": "1"}, follow=True)
    assert (
        "Your commentary is submitted for approval. Lead has no e-mail address in CYPP, so "
        "was not told by e-mail: tell them another way."
    ) in _text(response.content.decode())
    w.contributor.email = ""
    w.contributor.save()
    client.force_login(w.lead)
    response = client.post(
        _review_url(w), {"decision": "return", "reason": "Shorter, please."}, follow=True
    )
    assert "Writer has no e-mail address in CYPP" in _text(response.content.decode())


def test_the_review_of_resubmitted_evidence_shows_its_changed_words(client: Client):
    from cypp.commentary.services import (
        qualitative_evidence_return,
        qualitative_evidence_save,
        qualitative_evidence_submit,
    )
    from cypp.plans.models import Outcome

    w = world_make()
    outcome = Outcome.objects.get(priority=w.priority)
    fields = {"kind": "quote", "title": "Ready for school", "consent_recorded": True}
    e = qualitative_evidence_save(
        outcome=outcome, period=w.period, by=w.contributor, text="She loves her class.", **fields
    )
    e = qualitative_evidence_submit(evidence=e, by=w.contributor)
    e = qualitative_evidence_return(evidence=e, by=w.lead, reason="Who said it?")
    e = qualitative_evidence_save(
        outcome=outcome,
        period=w.period,
        by=w.contributor,
        evidence=e,
        text="She loves her new class.",
        attributed_to="a parent",
        **fields,
    )
    qualitative_evidence_submit(evidence=e, by=w.contributor)
    client.force_login(w.lead)
    url = reverse("commentary:evidence-review", args=[w.plan.key, w.period.key, e.pk])
    html = client.get(url).content.decode()
    assert (
        'her <ins class="govuk-!-font-weight-bold"><span class="govuk-visually-hidden">added: '
        "</span>new</ins> class." in html
    )
    assert "1 word added" in html and "2 words added" in html  # the text; who said it


def test_officers_see_who_has_no_address_on_the_status_page(client: Client):
    # In the world, the writer, the other contributor and the lead have addresses; the
    # analyst has none (nor a profile: named by username), and the viewer takes no part.
    w = world_make()
    url = reverse("commentary:status-period", args=[w.plan.key, w.period.key])
    client.force_login(w.analyst)
    html = _text(client.get(url).content.decode())
    assert (
        "No e-mail address, so no reminders and no e-mails when commentary is submitted, "
        "returned or approved: analyst. Ask them for one, or tell them another way."
    ) in html
    client.force_login(w.contributor)
    assert "No e-mail address" not in client.get(url).content.decode()
