"""The rating engine's judgements as plain data: the scorecard JSON other tools read.

The keys are a contract (``cypp report scorecard --json`` and, later, the API): keep them.
"""

from __future__ import annotations

import math
from typing import Any

from cypp.assessment.measures import AsAt, MeasureAssessment


def _number(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def measure_judgement(a: MeasureAssessment) -> dict[str, Any]:
    """One measure's judgements, from the one rating engine."""
    m = a.measure
    target = None
    if a.target is not None:
        target = {
            "status": a.target.status,
            "judged_period": a.target.judged_label or None,
            "judged_value": _number(a.target.judged_value),
            "explanation": a.target.explanation,
        }
    return {
        "key": m.key,
        "title": m.title,
        "indicator": m.indicator.reference if m.indicator else None,
        "latest": (
            {"period": a.latest.period, "value": _number(a.latest.value)} if a.latest else None
        ),
        "rating": {
            "colour": a.rating.colour if a.rating else "grey",
            "reason": a.rating.reason if a.rating else "",
        },
        "target": target,
        "trend": {"label": a.trend.label, "tested": a.trend.tested, "reason": a.trend.sentence},
        "england": {"value": _number(a.latest_england), "comparison": a.comparison.label},
        "neighbours": {
            "average": _number(a.neighbours_average),
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
