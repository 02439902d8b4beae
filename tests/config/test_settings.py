"""Settings come from the environment through one place; production demands its secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cypp.config.settings.base import database_from_environment

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_sqlite_by_default_postgres_from_database_url(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    sqlite = database_from_environment(tmp_path / "db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == str(tmp_path / "db.sqlite3")
    monkeypatch.setenv("DATABASE_URL", "postgres://cypp@db.example:5433/cypp")
    postgres = database_from_environment(tmp_path / "unused")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("db.example", 5433, "cypp")


def test_production_refuses_to_start_without_its_secret():
    result = _import_settings(
        "cypp.config.settings.production",
        ALLOWED_HOSTS="cypp.example.org",
        DATABASE_URL="postgres://x@y/z",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = _import_settings(
        "cypp.config.settings.production",
        DJANGO_SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="*",
        DATABASE_URL="postgres://x@y/z",
    )
    assert result.returncode != 0
    assert "never '*'" in result.stderr


def test_production_starts_with_what_it_needs():
    result = _import_settings(
        "cypp.config.settings.production",
        DJANGO_SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="cypp.example.org",
        DATABASE_URL="postgres://x@y/z",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["--help"], ["help", "benchmark"]])
def test_the_cypp_console_script(command):
    cypp = ROOT / ".venv" / "bin" / "cypp"
    result = subprocess.run([str(cypp), *command], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "benchmark" in result.stdout or "Benchmark" in result.stdout
