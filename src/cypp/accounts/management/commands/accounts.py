"""`cypp accounts unlock USERNAME`: let a person locked out by wrong passwords sign in again
at once (an administrator's way out; the person's own is a password reset e-mail).
`cypp accounts token create|list|revoke`: API tokens (``cypp.accounts.tokens_command``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cypp.accounts.lockout import account_unlock
from cypp.accounts.tokens_command import token_arguments, token_handle
from cypp.command_line import ApplicationCommand


class Command(ApplicationCommand):
    help = (
        "People's accounts: `accounts unlock USERNAME` ends a lock from wrong passwords; "
        "`accounts token create|list|revoke` manages API tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        unlock = sub.add_parser(
            "unlock", help="Forget a username's failed sign-ins, so it can sign in again now."
        )
        unlock.add_argument("username", help="The username the person signs in with.")
        token_arguments(sub.add_parser("token", help="A person's API tokens."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "token":
            token_handle(self.stdout.write, options)
            return
        username = options["username"]
        cleared = account_unlock(username=username, by=None)
        if cleared:
            self.stdout.write(
                f"Unlocked '{username}': {cleared} record(s) of failed sign-ins cleared."
            )
        else:
            self.stdout.write(f"'{username}' was not locked; nothing to clear.")
