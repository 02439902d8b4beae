"""The minutes scorer (benchmarks/eval_minutes.py) counts what it says it counts.

It runs here on a tiny corpus written for this test (two invented items, one for a
"development" council and one held out), never on the real corpus outside the repository.
Every expected figure is worked out by hand below from the labels and from what the
extractor's documented rules give for these pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_minutes  # noqa: E402

DEVELOPMENT_PAGE = """Agenda item

Early help update

Minutes:
RESOLVED – That:
(a) the update be noted;
(b) the Head of Early Help be asked to report on waiting times to the next meeting.
"""

HELD_OUT_PAGE = """Agenda item

School readiness

Minutes:
RESOLVED: That the school readiness plan be approved.
"""


def _write(folder: Path, name: str, text: str, labels: dict[str, object]) -> None:
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(labels), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    # 01_sheffield is a development council; 02_wirral is held out.
    _write(
        tmp_path,
        "01_sheffield",
        DEVELOPMENT_PAGE,
        {
            "resolutions": [
                {"label": "(a)", "text": "the update be noted;"},
                {
                    "label": "(b)",
                    "text": "the Head of Early Help be asked to report on waiting times "
                    "to the next meeting.",
                },
            ],
            "actions": [
                {
                    "text": "report on waiting times",
                    "owner": "The Head of Early Help",
                    "due": "the next meeting",
                }
            ],
        },
    )
    _write(
        tmp_path,
        "02_wirral",
        HELD_OUT_PAGE,
        {
            # Labelled with a resolution the page does not hold (a miss) and an action the
            # extractor cannot find (approving a plan asks nothing: another miss).
            "resolutions": [
                {"label": None, "text": "That the school readiness plan be approved."},
                {"label": None, "text": "That a task group on speech and language be set up."},
            ],
            "actions": [
                {"text": "set up a task group on speech and language", "owner": None, "due": None}
            ],
        },
    )
    return tmp_path


def test_matching_rule_normalises_stems_quotes_and_list_punctuation():
    assert eval_minutes.normalise("That the Director’s report be noted; and") == (
        "the director's report be noted"
    )
    assert eval_minutes.normalise("(iii) to note the planner.") == "to note the planner"
    # Dice overlap: 4 shared words of 4 and 5: 2 * 4 / 9.
    assert eval_minutes.resolution_overlap(
        "the plan be approved", "the plan be approved today"
    ) == pytest.approx(8 / 9)
    # Content words of the label ("report", "waiti", "times"): all three in the text.
    assert eval_minutes.action_overlap(
        "report on waiting times", "the Head be asked to report on waiting times"
    ) == pytest.approx(1.0)


def test_one_to_one_best_overlap_first():
    labelled = ["the plan be approved", "the plan be noted"]
    extracted = ["the plan be approved"]
    # The extracted row matches the first label exactly and the second only in part: it is
    # given to the best, and the second label is missed.
    assert eval_minutes.match(labelled, extracted, eval_minutes.resolution_overlap, 0.7) == [(0, 0)]


def test_owners_and_dues_compare_as_written_after_normalising():
    assert eval_minutes.same_owner("The Head of Early Help", "the head of early help")
    assert not eval_minutes.same_owner("officers", "the board")
    assert eval_minutes.same_owner(None, None)
    assert not eval_minutes.same_owner(None, "the board")
    assert eval_minutes.same_due("the next meeting of the committee", "the next meeting")


def test_figures_per_set(corpus: Path):
    result = eval_minutes.evaluate(corpus)
    development = result["sets"]["development"]
    held_out = result["sets"]["held out"]
    everything = result["sets"]["all"]
    # Development: both resolutions found and matched; the one action found, owner right.
    assert development["resolutions"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "matched": 2,
        "extracted": 2,
        "labelled": 2,
    }
    assert development["actions"]["matched"] == 1
    assert development["actions"]["f1"] == 1.0
    assert development["owner_accuracy"] == 1.0
    assert development["due_accuracy"] == 1.0
    # Held out: 1 of 1 extracted matches, of 2 labelled: precision 1, recall 0.5,
    # F1 2 * 1 * 0.5 / 1.5 = 0.667. No action extracted of 1 labelled: F1 0.
    assert held_out["resolutions"]["f1"] == pytest.approx(0.667, abs=0.001)
    assert held_out["actions"] == {
        "precision": 1.0,
        "recall": 0.0,
        "f1": 0.0,
        "matched": 0,
        "extracted": 0,
        "labelled": 1,
    }
    assert held_out["owner_accuracy"] is None
    # All: 3 of 3 extracted, of 4 labelled: recall 0.75, F1 1.5 / 1.75 = 0.857.
    assert everything["resolutions"]["f1"] == pytest.approx(0.857, abs=0.001)
    assert everything["items"] == 2


def test_a_missing_corpus_is_said_and_is_not_a_failure(tmp_path: Path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "eval_minutes.py"), "--corpus", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert "Minutes corpus not found" in completed.stdout


def test_the_command_prints_a_table_for_a_corpus(corpus: Path):
    completed = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "eval_minutes.py"), "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "held out" in completed.stdout
    assert "Aims (issue #18" in completed.stdout
