"""Tests for cypp.stats.rag: colour and reason under the default and custom rules."""

from __future__ import annotations

import pytest

from cypp.stats import RagRules, rag, target_status


def test_target_status_decides_first() -> None:
    assert rag(target="on track", england="worse").colour == "green"
    assert rag(target="at risk").colour == "amber"
    red = rag(target="missed", england="better")
    assert red.colour == "red"
    assert red.reason == "Red: progress to target is missed."
    assert red.basis == "target"


def test_accepts_target_status_object() -> None:
    status = target_status(
        times=[2020, 2021, 2022, 2023],
        values=[70, 66, 63, 59],
        baseline_time=2020,
        baseline_value=70,
        target=50,
        due=2026,
        polarity="low",
    )
    assert rag(target=status).colour == "green"


def test_benchmark_when_no_usable_target() -> None:
    assert rag(target="not enough data", england="better (99.8%)").colour == "green"
    rating = rag(england="worse")
    assert rating.colour == "red"
    assert rating.reason == "Red: the value is worse compared with England."
    assert rag(england="similar").colour == "amber"


def test_trend_adjusts() -> None:
    demoted = rag(england="better", trend="increasing and getting worse")
    assert demoted.colour == "amber"
    assert "recent trend is increasing and getting worse" in demoted.reason
    assert rag(target="off track", trend="decreasing and getting better").colour == "amber"
    rules = RagRules(worsening_trend_demotes_green=False, improving_trend_lifts_red=False)
    assert (
        rag(england="better", trend="increasing and getting worse", rules=rules).colour == "green"
    )


def test_neighbours_and_worse_of_both() -> None:
    assert (
        rag(england="better", neighbours="worse", rules=RagRules(benchmark="neighbours")).colour
        == "red"
    )
    both = rag(england="better", neighbours="similar", rules=RagRules(benchmark="worse of both"))
    assert both.colour == "amber"
    assert "statistical neighbours" in both.reason


def test_grey_when_nothing_to_judge() -> None:
    grey = rag(england="higher")
    assert grey.colour == "grey"
    assert grey.reason.startswith("Grey: not rated")
    assert rag().colour == "grey"
    assert rag(target="on track", rules=RagRules(use_target=False)).colour == "grey"


def test_bad_rules_raise() -> None:
    with pytest.raises(ValueError, match="benchmark"):
        RagRules(benchmark="region")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only one colour"):
        RagRules(amber_statuses=("at risk", "on track"))
