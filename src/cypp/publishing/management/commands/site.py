"""``cypp site``: a public plan's static site, and how it looks.

cypp site build --plan PLAN --out DIR [--period REPORTING_PERIOD_KEY]
cypp site settings --partnership KEY --colour "#RRGGBB"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from cypp.command_line import ActionsCommand
from cypp.publishing.colours import contrast_with_white
from cypp.publishing.services import public_site_settings_save
from cypp.publishing.site_build import site_build


class Command(ActionsCommand):
    help = "Build a public plan's static site, or set the partnership's colour on it."
    # A build writes files, not the database.
    read_actions = frozenset({"build"})

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build",
            help="Write the plan's public site (plain HTML, CSS and SVG) into a folder.",
        )
        build.add_argument("--plan", required=True, help="The plan's key; the plan must be public.")
        build.add_argument(
            "--out",
            required=True,
            type=Path,
            help="The folder to write: new, empty, or a site built here before.",
        )
        build.add_argument(
            "--period",
            default="",
            help="A reporting period's key: judge on the figures for periods ended by its "
            "end (default: the latest figures).",
        )
        settings = sub.add_parser("settings", help="Set the partnership's colour on its site.")
        settings.add_argument("--partnership", required=True, help="The partnership's key.")
        settings.add_argument(
            "--colour",
            required=True,
            help='#RRGGBB; white text on it must reach 4.5:1 contrast, e.g. "#1d70b8".',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "settings":
            site = public_site_settings_save(
                partnership=options["partnership"], colour=options["colour"]
            )
            self.stdout.write(
                f"{site.partnership.name}'s public site colour is {site.colour} (white text "
                f"on it: {contrast_with_white(site.colour):.2f}:1). Build the site again to "
                "use it."
            )
            return
        built = site_build(
            plan_key=options["plan"], out=options["out"], period_key=options["period"]
        )
        counted = {
            "page": len(built.pages),
            "measure page": sum(1 for f in built.files if f.startswith("measures/")),
            "download": sum(1 for f in built.files if f.startswith("downloads/")),
            "board pack": sum(1 for f in built.files if f.startswith("packs/")),
        }
        words = ", ".join(f"{n} {what}{'' if n == 1 else 's'}" for what, n in counted.items())
        self.stdout.write(f"Wrote {len(built.files)} files into {built.out}: {words}.")
        for note in built.left_out:
            self.stdout.write(f"Left out {note}.")
        self.stdout.write(f"Open {built.out / 'index.html'} in a browser.")
