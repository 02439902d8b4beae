"""The parts of the pack that read the whole plan at once: the plan at a glance (a sparkline,
England and the neighbours for every measure), the ratings by priority and the commentary
still outstanding. Read only; the figures are the rating engine's, as published."""

from __future__ import annotations

import base64
import html
import re
from typing import Any

from cypp.assessment.measures import MeasureAssessment
from cypp.charts import sparkline
from cypp.charts.ratings import RATINGS, PriorityRatings
from cypp.commentary.models import MeasureCommentary
from cypp.commentary.selectors import NOT_STARTED, STATUS_WORDS
from cypp.reports.board_pack.sections import (
    MeasurePage,
    OutstandingCommentary,
    PriorityPages,
)
from cypp.reports.board_pack.tables import comparator_cell
from cypp.reports.plan_reports import owner_name

_LABEL = re.compile(r'aria-label="([^"]*)"')


def sparkline_image(a: MeasureAssessment) -> tuple[str, str]:
    """The measure's series as a small line: an SVG data URI and its words ("from 1,315 in
    2014 to 1,281 in 2018"), or two empty strings for fewer than two figures.

    An image with ``alt`` rather than inline SVG: a tagged PDF takes a figure's alternative
    text from the image's ``alt``."""
    points = [p for p in a.series if p.value is not None]
    if len(points) < 2:
        return "", ""
    indicator = a.measure.indicator
    svg = str(
        sparkline(
            [p.value for p in points],
            labels=[p.period for p in points],
            name=a.measure.title,
            decimals=indicator.decimals if indicator else 1,
            width=60,
            height=16,
        )
    )
    found = _LABEL.search(svg)
    alt = html.unescape(found.group(1)) if found else a.measure.title
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{data}", alt


def glance_fill(page: MeasurePage) -> None:
    """Give a measure's page what its row in the plan at a glance shows."""
    a = page.assessment
    page.sparkline_src, page.sparkline_alt = sparkline_image(a)
    page.england = comparator_cell(a, "england", a.latest_england)
    page.neighbours = comparator_cell(a, "neighbours", a.latest_neighbours)


def ratings_by_priority(priorities: list[PriorityPages], word: str) -> list[PriorityRatings]:
    """How many of each priority's measures are rated red, amber, green and grey."""
    result = []
    for p in priorities:
        colours: list[str] = [
            m.assessment.rating.colour if m.assessment.rating else "grey"
            for o in p.outcomes
            for m in o.measures
        ]
        red, amber, green, grey = (colours.count(r) for r in RATINGS)
        result.append(
            PriorityRatings(
                label=f"{word} {p.number}: {p.priority.title}", counts=(red, amber, green, grey)
            )
        )
    return result


def commentary_outstanding(
    *, period: Any | None, pages: list[MeasurePage]
) -> list[OutstandingCommentary]:
    """Every measure whose commentary for the period is not approved, in plan order, with
    its owner and how far its commentary has got (one query)."""
    if period is None:
        return []
    statuses = dict(
        MeasureCommentary.objects.filter(period=period)
        .order_by()
        .values_list("measure_id", "status")
    )
    rows = []
    for page in pages:
        if page.commentary is not None:
            continue
        status = statuses.get(page.measure.pk, NOT_STARTED)
        if status == "approved":
            continue  # approved after the pages were read: not outstanding
        rows.append(
            OutstandingCommentary(
                anchor=page.anchor,
                measure=page.measure.title,
                owner=owner_name(page.assessment) or "Not set",
                status=status,
                words=STATUS_WORDS[status][0],
            )
        )
    return rows
