"""``cypp voice alerts [--json]``: send every safeguarding alert not yet sent and escalate
every one not acknowledged by its deadline (``services_alerts.alerts_sweep``); prints what
it did. Run by a timer every few minutes and before the worker starts (``make run``), so an
alert whose e-mail was lost to a killed process or a restart still goes out. Safe to run
again, and beside another run."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.voice.services_alerts import alerts_sweep

ACTION = "alerts"
HELP = "Send safeguarding alerts not yet sent and escalate overdue ones."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help='Print {"notified", "escalated", "escalation_notified", "unsent"}: alert ids.',
    )


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    report = alerts_sweep()
    if options["json"]:
        command.stdout.write(json.dumps(report.as_dict()))
        return
    if report.unsent:
        # Said whatever the verbosity: an alert nobody was told of needs a person to act.
        command.stderr.write(
            f"Could not e-mail about safeguarding alert(s) {_ids(report.unsent)}: no address "
            "or the mail server failed (see the log). They are tried again at the next run."
        )
    if options.get("verbosity", 1) < 1:
        return
    lines = [
        f"Sent {len(report.notified)} alert(s) to their safeguarding contact"
        + (f" ({_ids(report.notified)})." if report.notified else "."),
        f"Escalated {len(report.escalated)} alert(s) not acknowledged by their deadline"
        + (f" ({_ids(report.escalated)})." if report.escalated else "."),
        f"Sent {len(report.escalation_notified)} escalation(s)"
        + (f" ({_ids(report.escalation_notified)})." if report.escalation_notified else "."),
    ]
    command.stdout.write("\n".join(lines))
