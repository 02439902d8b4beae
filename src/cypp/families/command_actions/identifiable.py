"""``cypp families identifiable --partnership KEY on|off``: whether the partnership keeps
names and full dates of birth from its extracts (off by default). Turning it off also
removes what is held; both are in the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.families.command_actions.import_ssd import partnership_for
from cypp.families.services_import import families_identifiable_set

ACTION = "identifiable"
HELP = "Turn identifiable data (names, full dates of birth) on or off for a partnership."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument("state", choices=["on", "off"], help="on: keep names; off: refuse them.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_for(options["partnership"])
    on = options["state"] == "on"
    result = families_identifiable_set(partnership=partnership, on=on, by=None)
    if not result.changed:
        command.stdout.write(
            f"Identifiable data was already {options['state']} for {partnership.name}."
        )
        return
    if on:
        command.stdout.write(
            f"Identifiable data is now on for {partnership.name}: the next import keeps names "
            "and full dates of birth (import again with --force to take them from the same "
            "files)."
        )
        return
    command.stdout.write(
        f"Identifiable data is now off for {partnership.name}: {result.names_removed} names "
        f"removed, {result.dates_shortened} dates of birth kept as month and year only."
    )
