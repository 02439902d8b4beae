"""`cypp backup --out FILE`: the database and the stored files in one checked file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cypp.command_line import ApplicationCommand
from cypp.operations.backups import backup_create


def manifest_summary(manifest: dict[str, Any]) -> str:
    rows = sum(manifest["row_counts"].values())
    return (
        f"a {manifest['engine']} database made {manifest['created_at']} by CYPP "
        f"{manifest['cypp_version']}: {len(manifest['row_counts'])} tables, {rows:,} rows, "
        f"{len(manifest['migrations'])} migrations applied, {len(manifest['files'])} stored files"
    )


class Command(ApplicationCommand):
    help = (
        "Back up the database and the stored files (board packs, papers) to one file. "
        "Safe while the site runs: the database is copied as one consistent snapshot."
    )

    # No system checks: a backup or restore must work when the site itself does not (a bad
    # setting, an upgrade half done), which is when it is needed most.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="The backup file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        manifest = backup_create(out=out)
        size = out.stat().st_size
        self.stdout.write(f"{out}: {manifest_summary(manifest)}; {size / 1e6:.1f} MB.")
