"""`cypp minutes extract FILE [--json]`, run in-process as a person at the command line would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import ROOT, cli, cli_json

PAGES = Path(__file__).parent / "minutes_pages"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_is_the_contract() -> None:
    assert cli_json("minutes", "extract", str(PAGES / "agreed.txt")) == {
        "title": "Children's partnership scorecard, quarter 3",
        "purpose": "To review the partnership's scorecard of measures for the third quarter of "
        "2016-17.",
        "resolutions": [
            {
                "label": None,
                "text": "It was agreed that the report be noted",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
            {
                "label": None,
                "text": "It was also agreed that the performance lead would add comparisons with "
                "statistical neighbours to the scorecard by 28 April 2017",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
            {
                "label": None,
                "text": "It was agreed that the chair would write to the further education colleges "
                "about places for care leavers before the next meeting",
                "confidence": "check",
                "reason": "a narrative agreement in the minutes, not a formal resolution",
            },
        ],
        "actions": [
            {
                "text": "the performance lead would add comparisons with statistical neighbours to "
                "the scorecard by 28 April 2017",
                "owner": "the performance lead",
                "due": "28 April 2017",
                "source": "agreement",
                "confidence": "sure",
                "reason": None,
            },
            {
                "text": "the chair would write to the further education colleges about places for "
                "care leavers before the next meeting",
                "owner": "the chair",
                "due": "the next meeting",
                "source": "agreement",
                "confidence": "sure",
                "reason": None,
            },
        ],
    }


def test_json_is_indented_and_keeps_non_ascii_characters() -> None:
    out, err = run("extract", str(PAGES / "resolved-lists.html"), "--json")
    assert out.startswith('{\n  "title": "Annual report of the local safeguarding children board",')
    assert "board’s business plan" in out
    assert err == ""


def test_the_summary_reads_as_a_list() -> None:
    assert cli("minutes", "extract", str(PAGES / "resolved-that-a.txt")) == (
        "Sharing information between agencies\n"
        "Purpose: To agree how partners will overcome the barriers to sharing data about "
        "children and families.\n"
        "\n"
        "Resolutions (3):\n"
        "  (a) the principles for sharing information set out in the paper be endorsed\n"
        "  (b) the information governance group to draft a single agreement for all partners, "
        "covering: (i) the purposes for which data may be shared; and (ii) how families will be "
        "told\n"
        "  (c) the agreement be brought back to the board within three months\n"
        "\n"
        "Actions (2):\n"
        "  1. the information governance group to draft a single agreement for all partners, "
        "covering: (i) the purposes for which data may be shared; and (ii) how families will be "
        "told\n"
        "     owner: the information governance group; due: not stated; from: resolution\n"
        "  2. the agreement be brought back to the board within three months\n"
        "     owner: not named; due: within three months; from: resolution\n"
        # The page names nobody for it: the officer is told to check, as on the review page.
        "     check: no owner named\n"
    )


@pytest.mark.parametrize("as_json", [True, False])
def test_a_page_without_decisions_prints_its_extract_and_a_note(as_json: bool) -> None:
    path = str(PAGES / "no-decisions.txt")
    out, err = run("extract", path, *(["--json"] if as_json else []))
    if as_json:
        assert json.loads(out)["resolutions"] == []
        assert json.loads(out)["actions"] == []
    else:
        assert out.startswith("Update from the youth justice partnership\n")
    assert err == f"{path}: No resolutions or actions were found in this page.\n"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "the file is empty"),
        ("binary.dat", "it is a binary file, not a web page or text"),
        ("missing.txt", "no such file"),
    ],
)
def test_bad_input_is_a_command_error_naming_the_file(name: str, reason: str) -> None:
    path = str(PAGES / name)
    with pytest.raises(CommandError) as refused:
        run("extract", path, "--json")
    assert str(refused.value).startswith(f"{path}: {reason}")


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Agenda item\n" * 200_000)
    with pytest.raises(CommandError, match=r"huge\.txt: the file is 2,400,000 bytes; a minutes"):
        run("extract", str(huge))


def test_at_the_command_line_bad_input_exits_non_zero_without_a_traceback() -> None:
    script = "from cypp.manage import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "minutes", "extract", str(PAGES / "empty.txt")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cypp.config.settings.test"},
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip() == f"CommandError: {PAGES / 'empty.txt'}: the file is empty"
    assert "Traceback" not in done.stderr
