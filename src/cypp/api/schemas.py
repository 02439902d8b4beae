"""What the API's read endpoints answer, as pydantic schemas: the OpenAPI document is made
from these, and every body is checked against its schema before it is sent (``caching``).

The judgement keys are those of ``cypp.assessment.scorecard.measure_judgement`` (a contract
shared with ``cypp report scorecard --json``); the plan's parts are named as its file names
them (priorities or pledges, outcomes, measures, commitments).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class Problem(Schema):
    """RFC 9457 problem details: every refusal and error (``cypp.api.errors``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


class Page(Schema, Generic[T]):
    """One page of a list: ``?page=N&page_size=M`` (50 by default, at most 500)."""

    count: int = Field(description="How many there are in all pages.")
    page: int
    page_size: int
    next: str | None = Field(description="The next page's address, or null on the last.")
    previous: str | None = Field(description="The previous page's address, or null.")
    results: list[T]


def responses(ok: Any, *, forbidden: bool = False) -> dict[int, Any]:
    """The answers an endpoint may give: its body, 304 for a matching If-None-Match, and
    the problems (a bad token 401, 403 where a rule refuses, 404, bad parameters 422,
    too many requests 429)."""
    answers: dict[int, Any] = {200: ok, 304: None, 401: Problem, 404: Problem}
    if forbidden:
        answers[403] = Problem
    answers[422] = Problem
    answers[429] = Problem
    return answers


class ApiIndex(Schema):
    version: str
    openapi: str = Field(description="The OpenAPI document's address.")
    docs: str = Field(description="The documentation page's address.")


# --- partnerships and plans --------------------------------------------------------------


class AreaRef(Schema):
    code: str
    name: str


class Partnership(Schema):
    key: str
    name: str
    area: AreaRef
    description: str
    plans: list[str] = Field(description="The keys of its plans this caller may read.")
    url: str


class PlanRef(Schema):
    key: str
    title: str
    url: str | None = Field(description="Null when this caller may not read that plan.")


class PlanSummary(Schema):
    key: str
    title: str
    partnership: str
    start: dt.date
    end: dt.date
    version: str
    status: str
    public: bool
    url: str


class Approval(Schema):
    approved_by: str
    approved_on: dt.date | None


class Revision(Schema):
    """An earlier version of the plan, replaced by a later plan file."""

    version: str
    replaced_at: dt.datetime
    replaced_by: str
    changes: int = Field(description="How many differences the replacing file made.")


class Versions(Schema):
    version: str
    status: str
    approval: Approval
    succeeds: PlanRef | None
    succeeded_by: list[PlanRef]
    revisions: list[Revision]


class MeasureOutline(Schema):
    key: str
    title: str
    kind: str
    indicator: str | None
    area: str | None
    unit: str
    target_value: float | None
    target_low: float | None
    target_high: float | None
    target_due: dt.date | None
    target_direction: str
    owner: str
    url: str


class OutcomeOutline(Schema):
    key: str
    title: str
    description: str
    priority: str = Field(description="The key of the priority (or pledge) it serves.")
    measures: list[MeasureOutline]


class PriorityOutline(Schema):
    key: str
    title: str
    description: str
    lead: str
    outcomes: list[OutcomeOutline]


class Commitment(Schema):
    key: str
    title: str
    description: str
    priority: str | None
    owner: str
    due: dt.date | None
    status: str


class PlanDetail(PlanSummary):
    vision: str
    summary: str
    priority_word: str = Field(description='"priority" or "pledge": what the plan calls them.')
    priorities: list[PriorityOutline]
    commitments: list[Commitment]
    versions: Versions


# --- judgements (the keys of measure_judgement) -------------------------------------------


class Latest(Schema):
    period: str
    value: float | None


class Rating(Schema):
    colour: str
    reason: str


class TargetJudgement(Schema):
    status: str
    judged_period: str | None
    judged_value: float | None
    explanation: str


class Trend(Schema):
    label: str
    tested: bool
    reason: str


class EnglandComparison(Schema):
    value: float | None
    comparison: str


class NeighboursComparison(Schema):
    average: float | None
    comparison: str


class MeasureJudgement(Schema):
    """One measure's judgements from the one rating engine, its figures as published."""

    key: str
    title: str
    indicator: str | None
    latest: Latest | None
    rating: Rating
    target: TargetJudgement | None
    trend: Trend
    england: EnglandComparison
    neighbours: NeighboursComparison
    rank: int | None
    rank_of: int
    quartile_band: str | None
    coverage_note: str
    benchmarked_on: str | None
    exception: bool


class AsAt(Schema):
    period: str | None
    end: dt.date | None


class Scorecard(Schema):
    plan: str
    as_at: AsAt
    measures: list[MeasureJudgement]


class PlanMeasure(MeasureJudgement):
    """A measure of the plan with where it sits and its page."""

    outcome: str
    priority: str
    as_at: AsAt
    url: str


class SeriesPoint(Schema):
    period: str
    value: float | str | None = Field(description='The figure, or "c" where it is withheld.')
    status: str


class MeasureDetail(PlanMeasure):
    baseline_period: str
    baseline_value: float | str | None
    series: list[SeriesPoint]


class Outcome(Schema):
    key: str
    title: str
    description: str
    priority: str
    measures: list[str] = Field(description="The keys of its measures.")
    url: str


class ReportingPeriod(Schema):
    key: str
    label: str
    start: dt.date
    end: dt.date
    commentary_due: dt.date
    signoff_due: dt.date
    meeting_date: dt.date | None
    locked: bool


class BoardPack(Schema):
    id: int
    title: str
    period: str | None
    published_at: dt.datetime | None
    page_count: int | None
    url: str
    html: str | None
    pdf: str | None


class Action(Schema):
    id: int
    text: str
    body: str
    owner: str
    status: str
    status_words: str
    overdue: bool
    due: str
    due_date: dt.date | None
    raised_on: dt.date


# --- evidence ---------------------------------------------------------------------------


class Indicator(Schema):
    reference: str
    source: str
    code: str
    title: str
    definition: str
    topic: str
    unit: str
    value_type: str
    polarity: str
    decimals: int | None
    url: str


class Observation(Schema):
    area: str
    area_name: str
    period: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    numerator: float | None
    denominator: float | None
    status: str = Field(description='A mark ("confidential", "small_number"...) or "".')
    withheld: str | None = Field(description='"c" where the figure is withheld, else null.')
    provisional: bool
    estimate: bool


class AreaFigure(Schema):
    code: str
    name: str
    value: float | None


class Neighbour(Schema):
    code: str
    name: str
    rank: int
    closeness: str
    value: float | None


class Neighbours(Schema):
    model: str | None
    average: float | None
    count: int
    members: list[Neighbour]


class Benchmark(Schema):
    indicator: str
    period: str
    polarity: str
    area: AreaFigure
    england: float | None
    region: AreaFigure | None
    neighbours: Neighbours
    rank: int | None
    rank_of: int
    quartile_band: str | None
    quartiles: list[float | None]
    coverage_note: str
