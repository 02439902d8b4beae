"""The demo Herefordshire pack rendered to PDF through `cypp report board`: its text, its tags,
its pages, and its pages as pictures (pdftotext, pdfinfo and pdftoppm from poppler-utils)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cypp.plans.models import Measure, Priority
from tests.conftest import cli
from tests.reports.board_pack_helpers import (
    ESTIMATE_MEASURE,
    approve_commentary,
    demo_plan_with_periods,
)

pytestmark = pytest.mark.django_db


def _words(text: str) -> str:
    """Text with every run of whitespace (line ends, page ends) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def test_demo_pack_pdf_has_every_priority_and_measure_tagged_and_paged(tmp_path: Path) -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    measure = Measure.objects.get(outcome__priority__plan=plan, key="gld")
    approve_commentary(measure, period, analyst, "Fewer children reached the expected level.")
    out = tmp_path / "pack.pdf"

    printed = cli("report", "board", "--plan", plan.key, "--out", str(out))

    assert out.stat().st_size > 50_000
    assert f"{period.label}" in printed
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert fields["Title"].strip() == f"{plan.title}: board pack, {period.label}"
    assert "A4" in fields["Page size"]
    pages = int(fields["Pages"])
    measures = Measure.objects.filter(outcome__priority__plan=plan).count()
    # Front pages, contents, summary, the plan at a glance, a page per exception, appendices:
    # fewer pages than measures (every other measure is one row of the appendix).
    assert 12 <= pages <= measures
    assert f"{pages} pages" in printed

    text = _words(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(out), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for priority in Priority.objects.filter(plan=plan):
        assert priority.title in text, priority.title
    for m in Measure.objects.filter(outcome__priority__plan=plan):
        assert _words(m.title) in text, m.title
    # The estimate is flagged as an estimate beside its measure, and explained in the notes.
    assert f"{ESTIMATE_MEASURE} Estimate" in text
    assert "is an estimate, not a measured figure" in text
    # The contents page gives page numbers; the footer numbers every page.
    assert re.search(r"Summary \.+ ?\d+", text) or re.search(r"Summary \d+", text)
    assert f"Page 2 of {pages}" in text
    # The approved commentary is in; the glossary and the licence credit too.
    assert "Fewer children reached the expected level." in text
    assert "Glossary" in text and "Open Government Licence" in text

    # Every page draws (as a user would look at it): the cover and a measure page as PNG.
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "3", str(out), str(tmp_path / "page")],
        check=True,
    )
    pictures = sorted(tmp_path.glob("page-*.png"))
    assert len(pictures) == 3
    assert all(p.stat().st_size > 2_000 for p in pictures)


def test_html_format_writes_a_standalone_document(tmp_path: Path) -> None:
    plan, period, _analyst, _viewer = demo_plan_with_periods()
    out = tmp_path / "pack.html"

    cli(
        "report",
        "board",
        "--plan",
        plan.key,
        "--period",
        period.key,
        "--out",
        str(out),
        "--format",
        "html",
    )

    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert f"<title>{plan.title}: board pack, {period.label}</title>".replace("'", "&#x27;") in html
    assert 'alt="Line chart of' in html  # every chart is an image with its alternative text
    assert "<style>" in html  # the print styles travel with the file


def test_unknown_plan_or_period_is_a_clear_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    plan, _period, _analyst, _viewer = demo_plan_with_periods()
    with pytest.raises(CommandError, match="no-such-plan"):
        cli("report", "board", "--plan", "no-such-plan", "--out", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="1999-q1"):
        cli(
            "report",
            "board",
            "--plan",
            plan.key,
            "--period",
            "1999-q1",
            "--out",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="does not exist"):
        cli("report", "board", "--plan", plan.key, "--out", str(tmp_path / "nowhere" / "x.pdf"))
