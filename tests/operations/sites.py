"""Throw-away CYPP sites for the backup tests: each its own var directory and database (a
SQLite file, or a PostgreSQL database made beside the test database and dropped after),
driven through the `cypp` command in subprocesses, as an operator would.

Rows and files are read here straight from the database and the disk, with sqlite3 and
psycopg, never through the code under test.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tests.plugins.migrated_sqlite import migrated_sqlite_copy

ROOT = Path(__file__).resolve().parents[2]
CYPP = ROOT / ".venv" / "bin" / "cypp"
PYTHON = ROOT / ".venv" / "bin" / "python"
DEMO_DATA = ROOT / "demo" / "data"

_URL = os.environ.get("DATABASE_URL", "")
POSTGRES_URL = _URL if _URL.startswith(("postgres://", "postgresql://")) else ""
# The engine the suite runs on (DATABASE_URL), as for every other test: CI runs the suite on
# SQLite and again on PostgreSQL, so both are tested without testing SQLite twice.
ENGINES = ["postgresql"] if POSTGRES_URL else ["sqlite"]


def _pg_url(name: str) -> str:
    parts = urlsplit(POSTGRES_URL)
    return urlunsplit(parts._replace(path="/" + name))


def _pg_base_name() -> str:
    return urlsplit(POSTGRES_URL).path.lstrip("/") or "cypp"


def _pg_admin() -> Any:
    import psycopg

    return psycopg.connect(_pg_url("postgres"), autocommit=True)


@dataclass
class Site:
    engine: str
    var_dir: Path
    pg_name: str = ""

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "cypp.sqlite3"

    @property
    def media(self) -> Path:
        return self.var_dir / "files"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            CYPP_VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE="cypp.config.settings.local",
            DJANGO_DEBUG="0",
        )
        if self.engine == "postgresql":
            env["DATABASE_URL"] = _pg_url(self.pg_name)
        return env

    def cypp(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `cypp ARGS` with stdin not a terminal, as cron or a script would."""
        result = subprocess.run(
            [str(CYPP), *map(str, args)],
            env=self.env(), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            check=False, cwd=ROOT,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise AssertionError(f"cypp {args}: {result.returncode}\n{result.stderr}")
        return result

    def python(self, code: str) -> None:
        subprocess.run([str(PYTHON), "-c", code], env=self.env(), check=True, cwd=ROOT)

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.engine == "sqlite":
            db = sqlite3.connect(self.sqlite_path)
            try:
                return [tuple(r) for r in db.execute(sql)]
            finally:
                db.close()
        import psycopg

        with psycopg.connect(_pg_url(self.pg_name)) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]

    def execute(self, *statements: str) -> None:
        if self.engine == "sqlite":
            db = sqlite3.connect(self.sqlite_path)
            with db:
                for sql in statements:
                    db.execute(sql)
            db.close()
            return
        import psycopg

        with psycopg.connect(_pg_url(self.pg_name)) as conn:
            for sql in statements:
                conn.execute(sql)

    def table_names(self) -> list[str]:
        if self.engine == "sqlite":
            sql = (
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        return [r[0] for r in self._query(sql)]

    def rows(self) -> dict[str, list[str]]:
        """Every row of every table, as sorted text: compares equal only if the contents do."""
        return {
            table: sorted(repr(r) for r in self._query(f'SELECT * FROM "{table}"'))  # noqa: S608
            for table in self.table_names()
        }

    def counts(self) -> dict[str, int]:
        return {
            t: int(self._query(f'SELECT count(*) FROM "{t}"')[0][0])  # noqa: S608
            for t in self.table_names()
        }

    def files(self) -> dict[str, bytes]:
        if not self.media.is_dir():
            return {}
        return {
            p.relative_to(self.media).as_posix(): p.read_bytes()
            for p in self.media.rglob("*")
            if p.is_file()
        }

    def drop(self) -> None:
        if self.engine == "postgresql":
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.var_dir, ignore_errors=True)


def site_empty(engine: str, var_dir: Path, suffix: str) -> Site:
    """A site with nothing in it yet: no SQLite file; an empty PostgreSQL database."""
    var_dir.mkdir(parents=True, exist_ok=True)
    site = Site(engine=engine, var_dir=var_dir, pg_name=f"{_pg_base_name()}_backup_{suffix}")
    if engine == "postgresql":
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{site.pg_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{site.pg_name}"')
    return site


def site_copy(template: Site, var_dir: Path, suffix: str) -> Site:
    """A new site holding exactly what ``template`` holds (database and stored files)."""
    site = Site(
        engine=template.engine, var_dir=var_dir, pg_name=f"{_pg_base_name()}_backup_{suffix}"
    )
    var_dir.mkdir(parents=True, exist_ok=True)
    if template.engine == "sqlite":
        shutil.copy2(template.sqlite_path, site.sqlite_path)
    else:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{site.pg_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{site.pg_name}" TEMPLATE "{template.pg_name}"')
    if template.media.is_dir():
        shutil.copytree(template.media, site.media)
    return site


def site_with_evidence(engine: str, var_dir: Path, migrated_sqlite: Path | None) -> Site:
    """Migrated, with the demo geography and neighbours, the Fingertips file imported, and
    two stored files (a published board pack and a paper) under MEDIA_ROOT. A SQLite site
    starts as a copy of the run's migrated file when given (tests/plugins/migrated_sqlite.py); a
    PostgreSQL one is migrated by `cypp migrate`."""
    site = site_empty(engine, var_dir, "template")
    if migrated_sqlite is not None:
        migrated_sqlite_copy(migrated_sqlite, var_dir)
    else:
        site.cypp("migrate", "--noinput", "-v0")
    site.python(
        "import django; django.setup()\n"
        "from pathlib import Path\n"
        "from cypp.demo.loader import demo_geography_load\n"
        f"demo_geography_load(data_dir=Path({str(DEMO_DATA)!r}), say=lambda m: None)\n"
    )
    site.cypp("data", "import", "fingertips", DEMO_DATA / "fingertips" / "la_hospital_admissions_2324.csv")  # fmt: skip
    (site.media / "board-packs").mkdir(parents=True)
    (site.media / "board-packs" / "pack-1.pdf").write_bytes(b"%PDF-1.7 a published pack\n")
    (site.media / "governance" / "papers" / "2026").mkdir(parents=True)
    (site.media / "governance" / "papers" / "2026" / "paper.docx").write_bytes(os.urandom(5000))
    return site
