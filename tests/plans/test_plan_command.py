"""`cypp plan`: load, export, diff, list, new, check, as a person at the command line sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from cypp.plans.models import Plan, PlanVersion
from tests.conftest import cli, cli_json

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "herefordshire-2015-2018.yaml"
V2 = FIXTURES / "herefordshire-2015-2018-v2.yaml"
WORCESTERSHIRE = FIXTURES / "worcestershire-2022-2024.yaml"
pytestmark = pytest.mark.django_db


def test_load_then_load_again_then_load_a_new_version() -> None:
    assert cli("plan", "load", str(V1)) == (
        "Created plan herefordshire-2015-2018 (Children and Young People's Plan 2015-2018) "
        "from herefordshire-2015-2018.yaml: 3 priorities, 5 outcomes, 3 commitments, "
        "2 budget lines.\n"
    )
    assert cli("plan", "load", str(V1)) == (
        "No changes: herefordshire-2015-2018 is already as herefordshire-2015-2018.yaml says; "
        "nothing was written.\n"
    )
    out = cli("plan", "load", str(V2)).splitlines()
    assert out[0] == (
        "Updated plan herefordshire-2015-2018 from herefordshire-2015-2018-v2.yaml: "
        "2 added, 2 removed, 2 changed. Version 1.9 kept."
    )
    assert (
        "changed  priorities[early-years].outcomes[school-ready].measures[gld].target.value: 80 -> 85"
        in out
    )
    assert "added    commitments[young-carers]" in out
    assert "removed  principles[listen]" in out
    assert PlanVersion.objects.filter(plan__key="herefordshire-2015-2018").count() == 1


def test_load_json_reports_the_changes() -> None:
    cli("plan", "load", str(V1))
    result = cli_json("plan", "load", str(V2))
    assert result["plan"] == "herefordshire-2015-2018"
    assert (result["created"], result["changed"], result["version_kept"]) == (False, True, "1.9")
    assert result["diff"][0] == "changed  version: 1.9 -> 2.0"


def test_a_rejected_file_lists_every_problem_and_changes_nothing() -> None:
    with pytest.raises(CommandError) as error:
        cli("plan", "load", str(FIXTURES / "invalid.yaml"))
    message = str(error.value)
    assert message.startswith("Plan file rejected: 28 problem(s); nothing was changed.")
    assert "invalid.yaml:3: format: 'cypp-plan/2' must be one of: cypp-plan/1" in message
    assert not Plan.objects.exists()


def test_export_prints_or_writes_the_canonical_file(tmp_path: Path) -> None:
    cli("plan", "load", str(V1))
    assert cli("plan", "export", "herefordshire-2015-2018") == V1.read_text(encoding="utf-8")
    out = tmp_path / "plan.yaml"
    cli("plan", "export", "herefordshire-2015-2018", "--out", str(out))
    assert out.read_bytes() == V1.read_bytes()
    with pytest.raises(CommandError, match="No plan has the key 'nope'"):
        cli("plan", "export", "nope")


def test_diff_shows_what_a_load_would_change_without_changing_it() -> None:
    cli("plan", "load", str(V1))
    out = cli("plan", "diff", "herefordshire-2015-2018", str(V2)).splitlines()
    assert out[0] == (
        "Loading herefordshire-2015-2018-v2.yaml would change herefordshire-2015-2018: "
        "2 added, 2 removed, 2 changed."
    )
    assert len(out) == 7
    assert cli("plan", "export", "herefordshire-2015-2018") == V1.read_text(encoding="utf-8")
    assert not PlanVersion.objects.exists()
    assert cli("plan", "diff", "herefordshire-2015-2018", str(V1)).startswith("No changes")


def test_list_json_gives_the_key_the_other_commands_take() -> None:
    assert cli_json("plan", "list") == []
    cli("plan", "load", str(V1))
    cli("plan", "load", str(WORCESTERSHIRE))
    assert cli_json("plan", "list") == [
        {
            "key": "herefordshire-2015-2018",
            "title": "Children and Young People's Plan 2015-2018",
            "partnership": "herefordshire",
            "partnership_name": "Herefordshire Children and Young People's Partnership",
            "start": "2015-04-01",
            "end": "2018-03-31",
            "status": "approved",
            "version": "1.9",
            "succeeds": None,
        },
        {
            "key": "worcestershire-2022-2024",
            "title": "Children and Young People's Plan 2022-2024",
            "partnership": "worcestershire",
            "partnership_name": "Worcestershire Children and Young People's Strategic "
            "Partnership Board",
            "start": "2022-04-01",
            "end": "2024-03-31",
            "status": "draft",
            "version": "",
            "succeeds": None,
        },
    ]
    table = cli("plan", "list").splitlines()
    assert table[0].split() == ["PLAN", "PARTNERSHIP", "PERIOD", "STATUS", "VERSION", "TITLE"]
    assert table[1].startswith("herefordshire-2015-2018   herefordshire   2015-04-01 to 2018-03-31")


def test_new_starts_a_draft_successor_with_the_chosen_parts() -> None:
    cli("plan", "load", str(V1))
    out = cli(
        "plan",
        "new",
        "--from",
        "herefordshire-2015-2018",
        "--key",
        "herefordshire-2018-2023",
        "--title",
        "Children and Young People's Plan 2018-2023",
        "--start",
        "2018-04-01",
        "--end",
        "2023-03-31",
        "--carry",
        "priorities,strategies",
    )
    assert out == (
        "Started herefordshire-2018-2023 (Children and Young People's Plan 2018-2023), "
        "a draft succeeding herefordshire-2015-2018.\n"
    )
    listed = {p["key"]: p for p in cli_json("plan", "list")}
    assert listed["herefordshire-2018-2023"]["succeeds"] == "herefordshire-2015-2018"
    assert listed["herefordshire-2018-2023"]["status"] == "draft"
    exported = cli("plan", "export", "herefordshire-2018-2023")
    assert "  strategies:\n" in exported and "  principles:\n" not in exported
    assert "outcomes:" not in exported  # priorities alone, without their outcomes
    with pytest.raises(CommandError, match="cannot carry visions"):
        cli(
            "plan",
            "new",
            "--from",
            "herefordshire-2015-2018",
            "--key",
            "x",
            "--title",
            "X",
            "--start",
            "2018-04-01",
            "--end",
            "2023-03-31",
            "--carry",
            "visions",
        )
    with pytest.raises(CommandError, match="is not a date"):
        cli(
            "plan",
            "new",
            "--from",
            "herefordshire-2015-2018",
            "--key",
            "x",
            "--title",
            "X",
            "--start",
            "April 2018",
            "--end",
            "2023-03-31",
        )


def test_check_json_lists_the_known_gaps() -> None:
    cli("plan", "load", str(WORCESTERSHIRE))
    report = cli_json("plan", "check", "worcestershire-2022-2024")
    assert report["plan"] == "worcestershire-2022-2024"
    assert report["score"] == 63
    assert [(o["key"], o["score"], [g["code"] for g in o["gaps"]]) for o in report["outcomes"]] == [
        ("fewer-in-care", 100, []),
        ("online-safety", 0, ["no_measure"]),
        ("mental-health", 67, []),
        ("good-start", 83, []),
    ]
    assert [
        (m["key"], m["passed"], [g["code"] for g in m["gaps"]])
        for o in report["outcomes"]
        for m in o["measures"]
    ] == [
        ("lac-rate", 6, []),
        ("referrals", 1, ["no_baseline", "no_target", "no_due_date", "no_owner", "no_latest_data"]),
        ("waiting", 4, ["no_due_date", "estimate_as_baseline"]),
        ("lac-gld", 5, ["no_latest_data"]),
    ]
    text = cli("plan", "check", "worcestershire-2022-2024").splitlines()
    assert text[0] == "Measurability of worcestershire-2022-2024: 63%"
    assert (
        "    no_measure: Nothing measures this outcome yet, so nobody can tell whether it is improving."
        in text
    )
