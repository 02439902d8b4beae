"""``cypp families publish --partnership KEY [--period 2024-25 ...]``: the cohort's counts
into the evidence store as indicators for the partnership's area (``cypp.families.publishing``),
small numbers as "c"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.families.command_actions.summary import partnership_named
from cypp.families.publishing import cohort_indicators_publish

ACTION = "publish"
HELP = "Publish the cohort's counts as indicators in the evidence store."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument(
        "--period",
        action="append",
        default=None,
        help="A financial year to publish (2024-25); again for more. Default: every year "
        "from the first episode's to the current one.",
    )


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_named(options["partnership"])
    report = cohort_indicators_publish(partnership, by=None, periods=options["period"])
    if report is None:
        command.stdout.write(f"{partnership.name} has no early help episodes: nothing to publish.")
        return
    if report.already_imported:
        command.stdout.write("Nothing has changed since the last publication.")
        return
    counts = report.as_dict()
    command.stdout.write(
        f"Published early help indicators for {partnership.name}: "
        f"{counts['rows_loaded']} new, {counts['rows_revised']} revised, "
        f"{counts['rows_unchanged']} unchanged (import {counts['batch']})."
    )
