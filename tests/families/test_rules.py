"""The framework rules (cypp.families.rules) pinned to their written form in docs/families.md,
"How progress is judged", sentence by sentence, with dates worked by hand in each test."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cypp.families.rules import (
    OutcomeRules,
    Reading,
    Status,
    family_judge,
    need_at_entry,
    outcome_judge,
)
from cypp.families.rules import Test as RuleTest

D = dt.date
START = D(2023, 12, 15)  # the family's early help starts on Friday 15 December 2023
CLOSED = D(2024, 6, 30)


def rule(
    threshold: Any, *, period: int = 0, sustain: int = 0, kind: str = "attendance"
) -> dict[str, Any]:
    return {
        "evidence_type": kind,
        "label": f"{kind} rule",
        "threshold": threshold,
        "period_days": period,
        "sustain_days": sustain,
        "source": "test",
    }


def education(*rules: dict[str, Any], lookback: int = 365) -> OutcomeRules:
    """Attendance below 90 is the need; the rules are the test's."""
    need = {
        "code": "low",
        "label": "Attendance below 90%",
        "evidence_type": "attendance",
        "test": {"below": 90},
        "lookback_days": lookback,
    }
    return OutcomeRules.from_document("education", "Getting a good education", [need], list(rules))


def readings(*pairs: tuple[dt.date, float]) -> list[Reading]:
    return [Reading(d, v) for d, v in pairs]


ENTRY = (D(2024, 1, 10), 80.0)  # a reading at entry: attendance 80%, a need


def judge(
    outcome: OutcomeRules, series: list[Reading], *, end: dt.date | None, as_at: dt.date
) -> Any:
    return outcome_judge(outcome, {"attendance": series}, START, end, as_at)


# -- Needs at entry -------------------------------------------------------------------------


def test_a_need_reading_counts_from_lookback_days_before_the_start_to_28_days_after() -> None:
    outcome = education(rule({"at_least": 90}))
    # 365 days before 15 December 2023 is 15 December 2022 (no 29 February between);
    # 28 days after it is 12 January 2024 (16 days of December, 12 of January).
    for date, is_need in [
        (D(2022, 12, 14), False),
        (D(2022, 12, 15), True),
        (D(2024, 1, 12), True),
        (D(2024, 1, 13), False),
    ]:
        found = need_at_entry(outcome, {"attendance": readings((date, 85))}, START)
        assert (found is not None) == is_need, date
    # A descriptor's own lookback: 30 days before the start is 15 November 2023.
    short = education(rule({"at_least": 90}), lookback=30)
    assert need_at_entry(short, {"attendance": readings((D(2023, 11, 15), 85))}, START)
    assert not need_at_entry(short, {"attendance": readings((D(2023, 11, 14), 85))}, START)


def test_the_latest_reading_at_entry_is_the_evidence_of_the_need() -> None:
    outcome = education(rule({"at_least": 90}))
    # Two readings at entry below 90: the later one, 85 on 5 January, is the evidence.
    fell = readings((D(2023, 9, 1), 70), (D(2024, 1, 5), 85))
    found = need_at_entry(outcome, {"attendance": fell}, START)
    assert found is not None
    assert found[1] == Reading(D(2024, 1, 5), 85)


def test_no_need_at_entry_is_not_judged() -> None:
    outcome = education(rule({"at_least": 90}))
    result = judge(
        outcome, readings((D(2024, 1, 10), 95), (D(2024, 3, 1), 99)), end=None, as_at=D(2024, 4, 1)
    )
    assert result.status == Status.NO_NEED
    assert result.reason == "no need at entry"
    assert result.status.words == "no need"


# -- The tests a rule may use ----------------------------------------------------------------


def test_each_comparison() -> None:
    assert RuleTest("at_least", 90).passes(90) and not RuleTest("at_least", 90).passes(89.9)
    assert RuleTest("at_most", 0).passes(0) and not RuleTest("at_most", 0).passes(1)
    assert RuleTest("below", 90).passes(89.9) and not RuleTest("below", 90).passes(90)
    assert RuleTest("above", 0).passes(1) and not RuleTest("above", 0).passes(0)
    # At least 33% below a baseline of 6: at most 6 x 0.67 = 4.02.
    third = RuleTest("reduction_pct", 33)
    assert third.passes(4, baseline=6) and third.passes(4.02, baseline=6)
    assert not third.passes(4.1, baseline=6)
    assert not third.passes(0, baseline=0) and not third.passes(0, baseline=None)
    assert third.words == "at least 33% below the value at entry"


def test_a_reduction_is_measured_from_the_latest_reading_at_entry() -> None:
    crime = OutcomeRules.from_document(
        "crime",
        "Families diverted from crime",
        [
            {
                "code": "offending",
                "label": "Offences",
                "evidence_type": "offences",
                "test": {"above": 0},
            }
        ],
        [rule({"reduction_pct": 50}, kind="offences")],
    )
    # Entry readings: 10 in June 2023, then 4 on 10 January 2024: the baseline is 4, so
    # success is at most 2. A later 3 would pass against 10 (at most 5), not against 4.
    entry = [(D(2023, 6, 1), 10.0), (D(2024, 1, 10), 4.0)]
    three = outcome_judge(
        crime, {"offences": readings(*entry, (D(2024, 3, 1), 3))}, START, None, D(2024, 4, 1)
    )
    assert three.status == Status.NOT_YET
    assert three.need_reading == Reading(D(2024, 1, 10), 4)
    two = outcome_judge(
        crime, {"offences": readings(*entry, (D(2024, 3, 1), 2))}, START, None, D(2024, 4, 1)
    )
    assert (two.status, two.met_on) == (Status.MET, D(2024, 3, 1))


# -- met -------------------------------------------------------------------------------------


def test_a_run_must_span_period_days_from_its_first_reading_to_its_last() -> None:
    outcome = education(rule({"at_least": 90}, period=60))
    # 1 February to 1 April 2024: 29 days of February (a leap year) and 31 of March, 60.
    series = readings(ENTRY, (D(2024, 2, 1), 92), (D(2024, 3, 1), 93), (D(2024, 4, 1), 94))
    result = judge(outcome, series, end=None, as_at=D(2024, 4, 30))
    assert (result.status, result.met_on) == (Status.MET, D(2024, 4, 1))
    # As at 31 March the run spans 29 days only.
    assert judge(outcome, series, end=None, as_at=D(2024, 3, 31)).status == Status.NOT_YET


def test_with_period_days_0_one_passing_reading_is_enough() -> None:
    outcome = education(rule({"at_least": 90}))
    result = judge(outcome, readings(ENTRY, (D(2024, 2, 1), 92)), end=None, as_at=D(2024, 2, 1))
    assert (result.status, result.met_on) == (Status.MET, D(2024, 2, 1))


def test_a_failing_reading_before_the_closure_breaks_the_run_and_a_later_run_may_succeed() -> None:
    outcome = education(rule({"at_least": 90}, period=60))
    broken = readings(ENTRY, (D(2024, 2, 1), 92), (D(2024, 3, 1), 85), (D(2024, 4, 1), 92))
    assert judge(outcome, broken, end=CLOSED, as_at=D(2024, 7, 31)).status == Status.NOT_YET
    # Again from 15 March: to 15 April is 31 days, to 14 May 29 more, 60 in all.
    again = readings(
        ENTRY,
        (D(2024, 2, 1), 92),
        (D(2024, 3, 1), 85),
        (D(2024, 3, 15), 92),
        (D(2024, 4, 15), 93),
        (D(2024, 5, 14), 94),
    )
    result = judge(outcome, again, end=CLOSED, as_at=D(2024, 7, 31))
    assert result.met_on == D(2024, 5, 14)


def test_what_counts_is_the_run_still_going_at_the_closure() -> None:
    outcome = education(rule({"at_least": 90}, period=60))
    # Met on 1 April (60 days from 1 February), then 85 on 1 May, before the closure.
    series = readings(ENTRY, (D(2024, 2, 1), 92), (D(2024, 4, 1), 92), (D(2024, 5, 1), 85))
    result = judge(outcome, series, end=CLOSED, as_at=D(2024, 12, 31))
    assert result.status == Status.NOT_YET
    assert result.met_on is None


def test_while_early_help_is_open_a_met_outcome_is_met() -> None:
    outcome = education(rule({"at_least": 90}, sustain=90))
    result = judge(outcome, readings(ENTRY, (D(2024, 2, 1), 92)), end=None, as_at=D(2025, 1, 1))
    assert result.status == Status.MET
    assert result.reason.endswith("early help is still open")


# -- sustained, lapsed -------------------------------------------------------------------------

# Closed 30 June 2024 with sustain_days 90: July's 31 days, August's 31, then 28 of
# September: the window ends on 28 September 2024.
WINDOW_END = D(2024, 9, 28)
MET_BY_CLOSURE = [ENTRY, (D(2024, 2, 1), 92), (D(2024, 4, 1), 93)]


def sustained_rule() -> OutcomeRules:
    return education(rule({"at_least": 90}, period=60, sustain=90))


def test_sustained_across_the_closure_date_when_a_reading_covers_the_window() -> None:
    series = readings(*MET_BY_CLOSURE, (D(2024, 7, 15), 95), (D(2024, 9, 28), 91))
    result = judge(sustained_rule(), series, end=CLOSED, as_at=D(2024, 10, 1))
    assert result.status == Status.SUSTAINED
    assert (result.met_on, result.sustained_on) == (D(2024, 4, 1), WINDOW_END)
    # A reading after the window covers it too.
    later = readings(*MET_BY_CLOSURE, (D(2024, 7, 15), 95), (D(2024, 10, 5), 93))
    assert (
        judge(sustained_rule(), later, end=CLOSED, as_at=D(2024, 10, 5)).status == Status.SUSTAINED
    )


def test_a_window_the_evidence_does_not_cover_yet_is_met() -> None:
    series = readings(*MET_BY_CLOSURE, (D(2024, 7, 15), 95), (D(2024, 9, 27), 91))
    result = judge(sustained_rule(), series, end=CLOSED, as_at=D(2024, 10, 1))
    assert result.status == Status.MET
    assert result.reason.endswith("to be sustained until 28 September 2024")
    # Nor is a window not yet over, as at 1 September.
    covered = readings(*MET_BY_CLOSURE, (D(2024, 9, 28), 91))
    assert judge(sustained_rule(), covered, end=CLOSED, as_at=D(2024, 9, 1)).status == Status.MET


def test_a_failing_reading_after_the_closure_within_the_window_is_a_lapse() -> None:
    series = readings(*MET_BY_CLOSURE, (D(2024, 8, 15), 85), (D(2024, 9, 28), 95))
    result = judge(sustained_rule(), series, end=CLOSED, as_at=D(2024, 10, 1))
    assert (result.status, result.lapsed_on) == (Status.LAPSED, D(2024, 8, 15))
    assert "85 on 15 August 2024" in result.reason


def test_a_failure_after_the_window_is_not_a_lapse() -> None:
    series = readings(*MET_BY_CLOSURE, (D(2024, 9, 28), 91), (D(2024, 10, 15), 80))
    result = judge(sustained_rule(), series, end=CLOSED, as_at=D(2024, 12, 31))
    assert result.status == Status.SUSTAINED


def test_with_sustain_days_0_met_by_the_closure_is_sustained() -> None:
    outcome = education(rule({"at_least": 90}, period=60))
    series = readings(*MET_BY_CLOSURE, (D(2024, 7, 15), 80))
    result = judge(outcome, series, end=CLOSED, as_at=CLOSED)
    assert (result.status, result.sustained_on) == (Status.SUSTAINED, CLOSED)
    # A failure after the closure is outside a window of 0 days.
    assert judge(outcome, series, end=CLOSED, as_at=D(2024, 8, 1)).status == Status.SUSTAINED


# -- unset, several rules, as at -----------------------------------------------------------------


def test_a_rule_with_no_threshold_cannot_succeed() -> None:
    outcome = education(rule(None))
    result = judge(outcome, readings(ENTRY, (D(2024, 2, 1), 99)), end=None, as_at=D(2024, 3, 1))
    assert result.status == Status.UNSET
    assert result.status.words == "threshold not set"


def test_with_several_rules_the_best_stands() -> None:
    lapsing = rule({"at_least": 90}, sustain=90)  # 85 on 15 August lapses it
    lenient = rule({"at_least": 80}, sustain=90)  # 85 passes: sustained
    unset = rule(None)
    strict = rule({"at_least": 99})  # never reached: not yet
    series = readings(ENTRY, (D(2024, 2, 1), 92), (D(2024, 8, 15), 85), (D(2024, 9, 28), 95))
    as_at = D(2024, 10, 1)
    assert judge(education(unset, lapsing), series, end=CLOSED, as_at=as_at).status == Status.LAPSED
    assert (
        judge(education(lapsing, lenient), series, end=CLOSED, as_at=as_at).status
        == Status.SUSTAINED
    )
    assert judge(education(unset, strict), series, end=CLOSED, as_at=as_at).status == Status.NOT_YET
    open_met = judge(education(unset, lenient), series, end=None, as_at=as_at)
    assert open_met.status == Status.MET


def test_evidence_dated_after_the_as_at_date_does_not_exist_yet() -> None:
    outcome = education(rule({"at_least": 90}))
    # The need is recorded on 10 January (within 28 days of the start).
    series = readings((D(2024, 1, 10), 80), (D(2024, 3, 1), 95))
    assert judge(outcome, series, end=None, as_at=D(2024, 1, 9)).status == Status.NO_NEED
    assert judge(outcome, series, end=None, as_at=D(2024, 2, 29)).status == Status.NOT_YET
    assert judge(outcome, series, end=None, as_at=D(2024, 3, 1)).status == Status.MET


# -- The family's claim -----------------------------------------------------------------------


def test_a_claim_is_ready_when_there_is_a_need_and_every_need_is_sustained() -> None:
    crime = OutcomeRules.from_document(
        "crime",
        "Families diverted from crime",
        [
            {
                "code": "offending",
                "label": "Offences",
                "evidence_type": "offences",
                "test": {"above": 0},
            }
        ],
        [rule({"at_most": 0}, kind="offences", sustain=90)],
    )
    outcomes = [sustained_rule(), crime]
    attendance = readings(*MET_BY_CLOSURE, (D(2024, 9, 28), 91))
    as_at = D(2024, 10, 1)
    only_education = family_judge(
        outcomes, {"education": {"attendance": attendance}}, START, CLOSED, as_at
    )
    assert only_education.needs == ("education",)
    assert only_education.claim_ready is True
    assert only_education.claim_reason == "all 1 needs at entry sustained"
    # A second need, met but its window not covered: not ready, and the reason says why.
    offences = readings((D(2024, 1, 5), 2), (D(2024, 6, 1), 0))
    both = family_judge(
        outcomes,
        {"education": {"attendance": attendance}, "crime": {"offences": offences}},
        START,
        CLOSED,
        as_at,
    )
    assert both.needs == ("education", "crime")
    assert both.claim_ready is False
    assert both.claim_reason.startswith("Families diverted from crime: met (")
    nothing = family_judge(outcomes, {}, START, CLOSED, as_at)
    assert (nothing.claim_ready, nothing.claim_reason) == (False, "no need was identified at entry")


# -- Cases the first written form left open, now written down -------------------------------


def test_the_need_is_the_latest_reading_at_entry_not_an_older_one_since_put_right() -> None:
    # 85 on 1 September 2023 would be a need, but by 5 January 2024 (inside the entry
    # window) attendance is 95: at entry the family has no need here.
    outcome = education(rule({"at_least": 90}))
    series = readings((D(2023, 9, 1), 85), (D(2024, 1, 5), 95))
    assert need_at_entry(outcome, {"attendance": series}, START) is None
    result = judge(outcome, series, end=CLOSED, as_at=D(2025, 1, 1))
    assert result.status == Status.NO_NEED


def test_progress_first_reached_after_the_closure_must_hold_from_the_day_it_was_met() -> None:
    # Closed 30 June 2024. Before it: 80 (need), 85 (fails): no run going at the closure.
    # After it: 92 on 15 July, 93 on 13 September: a run spanning 60 days, met on 13
    # September. It must hold 90 days from then, to 12 December 2024 (17 days of September,
    # 31 of October, 30 of November, 12 of December), not from the closure (28 September).
    outcome = education(rule({"at_least": 90}, period=60, sustain=90))
    series = readings(
        ENTRY, (D(2024, 5, 1), 85), (D(2024, 7, 15), 92), (D(2024, 9, 13), 93), (D(2024, 9, 28), 94)
    )
    result = judge(outcome, series, end=CLOSED, as_at=D(2024, 10, 1))
    assert result.status == Status.MET and result.met_on == D(2024, 9, 13)
    assert result.reason.endswith("to be sustained until 12 December 2024")
    held = [*series, Reading(D(2024, 12, 12), 95)]
    result = judge(outcome, held, end=CLOSED, as_at=D(2024, 12, 31))
    assert result.status == Status.SUSTAINED and result.sustained_on == D(2024, 12, 12)
    assert result.reason.endswith("held for 90 days after 13 September 2024")
    # The run breaking after it was met is not a lapse but "not yet": no run is going.
    broken = [*series, Reading(D(2024, 11, 1), 70)]
    assert judge(outcome, broken, end=CLOSED, as_at=D(2024, 12, 31)).status == Status.NOT_YET
