"""Measure cards for partners' websites: a page with the card, its HTML snippet and its
image to copy, and the card itself as SVG and as the HTML snippet. Public plans only
(404 for any other plan, for everyone)."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from cypp.plans.models import Plan
from cypp.reports.embeds import (
    HEIGHT,
    WIDTH,
    MeasureCard,
    measure_card_html,
    measure_card_svg,
)
from cypp.reports.views_open_data import cards_cached, download, public_plan

SVG = "image/svg+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def _card(plan: Plan, measure_key: str) -> MeasureCard:
    """The card of the plan's measure with this key (the first in plan order, should two
    outcomes use one key)."""
    for card in cards_cached(plan):
        if card.measure_key == measure_key:
            return card
    raise Http404("The plan has no measure with this key.")


def image_snippet(card: MeasureCard, svg_url: str) -> str:
    """The ``<img>`` a partner pastes to show the SVG card, its text alternative as alt."""
    return str(
        format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" style="max-width:100%;height:auto">',
            svg_url,
            card.text_alternative,
            WIDTH,
            HEIGHT,
        )
    )


@require_GET
def measure_embed(request: HttpRequest, key: str, measure_key: str) -> HttpResponse:
    plan = public_plan(key)
    card = _card(plan, measure_key)
    svg_url = request.build_absolute_uri(
        reverse("reports:measure-card-svg", kwargs={"key": key, "measure_key": measure_key})
    )
    html = measure_card_html(card)
    response = render(
        request,
        "reports/embed.html",
        {
            "plan": plan,
            "card": card,
            # Built from escaped parts (``measure_card_html``): marked safe only to show it.
            "card_html": mark_safe(html),  # noqa: S308
            "html_snippet": html,
            "image_snippet": image_snippet(card, svg_url),
            "svg_url": svg_url,
        },
    )
    # The preview's inline styles, and no others: each style attribute allowed by its hash.
    response._csp_update = {"style-src-attr": ["'unsafe-hashes'", *_style_hashes(html)]}  # type: ignore[attr-defined]
    return response


def _style_hashes(html: str) -> list[str]:
    """CSP hash sources for every style attribute of the snippet."""
    values = sorted(set(re.findall(r'style="([^"]*)"', html)))
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(v.encode()).digest()).decode() + "'"
        for v in values
    ]


@require_GET
def measure_card_svg_view(request: HttpRequest, key: str, measure_key: str) -> Any:
    plan = public_plan(key)
    card = _card(plan, measure_key)
    content = measure_card_svg(card).encode("utf-8")
    return download(request, content, SVG, f"{key}-{measure_key}.svg")


@require_GET
def measure_card_html_view(request: HttpRequest, key: str, measure_key: str) -> Any:
    plan = public_plan(key)
    card = _card(plan, measure_key)
    content = measure_card_html(card).encode("utf-8")
    return download(request, content, HTML, f"{key}-{measure_key}.html")
