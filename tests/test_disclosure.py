"""The small-number rule (``cypp.disclosure``): what is withheld, and the setting."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cypp.disclosure import (
    FROM_SMALL_NUMBER,
    SMALL_NUMBER,
    DisclosureRule,
    Figures,
    disclosure_rule,
    entered_figures,
    source_figures,
)

RULE = DisclosureRule()  # threshold 10, zeros shown


def test_local_counts_below_ten_are_withheld_and_true_zeros_shown():
    assert RULE.statuses(Figures.COUNTS, [3, 12, 0, None, 9, 10]) == [
        SMALL_NUMBER,
        "",
        "",
        "",
        SMALL_NUMBER,
        "",
    ]


def test_zeros_are_withheld_only_when_configured():
    rule = DisclosureRule(suppress_zeros=True)
    assert rule.statuses(Figures.COUNTS, [3, 12, 0]) == [SMALL_NUMBER, "", SMALL_NUMBER]


def test_a_series_has_no_total_so_a_lone_small_count_hides_nothing_else():
    # With a published total, a lone hidden cell would force a second; a series over
    # time publishes none, so 12 and 40 stay.
    assert RULE.statuses(Figures.COUNTS, [12, 3, 40]) == ["", SMALL_NUMBER, ""]


def test_a_rate_is_withheld_with_its_numerator_or_denominator():
    values = [7.5, 60.0, 50.0, 0.0]
    numerators = [3, 24, 4, 0]
    denominators = [40, 40, 8, 40]
    assert RULE.statuses(Figures.FROM_COUNTS, values, numerators, denominators) == [
        FROM_SMALL_NUMBER,  # 3 of 40
        "",
        FROM_SMALL_NUMBER,  # 4 of 8
        "",  # none of 40: a true zero
    ]
    # A local rate with no counts stored cannot be checked: it is shown.
    assert RULE.statuses(Figures.FROM_COUNTS, [7.5]) == [""]


def test_official_figures_are_as_their_publisher_released_them():
    assert RULE.statuses(Figures.OFFICIAL, [3, 7], [3, 1], [40, 2]) == ["", ""]
    for source in ("ees", "lait", "fingertips"):
        assert source_figures(source_key=source, value_type="count") == Figures.OFFICIAL
    assert source_figures(source_key="local", value_type="count") == Figures.COUNTS
    assert source_figures(source_key="herefordshire", value_type="proportion") == (
        Figures.FROM_COUNTS
    )


@pytest.mark.parametrize(
    ("unit", "figures"),
    [
        ("families", Figures.COUNTS),
        ("young people", Figures.COUNTS),
        ("", Figures.COUNTS),
        ("Number of visits", Figures.COUNTS),
        ("children waiting over 18 weeks", Figures.COUNTS),
        ("%", Figures.FROM_COUNTS),
        ("percentage points", Figures.FROM_COUNTS),
        ("Rate per 10,000 children", Figures.FROM_COUNTS),
        ("Ofsted judgement", Figures.FROM_COUNTS),
        ("days from entering care to adoption", Figures.FROM_COUNTS),
        ("£ per child", Figures.FROM_COUNTS),
    ],
)
def test_figures_a_partnership_enters_are_counts_unless_the_unit_says_not(unit, figures):
    assert entered_figures(unit=unit) == figures


def test_an_indicators_value_type_decides_over_its_unit():
    assert entered_figures(unit="families", value_type="proportion") == Figures.FROM_COUNTS
    assert entered_figures(unit="%", value_type="count") == Figures.COUNTS


def test_the_note_says_why():
    assert RULE.note() == "c: fewer than 10, not published to protect children's identities"
    assert DisclosureRule(threshold=5).note(FROM_SMALL_NUMBER) == (
        "c: worked out from a count of fewer than 5, not published to protect children's identities"
    )


def test_a_table_with_totals_hides_the_cells_that_would_give_a_small_one_back():
    # Row totals 23 and 45, column totals 18 and 50. Hiding 3 alone, the row total gives
    # it back (23 - 20): so 20 goes, then 15 (its column), then 30 (15's row). With all
    # four hidden, the first cell can be anything from 0 to 18, wider than 10 / 2.
    table = RULE.counts_table([[3, 20], [15, 30]])
    assert table.display().tolist() == [["c", "c"], ["c", "c"]]
    assert table.primary.tolist() == [[True, False], [False, False]]


def test_the_threshold_comes_from_the_settings(settings):
    assert disclosure_rule() == DisclosureRule(threshold=10, suppress_zeros=False)
    settings.DISCLOSURE_THRESHOLD = 15
    settings.DISCLOSURE_SUPPRESS_ZEROS = True
    rule = disclosure_rule()
    assert rule == DisclosureRule(threshold=15, suppress_zeros=True)
    assert rule.statuses(Figures.COUNTS, [3, 12, 0, 15]) == [
        SMALL_NUMBER,
        SMALL_NUMBER,
        SMALL_NUMBER,
        "",
    ]


def _settings_with(threshold: str) -> subprocess.CompletedProcess[str]:
    code = "import cypp.config.settings.base as s; print(s.DISCLOSURE_THRESHOLD)"
    env = {**os.environ, "CYPP_DISCLOSURE_THRESHOLD": threshold}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_the_setting_is_read_from_the_environment_and_refuses_nonsense():
    assert _settings_with("20").stdout.strip() == "20"
    for bad in ("0", "ten", "-5"):
        refused = _settings_with(bad)
        assert refused.returncode != 0
        assert "CYPP_DISCLOSURE_THRESHOLD must be a whole number of 1 or more" in refused.stderr
