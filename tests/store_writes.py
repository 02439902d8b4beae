"""Whether a refused request wrote anything, asked cheaply of either database.

On PostgreSQL, ``pg_stat_xact_user_tables`` keeps, for the current transaction, the rows
each table had inserted and deleted, even inside a savepoint rolled back since: a row added
or removed shows there at once (an insert and a delete that leave the count as it was too),
and reading it costs nothing. Updates are left out, as a row count leaves them out: a
refused request may still keep what it worked out (an upload's preview is kept the first
time it is asked for). Counting the test store's 700,000 observations before and after each
of the authorisation matrix's 1,800 POSTs cost minutes of CI on PostgreSQL. A refused
request must not even begin to add or remove a row, so one rolled back still counts. SQLite
has no such view; a count there reads an index in a few milliseconds, so SQLite keeps
counting rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection


def table_writes(tables: Sequence[str]) -> tuple[int, ...]:
    """Something that changes when a row of ``tables`` is added or removed, in one query: on
    PostgreSQL the rows inserted and deleted in each table by this transaction; on SQLite
    the number of rows in each table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s) ORDER BY relname",
                [list(tables)],
            )
            return tuple(n for row in cursor.fetchall() for n in row[1:])
        quote = connection.ops.quote_name
        # Table names from the models, quoted: no outside input reaches this SQL.
        sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
        cursor.execute(sql)
        return tuple(cursor.fetchone())
