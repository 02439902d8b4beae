"""What CYPP's own management commands share: a refusal printed as the person's message, and
read actions that start without the system checks.

A service refuses with an ``ApplicationError`` (``cypp.errors``); ``ApplicationCommand`` turns
any that reaches it into Django's ``CommandError`` with the message, so each command catches
only what it reports differently (the list of problems of a rejected file).

Django runs its system checks before every command that asks for them, and the checks load
every URL configuration, so every view module and what those import (spreadsheets, single
sign-on, charts): seconds of start-up before ``cypp plan list`` prints one line. A command
that changes nothing gains nothing from them, so its read actions skip them; the actions
that write still run them (``cypp check`` runs them on demand, as do ``runserver`` and
``migrate``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.errors import ApplicationError, error_message


def date_argument(text: str) -> dt.date:
    """An option's date (``type=date_argument``), refused in words when it is not YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a date written YYYY-MM-DD.") from error


class ApplicationCommand(BaseCommand):
    """A command that prints a service's refusal (an ``ApplicationError``) as its message and
    exits with an error, as a ``CommandError`` does."""

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except ApplicationError as error:
            raise CommandError(error_message(error)) from error


class ActionsCommand(ApplicationCommand):
    """A command whose first argument names the action (``cypp plan list``).

    ``read_actions`` names the actions that change nothing in the database; they skip the
    system checks. Every other action runs them, as a plain Django command does.
    """

    # The checks run in ``execute`` below, for the actions that write.
    requires_system_checks: list[str] = []
    read_actions: frozenset[str] = frozenset()

    def execute(self, *args: Any, **options: Any) -> Any:
        action = options.get("action")
        # call_command passes skip_checks=True unless told otherwise, as Django's own does.
        if action not in self.read_actions and not options.get("skip_checks", False):
            self.check()
        return super().execute(*args, **options)


class ModuleActionsCommand(ActionsCommand):
    """An ``ActionsCommand`` whose actions are the modules of one package, one module each
    (``cypp families``, ``cypp voice``), so each action stays small and owns its options.

    Each module names its ``ACTION`` and ``HELP``, says whether it ``READS_ONLY``, and has
    ``add_arguments(parser)`` and ``handle(command, options)``.
    """

    actions_package: ModuleType

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        package = self.actions_package
        self.actions: dict[str, ModuleType] = {}
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            self.actions[module.ACTION] = module
        self.read_actions = frozenset(
            name for name, module in self.actions.items() if module.READS_ONLY
        )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, module in self.actions.items():
            module.add_arguments(sub.add_parser(name, help=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        self.actions[options["action"]].handle(self, options)
