"""`cypp rating rules`: how a partnership's measures are rated red, amber, green or grey.

The rules and their defaults are in docs/methods.md ("The rating"). Every change is kept in
the audit trail; a rule that cannot be used is refused and nothing changes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cypp.accounts.models import Partnership
from cypp.command_line import ApplicationCommand
from cypp.plans.services import partnership_rating_rules_set
from cypp.stats import RagRules


class Command(ApplicationCommand):
    help = "Show or set how a partnership's measures are rated (docs/methods.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rules = sub.add_parser("rules", help="Show, set or reset a partnership's rating rules.")
        rules.add_argument("--partnership", required=True, help="The partnership's key.")
        change = rules.add_mutually_exclusive_group()
        change.add_argument(
            "--set",
            metavar="JSON",
            help='Rules that differ from the defaults, e.g. \'{"benchmark": "neighbours"}\'.',
        )
        change.add_argument("--reset", action="store_true", help="Back to the defaults.")
        rules.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(key=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("key", flat=True))
            raise CommandError(f"No partnership {options['partnership']!r}; known: {known}.")
        if options["set"] is not None or options["reset"]:
            try:
                wanted = {} if options["reset"] else json.loads(options["set"])
            except json.JSONDecodeError as error:
                raise CommandError(f"--set: not JSON: {error}") from error
            except RecursionError as error:  # [[[[... nested beyond Python's stack
                raise CommandError("--set: not JSON: nested too deeply") from error
            partnership_rating_rules_set(by=None, partnership=partnership, rules=wanted)
        effective = asdict(RagRules.from_mapping(partnership.rating_rules))
        if options["json"]:
            self.stdout.write(
                json.dumps({"set": partnership.rating_rules, "effective": effective}, indent=2)
            )
            return
        self.stdout.write(f"Rating rules of {partnership.name} ({partnership.key}):")
        for name, value in effective.items():
            mark = "  (set)" if name in partnership.rating_rules else ""
            self.stdout.write(f"  {name}: {value}{mark}")
