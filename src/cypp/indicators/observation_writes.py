"""The bulk reads and writes behind an import: read what is stored, list what changed,
write rows straight through the driver.

Rows go in through ``executemany`` on SQLite and ``COPY`` on PostgreSQL: the ORM's
bulk_create costs several times the database's own speed on national files, and the rows
are already validated (ADR 0001). They go to the staging table first and reach the
observations, with their revisions, in one set-based switch-in (``staging``, ADR 0011).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import connection

from cypp.indicators.history import ValueChange
from cypp.indicators.models import (
    OBSERVATION_NUMBERS,
    OBSERVATION_VALUE_FIELDS,
    Observation,
)

INSERT_COLUMNS = (
    "indicator_id",
    "area_id",
    "period_id",
    *OBSERVATION_VALUE_FIELDS,
    "batch_id",
)
_FLOAT_FIELDS = OBSERVATION_NUMBERS


def observations_existing(indicator_ids: Sequence[int]) -> pl.DataFrame:
    """The stored observations of these indicators, as a frame keyed like the incoming one."""
    columns = ["id", "indicator_id", "area_id", "period_id", *OBSERVATION_VALUE_FIELDS, "batch_id"]
    schema: dict[str, Any] = dict.fromkeys(
        ("id", "indicator_id", "area_id", "period_id", "batch_id"), pl.Int64
    )
    schema |= dict.fromkeys(_FLOAT_FIELDS, pl.Float64)
    schema |= {
        "status": pl.Utf8,
        "provisional": pl.Boolean,
        "estimate": pl.Boolean,
        "value_note": pl.Utf8,
    }
    rows = (
        list(Observation.objects.filter(indicator_id__in=indicator_ids).values_list(*columns))
        if indicator_ids
        else []
    )
    return pl.DataFrame(rows, schema={c: schema[c] for c in columns}, orient="row")


def rows_write(table: str, columns: Sequence[str], frame: pl.DataFrame) -> None:
    """Insert a frame's rows in bulk: executemany on SQLite, COPY on PostgreSQL.

    The ORM's bulk_create costs several times the database's own speed on national files
    (hundreds of thousands of rows); the rows are already validated, so they go straight in.
    """
    if frame.height == 0:
        return
    rows = frame.select(columns)
    column_list = ", ".join(columns)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        buffer = rows.write_csv(null_value="\\N", quote_style="non_numeric", include_header=False)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(
                f"COPY {table} ({column_list}) FROM STDIN (FORMAT csv, NULL '\\N')"
            ) as copy:
                copy.write(buffer.encode())
    else:
        placeholders = ", ".join("?" for _ in columns)
        raw_connection = connection.connection
        raw_connection.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",  # noqa: S608
            rows.iter_rows(),
        )


def changes_list(
    changed: pl.DataFrame,
    indicator_codes: dict[int, str],
    area_codes: dict[int, str],
    period_labels: dict[int, str],
) -> list[tuple[int, ValueChange]]:
    """Every changed field of every changed observation, row by row in field order.

    ``changed`` holds the incoming values and the stored ones (suffix ``_old``) with the
    stored observation's ``id``. Worked out column by column: a national re-import changes
    hundreds of thousands of values, too many to compare one Python dict at a time.
    """
    if changed.height == 0:
        return []
    numbered = changed.with_row_index("position")
    found: list[tuple[int, int, int, ValueChange]] = []
    for field_index, f in enumerate(OBSERVATION_VALUE_FIELDS):
        differs = numbered.filter(~pl.col(f).eq_missing(pl.col(f"{f}_old"))).select(
            "position", "id", "indicator_id", "area_id", "period_id", f"{f}_old", f
        )
        for position, pk, indicator, area, period, before, after in differs.iter_rows():
            found.append(
                (
                    position,
                    field_index,
                    pk,
                    ValueChange(
                        indicator=indicator_codes[indicator],
                        area=area_codes[area],
                        period=period_labels[period],
                        field=f,
                        before=before,
                        after=after,
                    ),
                )
            )
    found.sort(key=lambda item: (item[0], item[1]))
    return [(pk, change) for _position, _field, pk, change in found]
