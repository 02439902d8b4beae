"""Small pieces every report page shows the same way: ratings, figures, statuses."""

from __future__ import annotations

import base64
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cypp.assessment.measures import STATUS_WORDS, MeasureAssessment, Point
from cypp.charts import Chart
from cypp.disclosure import MARK, WITHHELD, disclosure_rule
from cypp.reports.plan_reports import RATING_TAGS, RATING_WORDS

register = template.Library()


@register.simple_tag
def rating_tag(assessment: MeasureAssessment) -> SafeString:
    """The rating as a coloured tag that also says its colour in words."""
    colour = assessment.rating.colour if assessment.rating else "grey"
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', RATING_TAGS[colour], RATING_WORDS[colour]
    )


@register.filter
def figure(value: Any, decimals: Any = None) -> str:
    """A number as the indicator publishes it (its decimals), or a dash-free 'no figure';
    a mark ("c" for a withheld figure) as it is."""
    if value is None:
        return "no figure"
    if value == MARK:
        return MARK
    places = decimals if isinstance(decimals, int) else (1 if abs(float(value)) < 1000 else 0)
    text = f"{float(value):,.{places}f}"
    return text


@register.simple_tag
def point_figure(point: Point | None, decimals: Any = None) -> SafeString:
    """A published figure with its marks: a status in words, provisional said so."""
    if point is None:
        return format_html('<span class="govuk-hint">{}</span>', "no data")
    if point.status in WITHHELD:
        # The mark and why, beside it: a page has no footnotes to point to.
        return format_html(
            '{} <span class="govuk-body-s">({})</span>',
            MARK,
            disclosure_rule().reason(point.status),
        )
    if point.value is None:
        return format_html("{}", STATUS_WORDS.get(point.status, "not available"))
    return format_html(
        "{}{}", figure(point.value, decimals), " (provisional)" if point.provisional else ""
    )


@register.filter
def withheld(point: Point | None) -> bool:
    """Whether a figure is withheld as a local small number (shown as "c")."""
    return point is not None and point.status in WITHHELD


@register.filter
def target_words(assessment: MeasureAssessment) -> str:
    m = assessment.measure
    if m.target_value is not None:
        text = f"{m.target_value:g}"
    elif m.target_low is not None and m.target_high is not None:
        text = f"{m.target_low:g} to {m.target_high:g}"
    else:
        return "no target"
    return f"{text} by {m.target_due:%B %Y}" if m.target_due else text


@register.simple_tag
def sparkline_for(assessment: MeasureAssessment) -> SafeString:
    """A small trend line of the measure's series, with its first and last values in words."""
    from cypp.charts import sparkline

    points = [p for p in assessment.series if p.value is not None]
    if len(points) < 2:
        return format_html("{}", "")
    indicator = assessment.measure.indicator
    return sparkline(
        [p.value for p in points],
        labels=[p.period for p in points],
        name=assessment.measure.title,
        decimals=indicator.decimals if indicator else 1,
    )


@register.filter
def pounds(value: Any) -> str:
    """Money as a board reads it: whole pounds, thousands separated, a minus sign if owed."""
    if value is None:
        return ""
    amount = round(float(value))
    return f"−£{-amount:,}" if amount < 0 else f"£{amount:,}"


@register.simple_tag
def chart_image(chart: Chart) -> SafeString:
    """A chart as a vector SVG image with its text alternative: what a PDF needs, because a
    tagged PDF takes a figure's alternative text from the image's ``alt``."""
    data = base64.b64encode(str(chart.svg()).encode()).decode("ascii")
    return format_html(
        '<img class="cypp-chart__img" src="data:image/svg+xml;base64,{}" alt="{}">',
        data,
        chart.alt,
    )
