"""``cypp governance sync --partnership KEY [--from DATE --to DATE] [--recorded DIR]
[--json]``: meetings, agenda items, papers (as links) and draft decisions from the council's
committee system. ``sync --all --enqueue`` queues a background sync of every partnership
whose sync runs on schedule: what a timer runs (docs/deployment.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.command_line import date_argument
from cypp.governance.command_words import (
    partnership_named,
    recorded_transport,
    sync_json,
    sync_words,
)
from cypp.governance.models import CommitteeSystem
from cypp.governance.services import committee_sync, committee_sync_request

ACTION = "sync"
HELP = "Create or update meetings from the council's committee system (ModernGov)."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--partnership", help="The partnership's key.")
    which.add_argument(
        "--all",
        action="store_true",
        help="Every partnership whose sync runs on schedule (with --enqueue).",
    )
    parser.add_argument(
        "--enqueue", action="store_true", help="Queue the syncs for the background worker."
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        type=date_argument,
        default=None,
        help="First day (YYYY-MM-DD; default 90 days ago).",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=date_argument,
        default=None,
        help="Last day (YYYY-MM-DD; default 90 days ahead).",
    )
    parser.add_argument(
        "--recorded", type=Path, default=None, help="Read recorded responses from this folder."
    )
    parser.add_argument("--json", action="store_true", help="Print the sync's record as JSON.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["all"]:
        if not options["enqueue"]:
            raise CommandError("--all queues the syncs: give --enqueue too.")
        systems = CommitteeSystem.objects.filter(sync_on_schedule=True).select_related(
            "partnership"
        )
        keys = []
        for system in systems:
            committee_sync_request(by=None, partnership=system.partnership)
            keys.append(system.partnership.key)
        command.stdout.write(
            f"Syncs queued: {len(keys)}" + (f" ({', '.join(keys)})" if keys else "")
        )
        return
    partnership = partnership_named(options["partnership"])
    if options["enqueue"]:
        committee_sync_request(by=None, partnership=partnership)
        command.stdout.write(f"Sync of {partnership.name} queued.")
        return
    run = committee_sync(
        by=None,
        partnership=partnership,
        date_from=options["date_from"],
        date_to=options["date_to"],
        transport=recorded_transport(options["recorded"]),
    )
    if options["json"]:
        command.stdout.write(json.dumps(sync_json(run), indent=2, ensure_ascii=False))
    else:
        command.stdout.write(sync_words(run))
