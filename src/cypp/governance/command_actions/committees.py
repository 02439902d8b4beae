"""``cypp governance committees --partnership KEY [--recorded DIR] [--json]``: the
committees of the partnership's committee system, and which body each is. Saves nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.governance.command_words import partnership_named, recorded_transport
from cypp.governance.models import Body
from cypp.governance.selectors import committees_offered

ACTION = "committees"
HELP = "List the committees of the council's committee system (GetCommittees)."
READS_ONLY = True


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument(
        "--recorded", type=Path, default=None, help="Read recorded responses from this folder."
    )
    parser.add_argument("--json", action="store_true", help="Print the committees as JSON.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_named(options["partnership"])
    committees = committees_offered(partnership, recorded_transport(options["recorded"]))
    boards = dict(
        Body.objects.filter(partnership=partnership, committee_id__isnull=False).values_list(
            "committee_id", "key"
        )
    )
    if options["json"]:
        rows = [
            {
                "id": c.id,
                "title": c.title,
                "category": c.category,
                "expired": c.expired,
                "body": boards.get(c.id),
            }
            for c in committees
        ]
        command.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for c in committees:
        notes = [n for n in ("expired" if c.expired else "", boards.get(c.id, "")) if n]
        command.stdout.write(f"{c.id:>6}  {c.title}" + (f"  ({', '.join(notes)})" if notes else ""))
