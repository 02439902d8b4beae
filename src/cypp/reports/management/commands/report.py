"""`cypp report board`: the board pack of a plan for a reporting period, as PDF or HTML.

The same builder and renderer as the browser's background build; this writes a file and
changes nothing in the database (publishing happens in the browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.commentary.selectors import UnknownPeriod, period_get, period_latest
from cypp.plans.selectors import UnknownPlan, plan_get
from cypp.reports.board_pack.render import pack_document, pack_fragment, pack_pdf
from cypp.reports.services import board_pack_report


class Command(BaseCommand):
    help = "Reports as files: `report board` writes a plan's board pack as PDF or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        board = sub.add_parser("board", help="Write the board pack of a plan for a period.")
        board.add_argument("--plan", required=True, help="The plan's key (see `cypp plan list`).")
        board.add_argument(
            "--period",
            help="The reporting period's key, e.g. 2017-q4 (default: the latest period ended).",
        )
        board.add_argument("--out", required=True, type=Path, help="The file to write.")
        board.add_argument("--format", choices=["pdf", "html"], default="pdf")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = plan_get(key=options["plan"])
        except UnknownPlan as error:
            raise CommandError(str(error)) from error
        try:
            period = (
                period_get(plan=plan, key=options["period"])
                if options["period"]
                else period_latest(plan=plan)
            )
        except UnknownPeriod as error:
            raise CommandError(str(error)) from error
        out: Path = options["out"]
        if not out.parent.exists():
            raise CommandError(f"{out}: the folder {out.parent} does not exist.")
        report = board_pack_report(plan=plan, period=period)
        fragment = pack_fragment(report, status_words="not published: built from the command line")
        partnership = plan.partnership.name
        if options["format"] == "html":
            document = pack_document(
                title=report.title, partnership=partnership, fragment=fragment, embed_css=True
            )
            out.write_text(document, encoding="utf-8")
            self.stdout.write(f"Wrote {out} (HTML, {len(document):,} characters).")
            return
        pdf = pack_pdf(title=report.title, partnership=partnership, fragment=fragment)
        out.write_bytes(pdf.data)
        period_words = period.label if period else "no reporting period"
        self.stdout.write(
            f"Wrote {out}: {report.title} ({period_words}), {pdf.pages} pages, "
            f"{len(report.assessments)} measures."
        )
