"""Is the board pack ready? The readiness check on the demo's January to March 2018 period
(counted by hand from the demo fixture), the rule for data older than expected (worked by
hand on figures made here), a plan with no reporting period, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import period_get
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_save,
    measure_commentary_submit,
    reporting_periods_create,
)
from cypp.governance.services import plan_links_set
from cypp.plans.models import Measure, MeasureValue, Outcome, Plan
from cypp.reports.readiness import (
    ACTIONS_OVERDUE,
    DATA_OLD,
    DRAFT,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    Readiness,
    pack_readiness,
)
from tests.governance.factories import action_make, body_make, meeting_make
from tests.plans.factories import analyst_make, plan_make
from tests.reports import readiness_helpers as demo

pytestmark = pytest.mark.django_db


def _titles(readiness: Readiness, kind: str) -> list[str]:
    gap = next(g for g in readiness.checks if g.kind == kind)
    return [i.title for i in gap.items]


def test_the_demo_period_lists_each_gap_with_its_count_and_items() -> None:
    plan, period = demo.demo_loaded()

    readiness = pack_readiness(plan=plan, period=period)

    counts = {g.kind: g.count for g in readiness.checks}
    assert counts == {
        NOT_STARTED: demo.NOT_STARTED,
        DRAFT: 0,
        SUBMITTED: 1,
        RETURNED: 1,
        DATA_OLD: len(demo.NO_FIGURE_YET),
        ACTIONS_OVERDUE: 1,
    }
    assert demo.NOT_STARTED == 28
    assert _titles(readiness, SUBMITTED) == demo.SUBMITTED
    assert _titles(readiness, RETURNED) == demo.RETURNED
    assert _titles(readiness, ACTIONS_OVERDUE) == [demo.OVERDUE_ACTION]
    assert sorted(_titles(readiness, DATA_OLD)) == sorted(demo.NO_FIGURE_YET)
    # Every measure of the plan is in exactly one commentary state (approved is no gap).
    commentary = [NOT_STARTED, DRAFT, SUBMITTED, RETURNED]
    assert sum(counts[k] for k in commentary) + demo.APPROVED == demo.MEASURES
    assert not readiness.ready
    assert [g.kind for g in readiness.gaps] == [
        NOT_STARTED,
        SUBMITTED,
        RETURNED,
        DATA_OLD,
        ACTIONS_OVERDUE,
    ]
    # Items say who owns them and what is wrong.
    [returned] = next(g for g in readiness.checks if g.kind == RETURNED).items
    assert returned.owner == "Herefordshire Council"
    assert "Please say what the figure is against England" in returned.detail
    [submitted] = next(g for g in readiness.checks if g.kind == SUBMITTED).items
    assert "for Admin to approve" in submitted.detail
    [action] = next(g for g in readiness.checks if g.kind == ACTIONS_OVERDUE).items
    assert action.owner == "Herefordshire Council" and "30 September 2016" in action.detail
    assert readiness.period_end == dt.date(2018, 3, 31)
    assert readiness.last_imported is not None
    assert "periods ended by 31 March 2018" in readiness.data_as_at_words


def test_the_json_keeps_the_agreed_keys() -> None:
    plan, period = demo.demo_loaded()

    data = pack_readiness(plan=plan, period=period).as_json()

    assert {"plan", "period", "data_as_at", "ready", "gaps"} <= set(data)
    assert (data["plan"], data["period"], data["data_as_at"], data["ready"]) == (
        demo.DEMO_PLAN,
        demo.DEMO_PERIOD,
        "2018-03-31",
        False,
    )
    assert [(g["kind"], g["count"]) for g in data["gaps"]] == [
        ("commentary_not_started", 28),
        ("commentary_submitted", 1),
        ("commentary_returned", 1),
        ("data_older_than_expected", 2),
        ("actions_overdue", 1),
    ]
    for gap in data["gaps"]:
        assert set(gap) == {"kind", "title", "count", "items"}
        assert len(gap["items"]) == gap["count"]
        assert all(set(i) == {"title", "owner", "detail"} for i in gap["items"])


def _local_measure(outcome: Outcome, key: str, periods: list[str]) -> Measure:
    measure = Measure.objects.create(outcome=outcome, key=key, title=f"Local {key}", order=50)
    for n, label in enumerate(periods):
        MeasureValue.objects.create(measure=measure, period=label, value=10.0 + n)
    return measure


def test_data_older_than_expected_follows_the_stated_rule() -> None:
    plan = plan_make(measures=0)
    outcome = Outcome.objects.get(priority__plan=plan)
    # Worked by hand for a pack period ending 31 March 2018: a yearly series is expected to
    # have the year that ended a year or more before (2016, ended 31 December 2016); a
    # quarterly one the quarter ended three months or more before (2017 Q4).
    _local_measure(outcome, "yearly-late", ["2014", "2015"])  # 27 months >= 12 + 12: late
    _local_measure(outcome, "yearly-on-time", ["2015", "2016"])  # 15 months: on time
    _local_measure(outcome, "quarterly-late", ["2017 Q2", "2017 Q3"])  # 6 >= 3 + 3: late
    _local_measure(outcome, "quarterly-on-time", ["2017 Q3", "2017 Q4"])  # 3 months: on time
    _local_measure(outcome, "not-yet", ["2019"])  # figures, but none by the period end
    _local_measure(outcome, "no-data", [])  # no figures at all: nothing that could be late
    reporting_periods_create(plan=plan, by=None)
    period = period_get(plan=plan, key="2018-q1")
    assert period.end == dt.date(2018, 3, 31)

    readiness = pack_readiness(plan=plan, period=period)

    gap = next(g for g in readiness.checks if g.kind == DATA_OLD)
    details = {i.title: i.detail for i in gap.items}
    assert sorted(details) == ["Local not-yet", "Local quarterly-late", "Local yearly-late"]
    assert details["Local yearly-late"] == (
        "newest figure 2015 (period ended 31 December 2015); a yearly series would normally "
        "have the figure for the period ending 31 December 2016 by 31 March 2018"
    )
    assert details["Local quarterly-late"] == (
        "newest figure 2017 Q3 (period ended 30 September 2017); a quarterly series would "
        "normally have the figure for the period ending 31 December 2017 by 31 March 2018"
    )
    assert details["Local not-yet"].startswith("no figure for a period ended by 31 March 2018")
    assert "1 measure has no figures in CYPP at all" in gap.note


def test_a_plan_without_reporting_periods_checks_only_the_actions() -> None:
    plan = plan_make(measures=2)

    readiness = pack_readiness(plan=plan, period=None)

    assert [g.kind for g in readiness.checks] == [ACTIONS_OVERDUE]
    assert readiness.ready and readiness.gaps_json() == []
    assert readiness.as_json()["period"] is None
    assert "no reporting periods" in readiness.notes[0]


def test_the_fingerprint_changes_when_the_gaps_do() -> None:
    plan = plan_make(measures=2)
    reporting_periods_create(plan=plan, by=None)
    period = period_get(plan=plan, key="2018-q1")
    before = pack_readiness(plan=plan, period=period)
    assert before.fingerprint == pack_readiness(plan=plan, period=period).fingerprint

    measure = Measure.objects.filter(outcome__priority__plan=plan).first()
    assert measure is not None
    analyst = analyst_make(partnership=plan.partnership)
    measure_commentary_save(measure=measure, period=period, by=analyst, story_behind_curve="x")

    after = pack_readiness(plan=plan, period=period)
    assert after.fingerprint != before.fingerprint
    assert [(g.kind, g.count) for g in after.gaps] == [(NOT_STARTED, 1), (DRAFT, 1)]


def _plan_with(measures: int, key: str) -> tuple[Plan, ReportingPeriod]:
    plan = plan_make(key=key, measures=measures)
    outcome = Outcome.objects.get(priority__plan=plan)
    for n in range(measures):
        _local_measure(outcome, f"local-{n}", ["2015", "2016"])
    reporting_periods_create(plan=plan, by=None)
    period = period_get(plan=plan, key="2018-q1")
    analyst = analyst_make(f"analyst-{key}", partnership=plan.partnership)
    in_order = Measure.objects.filter(outcome__priority__plan=plan).order_by("pk")
    for n, m in enumerate(in_order[: measures // 2]):
        commentary = measure_commentary_save(
            measure=m, period=period, by=analyst, story_behind_curve="Why it moved."
        )
        if n % 2 == 0:  # every other one approved, the rest left in draft
            commentary = measure_commentary_submit(commentary=commentary, by=analyst)
            measure_commentary_approve(commentary=commentary, by=analyst)
    # Actions raised at a 2016 meeting about the plan's measures, due before the period end.
    body = body_make(f"board-{key}", partnership=plan.partnership)
    meeting = meeting_make(body, dt.date(2016, 6, 1))
    for m in Measure.objects.filter(outcome__priority__plan=plan)[: measures // 2]:
        action = action_make(
            body, meeting=meeting, text=f"Report on {m.title}", due_date=dt.date(2017, 6, 30)
        )
        plan_links_set(by=None, subject=action, targets=[m])
    return plan, period


@pytest.mark.parametrize("measures", [2, 12])
def test_the_check_costs_the_same_queries_however_many_measures(
    measures: int, django_assert_num_queries: Any
) -> None:
    plan, period = _plan_with(measures, key=f"plan-{measures}")

    # Measures, import date, commentary, observations, local figures, and the overdue
    # actions (actions, their links: two): seven.
    with django_assert_num_queries(7):
        readiness = pack_readiness(plan=plan, period=period)
    counts = {g.kind: g.count for g in readiness.checks}
    # Twice as many measures as asked (the plan's and the local ones); every other one of
    # the first half has its commentary approved (1 of 1, 3 of 6), the rest of it in draft.
    approved = {2: 1, 12: 3}[measures]
    assert counts[NOT_STARTED] + counts[DRAFT] == 2 * measures - approved
    assert counts[DRAFT] == measures // 2 - approved
    assert counts[ACTIONS_OVERDUE] == measures // 2
