"""`cypp demo load` and `cypp demo reset`: the demo partnerships, from the data inside the
repository. Loading is done once (a second run adds only what is new); reset starts over."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.demo.loader import DEMO_PARTNERSHIPS, demo_load, demo_reset, demo_reset_summary


class Command(BaseCommand):
    stealth_options = ("stdin",)  # tests answer the prompt through call_command(stdin=...)
    help = (
        "load: load the demo once (a second run adds only what was never loaded and changes "
        "nothing). reset: delete the demo partnerships' data and load it again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "reset"])
        parser.add_argument("--data-dir", type=Path, help="Default: demo/data in the repository.")
        parser.add_argument(
            "--yes", action="store_true", help="reset without asking (for scripts)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reset":
            self._confirm(options)
            demo_reset(data_dir=options["data_dir"], say=self.stdout.write)
            return
        demo_load(data_dir=options["data_dir"], say=self.stdout.write)

    def _confirm(self, options: dict[str, Any]) -> None:
        if options["yes"]:
            return
        stdin = options.get("stdin") or sys.stdin
        if not stdin.isatty():
            raise CommandError(
                "cypp demo reset deletes data and asks first, but there is no terminal to "
                "ask at; run it with --yes to go ahead without asking."
            )
        keys = " ".join(DEMO_PARTNERSHIPS)
        self.stdout.write(f"This deletes {demo_reset_summary()}, and loads the demo again.")
        self.stdout.write(f"Type the partnership keys to confirm ({keys}): ", ending="")
        self.stdout.flush()
        answer = " ".join(stdin.readline().replace(",", " ").split())
        if answer != keys:
            raise CommandError("Not confirmed; nothing was deleted.")
