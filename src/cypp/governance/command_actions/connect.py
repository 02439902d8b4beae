"""``cypp governance connect --partnership KEY --address URL``: the council's ModernGov site
the partnership's meetings come from."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.governance.command_words import partnership_named
from cypp.governance.services import committee_system_set

ACTION = "connect"
HELP = "Name the council's ModernGov site (https://democracy.example.gov.uk/)."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument("--address", required=True, help="The council's ModernGov site.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_named(options["partnership"])
    system = committee_system_set(by=None, partnership=partnership, address=options["address"])
    command.stdout.write(f"{partnership.name}: meetings come from {system.address}")
