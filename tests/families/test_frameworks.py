"""Outcome frameworks as versioned data (#16 item 1): the file format's checks, each problem
with its file, line, field and reason; all-or-nothing loading; a version never rewritten;
the shipped national framework and the local example."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cypp.accounts.models import AuditEvent
from cypp.families.frameworks import (
    SHIPPED,
    FrameworkRejected,
    FrameworkVersionTaken,
    evidence_type_label,
    framework_load,
    framework_load_report,
    unset_rules,
)
from cypp.families.hashing import families_settings
from cypp.families.models import Framework
from cypp.families.rules import OutcomeRules
from cypp.families.rules import Test as RuleTest
from tests.plans.factories import partnership_make

pytestmark = pytest.mark.django_db

NATIONAL_CODES = [
    "education",
    "early_years",
    "health",
    "substance_use",
    "family_relationships",
    "safety",
    "crime",
    "domestic_abuse",
    "housing",
    "financial_stability",
]
# The ten headline outcomes in the words of the Supporting Families programme guidance
# 2022 to 2025, chapter 5 "Evidencing successful family outcomes".
NATIONAL_LABELS = [
    "Getting a good education",
    "Good early years development",
    "Improved mental and physical health",
    "Better managed substance use",
    "Improved family relationships",
    "Children safe from abuse and exploitation",
    "Families diverted from crime",
    "Safe from domestic abuse",
    "Secure housing",
    "Financial stability",
]

# The evidence types the families area shares (importer, demo, pages), one per outcome above.
EVIDENCE_TYPES = [
    "school_attendance_pct",
    "early_years_on_track",
    "health_needs_met",
    "substance_use_in_treatment",
    "family_conflict_reported",
    "exploitation_risk",
    "offences_6_months",
    "domestic_abuse_incidents_6_months",
    "housing_at_risk",
    "adult_in_work",
]


def cli(*args: str) -> str:
    out = io.StringIO()
    call_command("families", "framework", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small(frameworks_data: Path) -> Path:
    return frameworks_data / "small-1.yaml"


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def variant(small: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = small.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new, 1))


def rejected(path: Path) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(FrameworkRejected) as caught:
        framework_load(path, by=None)
    assert not Framework.objects.filter(key="small-test").exists()
    assert "nothing was changed" in caught.value.message
    return [(p.file, p.line, p.field, p.reason) for p in caught.value.problems]


# -- Loading -------------------------------------------------------------------------------


def test_a_framework_is_loaded_with_its_outcomes_as_the_rules_read_them(small: Path) -> None:
    framework = framework_load(small, by=None)
    assert (framework.key, framework.version, framework.title) == (
        "small-test",
        "1",
        "Small test framework",
    )
    education, money = framework.outcomes.order_by("order")
    assert (education.code, education.label, education.order) == (
        "education",
        "Getting a good education",
        0,
    )
    # Every default filled in, exactly the shape rules.OutcomeRules.from_document reads.
    assert education.descriptors == [
        {
            "code": "low_attendance",
            "label": "Attendance below 90%",
            "evidence_type": "school_attendance_pct",
            "test": {"below": 90.0},
            "lookback_days": 365,
        }
    ]
    assert education.rules == [
        {
            "evidence_type": "school_attendance_pct",
            "label": "Attendance of 90% or more",
            "threshold": {"at_least": 90.0},
            "period_days": 60,
            "sustain_days": 30,
            "source": "Test guidance, section 1",
            "note": "",
        }
    ]
    assert money.descriptors[0]["lookback_days"] == 180
    assert money.rules[0]["threshold"] is None
    read = OutcomeRules.from_document(
        education.code, education.label, education.descriptors, education.rules
    )
    assert read.descriptors[0].test == RuleTest("below", 90.0)
    assert read.rules[0].test == RuleTest("at_least", 90.0)
    assert (read.rules[0].period_days, read.rules[0].sustain_days) == (60, 30)
    unset = OutcomeRules.from_document(money.code, money.label, money.descriptors, money.rules)
    assert unset.rules[0].test is None
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.LOAD, context="framework:small-test"
        ).count()
        == 1
    )


def test_the_same_version_with_the_same_content_changes_nothing_and_says_so(
    small: Path, tmp_path: Path
) -> None:
    first = framework_load(small, by=None)
    events = AuditEvent.objects.count()
    # The same content written differently (comments, block style) is the same content.
    text = small.read_text(encoding="utf-8").replace("# A small valid", "# Reworded: a small")
    again = framework_load_report(write(tmp_path, text, "same.yaml"), by=None)
    assert again.framework.pk == first.pk
    assert again.created is False
    assert "nothing changed" in again.message
    assert AuditEvent.objects.count() == events
    assert Framework.objects.filter(key="small-test").count() == 1


def test_the_same_version_with_different_content_is_refused(small: Path, tmp_path: Path) -> None:
    framework_load(small, by=None)
    changed = variant(small, tmp_path, "period_days: 60", "period_days: 90")
    with pytest.raises(FrameworkVersionTaken) as caught:
        framework_load(changed, by=None)
    assert "new version" in caught.value.message
    stored = Framework.objects.get(key="small-test").outcomes.get(code="education")
    assert stored.rules[0]["period_days"] == 60
    # A new version string loads beside the first.
    newer = variant(small, tmp_path, 'version: "1"', 'version: "2"')
    newer.write_text(
        newer.read_text(encoding="utf-8").replace("period_days: 60", "period_days: 90"),
        encoding="utf-8",
    )
    assert framework_load(newer, by=None).version == "2"
    assert Framework.objects.filter(key="small-test").count() == 2


def test_a_framework_may_be_chosen_for_a_partnership(small: Path) -> None:
    partnership = partnership_make()
    report = framework_load_report(small, by=None, partnership=partnership)
    assert report.chosen_for == partnership
    assert families_settings(partnership).framework == report.framework
    again = framework_load_report(small, by=None, partnership=partnership)
    assert again.chosen_for is None
    assert "already the framework of" in again.message


def test_the_load_is_recorded_by_the_person_who_made_it(small: Path) -> None:
    from django.contrib.auth.models import User

    loader = User.objects.create_user("framework-loader")
    partnership = partnership_make()
    framework = framework_load(small, by=loader, partnership=partnership)
    assert framework.loaded_by_name == "framework-loader"
    load = AuditEvent.objects.get(action=AuditEvent.Action.LOAD, context="framework:small-test")
    assert (load.user, load.note) == (
        loader,
        "small-1.yaml: 2 outcomes, 1 rule(s) with no threshold set",
    )
    chosen = AuditEvent.objects.get(
        action=AuditEvent.Action.UPDATE, context=f"partnership:{partnership.key}"
    )
    assert chosen.user == loader
    assert chosen.changes == {"framework": [None, "Small test framework (1)"]}


def test_evidence_types_are_named_in_words(small: Path) -> None:
    framework = framework_load(small, by=None)
    assert evidence_type_label(framework, "school_attendance_pct") == "School attendance (%)"
    assert evidence_type_label(framework, "housing_at_risk") == "housing at risk"
    assert evidence_type_label(None, "adult_in_work") == "adult in work"


# -- Bad files: every problem with file, line, field and reason -------------------------------


def test_an_unknown_field_is_named_with_its_line(small: Path, tmp_path: Path) -> None:
    bad = variant(small, tmp_path, "period_days: 60", "period_dayz: 60")
    ((file, line, field, reason),) = rejected(bad)
    assert (file, line, field) == ("bad.yaml", 15, "outcomes[0].rules[0].period_dayz")
    assert reason.startswith("unknown field; known: evidence_type, label, threshold")


def test_a_missing_field_is_reported_at_the_entry_that_lacks_it(
    small: Path, tmp_path: Path
) -> None:
    bad = variant(small, tmp_path, "    label: Getting a good education\n", "")
    # The outcome starts on line 10; its label is gone.
    assert rejected(bad) == [("bad.yaml", 10, "outcomes[0].label", "required")]


def test_a_bad_comparison_is_refused(small: Path, tmp_path: Path) -> None:
    bad = variant(small, tmp_path, "test: {below: 90}", "test: {under: 90}")
    ((_, line, field, reason),) = rejected(bad)
    assert (line, field) == (13, "outcomes[0].descriptors[0].test")
    assert reason == "unknown comparison 'under'; one of: at_least, at_most, below, above"


def test_a_need_cannot_be_a_reduction_and_a_reduction_is_a_percentage(
    small: Path, tmp_path: Path
) -> None:
    bad = variant(small, tmp_path, "test: {below: 90}", "test: {reduction_pct: 10}")
    assert "unknown comparison 'reduction_pct'" in rejected(bad)[0][3]
    bad = variant(small, tmp_path, "threshold: {at_least: 90}", "threshold: {reduction_pct: 150}")
    assert rejected(bad)[0][3] == "a reduction is a percentage above 0 and at most 100"
    bad = variant(
        small, tmp_path, "threshold: {at_least: 90}", "threshold: {at_least: 90, below: 5}"
    )
    assert rejected(bad)[0][3].startswith("one comparison and its value")


def test_an_undeclared_evidence_type_is_refused(small: Path, tmp_path: Path) -> None:
    bad = variant(
        small,
        tmp_path,
        "{evidence_type: school_attendance_pct, label: Attendance of",
        "{evidence_type: attendance, label: Attendance of",
    )
    assert rejected(bad) == [
        (
            "bad.yaml",
            15,
            "outcomes[0].rules[0].evidence_type",
            "evidence type 'attendance' is not declared under evidence_types",
        )
    ]


def test_an_evidence_type_is_declared_under_a_code(small: Path, tmp_path: Path) -> None:
    bad = variant(small, tmp_path, "  adult_in_work: {label", "  Adult In Work: {label")
    problems = rejected(bad)
    assert problems[0] == (
        "bad.yaml",
        8,
        "evidence_types.Adult In Work",
        "a code of lower-case letters, digits, '-' or '_', e.g. school_attendance_pct "
        "(at most 60 characters)",
    )
    # And the outcome using it now names an undeclared type, on its own lines.
    assert [(line, field) for _, line, field, _ in problems[1:]] == [
        (19, "outcomes[1].descriptors[0].evidence_type"),
        (21, "outcomes[1].rules[0].evidence_type"),
    ]


def test_a_duplicate_code_is_refused(small: Path, tmp_path: Path) -> None:
    bad = variant(small, tmp_path, "code: financial_stability", "code: education")
    assert rejected(bad) == [("bad.yaml", 16, "outcomes[1].code", "the same code as outcomes[0]")]


def test_an_unset_threshold_must_say_why(small: Path, tmp_path: Path) -> None:
    bad = variant(
        small,
        tmp_path,
        ', note: "the test guidance publishes no threshold; the partnership sets it"',
        "",
    )
    ((_, line, field, reason),) = rejected(bad)
    assert (line, field) == (21, "outcomes[1].rules[0]")
    assert "needs a note saying why" in reason


def test_a_text_where_a_number_belongs_and_every_problem_at_once(
    small: Path, tmp_path: Path
) -> None:
    text = small.read_text(encoding="utf-8")
    text = text.replace("period_days: 60", 'period_days: "60"').replace(
        "key: small-test", "key: Small Test"
    )
    problems = rejected(write(tmp_path, text))
    assert [(line, field) for _, line, field, _ in problems] == [
        (3, "framework.key"),
        (15, "outcomes[0].rules[0].period_days"),
    ]
    assert problems[1][3] == "must be a whole number"


def test_yaml_anchors_deep_nesting_and_huge_files_are_refused(tmp_path: Path) -> None:
    anchors = "framework: &f {key: a}\nagain: *f\n"
    ((_, line, _, reason),) = rejected(write(tmp_path, anchors))
    assert line == 1 and "anchors and aliases" in reason
    deep = "outcomes: " + "[" * 60 + "]" * 60 + "\n"
    assert "nested more than 50 levels deep" in rejected(write(tmp_path, deep))[0][3]
    huge = "# " + "x" * 2_000_000 + "\n"
    assert "at most 2,000,000 are read" in rejected(write(tmp_path, huge))[0][3]


def test_a_file_that_is_not_yaml_or_not_utf8_is_refused(tmp_path: Path) -> None:
    ((_, line, _, reason),) = rejected(write(tmp_path, "framework: [unclosed\n"))
    assert line is not None and reason.startswith("not valid YAML")
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    assert rejected(path) == [("latin1.yaml", None, None, "is not UTF-8 text: save it as UTF-8")]
    assert rejected(tmp_path / "absent.yaml")[0][3].startswith("cannot be read")
    assert rejected(write(tmp_path, "- a list\n")) == [
        (
            "bad.yaml",
            1,
            None,
            "a framework file is a mapping with framework, evidence_types and outcomes",
        )
    ]


# -- What ships ----------------------------------------------------------------------------


def test_the_national_framework_ships_the_ten_headline_outcomes_with_thresholds_unset() -> None:
    framework = framework_load(SHIPPED / "supporting-families-2022-25.yaml", by=None)
    assert (framework.key, framework.version) == ("supporting-families", "2022-25")
    outcomes = list(framework.outcomes.order_by("order"))
    assert [o.code for o in outcomes] == NATIONAL_CODES
    assert [o.label for o in outcomes] == NATIONAL_LABELS
    # No success threshold could be found published: every rule is unset, and says why.
    unset = unset_rules(framework)
    assert len(unset) == 10
    assert all(rule["note"] for _, rule in unset)
    # Persistent absence: missing 10% or more of possible sessions (DfE, from 2015/16).
    education = outcomes[0]
    assert education.descriptors[0]["test"] == {"below": 90.0}
    # Sustained for at least six months after closure, read as 183 days.
    assert {rule["sustain_days"] for o in outcomes for rule in o.rules} == {183}
    # One evidence type per outcome, in the shared vocabulary's codes.
    assert [o.rules[0]["evidence_type"] for o in outcomes] == EVIDENCE_TYPES
    assert list(framework.document["evidence_types"]) == EVIDENCE_TYPES


def test_the_local_example_sets_every_threshold_it_uses() -> None:
    framework = framework_load(SHIPPED / "herefordshire-family-first-2018.yaml", by=None)
    assert (framework.key, framework.version) == ("herefordshire-family-first", "2018-local")
    codes = [o.code for o in framework.outcomes.order_by("order")]
    assert codes == [
        "education",
        "health",
        "crime",
        "domestic_abuse",
        "financial_stability",
        "children_who_need_help",
    ]
    assert unset_rules(framework) == []
    assert "example" in framework.title.lower()


# -- The command ---------------------------------------------------------------------------


def test_the_command_loads_lists_and_reports_problems(small: Path, tmp_path: Path) -> None:
    partnership = partnership_make()
    said = cli("load", str(small), "--partnership", partnership.key)
    assert "Loaded Small test framework (small-test 1): 2 outcomes, 1 rule(s)" in said
    assert f"chosen for {partnership.name}" in said
    assert "nothing changed" in cli("load", str(small))
    listed: Any = json.loads(cli("list", "--json"))
    entry = next(e for e in listed if e["key"] == "small-test")
    assert entry["outcomes"] == ["education", "financial_stability"]
    assert entry["partnerships"] == [partnership.key]
    assert entry["unset_thresholds"] == [
        {
            "outcome": "financial_stability",
            "evidence_type": "adult_in_work",
            "note": "the test guidance publishes no threshold; the partnership sets it",
        }
    ]
    assert "small-test 1: Small test framework, 2 outcomes, 1 threshold(s) not set" in cli("list")
    bad = variant(small, tmp_path, "period_days: 60", "period_dayz: 60")
    with pytest.raises(CommandError) as caught:
        cli("load", str(bad))
    assert "bad.yaml, line 15, outcomes[0].rules[0].period_dayz: unknown field" in str(caught.value)
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        cli("load", str(small), "--partnership", "nowhere")
