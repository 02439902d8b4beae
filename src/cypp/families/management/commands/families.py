"""`cypp families ...`: early help frameworks, imports, the summary, claims and audits.

The actions live one module each in ``cypp.families.command_actions`` and are found there,
so each stays small and owns its own options.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from django.core.management.base import CommandParser

from cypp.command_line import ActionsCommand
from cypp.families import command_actions


def _actions() -> dict[str, ModuleType]:
    found = {}
    for info in sorted(pkgutil.iter_modules(command_actions.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{command_actions.__name__}.{info.name}")
        found[module.ACTION] = module
    return found


class Command(ActionsCommand):
    help = "Early help: outcome frameworks, SSD imports, the cohort summary, claims and audits."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = _actions()
        self.read_actions = frozenset(
            name for name, module in self.actions.items() if module.READS_ONLY
        )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, module in self.actions.items():
            module.add_arguments(sub.add_parser(name, help=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        self.actions[options["action"]].handle(self, options)
