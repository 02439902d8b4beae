"""``cypp families import --partnership KEY DIR [--json] [--force]``: import an SSD extract,
all or nothing (``cypp.families.services_import.families_import``; the files and columns are
in docs/families.md, "Importing from the SSD")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.families.services_import import OBJECTS, ImportRejected, ImportResult, families_import

ACTION = "import"
HELP = "Import an SSD extract (a folder of CSV files); all or nothing."
READS_ONLY = False

# How each object is named in the printed counts.
OBJECT_WORDS = {
    "professionals": "professionals",
    "families": "families",
    "people": "people",
    "episodes": "early help episodes",
    "involvements": "involvements",
    "evidence": "evidence readings",
}


class UnknownPartnership(ApplicationError):
    """No partnership has the key given."""


def partnership_for(key: str) -> Partnership:
    """The partnership with this key, or a refusal naming the key."""
    found = Partnership.objects.filter(key=key).first()
    if found is None:
        raise UnknownPartnership(f"There is no partnership with the key {key!r}.")
    return found


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument("directory", type=Path, help="The folder holding the extract's CSVs.")
    parser.add_argument(
        "--force",
        action="store_true",
        help="Compare the files again even if the last import had the same ones.",
    )
    parser.add_argument("--json", action="store_true", help="Print the counts as JSON.")


def result_words(result: ImportResult) -> list[str]:
    """The counts in words, a line each."""
    if result.already_imported:
        return [
            f"{result.directory} was already imported (import {result.import_id}): the files "
            "are the same as last time, so nothing changed. Use --force to compare them again."
        ]
    lines = [
        f"Imported {result.directory} (import {result.import_id}): {result.rows_read} rows read."
    ]
    for name in OBJECTS:
        c = result.counts[name]
        line = (
            f"  {OBJECT_WORDS[name]}: {c['new']} new, {c['changed']} changed, "
            f"{c['unchanged']} unchanged"
        )
        if c["not_in_extract"]:
            line += f", {c['not_in_extract']} kept though not in this extract"
        lines.append(line)
    lines += [f"  warning: {warning}" for warning in result.warnings]
    return lines


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_for(options["partnership"])
    try:
        result = families_import(partnership, options["directory"], by=None, force=options["force"])
    except ImportRejected as rejected:
        if options["json"]:
            command.stdout.write(
                json.dumps(
                    {"rejected": True, "problems": [p.as_dict() for p in rejected.problems]},
                    indent=2,
                )
            )
        else:
            for problem in rejected.problems:
                command.stdout.write(str(problem))
        raise CommandError(
            f"Import rejected: {len(rejected.problems)} problem(s); nothing was changed."
        ) from rejected
    if options["json"]:
        command.stdout.write(json.dumps(result.as_dict(), indent=2))
        return
    for line in result_words(result):
        command.stdout.write(line)
