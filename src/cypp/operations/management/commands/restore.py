"""`cypp restore FILE`: replace the database and the stored files with a backup's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cypp.command_line import ApplicationCommand
from cypp.operations.backups import (
    backup_restore,
    backup_verify,
    migrations_compare,
)
from cypp.operations.management.commands.backup import manifest_summary


class Command(ApplicationCommand):
    help = (
        "Restore a backup made by `cypp backup`, replacing the whole database and the stored "
        "files. Stop the site and the worker first. Asks for confirmation unless --yes."
    )

    # No system checks: a backup or restore must work when the site itself does not (a bad
    # setting, an upgrade half done), which is when it is needed most.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A backup file made by `cypp backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        manifest = backup_verify(path=path)
        self.stdout.write(f"{path}: checked; {manifest_summary(manifest)}.")
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Restoring replaces the whole database; pass --yes to confirm when not "
                    "at a terminal. Nothing was changed."
                )
            answer = input("This replaces the whole database and the stored files. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Not restored; nothing was changed.")
        backup_restore(path=path)
        _unknown, pending = migrations_compare(manifest)
        self.stdout.write(f"Restored {path}.")
        if pending:
            self.stdout.write(
                f"The backup predates {len(pending)} migrations of this version: run "
                "`cypp migrate` before starting the site."
            )
