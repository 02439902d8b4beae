"""Measure cards for partners' websites: they say what the scorecard says (the published
judgements), never a withheld figure, never by colour alone, in a self-contained SVG and an
HTML snippet with no script; for public plans only.

Expected figures: the demo's LAIT extract (demo/data/lait/bds_long_0.parquet, "6wksBreast"):
Herefordshire 64.52 and England 52.71 in LAIT's 2024, that is 2023-24.
"""

from __future__ import annotations

import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.test import Client

from cypp.assessment.measures import plan_assessments
from cypp.assessment.published import assessments_published
from cypp.assessment.scorecard import scorecard_json
from cypp.errors import ApplicationError
from cypp.plans.models import Measure, Outcome, Plan
from cypp.reports.embeds import (
    BANDS,
    SECONDARY,
    TEXT,
    measure_card_html,
    measure_card_svg,
    measure_cards,
)
from tests.plans.factories import plan_make, viewer_make
from tests.reports.test_open_data import SMALL, local_plan  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SVG_NS = "{http://www.w3.org/2000/svg}"


def _luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_pair_meets_aa_contrast() -> None:
    assert _contrast("#ffffff", "#000000") == pytest.approx(21.0)  # the formula, checked
    for band, text in BANDS.values():
        assert _contrast(band, text) >= 4.5, (band, text)
    for text in (TEXT, SECONDARY):
        assert _contrast(text, "#ffffff") >= 4.5


def test_a_card_says_what_the_scorecard_says() -> None:
    plan = plan_make(key="cards", measures=2, public=True)
    cards = measure_cards(plan=plan)
    published = assessments_published(plan_assessments(plan=plan))
    judgements = scorecard_json(plan_key=plan.key, as_at=None, assessments=list(published))[
        "measures"
    ]
    assert [c.measure_key for c in cards] == [j["key"] for j in judgements]
    for card, j in zip(cards, judgements, strict=True):
        assert card.rating_colour == j["rating"]["colour"]
        assert card.rating_words == f"Rating: {j['rating']['colour'].capitalize()}"
        assert card.period == j["latest"]["period"]
        assert float(card.figure) == j["latest"]["value"]
        assert card.trend_words == f"Trend: {j['trend']['label']}"
        assert j["england"]["comparison"] in card.england_words
    # And what LAIT published.
    card = cards[0]
    assert (card.figure, card.period) == ("64.52", "2023-24")
    assert "52.71" in card.england_words and "2023-24" in card.england_words
    assert card.source_credit == "Source: DfE, Local Authority Interactive Tool (LAIT)"
    assert card.url.endswith(f"/plans/cards/measures/{Measure.objects.get(key='measure-0').pk}/")
    # One sentence, with the figure, the period and the rating in words.
    alt = card.text_alternative
    assert alt.count(". ") == 0 and "64.52" in alt and "2023-24" in alt
    assert f"rating {card.rating_colour}" in alt


def test_the_svg_is_self_contained_and_labelled() -> None:
    plan = plan_make(key="cards-svg", measures=1, public=True)
    Measure.objects.filter(outcome__priority__plan=plan).update(title='Breastfeeding <b>"&"</b>')
    [card] = measure_cards(plan=plan)
    svg = measure_card_svg(card)
    root = ET.fromstring(svg)  # noqa: S314 (our own SVG): well-formed, the title escaped
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    assert title is not None and title.text == 'Breastfeeding <b>"&"</b>'
    assert desc is not None and desc.text == card.text_alternative
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert card.rating_words in texts and card.period in texts
    assert not re.search(r"<script|<foreignObject|href=|url\(|@import", svg, re.IGNORECASE)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


def test_the_html_snippet_has_no_script_and_says_the_rating_in_words() -> None:
    plan = plan_make(key="cards-html", measures=1, public=True)
    Measure.objects.filter(outcome__priority__plan=plan).update(title="<script>x</script>")
    [card] = measure_cards(plan=plan)
    html = measure_card_html(card)
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "iframe" not in parser.tags
    assert not [a for a in parser.attributes if a.startswith("on")]
    assert "&lt;script&gt;" in html
    assert card.rating_words in html and card.period in html and card.england_words in html
    assert f'href="{card.url}"' in html


def test_a_withheld_figure_is_c_on_the_card(local_plan: Plan) -> None:  # noqa: F811
    cards = {c.measure_key: c for c in measure_cards(plan=local_plan)}
    on_time = cards["odp-on-time"]  # 7 of 40 in 2017: withheld with its count
    assert (on_time.figure, on_time.period) == ("c", "2017")
    assert "withheld" in on_time.text_alternative
    for card in cards.values():
        for text in (measure_card_svg(card), measure_card_html(card), card.text_alternative):
            assert not SMALL.findall(text), (card.measure_key, SMALL.findall(text))


def test_cards_are_for_public_plans_only(client: Client) -> None:
    private = plan_make(key="cards-private", measures=1, public=False)
    with pytest.raises(ApplicationError):
        measure_cards(plan=private)
    for suffix in ("embed/", "card.svg", "card.html"):
        assert client.get(f"/plans/{private.key}/measures/measure-0/{suffix}").status_code == 404
    plan_make(key="cards-public", measures=1, public=True)
    assert client.get("/plans/cards-public/measures/no-such/embed/").status_code == 404


def test_the_embed_page_and_the_card_files(client: Client) -> None:
    plan = plan_make(key="cards-pages", measures=1, public=True)
    # A title that would end the code box and start markup, were it not escaped.
    Measure.objects.filter(outcome__priority__plan=plan).update(title="Feeding </textarea><b>")
    [card] = measure_cards(plan=plan)
    base = f"/plans/{plan.key}/measures/measure-0/"
    page = client.get(base + "embed/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Put this measure on your website" in text
    assert "</textarea><b>" not in text
    assert card.text_alternative.replace("<", "&lt;").replace(">", "&gt;") in text
    textarea = re.search(r'<textarea[^>]*id="image-code"[^>]*>([^<]*)</textarea>', text)
    assert textarea is not None, "the image's code to copy"
    assert f"http://testserver{base}card.svg" in textarea.group(1)
    assert textarea.group(1).startswith("&lt;img ")
    # The preview's inline styles are allowed by their hashes, no others.
    policy = page["Content-Security-Policy"]
    for style in set(re.findall(r'style="([^"]*)"', measure_card_html(card))):
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy
    svg = client.get(base + "card.svg")
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg.content.decode() == measure_card_svg(card)
    assert "public" in svg["Cache-Control"] and "max-age=3600" in svg["Cache-Control"]
    assert client.get(base + "card.svg", HTTP_IF_NONE_MATCH=svg["ETag"]).status_code == 304
    html = client.get(base + "card.html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html.content.decode() == measure_card_html(card)


def test_a_public_measure_page_links_to_its_card_and_a_private_one_does_not(
    client: Client,
) -> None:
    embed = "Put this measure on your website"
    public = plan_make(key="cards-linked", measures=1, public=True)
    measure = Measure.objects.get(outcome__priority__plan=public)
    page = client.get(f"/plans/{public.key}/measures/{measure.pk}/").content.decode()
    assert f'href="/plans/{public.key}/measures/{measure.key}/embed/"' in page
    assert embed in page
    # A key two outcomes share has the first measure's card: no link, rather than the wrong one.
    other = Outcome.objects.create(priority=measure.outcome.priority, key="other", title="Other")
    twin = Measure.objects.create(
        outcome=other, key=measure.key, title="The same key", indicator=measure.indicator
    )
    for shared in (measure, twin):
        assert (
            embed not in client.get(f"/plans/{public.key}/measures/{shared.pk}/").content.decode()
        )
    # A private plan has no cards (the embed page is a 404): no link either.
    private = plan_make(key="cards-unlinked", measures=1, public=False, partnership="cards-own")
    mine = Measure.objects.get(outcome__priority__plan=private)
    client.force_login(viewer_make("cards-viewer", partnership="cards-own"))
    page = client.get(f"/plans/{private.key}/measures/{mine.pk}/")
    assert page.status_code == 200
    assert embed not in page.content.decode()
