"""The rating engine's judgements as plain data: the scorecard JSON other tools read.

The keys are a contract (``cypp report scorecard --json`` and, later, the API): keep them.
"""

from __future__ import annotations

from typing import Any

from cypp.assessment.measures import AsAt, MeasureAssessment
from cypp.indicators.json_numbers import number_rounded


def measure_judgement(a: MeasureAssessment) -> dict[str, Any]:
    """One measure's judgements, from the one rating engine."""
    m = a.measure
    # Figures to the indicator's decimals; England's and the neighbours' to those of what
    # the measure is compared on (a count is compared on a rate, written to 1 decimal place,
    # as the rating engine's sentences write it).
    own = m.indicator.decimals if m.indicator else None
    compared = 1 if a.benchmark_basis is not None else own
    target = None
    if a.target is not None:
        target = {
            "status": a.target.status,
            "judged_period": a.target.judged_label or None,
            "judged_value": number_rounded(a.target.judged_value, decimals=own),
            "explanation": a.target.explanation,
        }
    return {
        "key": m.key,
        "title": m.title,
        "indicator": m.indicator.reference if m.indicator else None,
        "latest": (
            {"period": a.latest.period, "value": number_rounded(a.latest.value, decimals=own)}
            if a.latest
            else None
        ),
        "rating": {
            "colour": a.rating.colour if a.rating else "grey",
            "reason": a.rating.reason if a.rating else "",
        },
        "target": target,
        "trend": {"label": a.trend.label, "tested": a.trend.tested, "reason": a.trend.sentence},
        "england": {
            "value": number_rounded(a.latest_england, decimals=compared),
            "comparison": a.comparison.label,
        },
        "neighbours": {
            "average": number_rounded(a.neighbours_average, decimals=compared),
            "comparison": a.neighbours_comparison.label,
        },
        "rank": a.ranking.rank,
        "rank_of": a.ranking.rank_of,
        "quartile_band": a.ranking.band,
        "coverage_note": a.ranking.coverage_note,
        "benchmarked_on": a.benchmarked_on,
        "exception": a.exception,
    }


def scorecard_json(
    *, plan_key: str, as_at: AsAt | None, assessments: list[MeasureAssessment]
) -> dict[str, Any]:
    """``{"plan", "as_at": {"period", "end"}, "measures": [...]}`` for a plan."""
    return {
        "plan": plan_key,
        "as_at": {
            "period": as_at.period or None if as_at else None,
            "end": as_at.end.isoformat() if as_at else None,
        },
        "measures": [measure_judgement(a) for a in assessments],
    }
