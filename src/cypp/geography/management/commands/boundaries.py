"""`cypp boundaries build --source FILE`: remake the explorer map's compact England copy of
the ONS upper-tier boundaries (see ``cypp.geography.boundaries``)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.geography.boundaries import DATA_FILE, boundaries_write


class Command(BaseCommand):
    help = "Boundaries for the explorer's map: `boundaries build --source <ONS GeoJSON>`."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build",
            help="Write the England-only compact copy from the ONS 'Counties and Unitary "
            "Authorities (December 2023) Boundaries UK BSC' GeoJSON.",
        )
        build.add_argument("--source", required=True, type=Path, help="The ONS GeoJSON file.")
        build.add_argument("--out", type=Path, default=DATA_FILE, help="Where to write it.")

    def handle(self, *args: object, **options: object) -> None:
        source, out = Path(str(options["source"])), Path(str(options["out"]))
        if not source.is_file():
            raise CommandError(f"No file at {source}.")
        count = boundaries_write(source=source, output=out)
        size = out.stat().st_size
        self.stdout.write(f"Wrote {count} English authorities to {out} ({size:,} bytes).")
