"""``cypp governance board --partnership KEY --body BODY --committee ID``: which committee of
the committee system this body is (``--committee none``: none any more)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.governance.command_words import partnership_named
from cypp.governance.models import Body
from cypp.governance.services import body_committee_set

ACTION = "board"
HELP = "Say which committee of the committee system a body is."
READS_ONLY = False


def committee_argument(text: str) -> int | None:
    if text.strip().lower() == "none":
        return None
    if not text.strip().isdigit():
        raise CommandError(f"{text!r} is not a committee number (or none).")
    return int(text)


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--partnership", required=True, help="The partnership's key.")
    parser.add_argument("--body", required=True, help="The body's key.")
    parser.add_argument(
        "--committee",
        required=True,
        type=committee_argument,
        help="The committee's number (cypp governance committees lists them), or none.",
    )


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    partnership = partnership_named(options["partnership"])
    body = Body.objects.filter(partnership=partnership, key=options["body"]).first()
    if body is None:
        raise CommandError(f"{partnership.name} has no body with the key {options['body']!r}.")
    body = body_committee_set(by=None, body=body, committee_id=options["committee"])
    if body.committee_id is None:
        command.stdout.write(f"{body.name} is no committee of the committee system now.")
    else:
        command.stdout.write(f"{body.name} is committee {body.committee_id}.")
