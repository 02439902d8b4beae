"""Property: the minutes extractor and the plan loader never fail but with their own clear
refusals (``MinutesError``, ``PlanFileRejected``), and a refused plan file writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st

from cypp.accounts.models import AuditEvent
from cypp.governance.minutes import MinutesError
from cypp.governance.minutes.extract import extract_minutes
from cypp.governance.minutes.files import decode_minutes_bytes
from cypp.plans.plan_files import PlanFileRejected, plan_load_text
from tests.fuzz.conftest import FUZZ, tally
from tests.fuzz.strategies import damaged

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    p for p in (ROOT / "tests" / "governance" / "minutes_pages").iterdir() if p.suffix != ".dat"
)
PLAN = ROOT / "tests" / "plans" / "fixtures" / "herefordshire-2015-2018.yaml"
PLAN_LINES = PLAN.read_text(encoding="utf-8").splitlines(keepends=True)

# Values a hand-edited plan file could hold where another belongs.
YAML_VALUES = st.sampled_from(
    ["2022-02-30", "'2022-02-30'", "2015-04-01", "2015-04-01 10:00", ".nan", ".inf", "-1",
     "99999999999", "1.0e+300", "'x'", "[]", "{}", "~", "yes", "&a [*a]", "*a", "[[[[", "'",
     '"', "|", ">", "- x", "a: b", "\t", "é", "E06000019", "884", "0x10", "1_000"]
)  # fmt: skip


@FUZZ
@given(
    content=st.one_of(
        st.sampled_from(PAGES).flatmap(lambda page: damaged(page.read_bytes())),
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )
)
def test_minutes_extract_or_refuse(content: bytes) -> None:
    try:
        with tally("minutes").case((MinutesError,)):
            extract_minutes(decode_minutes_bytes(content, name="page.html"))
    except MinutesError as error:
        assert error.reason and error.file in (None, "page.html")


def _plan_counts() -> dict[str, int]:
    counts = {
        m.__name__: m._default_manager.count() for m in apps.get_app_config("plans").get_models()
    }
    counts["AuditEvent"] = AuditEvent.objects.count()
    return counts


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """The fixture with some lines' values replaced, lines dropped or repeated, or damaged."""
    lines = list(PLAN_LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "drop", "repeat", "indent"]))
        line = lines[index]
        if kind == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(YAML_VALUES)}\n"
        elif kind == "drop":
            del lines[index]
        elif kind == "repeat":
            lines.insert(index, line)
        else:
            lines[index] = " " + line
    return "".join(lines)


@pytest.mark.django_db
@FUZZ
@given(
    text=st.one_of(
        plan_texts(),
        damaged(PLAN.read_bytes()).map(lambda data: data.decode("utf-8", "replace")),
        st.text(max_size=500),
    )
)
def test_plan_file_loads_or_refuses_cleanly(text: str) -> None:
    before = _plan_counts()
    try:
        with tally("plan files").case((PlanFileRejected,)):
            plan_load_text(text=text, file="plan.yaml")
    except PlanFileRejected as rejected:
        assert rejected.problems and all(p.file == "plan.yaml" for p in rejected.problems)
        assert _plan_counts() == before
