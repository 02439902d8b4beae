"""`cypp minutes extract FILE [--json]`: the resolutions and actions in a published agenda
item's page, saved as text or HTML (docs/minutes-extraction.md). Saves nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cypp.command_line import ActionsCommand
from cypp.governance.minutes import MinutesExtract, extract_minutes_file

NO_DECISIONS = "No resolutions or actions were found in this page."


class Command(ActionsCommand):
    help = "Minutes of board meetings: extract the resolutions and actions from a published page."
    read_actions = frozenset({"extract"})

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        extract = sub.add_parser(
            "extract",
            help="Print the title, purpose, resolutions and actions of an agenda item's page "
            "saved as text or HTML. Nothing is saved.",
        )
        extract.add_argument(
            "file", type=Path, help="The saved page (.txt or .html), at most 2 MB."
        )
        extract.add_argument(
            "--json", action="store_true", help="Print the JSON of docs/minutes-extraction.md."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, f"_{action}")(options)

    def _extract(self, options: dict[str, Any]) -> None:
        extract = extract_minutes_file(options["file"])
        if options["json"]:
            self.stdout.write(json.dumps(extract.to_json_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(summary(extract), ending="")
        if not extract.has_decisions:
            self.stderr.write(f"{options['file']}: {NO_DECISIONS}")


def summary(extract: MinutesExtract) -> str:
    """The extract as a person reads it at the command line; a row the rules guessed says
    "check:" and why, as the review page does."""
    lines = [extract.title]
    if extract.purpose:
        lines.append(f"Purpose: {extract.purpose}")
    if extract.resolutions:
        lines += ["", f"Resolutions ({len(extract.resolutions)}):"]
        for r in extract.resolutions:
            lines.append(f"  {r.label or '-'} {r.text}")
            if r.confidence == "check":
                lines.append(f"     check: {r.reason}")
    if extract.actions:
        lines += ["", f"Actions ({len(extract.actions)}):"]
        for number, action in enumerate(extract.actions, start=1):
            lines.append(f"  {number}. {action.text}")
            lines.append(
                f"     owner: {action.owner or 'not named'}; due: {action.due or 'not stated'}; "
                f"from: {action.source}"
            )
            if action.confidence == "check":
                lines.append(f"     check: {action.reason}")
    return "\n".join(lines) + "\n"
