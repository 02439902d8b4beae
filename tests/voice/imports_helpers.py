"""What the import tests share: the made-up files, and a reading of the whole database."""

from __future__ import annotations

from pathlib import Path

from django.db import connection

DATA = Path(__file__).parent / "data" / "imports"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()


def database_text() -> str:
    """Every row of every table, as text: what a search for a stored value reads."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The names are the database's own tables, quoted: nothing from outside.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)
