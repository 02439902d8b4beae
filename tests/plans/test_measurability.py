"""The measurability check: what stops each outcome being measured, and the plan's score.

The Worcestershire fixture is a draft like the one its scrutiny board reviewed ("how could
success be measured?"), with one gap of each kind placed on purpose.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cypp.plans.measurability import percent, plan_measurability
from cypp.plans.models import Plan
from cypp.plans.plan_files import plan_load, plan_load_text

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db

NO_LATEST_LOCAL = (
    "It has no indicator and no figures have been entered, so there is nothing to show "
    "progress with."
)


def test_the_gaps_of_a_plan_with_known_gaps() -> None:
    plan = plan_load(path=FIXTURES / "worcestershire-2022-2024.yaml").plan
    report = plan_measurability(plan=plan)
    summary = [
        (
            o.priority,
            o.key,
            [g.code for g in o.gaps],
            [(m.key, m.passed, [g.code for g in m.gaps]) for m in o.measures],
        )
        for o in report.outcomes
    ]
    assert summary == [
        ("safe", "fewer-in-care", [], [("lac-rate", 6, [])]),
        ("safe", "online-safety", ["no_measure"], []),
        (
            "healthy",
            "mental-health",
            [],
            [
                (
                    "referrals",
                    1,
                    ["no_baseline", "no_target", "no_due_date", "no_owner", "no_latest_data"],
                ),
                ("waiting", 4, ["no_due_date", "estimate_as_baseline"]),
            ],
        ),
        ("amazing", "good-start", [], [("lac-gld", 5, ["no_latest_data"])]),
    ]
    # Outcomes score 6/6, 0, 4/6 (best measure) and 5/6: the mean is 62.5%, rounded half up.
    assert [percent(o.score) for o in report.outcomes] == [100, 0, 67, 83]
    assert report.score == 63


def test_each_gap_reads_as_a_sentence() -> None:
    plan = plan_load(path=FIXTURES / "worcestershire-2022-2024.yaml").plan
    outcomes = plan_measurability(plan=plan).as_dict()["outcomes"]
    assert outcomes[1]["gaps"] == [
        {
            "code": "no_measure",
            "message": "Nothing measures this outcome yet, so nobody can tell whether it is "
            "improving.",
        }
    ]
    referrals, waiting = outcomes[2]["measures"]
    assert {g["code"]: g["message"] for g in referrals["gaps"]} == {
        "no_baseline": "There is no starting figure (baseline) to show progress from.",
        "no_target": "There is no target, so success has not been defined.",
        "no_due_date": "There is no date by which the target should be met.",
        "no_owner": "No organisation, subgroup or named lead is responsible for it.",
        "no_latest_data": NO_LATEST_LOCAL,
    }
    assert waiting["gaps"][1]["message"].startswith(
        "The target is set against a baseline that is an estimate (estimate), not a measured"
    )
    [lac_gld] = outcomes[3]["measures"][0]["gaps"]
    assert lac_gld["message"] == (
        "Herefordshire has no figure for 2024/25, the latest period of this indicator."
    )


def test_a_plan_with_no_outcomes_scores_zero() -> None:
    text = (FIXTURES / "worcestershire-2022-2024.yaml").read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    del doc["plan"]["priorities"], doc["plan"]["subgroups"]
    plan = plan_load_text(text=yaml.safe_dump(doc), file="empty.yaml").plan
    report = plan_measurability(plan=plan)
    assert report.outcomes == () and report.score == 0


def test_percent_rounds_half_up_exactly() -> None:
    assert percent(Fraction(5, 8)) == 63
    assert percent(Fraction(1, 8)) == 13
    assert percent(Fraction(2, 3)) == 67
    assert percent(Fraction(0)) == 0
    assert percent(Fraction(1)) == 100


# --- queries do not grow with the number of measures -------------------------------------

INDICATORS = ["lait:LAC", "lait:FSP_NEW_GOODDEV", "lait:6wksBreast", "lait:16-17 NEET"]


def _plan_with(measures: int, key: str) -> Plan:
    """A plan whose measures mix indicators, areas, local figures and gaps."""
    items: list[dict[str, Any]] = []
    for i in range(measures):
        item: dict[str, Any] = {"key": f"m{i}", "title": f"Measure {i}"}
        if i % 5 == 4:
            item |= {"kind": "how_much", "values": [{"period": "2024-25", "value": i}]}
        else:
            item["indicator"] = INDICATORS[i % len(INDICATORS)]
            item["area"] = "E10000034" if i % 2 else "E06000019"
        if i % 3:
            item |= {
                "baseline": {
                    "period": "2015",
                    "value": 10,
                    "provenance": "estimate" if i % 7 == 0 else "measured",
                },
                "target": {"value": 20, "due": "2024-03-31"},
                "owner": {"lead": "Lead"},
            }
        items.append(item)
    outcomes = [
        {"key": f"o{n}", "title": f"Outcome {n}", "measures": items[n::5]} for n in range(5)
    ]
    doc = {
        "format": "cypp-plan/1",
        "partnership": {"key": "worcestershire", "name": "Worcestershire", "area": "E10000034"},
        "plan": {
            "key": key,
            "title": key,
            "start": "2022-04-01",
            "end": "2024-03-31",
            "status": "draft",
            "priorities": [
                {"key": "a", "title": "A", "outcomes": outcomes[:3]},
                {"key": "b", "title": "B", "outcomes": outcomes[3:]},
            ],
        },
    }
    return plan_load_text(text=yaml.safe_dump(doc), file=f"{key}.yaml").plan


def test_queries_do_not_grow_with_the_number_of_measures(
    django_assert_max_num_queries: Any,
) -> None:
    small, large = _plan_with(5, "small"), _plan_with(50, "large")
    with CaptureQueriesContext(connection) as small_queries:
        small_report = plan_measurability(plan=small)
    assert sum(len(o.measures) for o in small_report.outcomes) == 5
    with django_assert_max_num_queries(len(small_queries)):
        large_report = plan_measurability(plan=large)
    assert sum(len(o.measures) for o in large_report.outcomes) == 50
    with CaptureQueriesContext(connection) as large_queries:
        plan_measurability(plan=large)
    assert len(large_queries) == len(small_queries) == 5
