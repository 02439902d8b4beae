"""``cypp voice retention [--dry-run] [--today DATE] [--json]``: delete the answers past
their survey's retention period (``cypp.voice.retention``); run daily by a systemd timer
(docs/deployment.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.command_line import date_argument
from cypp.voice.retention import RetentionReport, retention_run

ACTION = "retention"
HELP = "Delete the answers whose retention period has passed (kept while an alert is open)."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="Say what would be deleted; delete nothing."
    )
    parser.add_argument("--today", type=date_argument, help="Run as if on this day (YYYY-MM-DD).")
    parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")


def report_words(report: RetentionReport) -> list[str]:
    would = "would be " if report.dry_run else ""
    if not report.waves:
        return [f"No answers are past their retention period on {report.today.isoformat()}."]
    lines = []
    for wave in report.waves:
        line = (
            f"{wave.survey} wave {wave.wave} (kept until {wave.kept_until.isoformat()}): "
            f"{wave.responses} response(s) and {wave.answers} answer(s) {would}deleted"
        )
        if wave.alerts_closed:
            line += f", with {wave.alerts_closed} closed safeguarding alert(s)"
        if wave.kept_for_alerts:
            line += (
                f"; {wave.kept_for_alerts} response(s) kept while their safeguarding alert "
                "is not closed"
            )
        lines.append(line + ".")
    return lines


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    report = retention_run(today=options["today"], dry_run=options["dry_run"])
    if options["json"]:
        command.stdout.write(json.dumps(report.as_dict(), indent=2))
        return
    for line in report_words(report):
        command.stdout.write(line)
