"""The `cypp` command and the WSGI application never run a live site on the development
settings by accident; and the production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from cypp.manage import NoSettingsChosen, is_source_checkout, settings_module

ROOT = Path(__file__).resolve().parents[2]
CYPP = ROOT / ".venv" / "bin" / "cypp"
# The settings a command chooses, in processes of their own without the run's DATABASE_URL:
# nothing here reads the run's database, so CI runs it once, in the SQLite stage.
pytestmark = pytest.mark.sqlite_only
SHOW_SETTINGS = [
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SETTINGS_MODULE)",
]
# Variables that choose or hint at a configuration: each test sets its own. The browser
# tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's loop), which a live
# site never has and `check --deploy` rightly refuses, so it is not passed on either.
CHOOSERS = {
    "DJANGO_SETTINGS_MODULE",
    "CYPP_ENV",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in CHOOSERS}
    return subprocess.run(
        args, env={**clean, **env}, capture_output=True, text=True, check=False, cwd=ROOT
    )


def _checkout(tmp_path: Path, *, var: bool = True, pyproject: bool = True) -> Path:
    package = tmp_path / "src" / "cypp"
    package.mkdir(parents=True)
    if var:
        (tmp_path / "var").mkdir()
    if pyproject:
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'cypp'\n")
    return package


def test_this_checkout_is_one_set_up_for_development() -> None:
    # `make install` makes var/; the tests themselves write their files under it.
    assert (ROOT / "var").is_dir() and is_source_checkout(ROOT / "src" / "cypp")


def test_the_command_in_a_checkout_uses_the_development_settings() -> None:
    result = _run([str(CYPP), *SHOW_SETTINGS])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cypp.config.settings.local"


def test_the_command_uses_the_settings_it_is_given() -> None:
    result = _run([str(CYPP), *SHOW_SETTINGS], DJANGO_SETTINGS_MODULE="cypp.config.settings.test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cypp.config.settings.test"


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({"CYPP_ENV": "production"}, "CYPP_ENV is 'production'"),
        ({"DJANGO_SECRET_KEY": "s" * 50}, "DJANGO_SECRET_KEY is set, as on a live site"),
    ],
)
def test_the_command_refuses_to_guess_on_a_live_site(env: dict[str, str], why: str) -> None:
    result = _run([str(CYPP), *SHOW_SETTINGS], **env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"cypp: DJANGO_SETTINGS_MODULE is not set and {why}, so no settings are assumed. "
        "Set DJANGO_SETTINGS_MODULE=cypp.config.settings.production for a live site "
        "(or cypp.config.settings.local for development, or CYPP_ENV=development).\n"
    )


def test_cypp_env_development_chooses_the_development_settings() -> None:
    result = _run([str(CYPP), *SHOW_SETTINGS], CYPP_ENV="development")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "cypp.config.settings.local"


def test_the_rule(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path / "checkout")
    installed = tmp_path / "site-packages" / "cypp"
    installed.mkdir(parents=True)
    fresh_clone = _checkout(tmp_path / "fresh", var=False)
    local = "cypp.config.settings.local"

    assert settings_module({}, checkout) == local
    assert settings_module({"CYPP_ENV": "Development"}, installed) == local
    assert settings_module({"DJANGO_SETTINGS_MODULE": "x.y"}, installed) == "x.y"
    for environ, package in [
        ({}, installed),
        ({}, fresh_clone),  # before `make install`
        ({"CYPP_ENV": "staging"}, checkout),
        ({"DJANGO_SECRET_KEY": "k"}, checkout),
        ({"DJANGO_SETTINGS_MODULE": "  "}, installed),
    ]:
        with pytest.raises(NoSettingsChosen):
            settings_module(environ, package)


def test_the_wsgi_application_never_assumes_settings() -> None:
    result = _run([sys.executable, "-c", "import cypp.config.wsgi"])
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_the_wsgi_application_starts_with_the_settings_it_is_given() -> None:
    result = _run(
        [sys.executable, "-c", "from cypp.config.wsgi import application; print(application)"],
        DJANGO_SETTINGS_MODULE="cypp.config.settings.test",
    )
    assert result.returncode == 0, result.stderr
    assert "WSGIHandler" in result.stdout


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    """`cypp check --deploy` with the production settings and what they demand."""
    required = {
        "DJANGO_SETTINGS_MODULE": "cypp.config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "cypp.example.org",
        "DATABASE_URL": "postgres://cypp@db.example.org:5432/cypp",
    }
    return _run([str(CYPP), "check", "--deploy", "--fail-level", "WARNING"], **(required | env))


def test_production_passes_check_deploy_at_warning_level() -> None:
    result = _check_deploy()
    assert result.returncode == 0, result.stderr
    # Only the HSTS preload reminder is silenced (the site owner's choice, see production.py).
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_choosing_hsts_preload_leaves_nothing_silenced() -> None:
    result = _check_deploy(SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_a_weak_secret_key_fails_check_deploy() -> None:
    result = _check_deploy(DJANGO_SECRET_KEY="short")
    assert result.returncode == 1
    assert "security.W009" in result.stderr
