"""Plan files (docs/plan-files.md): the exact round trip, versions with a readable diff,
stable ids, every loader rule with file, path and line, all or nothing, successor plans.

The fixtures in tests/plans/fixtures are canonical files written by hand from the
facts in EXAMPLE-PLANS.md (Herefordshire 2015-2018, Worcestershire 2022-2024).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.apps import apps

from cypp.accounts.models import AuditEvent, Organisation
from cypp.plans.models import (
    Commitment,
    DeliveryPrinciple,
    Measure,
    MeasureValue,
    Outcome,
    Plan,
    PlanVersion,
    Priority,
)
from cypp.plans.plan_files import (
    PlanFileRejected,
    plan_export,
    plan_file_compare,
    plan_load,
    plan_load_text,
    plan_successor_create,
)

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "herefordshire-2015-2018.yaml"
V2 = FIXTURES / "herefordshire-2015-2018-v2.yaml"
WORCESTERSHIRE = FIXTURES / "worcestershire-2022-2024.yaml"
INVALID = FIXTURES / "invalid.yaml"
CANONICAL = [V1, V2, WORCESTERSHIRE]

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    """Rows in every table a plan load could write to."""
    models = list(apps.get_app_config("plans").get_models())
    counts = {m.__name__: m._default_manager.count() for m in models}
    counts["Organisation"] = Organisation.objects.count()
    counts["AuditEvent"] = AuditEvent.objects.count()
    return counts


def _ids(plan: Plan) -> dict[str, int]:
    ids = {f"priority:{p.key}": p.pk for p in plan.priorities.all()}
    ids |= {f"outcome:{o.key}": o.pk for o in Outcome.objects.filter(priority__plan=plan)}
    ids |= {f"measure:{m.key}": m.pk for m in Measure.objects.filter(outcome__priority__plan=plan)}
    ids |= {f"commitment:{c.key}": c.pk for c in plan.commitments.all()}
    return ids


# --- the round trip ---------------------------------------------------------------------


@pytest.mark.parametrize("path", CANONICAL, ids=lambda p: p.stem)
def test_export_of_a_loaded_canonical_file_is_the_same_bytes(path: Path) -> None:
    result = plan_load(path=path)
    assert result.created
    assert plan_export(plan=result.plan).encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", CANONICAL, ids=lambda p: p.stem)
def test_loading_an_export_gives_an_equal_export(path: Path) -> None:
    plan = plan_load(path=path).plan
    exported = plan_export(plan=plan)
    plan.delete()
    again = plan_load_text(text=exported, file="exported.yaml").plan
    assert plan_export(plan=again) == exported


NON_CANONICAL = """\
format: cypp-plan/1
partnership:
  key: herefordshire
  name: Herefordshire Children and Young People's Partnership
  area: 884
  members:
    - {organisation: Herefordshire Council}
plan:
  key: loose
  title: A plan written by hand
  start: 2015-04-01
  end: 2018-03-31
  version: 2
  status: draft
  summary: ""
  principles: []
  priorities:
    - key: early-years
      title: Early years
      lead: ~
      outcomes:
        - key: school-ready
          title: Ready for school
          measures:
            - key: gld
              title: Good level of development
              indicator: lait:FSP_NEW_GOODDEV
              area: E06000019
              baseline: {period: 2014, value: 60.0, provenance: measured}
              target: {value: 80.0, low: ~, high: ~, due: 2018-03-31}
              milestones:
                - {due: 2017-03-31, value: 73.5}
                - {due: 2016-03-31, value: 67}
  budget:
    - key: reconfigure
      title: Reconfigure early years services
      kind: reconfigured
      amount: 3500000.00
"""

CANONICAL_OF_IT = """\
format: cypp-plan/1
partnership:
  key: herefordshire
  name: Herefordshire Children and Young People's Partnership
  area: E06000019
  members:
    - organisation: Herefordshire Council
      sector: other
plan:
  key: loose
  title: A plan written by hand
  start: 2015-04-01
  end: 2018-03-31
  version: "2"
  status: draft
  public: false
  priority_word: priority
  priorities:
    - key: early-years
      title: Early years
      outcomes:
        - key: school-ready
          title: Ready for school
          measures:
            - key: gld
              title: Good level of development
              kind: indicator
              indicator: lait:FSP_NEW_GOODDEV
              baseline:
                period: "2014"
                value: 60
                provenance: measured
              target:
                value: 80
                due: 2018-03-31
              milestones:
                - due: 2016-03-31
                  value: 67
                - due: 2017-03-31
                  value: 73.5
  budget:
    - key: reconfigure
      title: Reconfigure early years services
      kind: reconfigured
      amount: 3500000
      provenance: measured
"""


def test_a_hand_written_file_exports_in_canonical_form_and_reloads_unchanged() -> None:
    plan = plan_load_text(text=NON_CANONICAL, file="loose.yaml").plan
    assert plan_export(plan=plan) == CANONICAL_OF_IT
    # The file says the same as its canonical form: loading it again changes nothing.
    assert plan_load_text(text=NON_CANONICAL, file="loose.yaml").changes == []
    assert not plan_load_text(text=CANONICAL_OF_IT, file="loose-canonical.yaml").changed


def test_floats_write_as_ints_when_whole_and_decimals_stay() -> None:
    plan = plan_load(path=V1).plan
    gld = Measure.objects.get(outcome__priority__plan=plan, key="gld")
    assert gld.baseline_value == 60.0 and gld.target_value == 80.0
    text = plan_export(plan=plan)
    assert "                value: 80\n" in text
    assert "                  value: 73.5\n" in text
    assert "      realised: 612500.5\n" in text
    assert 'version: "1.9"' in text
    assert "start: 2015-04-01\n" in text


# --- a new version over an old one ------------------------------------------------------

V2_DIFF = [
    "changed  version: 1.9 -> 2.0",
    "removed  principles[listen]",
    "added    priorities[early-help].outcomes[families-helped].measures[families-worked-with]"
    ".values[2017-18]",
    "changed  priorities[early-years].outcomes[school-ready].measures[gld].target.value: 80 -> 85",
    "removed  priorities[safeguarding].outcomes[voice-heard]",
    "added    commitments[young-carers]",
]


def test_a_new_version_shows_a_readable_diff_and_keeps_the_old_one() -> None:
    plan = plan_load(path=V1).plan
    ids_before = _ids(plan)
    value_ids = set(MeasureValue.objects.values_list("id", flat=True))

    result = plan_load(path=V2)

    assert [str(c) for c in result.changes] == V2_DIFF
    assert not result.created and result.changed
    version = PlanVersion.objects.get(plan=plan)
    assert result.version == version
    assert version.version == "1.9"
    assert version.document == V1.read_text(encoding="utf-8")
    assert version.diff[3] == {
        "change": "changed",
        "path": "priorities[early-years].outcomes[school-ready].measures[gld].target.value",
        "before": 80,
        "after": 85,
    }
    assert plan_export(plan=plan).encode("utf-8") == V2.read_bytes()

    # Unchanged (and changed-in-place) elements keep their ids; removed ones are gone.
    ids_after = _ids(plan)
    removed = {"outcome:voice-heard"}
    assert {k: v for k, v in ids_before.items() if k not in removed} == {
        k: v for k, v in ids_after.items() if k != "commitment:young-carers"
    }
    assert not Outcome.objects.filter(key="voice-heard").exists()
    assert not DeliveryPrinciple.objects.filter(plan=plan, key="listen").exists()
    assert value_ids < set(MeasureValue.objects.values_list("id", flat=True))


def test_every_load_is_audited_with_the_diff() -> None:
    plan = plan_load(path=V1).plan
    plan_load(path=V2)
    created, updated = AuditEvent.objects.filter(context=f"plan:{plan.key}").order_by("id")
    assert created.action == updated.action == "load"
    assert created.object_id == str(plan.pk)
    assert created.note == "created plan herefordshire-2015-2018 from herefordshire-2015-2018.yaml"
    assert updated.note == (
        "updated plan herefordshire-2015-2018 from herefordshire-2015-2018-v2.yaml: "
        "2 added, 2 removed, 2 changed"
    )
    assert updated.changes["version"] == ["1.9", "2.0"]
    assert updated.changes["commitments[young-carers]"] == [None, "(added)"]
    assert updated.changes["principles[listen]"] == ["(removed)", None]


def test_loading_an_identical_file_changes_nothing_and_says_so() -> None:
    plan = plan_load(path=V1).plan
    ids, counts = _ids(plan), _counts()
    result = plan_load(path=V1)
    assert not result.changed and result.changes == [] and result.version is None
    assert result.summary.startswith("no changes")
    assert _counts() == counts
    assert _ids(plan) == ids


def test_reordering_elements_is_a_change() -> None:
    plan_load(path=V1)
    text = V1.read_text(encoding="utf-8")
    listen = "    - key: listen\n      text: Listen to children's voices.\n"
    moved = text.replace(listen, "").replace("  strategies:\n", listen + "  strategies:\n", 1)
    changes = plan_load_text(text=moved, file="moved.yaml").changes
    assert [str(c) for c in changes] == [
        "moved    principles: listen, resilience, evidence -> resilience, evidence, listen"
    ]


def test_renamed_keys_replace_their_elements_and_references_follow() -> None:
    plan = plan_load(path=V1).plan
    text = (
        V1.read_text(encoding="utf-8")
        .replace("key: early-years\n      name:", "key: eyfs\n      name:")
        .replace("subgroup: early-years", "subgroup: eyfs")
        .replace("key: safeguarding", "key: safe")
        .replace("priority: safeguarding", "priority: safe")
        .replace("key: healthy-start", "key: healthy-babies")
    )
    changes = [str(c) for c in plan_load_text(text=text, file="renamed.yaml").changes]
    assert changes[:2] == ["removed  subgroups[early-years]", "added    subgroups[eyfs]"]
    assert "removed  priorities[safeguarding]" in changes
    assert "added    priorities[early-years].outcomes[healthy-babies]" in changes
    assert plan_export(plan=plan) == text
    assert plan.commitments.get(key="mash").priority == plan.priorities.get(key="safe")


def test_compare_shows_the_diff_and_writes_nothing() -> None:
    plan = plan_load(path=V1).plan
    counts = _counts()
    assert [str(c) for c in plan_file_compare(plan=plan, path=V2)] == V2_DIFF
    assert plan_file_compare(plan=plan, path=V1) == []
    assert _counts() == counts


# --- validation ---------------------------------------------------------------------------


def _expected(path: Path) -> set[tuple[int, str, str]]:
    """(line, YAML path, part of the reason) from the file's "# expect" comments."""
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.search(r"# expect (\S+): (.+)$", line)
        if match:
            found.add((number, match[1], match[2]))
    return found


def test_every_rule_is_reported_with_file_path_and_line_all_at_once() -> None:
    expected = _expected(INVALID)
    assert len(expected) == 28
    with pytest.raises(PlanFileRejected) as rejected:
        plan_load(path=INVALID)
    problems = rejected.value.problems
    assert all(p.file == "invalid.yaml" for p in problems)
    got = {(p.line, p.path): p.reason for p in problems}
    assert len(got) == len(problems)  # one problem per place
    assert set(got) == {(line, path) for line, path, _ in expected}
    for line, path, reason in expected:
        assert reason in got[(line, path)], (line, path, got[(line, path)])
    assert "invalid.yaml:14: plan.end: the plan ends" in str(rejected.value)


def test_nothing_is_written_when_a_file_has_a_problem() -> None:
    counts = _counts()
    with pytest.raises(PlanFileRejected):
        plan_load(path=INVALID)
    assert _counts() == counts


def test_a_bad_new_version_leaves_the_old_one_untouched() -> None:
    plan = plan_load(path=V1).plan
    counts, exported = _counts(), plan_export(plan=plan)
    broken = V2.read_text(encoding="utf-8").replace("value: 85", "value: eighty-five")
    with pytest.raises(PlanFileRejected) as rejected:
        plan_load_text(text=broken, file="v2.yaml")
    [problem] = rejected.value.problems
    line = broken.splitlines().index("                value: eighty-five") + 1
    assert (problem.line, problem.path) == (
        line,
        "plan.priorities[1].outcomes[0].measures[0].target.value",
    )
    assert _counts() == counts
    assert plan_export(plan=plan) == exported


@pytest.mark.parametrize(
    ("text", "line", "path", "reason"),
    [
        ("format: cypp-plan/1\nplan: [\n", 3, "", "not valid YAML"),
        ("format: cypp-plan/1\n  bad indent: x\n", 2, "", "not valid YAML"),
        ("", 1, "", "the file is empty"),
        ("- a list\n", 1, "", "must be a mapping"),
        ("format: cypp-plan/1\nformat: cypp-plan/1\n", 2, "format", "appears twice"),
        ("format: cypp-plan/1\n", 1, "partnership", "is required"),
    ],
)
def test_unreadable_files_name_the_line(text: str, line: int, path: str, reason: str) -> None:
    with pytest.raises(PlanFileRejected) as rejected:
        plan_load_text(text=text, file="broken.yaml")
    assert any(
        (p.file, p.line, p.path) == ("broken.yaml", line, path) and reason in p.reason
        for p in rejected.value.problems
    ), rejected.value.problems


def test_a_version_written_as_a_decimal_number_is_refused() -> None:
    text = V1.read_text(encoding="utf-8").replace('version: "1.9"', "version: 1.10")
    with pytest.raises(PlanFileRejected) as rejected:
        plan_load_text(text=text, file="v.yaml")
    [problem] = rejected.value.problems
    assert (problem.line, problem.path) == (20, "plan.version")
    assert "put it in quotes" in problem.reason


# --- the next plan ------------------------------------------------------------------------


def test_a_successor_carries_what_is_chosen() -> None:
    old = plan_load(path=V1).plan
    result = plan_successor_create(
        plan=old,
        key="herefordshire-2018-2023",
        title="Children and Young People's Plan 2018-2023",
        start=dt.date(2018, 4, 1),
        end=dt.date(2023, 3, 31),
        carry=["principles", "measures", "commitments"],
    )
    new = result.plan
    assert result.created
    assert (new.status, new.succeeds, new.version, new.public) == ("draft", old, "", False)
    assert [p.key for p in new.principles.all()] == ["listen", "resilience", "evidence"]
    # Measures bring their outcomes and priorities.
    assert [p.key for p in new.priorities.all()] == ["early-help", "early-years", "safeguarding"]
    assert not new.strategies.exists() and not new.subgroups.exists()
    assert not new.budget_lines.exists()

    gld = Measure.objects.get(outcome__priority__plan=new, key="gld")
    old_gld = Measure.objects.get(outcome__priority__plan=old, key="gld")
    assert (gld.indicator, gld.area, gld.owner_organisation, gld.lead) == (
        old_gld.indicator,
        old_gld.area,
        old_gld.owner_organisation,
        old_gld.lead,
    )
    assert gld.owner_subgroup is None  # subgroups were not carried
    assert gld.baseline_value is None and gld.baseline_period == ""
    assert not gld.has_target and not gld.milestones.exists()
    lac = Measure.objects.get(outcome__priority__plan=new, key="lac-rate")
    assert lac.area is not None and lac.area.code == "E10000034"
    assert not MeasureValue.objects.filter(measure__outcome__priority__plan=new).exists()

    # Done commitments stay behind; open ones come with their open milestones.
    assert [c.key for c in new.commitments.all()] == ["sixteen-plus", "voice-network"]
    sixteen = new.commitments.get(key="sixteen-plus")
    assert sixteen.status == Commitment.Status.IN_PROGRESS
    assert sixteen.due is None  # 2017-03-31 was before the new plan began
    assert [m.title for m in sixteen.milestones.all()] == ["Service launched"]
    assert not sixteen.notes.exists()

    assert AuditEvent.objects.filter(context="plan:herefordshire-2018-2023").count() == 1
    assert plan_export(plan=old).encode("utf-8") == V1.read_bytes()  # the old plan is as it was


def test_a_successor_carrying_nothing_is_an_empty_draft() -> None:
    old = plan_load(path=V1).plan
    new = plan_successor_create(
        plan=old,
        key="next",
        title="Next",
        start=dt.date(2018, 4, 1),
        end=dt.date(2021, 3, 31),
        carry=[],
    ).plan
    assert not Priority.objects.filter(plan=new).exists()
    assert not new.principles.exists() and not new.commitments.exists()
    assert new.partnership == old.partnership


def test_a_successor_needs_a_new_key_and_known_parts() -> None:
    old = plan_load(path=V1).plan
    start, end = dt.date(2018, 4, 1), dt.date(2021, 3, 31)
    with pytest.raises(PlanFileRejected, match="'herefordshire-2015-2018' is taken"):
        plan_successor_create(plan=old, key=old.key, title="Again", start=start, end=end)
    with pytest.raises(ValueError, match="cannot carry vision"):
        plan_successor_create(
            plan=old, key="next", title="Next", start=start, end=end, carry=["vision"]
        )
    with pytest.raises(PlanFileRejected) as rejected:
        plan_successor_create(
            plan=old, key="next", title="Next", start=dt.date(2018, 4, 1), end=dt.date(2018, 1, 1)
        )
    [problem] = rejected.value.problems
    assert (problem.file, problem.path, problem.line) == (
        "successor of " + old.key,
        "plan.end",
        None,
    )
