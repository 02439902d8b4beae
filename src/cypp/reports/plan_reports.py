"""View-models for the plan reports: plan on a page, scorecard, measure page.

One builder per report returns plain dataclasses; the HTML templates render them (and the
board pack and exports will render the same trees). Every figure in them is as published:
local small numbers withheld (``cypp.assessment.published``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cypp.assessment.measures import AsAt, MeasureAssessment, plan_assessments
from cypp.assessment.published import assessments_published
from cypp.plans.measurability import Measurability, plan_measurability
from cypp.plans.models import Plan, Priority

RATING_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
STATUS_ORDER = [
    "missed",
    "off track",
    "at risk",
    "on track",
    "achieved",
    "not enough data",
    "no target",
]
RATING_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey"}
RATING_TAGS = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "grey": "govuk-tag--grey",
}


@dataclass
class OutcomeView:
    title: str
    key: str
    measures: list[MeasureAssessment]
    pk: int = 0


@dataclass
class PriorityView:
    priority: Priority
    outcomes: list[OutcomeView]


@dataclass
class PlanOnAPage:
    plan: Plan
    priorities: list[PriorityView]
    by_status: list[tuple[str, int]]
    by_rating: list[tuple[str, int]]
    measurability: Measurability
    assessments: list[MeasureAssessment] = field(default_factory=list)


def counts_in_order(values: list[str], order: list[str]) -> list[tuple[str, int]]:
    """How many of each value, in the given order, leaving out those with none."""
    counted = Counter(values)
    return [(v, counted[v]) for v in order if counted[v]]


def plan_on_a_page_build(*, plan: Plan, as_at: AsAt | None = None) -> PlanOnAPage:
    assessments: list[MeasureAssessment] = list(
        assessments_published(plan_assessments(plan=plan, as_at=as_at))
    )
    by_outcome: dict[int, list[MeasureAssessment]] = {}
    for a in assessments:
        by_outcome.setdefault(a.measure.outcome_id, []).append(a)
    priorities = []
    for priority in plan.priorities.prefetch_related("outcomes"):
        outcomes = [
            OutcomeView(o.title, o.key, by_outcome.get(o.pk, []), o.pk)
            for o in priority.outcomes.all()
        ]
        priorities.append(PriorityView(priority, outcomes))
    return PlanOnAPage(
        plan=plan,
        priorities=priorities,
        by_status=counts_in_order([a.status for a in assessments], STATUS_ORDER),
        by_rating=counts_in_order(
            [a.rating.colour if a.rating else "grey" for a in assessments], list(RATING_ORDER)
        ),
        measurability=plan_measurability(plan=plan),
        assessments=assessments,
    )


@dataclass(frozen=True)
class ScorecardFilters:
    priority: str = ""
    owner: str = ""
    status: str = ""
    rating: str = ""
    sort: str = "plan"

    @classmethod
    def from_query(cls, query: Any) -> ScorecardFilters:
        return cls(
            **{f: str(query.get(f, "")).strip() for f in ("priority", "owner", "status", "rating")},
            sort=str(query.get("sort", "plan")) or "plan",
        )


SORTS = {
    "plan": "Plan order",
    "rating": "Rating, red first",
    "status": "Target status, worst first",
    "title": "Measure name",
}


def owner_name(a: MeasureAssessment) -> str:
    m = a.measure
    return str(m.owner_organisation or m.owner_subgroup or m.lead or "")


def scorecard_rows(
    assessments: list[MeasureAssessment], filters: ScorecardFilters
) -> list[MeasureAssessment]:
    rows = [
        a
        for a in assessments
        if (not filters.priority or a.measure.outcome.priority.key == filters.priority)
        and (not filters.owner or owner_name(a) == filters.owner)
        and (not filters.status or a.status == filters.status)
        and (not filters.rating or (a.rating and a.rating.colour == filters.rating))
    ]
    if filters.sort == "rating":
        rows.sort(key=lambda a: RATING_ORDER.get(a.rating.colour if a.rating else "grey", 9))
    elif filters.sort == "status":
        rows.sort(key=lambda a: STATUS_ORDER.index(a.status) if a.status in STATUS_ORDER else 99)
    elif filters.sort == "title":
        rows.sort(key=lambda a: a.measure.title.casefold())
    return rows
