"""The `cypp` command: Django's management commands under one friendly name.

Which settings: ``DJANGO_SETTINGS_MODULE`` when it is set. Without it, the development
settings (``cypp.config.settings.local``: debug on, a throwaway secret key) only where that is
surely meant: ``CYPP_ENV=development``, or a source checkout being worked in (the package is
``<checkout>/src/cypp`` beside ``pyproject.toml`` and the ``var/`` folder that ``make install``
makes). Anywhere else (an installed package, ``CYPP_ENV=production``, or a
``DJANGO_SECRET_KEY`` in the environment, which only a live site sets) the command refuses
to guess: a live site run with the development settings would show tracebacks to the world
and sign sessions with a published key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

DEVELOPMENT_SETTINGS = "cypp.config.settings.local"
PACKAGE_DIR = Path(__file__).resolve().parent


class NoSettingsChosen(RuntimeError):
    """The command cannot tell which settings to run with; the message says what to set."""


def is_source_checkout(package_dir: Path) -> bool:
    """Is this package ``<checkout>/src/cypp`` in a checkout set up for development?"""
    root = package_dir.parent.parent
    return (
        package_dir.parent.name == "src"
        and (root / "pyproject.toml").is_file()
        and (root / "var").is_dir()
    )


def settings_module(environ: Mapping[str, str], package_dir: Path = PACKAGE_DIR) -> str:
    """The settings module the command runs with (see the module's docstring)."""
    chosen = environ.get("DJANGO_SETTINGS_MODULE", "").strip()
    if chosen:
        return chosen
    env = environ.get("CYPP_ENV", "").strip().lower()
    if env == "development":
        return DEVELOPMENT_SETTINGS
    why = ""
    if env:
        why = f"CYPP_ENV is '{env}'"
    elif environ.get("DJANGO_SECRET_KEY"):
        why = "DJANGO_SECRET_KEY is set, as on a live site"
    elif not is_source_checkout(package_dir):
        why = "this is not a source checkout set up for development"
    if not why:
        return DEVELOPMENT_SETTINGS
    raise NoSettingsChosen(
        f"cypp: DJANGO_SETTINGS_MODULE is not set and {why}, so no settings are assumed. "
        "Set DJANGO_SETTINGS_MODULE=cypp.config.settings.production for a live site "
        f"(or {DEVELOPMENT_SETTINGS} for development, or CYPP_ENV=development)."
    )


def main(argv: list[str] | None = None) -> None:
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(os.environ)
    except NoSettingsChosen as error:
        sys.stderr.write(f"{error}\n")
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cypp", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
