"""`cypp accounts unlock USERNAME`: let a person locked out by wrong passwords sign in again
at once (an administrator's way out; the person's own is a password reset e-mail)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cypp.accounts.lockout import account_unlock
from cypp.command_line import ApplicationCommand


class Command(ApplicationCommand):
    help = "People's accounts: `accounts unlock USERNAME` ends a lock from wrong passwords."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        unlock = sub.add_parser(
            "unlock", help="Forget a username's failed sign-ins, so it can sign in again now."
        )
        unlock.add_argument("username", help="The username the person signs in with.")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        cleared = account_unlock(username=username, by=None)
        if cleared:
            self.stdout.write(
                f"Unlocked '{username}': {cleared} record(s) of failed sign-ins cleared."
            )
        else:
            self.stdout.write(f"'{username}' was not locked; nothing to clear.")
