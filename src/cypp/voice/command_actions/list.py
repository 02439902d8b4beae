"""``cypp voice list [--partnership KEY] [--json]``: the surveys loaded. With ``--json``, a
list of ``{"key", "title", "partnership", "waves"}``, ``waves`` the wave keys in the order
they open: read by other tools, so the keys are a contract (docs/voice.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.accounts.models import Partnership

ACTION = "list"
HELP = "List the surveys loaded, with their waves."
READS_ONLY = True


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", help="Only this partnership's surveys (its key).")
    parser.add_argument(
        "--json", action="store_true", help='Print [{"key", "title", "partnership", "waves"}].'
    )


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.voice.selectors_surveys import surveys_listed

    key = options.get("partnership")
    if key and not Partnership.objects.filter(key=key).exists():
        known = ", ".join(Partnership.objects.order_by("key").values_list("key", flat=True))
        raise CommandError(f"No partnership {key!r}; known: {known}.")
    surveys = surveys_listed(key)
    if options["json"]:
        command.stdout.write(json.dumps(surveys, indent=2))
        return
    if not surveys:
        command.stdout.write("No survey is loaded; see `cypp voice survey load FILE`.")
    for s in surveys:
        waves = ", ".join(s["waves"]) or "no waves"
        command.stdout.write(f"{s['key']} ({s['partnership']}): {s['title']}; waves {waves}")
