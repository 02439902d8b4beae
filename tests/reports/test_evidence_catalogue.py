"""The Evidence area: its landing page, the indicator catalogue (search, filters, pages,
a plain GET form), the picker's suggestions and typing an indicator by its name.

Expected values are worked out here from the observations and indicators themselves
(plain Python over the rows), never read back from the catalogue's own selectors.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from cypp.geography.selectors import area_get
from cypp.indicators.catalogue import indicator_choose
from cypp.indicators.models import Indicator, Observation, PeriodType, Source
from cypp.indicators.selectors import UnknownIndicator
from cypp.reports.views_evidence import ExplorerForm
from tests.plans.factories import analyst_make, plan_make, viewer_make

pytestmark = pytest.mark.django_db

CATALOGUE = "/evidence/indicators/"
HEREFORDSHIRE = "E06000019"


def _references(html: str) -> list[str]:
    """The SOURCE:CODE of each indicator listed, in order (each entry links to the
    explorer with ``?indicator=``)."""
    found = re.findall(
        r'<h3 class="govuk-heading-s cypp-catalogue__title"><a [^>]*indicator=([^"&]+)"', html
    )
    return [unquote(r) for r in found]


def _all_pages(client, params: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    references: list[str] = []
    page = 1
    while True:
        response = client.get(CATALOGUE, {**params, "page": page})
        references += _references(response.content.decode())
        if response.context["page"].has_next():
            page += 1
        else:
            return references


def _text(indicator: Indicator) -> str:
    return " ".join(
        [indicator.title, indicator.code, indicator.topic, indicator.definition]
    ).lower()


# Search by words


def test_every_word_must_match_the_name_code_definition_or_theme(client):
    words = ["looked", "after", "rate"]
    expected = sorted(
        i.reference
        for i in Indicator.objects.select_related("source")
        if all(w in _text(i) for w in words)
    )
    assert "lait:LAC" in expected
    found = _all_pages(client, {"q": " ".join(words)})
    assert sorted(found) == expected


def test_a_word_only_in_the_definition_is_found(client):
    source = Source.objects.get(key="lait")
    Indicator.objects.create(
        source=source,
        code="TEST_DEF",
        title="A catalogue test indicator",
        definition="Counted on the zebracrossing census day.",
    )
    assert _all_pages(client, {"q": "Zebracrossing"}) == ["lait:TEST_DEF"]


def test_source_and_code_find_the_indicator(client):
    found = _all_pages(client, {"q": "lait:LAC"})
    assert "lait:LAC" in found
    assert all(r.startswith("lait:") and "lac" in r.lower() for r in found)


def test_nothing_found_says_so(client):
    html = client.get(CATALOGUE, {"q": "no-such-indicator-anywhere"}).content.decode()
    assert "0 indicators found" in html
    assert "No indicator matches" in html


# Filters


def _first_value(field: str) -> str:
    return next(v for v in Indicator.objects.values_list(field, flat=True).order_by(field) if v)


@pytest.mark.parametrize(
    ("parameter", "field"),
    [("theme", "topic"), ("polarity", "polarity"), ("period_type", "period_type")],
)
def test_each_filter_keeps_only_its_indicators(client, parameter, field):
    values = sorted({v for v in Indicator.objects.values_list(field, flat=True) if v})
    assert len(values) > 1, f"the demo should have more than one {field}"
    for value in values[:3]:
        expected = sorted(
            i.reference
            for i in Indicator.objects.select_related("source")
            if getattr(i, field) == value
        )
        assert sorted(_all_pages(client, {parameter: value})) == expected


def test_the_source_filter(client):
    for source in Source.objects.filter(indicators__isnull=False).distinct():
        expected = sorted(
            f"{source.key}:{code}" for code in source.indicators.values_list("code", flat=True)
        )
        assert sorted(_all_pages(client, {"source": source.key})) == expected


def test_filters_and_words_combine(client):
    expected = sorted(
        i.reference
        for i in Indicator.objects.select_related("source")
        if i.polarity == "low" and "looked" in _text(i)
    )
    assert expected
    assert sorted(_all_pages(client, {"q": "looked", "polarity": "low"})) == expected


def test_the_filters_offer_only_loaded_values_in_words(client):
    html = client.get(CATALOGUE).content.decode()
    assert '<option value="high">Higher is better</option>' in html
    assert '<option value="low">Lower is better</option>' in html
    assert '<option value="academic">Academic year</option>' in html
    assert '<option value="financial">Financial year</option>' in html
    for name in Source.objects.filter(indicators__isnull=False).values_list("name", flat=True):
        assert f">{name}</option>" in html


# Each entry


def test_an_entry_gives_unit_polarity_period_type_latest_period_and_areas(client):
    # Worked out from the observations: the latest period with a figure, and how many
    # areas have a figure in it.
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    by_key: dict[int, set[int]] = defaultdict(set)
    labels = {}
    for sort_key, label, area_id in Observation.objects.filter(
        indicator=lac, value__isnull=False
    ).values_list("period__sort_key", "period__label", "area_id"):
        by_key[sort_key].add(area_id)
        labels[sort_key] = label
    latest = max(by_key)
    html = client.get(CATALOGUE, {"q": "lait:LAC", "area": HEREFORDSHIRE}).content.decode()
    entry = html[html.index('indicator=lait%3ALAC"') :]
    entry = entry[: entry.index("</li>")]
    assert f"{labels[latest]}, {len(by_key[latest])} areas" in entry
    assert lac.unit in entry
    assert {"high": "Higher is better", "low": "Lower is better"}.get(
        lac.polarity, "Neither higher nor lower is better"
    ) in entry
    assert f"<dd>{PeriodType(lac.period_type).label}</dd>" in entry
    # With an area, a second link explores the indicator for that area.
    assert f"indicator=lait%3ALAC&amp;area={HEREFORDSHIRE}" in entry
    assert f"Explore for {area_get(code=HEREFORDSHIRE).name}" in entry


# Pages


def test_twenty_five_a_page_with_govuk_pagination_that_keeps_the_filters(client):
    total = Indicator.objects.count()
    pages = -(-total // 25)
    assert pages > 2
    first = client.get(CATALOGUE, {"source": "lait"})
    lait = Indicator.objects.filter(source__key="lait").count()
    html = first.content.decode()
    assert len(_references(html)) == 25
    assert 'class="govuk-pagination"' in html
    assert 'aria-current="page"' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert "source=lait&amp;page=2" in html
    last_number = -(-lait // 25)
    last = client.get(CATALOGUE, {"source": "lait", "page": last_number}).content.decode()
    assert len(_references(last)) == lait - 25 * (last_number - 1)
    assert 'rel="prev"' in last and 'rel="next"' not in last
    # A page past the end shows the last page, not an error.
    beyond = client.get(CATALOGUE, {"source": "lait", "page": 999})
    assert beyond.status_code == 200
    assert beyond.context["page"].number == last_number
    # No indicator is listed twice across the pages.
    every = _all_pages(client, {})
    assert len(every) == len(set(every)) == total


def test_the_search_is_a_plain_get_form(client):
    html = client.get(CATALOGUE).content.decode()
    form = html[html.index("<form") : html.index("</form>")]
    assert 'method="get"' in form
    for name in ("q", "theme", "source", "polarity", "period_type"):
        assert f'name="{name}"' in form
    assert '<button type="submit"' in form
    assert "<script" not in html.split("</main>")[0]  # nothing the form needs is scripted


def test_queries_do_not_grow_with_the_rows(client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as one:
        client.get(CATALOGUE, {"q": "lait:LAC"})
    with CaptureQueriesContext(connection) as page:
        client.get(CATALOGUE, {"page": 2})
    assert len(one) == len(page)
    # The count, the page's rows, their latest periods, their coverage, the four filters'
    # choices, and the area the "Explore for" links name.
    with django_assert_num_queries(9):
        client.get(CATALOGUE, {"source": "lait", "page": 3, "area": HEREFORDSHIRE})


# The picker's suggestions


def test_suggestions_are_json_at_most_twenty(client):
    response = client.get("/evidence/indicators/suggest/", {"q": "looked"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    results = json.loads(response.content)["results"]
    assert 0 < len(results) <= 20
    assert set(results[0]) == {"reference", "title", "source", "unit"}
    for r in results:
        indicator = Indicator.objects.select_related("source").get(
            source__key=r["reference"].split(":")[0], code=r["reference"].split(":", 1)[1]
        )
        assert r["title"] == indicator.title and r["source"] == indicator.source.name
        assert "looked" in _text(indicator)


def test_suggestions_put_a_typed_reference_and_titles_that_begin_with_the_text_first(client):
    results = json.loads(client.get("/evidence/indicators/suggest/", {"q": "lait:LAC"}).content)
    assert results["results"][0]["reference"] == "lait:LAC"
    title = Indicator.objects.get(source__key="lait", code="LAC").title
    prefix = title[:12]
    results = json.loads(client.get("/evidence/indicators/suggest/", {"q": prefix}).content)
    starts = [r["title"].lower().startswith(prefix.lower()) for r in results["results"]]
    # Every title that begins with the text comes before every one that does not.
    assert starts == sorted(starts, reverse=True)
    assert starts[0]


def test_no_text_no_suggestions(client):
    assert json.loads(client.get("/evidence/indicators/suggest/").content) == {"results": []}


# Typing an indicator's name


def _twins() -> tuple[Indicator, Indicator]:
    title = "Catalogue test twin indicator"
    return (
        Indicator.objects.create(source=Source.objects.get(key="lait"), code="TWIN1", title=title),
        Indicator.objects.create(
            source=Source.objects.get(key="fingertips"), code="TWIN2", title=title
        ),
    )


def test_an_exact_title_a_reference_or_the_pickers_words_name_one_indicator():
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    assert indicator_choose(text="lait:LAC") == lac
    assert indicator_choose(text=f"  {lac.title.upper()} ") == lac
    assert indicator_choose(text=f"{lac.title} (lait:LAC)") == lac


def test_a_title_two_indicators_share_lists_both():
    one, two = _twins()
    with pytest.raises(UnknownIndicator) as error:
        indicator_choose(text=one.title)
    assert "lait:TWIN1" in str(error.value) and "fingertips:TWIN2" in str(error.value)
    assert indicator_choose(text=f"{one.title} (fingertips:TWIN2)") == two


def test_an_unknown_name_or_reference_is_refused_in_words():
    with pytest.raises(UnknownIndicator, match="No indicator is called"):
        indicator_choose(text="Nothing is called this")
    with pytest.raises(UnknownIndicator, match="lait:NOPE"):
        indicator_choose(text="lait:NOPE")


def test_the_explorer_takes_a_title(client):
    lac = Indicator.objects.get(source__key="lait", code="LAC")
    form = ExplorerForm({"indicator": lac.title, "area": HEREFORDSHIRE, "model": ""})
    assert form.indicator_found == lac
    html = client.get(
        "/evidence/explorer/", {"indicator": lac.title, "area": HEREFORDSHIRE}
    ).content.decode()
    assert "There is a problem" not in html
    assert f"{lac.title}: " in html


def test_the_explorer_lists_the_candidates_of_an_ambiguous_title(client):
    one, _two = _twins()
    html = client.get(
        "/evidence/explorer/", {"indicator": one.title, "area": HEREFORDSHIRE}
    ).content.decode()
    assert "There is a problem" in html
    assert "lait:TWIN1" in html and "fingertips:TWIN2" in html


def test_a_plans_measure_takes_an_indicators_title_and_its_form_links_to_the_catalogue(client):
    from cypp.plans.models import Measure
    from tests.plans.test_plan_editing import _add_measure_url, _measure_form

    breastfeeding = Indicator.objects.get(source__key="lait", code="6wksBreast")
    plan = plan_make(key="picker-plan")
    client.force_login(analyst_make())
    form_page = client.get(_add_measure_url(plan)).content.decode()
    assert 'data-indicator-picker="/evidence/indicators/suggest/"' in form_page
    assert 'href="/evidence/indicators/">Find an indicator in the catalogue</a>' in form_page
    response = client.post(
        _add_measure_url(plan),
        _measure_form(title="Picked by name", indicator_reference=breastfeeding.title),
    )
    assert response.status_code == 302
    measure = Measure.objects.get(outcome__priority__plan=plan, title="Picked by name")
    assert measure.indicator == breastfeeding


def test_a_measure_with_an_ambiguous_title_is_refused_listing_the_candidates(client):
    from tests.plans.test_plan_editing import _add_measure_url, _measure_form

    one, _two = _twins()
    plan = plan_make(key="picker-twins")
    client.force_login(analyst_make())
    response = client.post(_add_measure_url(plan), _measure_form(indicator_reference=one.title))
    errors = " ".join(response.context["form"].errors["indicator_reference"])
    assert "lait:TWIN1" in errors and "fingertips:TWIN2" in errors


def test_the_indicator_fields_are_marked_for_the_picker_and_link_to_the_catalogue(client):
    html = client.get("/evidence/explorer/").content.decode()
    assert 'data-indicator-picker="/evidence/indicators/suggest/"' in html
    assert 'href="/evidence/indicators/' in html
    assert "cypp/indicator_picker.js" in html


# The Evidence area's landing page and the header


def test_the_landing_page_links_every_evidence_page_and_says_what_is_loaded(client):
    response = client.get("/evidence/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in ("/evidence/explorer/", "/evidence/indicators/", "/evidence/areas/"):
        assert f'href="{url}"' in html
    total = Indicator.objects.count()
    assert f"{total:,} indicators" in html
    assert "Import a file" not in html  # never for a visitor


def _imports_built() -> bool:
    try:
        reverse("evidence:import-start")
    except NoReverseMatch:
        return False
    return True


def test_only_analysts_are_offered_the_import_pages(client):
    client.force_login(viewer_make())
    assert "Import a file" not in client.get("/evidence/").content.decode()
    client.force_login(analyst_make())
    html = client.get("/evidence/").content.decode()
    # The import pages are another part of the work: linked as soon as they exist.
    assert ("Import a file" in html) == _imports_built()


def test_the_header_leads_to_the_evidence_area_and_marks_it_current(client):
    home = client.get("/").content.decode()
    nav = home[home.index('<nav aria-label="Menu"') :]
    nav = nav[: nav.index("</nav>")]
    assert '<a class="govuk-header__link" href="/evidence/">Evidence</a>' in nav
    landing = client.get("/evidence/").content.decode()
    assert 'href="/evidence/" aria-current="page">Evidence</a>' in landing
    catalogue = client.get(CATALOGUE).content.decode()
    assert 'href="/evidence/" aria-current="true">Evidence</a>' in catalogue
