"""The tables of a plan's open data package: their columns (with the Table Schema that
describes them) and their rows, every figure as published.

Split from ``open_data.py``, which assembles the package. Each table is a list of
``Field``s and a list of rows; ``table_csv`` writes them as RFC 4180 CSV (UTF-8, CRLF,
a header row) through the one CSV writer that guards against formulas.

Withheld figures: a number column holds "c" (the DfE's mark, declared in the package's
``missingValues``) where CYPP withheld a local small number or the publisher marked the
figure confidential, and is empty where there is no figure; the ``status`` column beside
it says which (``small_number``, ``from_small_number``, or the publisher's own mark).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cypp.assessment.published import PublishedAssessment
from cypp.assessment.scorecard import measure_judgement
from cypp.assessment.series import Point
from cypp.disclosure import MARK, WITHHELD
from cypp.downloads import csv_text
from cypp.indicators.models import Indicator, Observation, Status

# A publisher's confidential figure is written with the same mark as CYPP's own.
MARKED_STATUSES = (*WITHHELD, Status.CONFIDENTIAL.value)


@dataclass(frozen=True, slots=True)
class Field:
    """A column: its name, Table Schema type and what it holds."""

    name: str
    type: str
    description: str

    def schema(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "description": self.description}


def _f(name: str, type_: str, description: str) -> Field:
    return Field(name, type_, description)


STATUS_DESCRIPTION = (
    'Why a figure is missing or marked: empty when it is published; "small_number" when '
    "CYPP withheld a local count below the disclosure threshold; "
    '"from_small_number" when the figure was worked out from such a count; otherwise the '
    'publisher\'s own mark ("confidential", "not_applicable", "unavailable", '
    '"low_reliability", "rounds_to_zero").'
)
MEASURE_KEY_FIELDS = ("priority_key", "outcome_key", "measure_key")

MEASURE_FIELDS = (
    _f("priority_key", "string", "The key of the plan's priority the measure sits under."),
    _f("priority", "string", "The priority's title."),
    _f("outcome_key", "string", "The key of the outcome the measure measures."),
    _f("outcome", "string", "The outcome's title."),
    _f("measure_key", "string", "The measure's key in the plan."),
    _f("title", "string", "The measure's title."),
    _f("kind", "string", "A population indicator, or how much / how well / better off."),
    _f("indicator", "string", "The indicator's reference (SOURCE:CODE), if it has one."),
    _f("area_code", "string", "The ONS code of the area measured."),
    _f("unit", "string", "What the figures count or measure."),
    _f("baseline_period", "string", "The period of the plan's baseline."),
    _f("baseline_value", "number", "The plan's baseline figure."),
    _f("target_value", "number", "The figure the plan aims for (or empty for a range)."),
    _f("target_low", "number", "The lower end of a target range."),
    _f("target_high", "number", "The upper end of a target range."),
    _f("target_due", "date", "When the target is due (ISO 8601)."),
    _f("target_direction", "string", "increase, decrease or maintain."),
    _f("target_status", "string", "Progress to target: on track, at risk, off track..."),
    _f("target_explanation", "string", "Why, in the rating engine's words."),
    _f("rating", "string", "The rating: red, amber, green or grey (no judgement)."),
    _f("rating_reason", "string", "Why the measure has its rating."),
    _f("trend", "string", "The trend over the latest periods, in words."),
    _f("trend_reason", "string", "How the trend was judged."),
    _f("latest_period", "string", "The latest period with a figure."),
    _f("latest_value", "number", "The latest figure, to the indicator's decimals."),
    _f("latest_status", "string", STATUS_DESCRIPTION),
    _f("compared_on", "string", "SOURCE:CODE of what the measure is compared on (a rate)."),
    _f("england_value", "number", "England's figure in the latest period, on that basis."),
    _f("england_comparison", "string", "How the area compares with England."),
    _f("neighbours_average", "number", "The statistical neighbours' average, on that basis."),
    _f("neighbours_comparison", "string", "How the area compares with its neighbours."),
)

MEASURE_FIGURE_FIELDS = (
    _f("priority_key", "string", "The measure's priority key (see measures.csv)."),
    _f("outcome_key", "string", "The measure's outcome key (see measures.csv)."),
    _f("measure_key", "string", "The measure's key (see measures.csv)."),
    _f("period", "string", "The period, as its publisher labels it."),
    _f("period_end", "date", "The last day of the period (ISO 8601), where known."),
    _f("value", "number", "The figure the plan's reports judge the measure on."),
    _f("status", "string", STATUS_DESCRIPTION),
    _f("provisional", "boolean", "Whether the publisher says the figure is provisional."),
)

INDICATOR_FIELDS = (
    _f("reference", "string", "SOURCE:CODE, the indicator's reference."),
    _f("source", "string", "The key of the source that publishes it."),
    _f("code", "string", "The indicator's code at its source."),
    _f("title", "string", "The indicator's title."),
    _f("definition", "string", "What it measures."),
    _f("unit", "string", "Its unit."),
    _f("value_type", "string", "proportion, rate, count, mean, dsr or other."),
    _f("multiplier", "integer", "1 for counts, 100 for percentages, 10,000 for rates..."),
    _f("polarity", "string", "high (high is good), low (low is good) or none."),
    _f("decimals", "integer", "The decimal places the source publishes."),
    _f("period_type", "string", "The kind of period: financial, academic, calendar..."),
    _f("population", "string", "Who is counted."),
    _f("publisher", "string", "The organisation that publishes it."),
    _f("methodology", "string", "Where the method is described."),
    _f("credit", "string", "How to credit the source."),
    _f("licence", "string", "The licence the source publishes it under."),
)

OBSERVATION_FIELDS = (
    _f("indicator", "string", "The indicator's reference (see indicators.csv)."),
    _f("area_code", "string", "The ONS code of the area."),
    _f("area_name", "string", "The area's name."),
    _f(
        "area_role",
        "string",
        'Why the area is here: "plan area", "region", "England" or "statistical neighbour".',
    ),
    _f("period_type", "string", "The kind of period."),
    _f("period", "string", "The period, as its publisher labels it."),
    _f("period_start", "date", "The first day of the period (ISO 8601), where known."),
    _f("period_end", "date", "The last day of the period (ISO 8601), where known."),
    _f("value", "number", "The figure."),
    _f("lower_95", "number", "The lower 95% confidence limit, where published."),
    _f("upper_95", "number", "The upper 95% confidence limit, where published."),
    _f("numerator", "number", "What the figure was worked out from: the count."),
    _f("denominator", "number", "What the figure was worked out from: the population."),
    _f("status", "string", STATUS_DESCRIPTION),
    _f("provisional", "boolean", "Whether the publisher says the figure is provisional."),
    _f("estimate", "boolean", "Whether the figure is an estimate."),
    _f("note", "string", "The publisher's note on the figure."),
)


def table_csv(fields: Sequence[Field], rows: Iterable[Sequence[Any]]) -> bytes:
    """The table as CSV bytes: UTF-8, a header row, CRLF line ends (RFC 4180)."""
    return csv_text([[f.name for f in fields], *rows]).encode("utf-8")


def _number(value: float | int | None) -> float | int | None:
    """A stored figure as CSV writes it: whole numbers without ".0"."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _marked(value: float | None, status: str) -> Any:
    return MARK if status in MARKED_STATUSES else _number(value)


def measure_row(a: PublishedAssessment) -> list[Any]:
    """One measure's row, its judgements as the scorecard JSON gives them."""
    m = a.measure
    j = measure_judgement(a)
    latest = a.latest
    latest_status = latest.status if latest else ""
    target = j["target"]
    point = a.benchmark_latest
    england_withheld = point is not None and point.sort_key in a.withheld_comparators.get(
        "england", frozenset()
    )
    neighbours_withheld = point is not None and point.sort_key in a.withheld_comparators.get(
        "neighbours", frozenset()
    )
    priority = m.outcome.priority
    return [
        priority.key,
        priority.title,
        m.outcome.key,
        m.outcome.title,
        m.key,
        m.title,
        m.kind,
        j["indicator"],
        m.area.code if m.area else "",
        (m.indicator.unit if m.indicator else "") or m.unit,
        m.baseline_period,
        MARK if a.baseline_withheld else _number(m.baseline_value),
        _number(m.target_value),
        _number(m.target_low),
        _number(m.target_high),
        _date(m.target_due),
        m.target_direction,
        a.status,
        target["explanation"] if target else "",
        j["rating"]["colour"],
        j["rating"]["reason"],
        j["trend"]["label"],
        j["trend"]["reason"],
        j["latest"]["period"] if j["latest"] else "",
        _latest_value(j, latest_status),
        latest_status,
        j["benchmarked_on"] or "",
        MARK if england_withheld else j["england"]["value"],
        j["england"]["comparison"],
        MARK if neighbours_withheld else j["neighbours"]["average"],
        j["neighbours"]["comparison"],
    ]


def _latest_value(judgement: dict[str, Any], status: str) -> Any:
    if status in MARKED_STATUSES:
        return MARK
    return judgement["latest"]["value"] if judgement["latest"] else None


def measure_figure_rows(a: PublishedAssessment) -> list[list[Any]]:
    """The measure's series, period by period, as published (entered figures included)."""
    m = a.measure
    keys = [m.outcome.priority.key, m.outcome.key, m.key]
    return [
        [*keys, p.period, _date(p.end), _marked(p.value, p.status), p.status, _bool(p.provisional)]
        for p in a.series
        if _has_figure(p)
    ]


def _has_figure(p: Point) -> bool:
    return p.value is not None or bool(p.status)


def indicator_row(i: Indicator) -> list[Any]:
    return [
        i.reference,
        i.source.key,
        i.code,
        i.title,
        i.definition,
        i.unit,
        i.value_type,
        i.multiplier,
        i.polarity,
        i.decimals,
        i.period_type,
        i.population,
        i.source_organisation or i.source.organisation,
        i.methodology_url,
        i.source.credit,
        i.source.licence,
    ]


def observation_row(o: Observation, role: str) -> list[Any]:
    """An observation as published (``observations_published`` has already withheld it)."""
    s = o.status
    return [
        o.indicator.reference,
        o.area.code,
        o.area.name,
        role,
        o.period.period_type,
        o.period.label,
        _date(o.period.start),
        _date(o.period.end),
        _marked(o.value, s),
        _marked(o.lower_95, s),
        _marked(o.upper_95, s),
        _marked(o.numerator, s),
        _marked(o.denominator, s),
        s,
        _bool(o.provisional),
        _bool(o.estimate),
        o.value_note,
    ]


__all__ = [
    "INDICATOR_FIELDS",
    "MEASURE_FIELDS",
    "MEASURE_FIGURE_FIELDS",
    "MEASURE_KEY_FIELDS",
    "OBSERVATION_FIELDS",
    "Field",
    "indicator_row",
    "measure_figure_rows",
    "measure_row",
    "observation_row",
    "table_csv",
]
