"""Measure cards a partner's website can include: an SVG image and an HTML snippet, each
saying one measure's latest figure, its period, its rating in words, its trend and how it
compares with England, with a text alternative a screen reader reads in one sentence.

The figures and judgements are the published ones, read from the scorecard JSON of the
published assessments (``measure_judgement``), so a card says what the scorecard says.
Colour is never alone: the rating is written in words on its coloured band, and every
colour pair meets WCAG AA contrast (4.5:1 or more).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, format_html

from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import PublishedAssessment, assessments_published
from cypp.assessment.scorecard import measure_judgement
from cypp.disclosure import MARK, disclosure_rule
from cypp.errors import ApplicationError
from cypp.plans.models import Plan
from cypp.reports.plan_reports import RATING_WORDS
from cypp.reports.templatetags.reports import figure

# Band colour and the text colour on it (GOV.UK's palette, the red darkened): each pair's
# contrast is 4.5:1 or more, as the tests work out from WCAG's formula.
BANDS = {
    "red": ("#aa2a16", "#ffffff"),
    "amber": ("#ffdd00", "#0b0c0c"),
    "green": ("#00703c", "#ffffff"),
    "grey": ("#505a5f", "#ffffff"),
}
TEXT = "#0b0c0c"
SECONDARY = "#484949"  # 9.0:1 on white
BORDER = "#b1b4b6"
FONT = "Arial, Helvetica, sans-serif"
WIDTH, HEIGHT = 360, 230


class NoSuchCard(ApplicationError):
    """No measure with that key in the plan, or the plan is not public."""


@dataclass(frozen=True)
class MeasureCard:
    """One measure, as a card says it; every text is ready to show."""

    plan_key: str
    measure_key: str
    title: str
    figure: str  # "58.2", "c" (withheld) or "no data"
    period: str  # "2023/24", or "" when there is no figure
    rating_colour: str  # red, amber, green, grey
    rating_words: str  # "Rating: Green"
    trend_words: str  # "Trend: increasing and getting better"
    england_words: str  # "England 61.0 (2023/24): significantly better than England"
    text_alternative: str  # the whole card in one sentence
    source_credit: str  # "Source: OHID Fingertips"
    url: str = ""  # the measure's page, where the reader can find out more
    unit: str = ""  # "%", "per 10,000 children"...


def _figure_text(j: dict[str, Any], a: PublishedAssessment, decimals: int | None) -> str:
    latest = a.latest
    if latest is None:
        return "no data"
    if latest.status in ("small_number", "from_small_number", "confidential"):
        return MARK
    value = j["latest"]["value"] if j["latest"] else None
    return figure(value, decimals) if value is not None else "no figure"


def _england_words(
    j: dict[str, Any], a: PublishedAssessment, period: str, decimals: int | None
) -> str:
    """England's figure on what the measure is compared on (a rate for a count, to one
    decimal place, as the scorecard writes it) and the comparison's label."""
    england = j["england"]
    label = str(england["comparison"])
    value = england["value"]
    point = a.benchmark_latest
    withheld = point is not None and point.sort_key in a.withheld_comparators.get(
        "england", frozenset()
    )
    basis = "" if a.benchmark_basis is None else " (compared on a rate)"
    shown = MARK if withheld else figure(value, 1 if a.benchmark_basis else decimals)
    when = f" in {period}" if period else ""
    if label == "not compared":
        if value is None and not withheld:
            return "No figure for England to compare with."
        return f"England: {shown}{when}{basis}; not compared for significance."
    return f"Compared with England ({shown}{when}){basis}: {label}."


def card_from_assessment(plan: Plan, a: PublishedAssessment) -> MeasureCard:
    """A card for one published assessment of the plan's measure."""
    m = a.measure
    j = measure_judgement(a)
    decimals = m.indicator.decimals if m.indicator else None
    unit = (m.indicator.unit if m.indicator else "") or m.unit
    number = _figure_text(j, a, decimals)
    period = a.latest.period if a.latest else ""
    colour = str(j["rating"]["colour"])
    rating = f"Rating: {RATING_WORDS[colour]}"
    trend = f"Trend: {j['trend']['label']}"
    england = _england_words(j, a, period, decimals)
    if m.indicator:
        credit = m.indicator.source.credit or f"Source: {m.indicator.source.name}"
    else:
        credit = f"Source: {plan.partnership.name}"
    if number == MARK:
        said = f"withheld ({disclosure_rule().reason(a.latest.status if a.latest else '')})"
    elif number == "no data":
        said = "no figure yet"
    else:
        said = f"{number}{_unit_suffix(unit)}"
    when = f" in {period}" if period else ""
    alternative = (
        f"{m.title}: {said}{when}; {rating.lower().replace(':', '')}; "
        f"{trend.lower().replace(':', '')}; {_sentence_part(england)}"
    )
    url = str(settings.SITE_URL).rstrip("/") + reverse(
        "reports:measure", kwargs={"key": plan.key, "pk": m.pk}
    )
    return MeasureCard(
        plan_key=plan.key,
        measure_key=m.key,
        title=m.title,
        figure=number,
        period=period,
        rating_colour=colour,
        rating_words=rating,
        trend_words=trend,
        england_words=england,
        text_alternative=alternative,
        source_credit=credit,
        url=url,
        unit=unit,
    )


def _sentence_part(words: str) -> str:
    """Words that start a sentence on the card, within the one sentence of the text
    alternative ("Compared with England" -> "compared with England"; "England" stays)."""
    return words if words.startswith("England") else words[:1].lower() + words[1:]


def _unit_suffix(unit: str) -> str:
    if not unit:
        return ""
    return unit if unit.startswith("%") else f" {unit}"


def measure_cards(*, plan: Plan, as_at: AsAt | None = None) -> list[MeasureCard]:
    """A card for every measure of a public plan, in plan order (``NoSuchCard`` for a plan
    that is not public: cards are for public plans)."""
    if not plan.public:
        raise NoSuchCard(f"The plan {plan.key} is not public, so it has no measure cards.")
    assessments = assessments_published(plan_assessments(plan=plan, as_at=as_at))
    return [card_from_assessment(plan, a) for a in assessments]


def measure_card(*, plan: Plan, measure_key: str, as_at: AsAt | None = None) -> MeasureCard:
    """The card of the plan's measure with this key (the first in plan order, should two
    outcomes use one key)."""
    for card in measure_cards(plan=plan, as_at=as_at):
        if card.measure_key == measure_key:
            return card
    raise NoSuchCard(f"The plan {plan.key} has no measure {measure_key}.")


def _lines(text: str, width: int, most: int) -> list[str]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = textwrap.shorten(lines[-1] + " …", width, placeholder=" …")
    return lines


def measure_card_svg(card: MeasureCard) -> str:
    """The card as a self-contained SVG image: no script, no external font or image; the
    title and the text alternative as its ``<title>`` and ``<desc>``."""
    band, on_band = BANDS.get(card.rating_colour, BANDS["grey"])
    ident = f"cypp-{card.plan_key}-{card.measure_key}"
    rows: list[str] = []
    y = 30
    for line in _lines(card.title, 40, 2):
        rows.append(_text(16, y, line, weight="bold"))
        y += 20
    y += 24
    # A short unit sits after the figure ("64.5% of infants"); a long one would run off
    # the card, so it goes after the period on the line below, shortened if it must be.
    suffix = _unit_suffix(card.unit)
    beside = len(card.figure) + len(suffix) <= 30
    rows.append(
        f'<text x="16" y="{y}" font-size="30" font-weight="bold" fill="{TEXT}">'
        f"{escape(card.figure)}"
        f'<tspan font-size="16" font-weight="normal">{escape(suffix if beside else "")}</tspan>'
        "</text>"
    )
    under = ", ".join(t for t in (card.period, (card.unit if not beside else "")) if t)
    if under:
        rows.append(
            _text(
                16, y + 20, textwrap.shorten(under, 48, placeholder=" …"), fill=SECONDARY, size=14
            )
        )
    y += 34
    rows.append(f'<rect x="16" y="{y}" width="150" height="24" fill="{band}"/>')
    rows.append(_text(24, y + 17, card.rating_words, fill=on_band, weight="bold"))
    y += 44
    rows.append(_text(16, y, card.trend_words, size=13))
    for line in _lines(card.england_words, 52, 2):
        y += 17
        rows.append(_text(16, y, line, size=13))
    rows.append(_text(16, HEIGHT - 10, card.source_credit, fill=SECONDARY, size=11))
    body = "\n  ".join(rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT}">\n'
        f'  <title id="{ident}-title">{escape(card.title)}</title>\n'
        f'  <desc id="{ident}-desc">{escape(card.text_alternative)}</desc>\n'
        f'  <rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{HEIGHT - 1}" fill="#ffffff" '
        f'stroke="{BORDER}"/>\n'
        f"  {body}\n"
        "</svg>\n"
    )


def _text(
    x: int, y: int, text: str, *, size: int = 15, fill: str = TEXT, weight: str = "normal"
) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def measure_card_html(card: MeasureCard) -> str:
    """The card as an HTML snippet a partner pastes into a page: inline styles only, no
    script, no iframe, no external file; it reads in order without its styles."""
    band, on_band = BANDS.get(card.rating_colour, BANDS["grey"])
    p = f"margin:0 0 8px 0;color:{TEXT}"
    link = (
        format_html(' <a href="{}" style="color:#1d70b8">More about this measure</a>', card.url)
        if card.url
        else ""
    )
    period = format_html(
        '<p style="{}">{}</p>',
        f"margin:0 0 8px 0;color:{SECONDARY}",
        card.period or "No figure yet",
    )
    return str(
        format_html(
            '<figure class="cypp-measure-card" style="{}">\n'
            '  <figcaption style="{}">{}</figcaption>\n'
            '  <p style="{}"><span style="font-size:2em;font-weight:bold">{}</span>{}</p>\n'
            "  {}\n"
            '  <p style="{}"><strong style="{}">{}</strong></p>\n'
            '  <p style="{}">{}</p>\n'
            '  <p style="{}">{}</p>\n'
            '  <p style="{}">{}{}</p>\n'
            "</figure>\n",
            f"box-sizing:border-box;max-width:360px;margin:0;padding:16px;border:1px solid "
            f"{BORDER};background:#ffffff;font-family:{FONT};font-size:16px;line-height:1.3",
            f"margin:0 0 8px 0;font-weight:bold;color:{TEXT}",
            card.title,
            p,
            card.figure,
            _unit_suffix(card.unit),
            period,
            p,
            f"display:inline-block;padding:2px 8px;background:{band};color:{on_band}",
            card.rating_words,
            p,
            card.trend_words,
            p,
            card.england_words,
            f"margin:0;font-size:14px;color:{SECONDARY}",
            card.source_credit,
            link,
        )
    )
