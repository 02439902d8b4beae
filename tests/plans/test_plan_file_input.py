"""Plan files that are not what they seem: impossible dates, unbounded numbers, YAML that
expands or refers to itself. Each is a clear problem naming the file, line, key and reason,
refused quickly, and nothing is written."""

from __future__ import annotations

import re
import time

import pytest
from django.apps import apps

from cypp.accounts.models import AuditEvent
from cypp.plans.plan_files import PlanFileRejected, PlanProblem, plan_load_text

from .test_plan_files import V1

pytestmark = pytest.mark.django_db
TEXT = V1.read_text(encoding="utf-8")
LINES = TEXT.splitlines()
# A YAML "billion laughs": nine levels of nine aliases, 9^9 (387 million) strings if expanded.
LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def _counts() -> dict[str, int]:
    counts = {
        m.__name__: m._default_manager.count() for m in apps.get_app_config("plans").get_models()
    }
    counts["AuditEvent"] = AuditEvent.objects.count()
    return counts


def _line(prefix: str) -> int:
    return next(i for i, line in enumerate(LINES, start=1) if line.startswith(prefix))


def _refused(text: str) -> list[PlanProblem]:
    before = _counts()
    with pytest.raises(PlanFileRejected) as rejected:
        plan_load_text(text=text, file="plan.yaml")
    assert _counts() == before
    assert all(p.file == "plan.yaml" for p in rejected.value.problems)
    return rejected.value.problems


@pytest.mark.parametrize("written", ["2022-02-30", "'2022-02-30'"])
def test_a_date_the_calendar_lacks_is_named_as_an_invalid_date(written: str) -> None:
    [problem] = _refused(TEXT.replace("start: 2015-04-01", f"start: {written}"))
    assert (problem.line, problem.path) == (_line("  start:"), "plan.start")
    assert problem.reason == "'2022-02-30' is an invalid date (day is out of range for month)"


def test_decimals_in_a_plan_file_are_an_unknown_key_not_a_broken_page() -> None:
    text = TEXT.replace("  public: true", "  public: true\n  decimals: 99999999999")
    [problem] = _refused(text)
    assert (problem.line, problem.path) == (_line("  public:") + 1, "plan.decimals")
    assert problem.reason.startswith("unknown key; expected one of: key, title")


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (".nan", "must be a finite number"),
        (".inf", "must be a finite number"),
        ("-.inf", "must be a finite number"),
        ("1.0e+300", "1e+300 is too large: numbers are below 10^15"),
        ("99999999999999999", "99999999999999999 is too large: numbers are below 10^15"),
    ],
)
def test_targets_and_baselines_are_finite_and_bounded(written: str, reason: str) -> None:
    found = re.search(r"target:\n +value: ", TEXT)
    assert found is not None
    start, end = found.end(), TEXT.index("\n", found.end())
    [problem] = _refused(TEXT[:start] + written + TEXT[end:])
    assert problem.path.endswith(".target.value") and problem.reason == reason
    assert problem.line == TEXT[:start].count("\n") + 1


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("a: &a [*a]\n", 1, "anchors and aliases (&name, *name) are not accepted"),
        (LAUGHS, 1, "anchors and aliases (&name, *name) are not accepted"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", 1, "nested more than 50 levels deep"),
        ("a: " + "[" * 100_000 + "\n", 1, "not valid YAML"),
    ],
    ids=["recursion", "billion laughs", "deep nesting", "very deep nesting"],
)
def test_hostile_yaml_is_refused_quickly(text: str, line: int, reason: str) -> None:
    started = time.perf_counter()
    [problem] = _refused(text)
    assert time.perf_counter() - started < 2.0
    assert problem.line == line and reason in problem.reason


def test_a_huge_file_is_refused_before_it_is_parsed() -> None:
    text = TEXT + "#" + "x" * 2_000_000 + "\n"
    [problem] = _refused(text)
    assert "characters long; at most 2,000,000 are read" in problem.reason


def test_a_huge_number_is_shown_cut_short() -> None:
    [problem] = _refused(TEXT.replace("  public: true", "  public: 1" + "0" * 5000))
    assert problem.path == "plan.public" and len(problem.reason) < 300
    assert "(5,001 characters)" in problem.reason or "characters)" in problem.reason
