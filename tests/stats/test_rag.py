"""Tests for cypp.stats.rag: colour and reason under the default and custom rules.

The expected colours follow the default rules written in docs/methods.md (target status
first; else worst quarter or significantly worse than England red, best quarter or
significantly better green, amber between; a significant trend moves green or red one
step; grey only with nothing to judge).
"""

from __future__ import annotations

import pytest

from cypp.stats import RagRules, rag, target_status


def test_target_status_decides_first() -> None:
    assert rag(target="on track", england="worse").colour == "green"
    assert rag(target="at risk").colour == "amber"
    red = rag(target="missed", england="better")
    assert red.colour == "red"
    # The benchmark that did not decide is still named in the reason.
    assert red.reason == (
        "Red: progress to target is missed; the value is better compared with England."
    )
    assert red.basis == "target"


def test_accepts_target_status_object() -> None:
    # A steady fall of about 4.6 a year from 70 reaches 50 well before 2026: on track.
    status = target_status(
        times=[2020, 2021, 2022, 2023],
        values=[70, 65, 61, 56],
        baseline_time=2020,
        baseline_value=70,
        target=50,
        due=2026,
        polarity="low",
    )
    assert status.status == "on track"
    assert rag(target=status).colour == "green"


def test_benchmark_when_no_usable_target() -> None:
    assert rag(target="not enough data", england="better (99.8%)").colour == "green"
    rating = rag(england="worse")
    assert rating.colour == "red"
    assert rating.reason == "Red: the value is worse compared with England."
    assert rag(england="similar").colour == "amber"


def test_quartile_band_judges_where_there_is_no_interval() -> None:
    """Inpatient admissions, 145th of 146 and no interval: the worst quarter is red, not
    grey (issue 11)."""
    worst = rag(quartile_band="D", clauses={"band": "it is 145th of 146 local authorities"})
    assert worst.colour == "red"
    assert worst.reason == "Red: it is 145th of 146 local authorities."
    assert rag(quartile_band="A").colour == "green"
    assert rag(quartile_band="B").colour == "amber"
    assert rag(quartile_band="C").colour == "amber"
    assert rag(quartile_band="D", rules=RagRules(use_quartile_band=False)).colour == "grey"


def test_worse_wins_over_better() -> None:
    # Significantly better than England but in the worst quarter: red, naming both.
    rating = rag(england="better", quartile_band="D")
    assert rating.colour == "red"
    assert "quartile band D" in rating.reason and "better compared with England" in rating.reason
    # Similar to England but in the best quarter: green.
    assert rag(england="similar", quartile_band="A").colour == "green"


def test_trend_adjusts_only_when_tested() -> None:
    demoted = rag(england="better", trend="increasing and getting worse")
    assert demoted.colour == "amber"
    assert "recent trend is increasing and getting worse" in demoted.reason
    assert rag(target="off track", trend="decreasing and getting better").colour == "amber"
    untested = rag(england="better", trend="increasing and getting worse", trend_tested=False)
    assert untested.colour == "green"
    assert "increasing and getting worse" in untested.reason
    rules = RagRules(worsening_trend_demotes_green=False, improving_trend_lifts_red=False)
    assert (
        rag(england="better", trend="increasing and getting worse", rules=rules).colour == "green"
    )


def test_neighbours_and_both() -> None:
    assert (
        rag(england="better", neighbours="worse", rules=RagRules(benchmark="neighbours")).colour
        == "red"
    )
    both = rag(
        england="worse",
        neighbours="similar",
        rules=RagRules(benchmark="england and neighbours"),
    )
    assert both.colour == "red"
    assert "statistical neighbours" in both.reason


def test_grey_when_nothing_to_judge() -> None:
    grey = rag(england="higher")
    assert grey.colour == "grey"
    assert grey.reason.startswith("Grey: not rated")
    assert rag().colour == "grey"
    assert rag(target="on track", rules=RagRules(use_target=False)).colour == "grey"


def test_rules_from_a_partnership_setting() -> None:
    rules = RagRules.from_mapping({"benchmark": "neighbours", "green_statuses": ["achieved"]})
    assert rules.benchmark == "neighbours" and rules.green_statuses == ("achieved",)
    assert RagRules.from_mapping({}) == RagRules()
    with pytest.raises(ValueError, match="unknown rating rule"):
        RagRules.from_mapping({"colour_blind": True})


def test_bad_rules_raise() -> None:
    with pytest.raises(ValueError, match="benchmark"):
        RagRules(benchmark="region")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only one colour"):
        RagRules(amber_statuses=("at risk", "on track"))
