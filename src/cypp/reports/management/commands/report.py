"""`cypp report board` and `cypp report scorecard`: a plan's board pack (PDF or HTML) and
scorecard (text or JSON) for a reporting period. `cypp report readiness`: what the pack for
a period would be missing (text or JSON). `cypp report recover`: mark failed the packs
whose worker died mid-build (for a service to run before the worker starts, or on a timer).

`board` and `scorecard` use the same builders and rating engine as the browser and change
nothing in the database (publishing happens in the browser)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import assessments_published
from cypp.assessment.scorecard import scorecard_json
from cypp.command_line import ActionsCommand
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import UnknownPeriod, period_get, period_latest
from cypp.disclosure import MARK
from cypp.plans.models import Plan
from cypp.plans.selectors import UnknownPlan, plan_get
from cypp.reports.board_pack.render import pack_document, pack_fragment, pack_pdf
from cypp.reports.builds import board_pack_recover_stalled, board_pack_report, stalled_after
from cypp.reports.readiness import DATA_OLD, pack_readiness


class Command(ActionsCommand):
    help = "Reports as files: `report board` writes a plan's board pack as PDF or HTML."
    read_actions = frozenset({"board", "readiness", "scorecard"})

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
        card = sub.add_parser(
            "scorecard", help="Every measure's judgements, as at a reporting period."
        )
        card.add_argument("--plan", required=True, help="The plan's key (see `cypp plan list`).")
        card.add_argument(
            "--period",
            help="A reporting period's key, e.g. 2017-q4: only data for periods ended by its "
            "end (default: all the data there is).",
        )
        card.add_argument("--json", action="store_true", help="Print JSON.")
        ready = sub.add_parser(
            "readiness",
            help="What a plan's board pack for a period would be missing: commentary, data "
            "older than expected, overdue actions.",
        )
        ready.add_argument("--plan", required=True, help="The plan's key (see `cypp plan list`).")
        ready.add_argument(
            "--period",
            help="The reporting period's key, e.g. 2018-q1 (default: the latest period ended).",
        )
        ready.add_argument("--json", action="store_true", help="Print JSON.")
        recover = sub.add_parser(
            "recover",
            help="Mark failed the board packs whose worker stopped mid-build, so they can be "
            "built again.",
        )
        recover.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep checking, every SECONDS seconds, until stopped (default: check once).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "recover":
            self._recover(options["every"], quiet=options["verbosity"] == 0)
            return
        try:
            plan = plan_get(key=options["plan"])
        except UnknownPlan as error:
            raise CommandError(str(error)) from error
        if options["action"] == "scorecard":
            self._scorecard(plan, options)
            return
        if options["action"] == "readiness":
            self._readiness(plan, options)
            return
        period = _period_chosen(plan, options["period"])
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

    def _recover(self, every: int | None, *, quiet: bool = False) -> None:
        if every is not None and every < 1:
            raise CommandError("--every: give a number of seconds of 1 or more.")
        minutes = int(stalled_after().total_seconds() // 60)
        while True:
            recovered = board_pack_recover_stalled()
            if recovered:
                ids = ", ".join(str(pk) for pk in recovered)
                self.stdout.write(
                    f"Marked {len(recovered)} board pack(s) failed (no heartbeat for "
                    f"{minutes} minute{'' if minutes == 1 else 's'}; the worker stopped): {ids}."
                )
            elif every is None and not quiet:
                self.stdout.write("No board pack is stuck.")
            if every is None:
                return
            time.sleep(every)

    def _scorecard(self, plan: Any, options: dict[str, Any]) -> None:
        as_at = None
        if options["period"]:
            try:
                period = period_get(plan=plan, key=options["period"])
            except UnknownPeriod as error:
                raise CommandError(str(error)) from error
            as_at = AsAt(end=period.end, period=period.label)
        # As published, as the pages, the API and the public site give it: a local small
        # number is withheld here too, so every way of reading the scorecard says the same.
        assessments = assessments_published(plan_assessments(plan=plan, as_at=as_at))
        data = scorecard_json(plan_key=plan.key, as_at=as_at, assessments=list(assessments))
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        when = (
            f"as at {as_at.period} (data for periods ended by {as_at.end:%d %B %Y})"
            if as_at
            else "on the latest data"
        )
        self.stdout.write(f"{plan.title}: scorecard, {when}")
        for m in data["measures"]:
            latest = m["latest"]
            if latest is None:
                figure = "no figure"
            elif latest["value"] is None:  # withheld: a small number
                figure = f"{MARK} in {latest['period']}"
            else:
                figure = f"{latest['value']:g} in {latest['period']}"
            flag = "  EXCEPTION" if m["exception"] else ""
            self.stdout.write(f"  {m['rating']['colour'].upper():5}  {m['title']}: {figure}{flag}")
            self.stdout.write(f"         {m['rating']['reason']}")

    def _readiness(self, plan: Any, options: dict[str, Any]) -> None:
        """The readiness check as text or JSON; exit code 0 with or without gaps."""
        period = _period_chosen(plan, options["period"])
        readiness = pack_readiness(plan=plan, period=period)
        if options["json"]:
            self.stdout.write(json.dumps(readiness.as_json(), indent=2, ensure_ascii=False))
            return
        when = period.label if period else "no reporting period"
        self.stdout.write(f"{plan.title}: is the board pack for {when} ready?")
        self.stdout.write(f"Data as at: {readiness.data_as_at_words}.")
        for note in readiness.notes:
            self.stdout.write(note)
        if readiness.ready:
            self.stdout.write("Ready: nothing is missing.")
        else:
            gaps = len(readiness.gaps)
            self.stdout.write(f"Not ready: {gaps} kind{'' if gaps == 1 else 's'} of gap.")
        for gap in readiness.checks:
            self.stdout.write(f"  {gap.title}: {gap.count}")
            for item in gap.items:
                detail = f": {item.detail}" if item.detail else ""
                self.stdout.write(f"    - {item.title} (owner: {item.owner}){detail}")
            if gap.note and gap.kind == DATA_OLD:
                self.stdout.write(f"    Rule: {gap.note}")


def _period_chosen(plan: Plan, key: str | None) -> ReportingPeriod | None:
    """The reporting period ``--period`` names, or without it the latest period ended (None
    when there is none); an unknown key stops the command with the reason."""
    try:
        return period_get(plan=plan, key=key) if key else period_latest(plan=plan)
    except UnknownPeriod as error:
        raise CommandError(str(error)) from error
