"""`cypp accounts token create|list|revoke`: API tokens from the command line, for the demo
and for scripts set up by whoever runs the server (``by=None``: recorded under the account
running the command)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cypp.accounts.models import ApiToken
from cypp.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of, token_state
from cypp.command_line import date_argument


def token_arguments(parser: CommandParser) -> None:
    """The ``token`` action's own actions and options."""
    actions = parser.add_subparsers(dest="token_action", required=True)
    create = actions.add_parser(
        "create", help="Make a token for a person; its secret is printed once, never again."
    )
    create.add_argument("--user", required=True, help="The person's username.")
    create.add_argument("--name", required=True, help="What the token is for.")
    create.add_argument("--scope", choices=["read", "write"], default="read")
    expiry = create.add_mutually_exclusive_group()
    expiry.add_argument(
        "--expires", type=date_argument, help="The day it stops working (default: a year)."
    )
    expiry.add_argument("--no-expiry", action="store_true", help="A token that never expires.")
    listing = actions.add_parser("list", help="A person's tokens (never their secrets).")
    listing.add_argument("--user", required=True, help="The person's username.")
    revoke = actions.add_parser("revoke", help="Stop a token working, at once.")
    revoke.add_argument("--id", type=int, required=True, help="The token's id (from list).")


def _user(username: str) -> Any:
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No person with the username {username!r}.") from None


def token_handle(write: Any, options: dict[str, Any]) -> None:
    """Run one ``token`` action, printing with ``write``."""
    action = options["token_action"]
    if action == "create":
        expires: dt.date | None = options.get("expires")
        made = api_token_create(
            user=_user(options["user"]),
            name=options["name"],
            scope=options["scope"],
            by=None,
            expires_at=(
                dt.datetime.combine(expires, dt.time(), tzinfo=timezone.get_current_timezone())
                if expires
                else None
            ),
            never_expires=options["no_expiry"],
        )
        token = made.token
        until = f"until {token.expires_at:%Y-%m-%d}" if token.expires_at else "with no expiry"
        write(f"Made token {token.pk} '{token.name}' ({token.scope}) {until}.")
        write("Its secret, shown once (send it as 'Authorization: Bearer <secret>'):")
        write(made.secret)
    elif action == "list":
        tokens = list(api_tokens_of(user=_user(options["user"])))
        if not tokens:
            write(f"'{options['user']}' has no API tokens.")
        for token in tokens:
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            expires_on = f"{token.expires_at:%Y-%m-%d}" if token.expires_at else "never"
            write(
                f"{token.pk:>5}  {token.prefix}…  {token.scope:<5}  {token_state(token):<7}  "
                f"expires {expires_on}  last used {used}  {token.name}"
            )
    else:
        try:
            token = ApiToken.objects.select_related("user").get(pk=options["id"])
        except ApiToken.DoesNotExist:
            raise CommandError(f"No API token with id {options['id']}.") from None
        token = api_token_revoke(token=token, by=None)
        write(f"Revoked token {token.pk} '{token.name}' of {token.user.get_username()}.")
