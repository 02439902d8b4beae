"""Nothing lost: a plan file cut short is refused, and what a load or an edit deletes comes
back whole (issue #12, part 2).

The demo plan of Herefordshire 2015-2018 with the demo's commentary, governance and people,
then its file cut at a line break inside the early years priority: after the outcome
'breastfeeding' (line 117 of the file), so the outcomes 'school-ready' (with the measure
'gld' and its two commentaries) and 'free-childcare', the four priorities after it, the
commitments and the budget are missing, and the file is still valid YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Model

from cypp.commentary.models import CommentaryRevision, MeasureCommentary, QualitativeEvidence
from cypp.commentary.services import measure_commentary_save
from cypp.demo.loader import demo_load
from cypp.governance.models import PlanLink
from cypp.plans.deleted_items import RestoreRefused, deleted_item_restore
from cypp.plans.models import (
    BudgetLine,
    Commitment,
    CommitmentMilestone,
    DeletedItem,
    Measure,
    MeasureValue,
    Milestone,
    Outcome,
    Plan,
    Priority,
    ProgressNote,
)
from cypp.plans.plan_files import PlanFileRejected, plan_load_text
from cypp.plans.plan_files.deletions import DeletionsNotConfirmed
from cypp.plans.services import plan_part_delete
from tests.conftest import DEMO_DATA, cli, cli_json

pytestmark = pytest.mark.django_db

PLAN = "herefordshire-2015-2018"
FILE = Path(__file__).resolve().parents[2] / "demo" / "plans" / f"{PLAN}.yaml"
CUT_AFTER_LINE = 117  # the last line of the outcome 'breastfeeding' (read from the file)
COUNTED: tuple[type[Model], ...] = (
    Priority,
    Outcome,
    Measure,
    MeasureValue,
    Milestone,
    Commitment,
    CommitmentMilestone,
    ProgressNote,
    BudgetLine,
    MeasureCommentary,
    CommentaryRevision,
    QualitativeEvidence,
    PlanLink,
)


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[int]:
    """The demo, with the returned commentary on 'gld' written again by its contributor, so
    that it has a revision (the text it replaced) to lose and to bring back. Loaded once for
    the module (a load takes seconds) and rolled back at its end; each test's own
    transaction inside it rolls back what the test did."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(data_dir=DEMO_DATA, say=lambda _m: None)
        returned = MeasureCommentary.objects.get(measure__key="gld", status="returned")
        measure_commentary_save(
            measure=returned.measure,
            period=returned.period,
            by=User.objects.get(username="contributor"),
            next_steps="Share the checklist with every childminder and nursery by June.",
        )
        yield Plan.objects.get(key=PLAN).pk
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded: int) -> Plan:
    return Plan.objects.get(pk=demo_loaded)


def _cut_text() -> str:
    lines = FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[CUT_AFTER_LINE].strip() == "- key: school-ready"  # the cut is where we say
    return "".join(lines[:CUT_AFTER_LINE])


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def _commentary_texts() -> list[tuple[Any, ...]]:
    """Every commentary and revision as it stands: ids, texts, statuses, times, authors."""
    commentaries = [
        (
            c.pk,
            c.measure_id,
            c.period_id,
            c.status,
            c.story_behind_curve,
            c.what_is_working,
            c.next_steps,
            c.partners,
            c.return_reason,
            c.written_by_id,
            c.updated_at,
            c.submitted_at,
            c.decided_at,
        )
        for c in MeasureCommentary.objects.order_by("pk")
    ]
    revisions = [
        (r.pk, r.commentary_id, r.evidence_id, r.text, r.status, r.written_at, r.replaced_at)
        for r in CommentaryRevision.objects.order_by("pk")
    ]
    return commentaries + revisions


def test_the_demo_file_cut_inside_a_priority_is_refused_and_changes_nothing(demo: Plan) -> None:
    gld = Measure.objects.get(outcome__priority__plan=demo, key="gld")
    # The demo writes two commentaries on 'gld' (2017-q4 approved, 2018-q1 returned).
    assert MeasureCommentary.objects.filter(measure=gld).count() == 2
    before, texts = _counts(), _commentary_texts()
    with pytest.raises(DeletionsNotConfirmed) as refused:
        plan_load_text(text=_cut_text(), file=f"{PLAN}.yaml")
    message = str(refused.value)
    assert message.startswith("Plan file rejected:")
    assert (
        f"{PLAN}.yaml: priorities[early-years].outcomes[school-ready]: loading would delete "
        "outcome 'school-ready' with 3 measures, 2 commentaries and 1 commentary revision; "
        "check the file is complete, or run again with --confirm-deletions" in message
    )
    # Four outcomes and six measures under 'safeguarding' in the file, and the governance
    # demo's decisions about them.
    assert "priority 'safeguarding' with 4 outcomes, 6 measures and " in message
    assert {d.path for d in refused.value.doomed} >= {
        "priorities[early-years].outcomes[school-ready]",
        "priorities[safeguarding]",
    }
    assert _counts() == before
    assert _commentary_texts() == texts
    assert not DeletedItem.objects.exists()


def test_the_command_refuses_the_cut_file_and_names_what_would_go(
    demo: Plan, tmp_path: Path
) -> None:
    cut = tmp_path / f"{PLAN}.yaml"
    cut.write_text(_cut_text(), encoding="utf-8")
    before = _counts()
    with pytest.raises(CommandError) as refused:
        cli("plan", "load", str(cut))
    assert "loading would delete outcome 'school-ready' with 3 measures" in str(refused.value)
    assert "run again with --confirm-deletions" in str(refused.value)
    assert _counts() == before
    diff = cli("plan", "diff", PLAN, str(cut)).splitlines()
    assert (
        "Loading would delete parts that carry people's work (kept, and restorable, but the "
        "load needs --confirm-deletions):" in diff
    )
    assert (
        "  priorities[early-years].outcomes[school-ready]: outcome 'school-ready' with "
        "3 measures, 2 commentaries and 1 commentary revision" in diff
    )
    assert cli("plan", "restore", "--plan", PLAN) == (
        f"Nothing deleted from {PLAN} has been kept.\n"
    )
    with pytest.raises(CommandError, match="No deleted item 999999 in plan"):
        cli("plan", "restore", "--plan", PLAN, "--item", "999999")
    assert _counts() == before


def test_confirmed_deletions_are_kept_and_restore_with_their_commentary(
    demo: Plan, tmp_path: Path
) -> None:
    before, texts = _counts(), _commentary_texts()
    cut = tmp_path / f"{PLAN}.yaml"
    cut.write_text(_cut_text(), encoding="utf-8")
    out = cli("plan", "load", str(cut), "--confirm-deletions")
    assert out.splitlines()[0].startswith(f"Updated plan {PLAN} from {PLAN}.yaml:")
    assert f"see `cypp plan restore --plan {PLAN} --list`." in out
    assert not Measure.objects.filter(outcome__priority__plan=demo, key="gld").exists()
    # Two of the demo's four commentaries were on 'gld'.
    assert MeasureCommentary.objects.count() == before["MeasureCommentary"] - 2
    kept = {d.path: d for d in DeletedItem.objects.filter(plan=demo)}
    # The parts the file lost, each once (what hangs from a part is inside its snapshot).
    assert set(kept) == {
        "priorities[early-years].outcomes[school-ready]",
        "priorities[early-years].outcomes[free-childcare]",
        "priorities[mental-health]",
        "priorities[safeguarding]",
        "priorities[adolescents]",
        "priorities[disabilities]",
        *{f"commitments[{c}]" for c in _keys(FILE, "commitments")},
        *{f"budget[{b}]" for b in _keys(FILE, "budget")},
    }
    school_ready = kept["priorities[early-years].outcomes[school-ready]"]
    assert school_ready.carried["commentaries"] == 2
    assert school_ready.carried["commentary revisions"] == 1

    listing = cli_json("plan", "restore", "--plan", PLAN, "--list")
    assert {row["path"] for row in listing} == set(kept)
    for item in kept.values():
        out = cli("plan", "restore", "--plan", PLAN, "--item", str(item.pk))
        assert out.startswith(f"Restored {item.kind} {item.key!r} to {PLAN}")
    assert _counts() == before
    assert _commentary_texts() == texts
    assert cli("plan", "diff", PLAN, str(FILE)).startswith("No changes")


def _keys(path: Path, section: str) -> list[str]:
    """The keys of a top-level list of the plan (commitments, budget), read from the file."""
    keys, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") and not line.startswith("   "):
            inside = line.strip() == f"{section}:"
        elif inside and line.startswith("    - key: "):
            keys.append(line.split(": ", 1)[1].strip())
    return keys


def test_a_part_deleted_in_the_browser_comes_back_with_everything(demo: Plan) -> None:
    before, texts = _counts(), _commentary_texts()
    gld = Measure.objects.get(outcome__priority__plan=demo, key="gld")
    plan_part_delete(by=None, plan=demo, instance=gld, fields=["title"])
    item = DeletedItem.objects.get(plan=demo)
    assert (item.kind, item.key, item.reason) == ("measure", "gld", "deleted in CYPP")
    assert item.carried["commentaries"] == 2
    assert _counts()["MeasureCommentary"] == before["MeasureCommentary"] - 2
    deleted_item_restore(item=item)
    assert _counts() == before
    assert _commentary_texts() == texts
    with pytest.raises(RestoreRefused, match="was restored on"):
        deleted_item_restore(item=item)


def test_a_measure_whose_outcome_has_gone_is_not_restored(demo: Plan) -> None:
    gld = Measure.objects.get(outcome__priority__plan=demo, key="gld")
    outcome = gld.outcome
    plan_part_delete(by=None, plan=demo, instance=gld, fields=["title"])
    plan_part_delete(by=None, plan=demo, instance=outcome, fields=["title"])
    measure_item = DeletedItem.objects.get(kind="measure")
    before = _counts()
    with pytest.raises(RestoreRefused, match="the outcome measure gld belonged to"):
        deleted_item_restore(item=measure_item)
    assert _counts() == before
    deleted_item_restore(item=DeletedItem.objects.get(kind="outcome"))
    deleted_item_restore(item=measure_item)
    assert MeasureCommentary.objects.filter(measure__key="gld").count() == 2


def test_a_key_taken_since_is_refused(demo: Plan) -> None:
    gld = Measure.objects.get(outcome__priority__plan=demo, key="gld")
    outcome = gld.outcome
    plan_part_delete(by=None, plan=demo, instance=gld, fields=["title"])
    Measure.objects.create(outcome=outcome, key="gld", title="A new measure with the same key")
    with pytest.raises(RestoreRefused, match="gld"):
        deleted_item_restore(item=DeletedItem.objects.get(kind="measure"))
    assert Measure.objects.get(outcome=outcome, key="gld").title.startswith("A new measure")


def test_a_file_without_a_final_line_break_is_loaded_with_a_warning(demo: Plan) -> None:
    text = FILE.read_text(encoding="utf-8").rstrip("\n").replace('version: "1.9"', 'version: "2.0"')
    result = plan_load_text(text=text, file="short.yaml")
    assert result.warnings == [
        "short.yaml does not end with a line break, as a saved or exported plan file does; "
        "check it was not cut short"
    ]


def test_deletions_that_carry_nothing_need_no_confirmation(demo: Plan) -> None:
    text = FILE.read_text(encoding="utf-8")
    # The principle 'listen' is one line of text: removing it deletes nothing people wrote.
    text = text.replace("    - key: listen\n      text: Listen to children's voices.\n", "", 1)
    result = plan_load_text(text=text, file=f"{PLAN}.yaml")
    assert "removed  principles[listen]" in [str(c) for c in result.changes]
    assert [d.path for d in result.deleted] == ["principles[listen]"]


def test_a_rejected_file_is_still_a_plan_file_rejection(demo: Plan) -> None:
    # Callers that catch PlanFileRejected (the API, the command) catch the refusal too.
    assert issubclass(DeletionsNotConfirmed, PlanFileRejected)
