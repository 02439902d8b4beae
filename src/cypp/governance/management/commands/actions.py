"""`cypp actions remind`: e-mail each owner their overdue actions and those due soon."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.command_line import date_argument
from cypp.governance.reminders import actions_remind


class Command(BaseCommand):
    help = "Board actions: remind owners of overdue actions and those due soon."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser(
            "remind", help="E-mail each owner their overdue actions and those due soon."
        )
        remind.add_argument("--today", type=date_argument, help="YYYY-MM-DD (default: today)")
        remind.add_argument("--days", type=int, default=14, help="Due within (default 14).")
        remind.add_argument("--dry-run", action="store_true", help="Say who; send nothing.")
        remind.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        result = actions_remind(
            today=options["today"], within_days=options["days"], dry_run=options["dry_run"]
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "actions": result.actions,
                        "sent": result.sent,
                        "unreachable": result.unreachable,
                        "dry_run": options["dry_run"],
                    }
                )
            )
            return
        verb = "Would e-mail" if options["dry_run"] else "E-mailed"
        self.stdout.write(
            f"{result.actions} action(s) overdue or due soon. {verb} {len(result.sent)} "
            f"owner(s): {', '.join(result.sent) or 'none'}."
        )
        if result.unreachable:
            self.stdout.write(
                f"{len(result.unreachable)} action(s) have no owner with an e-mail address "
                f"(ids {', '.join(map(str, result.unreachable))})."
            )
