"""The demo plan files in demo/plans/: well formed, wired to indicators that exist in the
evidence store, honest about estimates, and exact under a load and export round trip."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml

from cypp.indicators.selectors import indicator_get
from cypp.plans.plan_files import plan_export, plan_load
from cypp.plans.selectors import plan_get
from tests.conftest import ROOT

PLANS = ROOT / "demo" / "plans"
# In load order: a plan can only succeed one already loaded.
FILES = (
    "herefordshire-2015-2018.yaml",
    "herefordshire-2018-2023.yaml",
    "worcestershire-2022-2024.yaml",
)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ESTIMATED = {"estimate", "modelled", "national_rate"}


def _doc(name: str) -> dict[str, Any]:
    return yaml.safe_load((PLANS / name).read_text(encoding="utf-8"))


def _measures(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        measure
        for priority in doc["plan"].get("priorities", [])
        for outcome in priority.get("outcomes", [])
        for measure in outcome.get("measures", [])
    ]


def _keyed_lists(value: Any, path: str = "") -> list[tuple[str, list[dict[str, Any]]]]:
    """Every list of mappings with a ``key``, however deep, with its YAML path."""
    found: list[tuple[str, list[dict[str, Any]]]] = []
    if isinstance(value, dict):
        for name, item in value.items():
            found += _keyed_lists(item, f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        if any(isinstance(item, dict) and "key" in item for item in value):
            found.append((path, value))
        for index, item in enumerate(value):
            found += _keyed_lists(item, f"{path}[{index}]")
    return found


def test_the_demo_has_exactly_these_plan_files() -> None:
    assert sorted(p.name for p in PLANS.glob("*.yaml")) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_each_file_parses_as_a_plan_file(name: str) -> None:
    doc = _doc(name)
    assert doc["format"] == "cypp-plan/1"
    assert doc["plan"]["key"] == name.removesuffix(".yaml")
    assert isinstance(doc["plan"]["start"], dt.date)
    assert isinstance(doc["plan"]["end"], dt.date)
    assert doc["plan"]["start"] < doc["plan"]["end"]
    assert isinstance(doc["plan"].get("version", ""), str)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILES)
def test_every_indicator_reference_exists_in_the_store(name: str) -> None:
    references = [m["indicator"] for m in _measures(_doc(name)) if "indicator" in m]
    assert references, f"{name} wires no measure to an indicator"
    for reference in references:
        assert indicator_get(reference=reference).reference == reference


@pytest.mark.parametrize("name", FILES)
def test_keys_are_slugs_unique_within_their_list(name: str) -> None:
    lists = _keyed_lists(_doc(name))
    assert lists
    for path, items in lists:
        keys = [item["key"] for item in items]
        assert len(keys) == len(set(keys)), f"{name}: {path} repeats a key"
        assert all(SLUG.match(key) for key in keys), f"{name}: {path} has a key not a slug"


@pytest.mark.parametrize("name", FILES)
def test_references_within_a_plan_name_existing_keys(name: str) -> None:
    plan = _doc(name)["plan"]
    priorities = {p["key"] for p in plan["priorities"]}
    subgroups = {s["key"] for s in plan.get("subgroups", [])}
    for item in plan.get("commitments", []) + plan.get("budget", []):
        assert item.get("priority") in priorities | {None}, item["key"]
    for measure in _measures(_doc(name)):
        subgroup = measure.get("owner", {}).get("subgroup")
        assert subgroup is None or subgroup in subgroups, measure["key"]


@pytest.mark.parametrize("name", FILES)
def test_entered_figures_say_where_they_come_from(name: str) -> None:
    for measure in _measures(_doc(name)):
        baseline = measure.get("baseline")
        if baseline and "value" in baseline:
            assert baseline.get("provenance"), f"{measure['key']}: baseline has no provenance"
            assert baseline.get("source"), f"{measure['key']}: baseline has no source"


def test_estimates_are_never_entered_as_measured() -> None:
    """The 2018 board: do not present figures as fact when they are estimates."""
    estimated = {  # (file, measure key): the figure the source calls an estimate
        ("herefordshire-2015-2018.yaml", "estimated-need"): 8620,
        ("herefordshire-2015-2018.yaml", "send-population"): 5000,
        ("herefordshire-2018-2023.yaml", "estimated-need"): 8620,
    }
    for (name, key), value in estimated.items():
        (measure,) = [m for m in _measures(_doc(name)) if m["key"] == key]
        assert measure["baseline"]["value"] == value
        assert measure["baseline"]["provenance"] in ESTIMATED
    forecasts = [
        line
        for line in _doc("herefordshire-2015-2018.yaml")["plan"]["budget"]
        if line["kind"] in {"savings", "cost_avoidance", "expected_return"}
    ]
    assert len(forecasts) == 3
    assert all(line["provenance"] == "estimate" for line in forecasts)


def test_worcestershire_key_measures_have_no_data_and_no_targets() -> None:
    """The scrutiny board's point: the draft had no data and no targets."""
    doc = _doc("worcestershire-2022-2024.yaml")
    measures = _measures(doc)
    assert measures
    for measure in measures:
        assert not {"baseline", "target", "milestones", "values"} & measure.keys()
        assert measure["owner"]["subgroup"] in {s["key"] for s in doc["plan"]["subgroups"]}
    assert len(doc["plan"]["subgroups"]) == 4


def test_the_herefordshire_plans_share_one_partnership_and_a_lineage() -> None:
    first, second = _doc(FILES[0]), _doc(FILES[1])
    assert first["partnership"] == second["partnership"]
    assert second["plan"]["succeeds"] == first["plan"]["key"]


@pytest.mark.django_db
def test_each_file_loads_and_exports_byte_identically() -> None:
    for name in FILES:
        path = PLANS / name
        result = plan_load(path=path)
        assert result.created, f"{name} was already loaded"
        assert result.plan.key == name.removesuffix(".yaml")
        assert plan_export(plan=result.plan) == path.read_text(encoding="utf-8"), name
    # Loading the 2018 plan left the 2015 plan (and the partnership they share) as it was.
    first = PLANS / FILES[0]
    assert plan_export(plan=plan_get(key="herefordshire-2015-2018")) == first.read_text(
        encoding="utf-8"
    )
    assert plan_get(key="herefordshire-2018-2023").succeeds == plan_get(
        key="herefordshire-2015-2018"
    )


@pytest.mark.django_db
def test_loading_a_demo_file_twice_changes_nothing() -> None:
    for name in FILES:
        plan_load(path=PLANS / name)
    again = plan_load(path=PLANS / FILES[0])
    assert not again.created
    assert again.changes == []


@pytest.mark.django_db
def test_cypp_plan_check_lists_what_the_worcestershire_plan_lacks() -> None:
    """The scrutiny board's question, "how could success be measured?", answered for the
    demo Worcestershire plan: its draft had no data and no targets."""
    from tests.conftest import cli, cli_json

    for name in FILES:
        plan_load(path=PLANS / name)
    report = cli_json("plan", "check", "worcestershire-2022-2024")
    gaps = {
        (outcome["key"], measure["key"]): {g["code"] for g in measure["gaps"]}
        for outcome in report["outcomes"]
        for measure in outcome["measures"]
    }
    assert gaps, "the plan has measures"
    # Every key measure lacks a baseline, a target and a due date, as scrutiny said.
    assert all({"no_baseline", "no_target", "no_due_date"} <= g for g in gaps.values())
    unmeasured = [o["key"] for o in report["outcomes"] if not o["measures"]]
    assert "online-exploitation" in unmeasured  # a qualitative outcome: no data measures it
    assert all(
        o["gaps"] == [{"code": "no_measure", "message": o["gaps"][0]["message"]}]
        for o in report["outcomes"]
        if not o["measures"]
    )
    assert 0 < report["score"] < 50
    text = cli("plan", "check", "worcestershire-2022-2024")
    assert f"Measurability of worcestershire-2022-2024: {report['score']}%" in text
    assert "There is no target, so success has not been defined." in text
