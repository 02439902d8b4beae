"""JSON figures from the command line: the indicator's decimals, never float noise."""

from __future__ import annotations

import json
import math

import pytest

from cypp.indicators.json_numbers import number_rounded, numbers_rounded
from tests.conftest import cli


def test_float_noise_is_dropped_when_the_decimals_are_not_known() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point; 12.2 + 0.1 is 12.299999999999999.
    assert json.dumps(number_rounded(0.1 + 0.2, decimals=None)) == "0.3"
    assert json.dumps(number_rounded(12.2 + 0.1, decimals=None)) == "12.3"
    # Figures a source publishes keep every digit they have.
    assert number_rounded(1234567.891, decimals=None) == 1234567.891


def test_figures_are_rounded_to_the_indicators_decimals() -> None:
    # The mean of 63.1, 63.2 and 63.5 is 63.2666...; written to 1 decimal place, 63.3.
    assert json.dumps(number_rounded((63.1 + 63.2 + 63.5) / 3, decimals=1)) == "63.3"
    assert number_rounded(2.5049, decimals=2) == 2.5
    assert number_rounded(41.6, decimals=0) == 42


def test_whole_numbers_and_missing_figures() -> None:
    assert json.dumps(number_rounded(15, decimals=None)) == "15"
    assert number_rounded(None, decimals=1) is None
    assert number_rounded(math.nan, decimals=1) is None  # json.dumps would write NaN
    assert number_rounded(math.inf, decimals=None) is None


def test_every_float_of_a_tree_is_rounded_and_nothing_else_changes() -> None:
    tree = {"value": 0.1 + 0.2, "rank": 3, "band": "B", "quartiles": [1.25, None, 2.0 / 3]}
    assert numbers_rounded(tree, decimals=2) == {
        "value": 0.3,
        "rank": 3,
        "band": "B",
        "quartiles": [1.25, None, 0.67],
    }


@pytest.mark.django_db
def test_data_show_prints_a_stored_figure_to_the_indicators_decimals() -> None:
    from cypp.indicators.models import Observation

    obs = (
        Observation.objects.filter(indicator__decimals=1, value__isnull=False)
        .select_related("indicator__source", "area", "period")
        .first()
    )
    assert obs is not None
    # A figure worked out in binary arithmetic, as a computed rate may be stored.
    Observation.objects.filter(pk=obs.pk).update(value=12.2 + 0.1)
    printed = cli(
        "data",
        "show",
        "--indicator",
        obs.indicator.reference,
        "--area",
        obs.area.code,
        "--period",
        obs.period.label,
        "--json",
    )
    assert "12.29999" not in printed
    shown = json.loads(printed)["observations"]
    assert [o["value"] for o in shown] == [12.3]
