"""`cypp demo load`: the demo partnership's evidence, from the data inside the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.demo.loader import demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent: a second run changes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--data-dir", type=Path, help="Default: demo/data in the repository.")

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(data_dir=options["data_dir"], say=self.stdout.write)
