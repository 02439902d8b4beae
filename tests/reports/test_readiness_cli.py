"""`cypp report readiness`: the demo's January to March 2018 gaps as text and as JSON, exit
code 0 with gaps, and a clear error for an unknown plan or period."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from tests.conftest import cli, cli_json
from tests.plans.factories import plan_make
from tests.reports import readiness_helpers as demo

pytestmark = pytest.mark.django_db


def test_text_lists_each_gap_with_its_count_and_items() -> None:
    demo.demo_loaded()

    out = cli("report", "readiness", "--plan", demo.DEMO_PLAN, "--period", demo.DEMO_PERIOD)

    lines = out.splitlines()
    assert lines[0].endswith("is the board pack for January to March 2018 ready?")
    assert "figures for periods ended by 31 March 2018" in lines[1]
    assert "Not ready: 5 kinds of gap." in lines
    for line in (
        f"  Commentary not started: {demo.NOT_STARTED}",
        "  Commentary in draft, not submitted: 0",
        "  Commentary awaiting approval: 1",
        "  Commentary returned to its owner: 1",
        f"  Data older than expected: {len(demo.NO_FIGURE_YET)}",
        "  Actions overdue: 1",
    ):
        assert line in lines
    assert f"    - {demo.SUBMITTED[0]} (owner: Not set): submitted" in out
    assert f"    - {demo.OVERDUE_ACTION} (owner: Herefordshire Council): due by 30 September" in out
    assert sum(1 for line in lines if line.startswith("    - ")) == 28 + 1 + 1 + 2 + 1


def test_json_has_the_agreed_keys_and_the_latest_period_by_default() -> None:
    demo.demo_loaded()

    data = cli_json("report", "readiness", "--plan", demo.DEMO_PLAN)

    # The latest period ended (today is long after 2018) is the demo's last: 2018-q1.
    assert (data["plan"], data["period"], data["data_as_at"], data["ready"]) == (
        demo.DEMO_PLAN,
        demo.DEMO_PERIOD,
        "2018-03-31",
        False,
    )
    by_kind = {g["kind"]: g for g in data["gaps"]}
    assert by_kind["commentary_not_started"]["count"] == demo.NOT_STARTED
    assert [i["title"] for i in by_kind["commentary_returned"]["items"]] == demo.RETURNED
    assert [i["title"] for i in by_kind["actions_overdue"]["items"]] == [demo.OVERDUE_ACTION]
    assert "commentary_draft" not in by_kind  # a check with nothing missing is no gap


def test_a_ready_plan_says_so() -> None:
    plan = plan_make(measures=1)  # no reporting periods, no actions

    data = cli_json("report", "readiness", "--plan", plan.key)
    out = cli("report", "readiness", "--plan", plan.key)

    assert data["ready"] is True and data["gaps"] == [] and data["period"] is None
    assert "Ready: nothing is missing." in out


def test_an_unknown_plan_or_period_is_a_clear_error() -> None:
    demo.demo_loaded()

    with pytest.raises(CommandError, match="no-such-plan"):
        cli("report", "readiness", "--plan", "no-such-plan")
    with pytest.raises(CommandError, match=r"has no reporting period '1999-q9'\. Its periods: "):
        cli("report", "readiness", "--plan", demo.DEMO_PLAN, "--period", "1999-q9")
