"""The bulk writes behind an import: read what is stored, insert what is new, revise what
changed (keeping the old values), in the import's own transaction.

New rows go straight through the driver (``executemany`` on SQLite, ``COPY`` on PostgreSQL):
the ORM's bulk_create costs several times the database's own speed on national files, and
the rows are already validated (ADR 0001). Changed rows are few and go through the ORM,
with their revisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from cypp.geography.models import Area
from cypp.indicators.models import (
    OBSERVATION_NUMBERS,
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    Observation,
    ObservationRevision,
    Period,
)

INSERT_COLUMNS = (
    "indicator_id",
    "area_id",
    "period_id",
    *OBSERVATION_VALUE_FIELDS,
    "batch_id",
)
_FLOAT_FIELDS = OBSERVATION_NUMBERS


@dataclass(frozen=True, slots=True)
class Change:
    indicator: str
    area: str
    period: str
    field: str
    before: Any
    after: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "area": self.area,
            "period": self.period,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


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


def observations_insert(new: pl.DataFrame, batch_id: int) -> None:
    """Insert new observations in bulk: executemany on SQLite, COPY on PostgreSQL.

    The ORM's bulk_create costs several times the database's own speed on national files
    (hundreds of thousands of rows); the rows are already validated, so they go straight in.
    """
    if new.height == 0:
        return
    rows = new.with_columns(pl.lit(batch_id, dtype=pl.Int64).alias("batch_id")).select(
        INSERT_COLUMNS
    )
    table = Observation._meta.db_table
    column_list = ", ".join(INSERT_COLUMNS)
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
        placeholders = ", ".join("?" for _ in INSERT_COLUMNS)
        raw_connection = connection.connection
        raw_connection.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",  # noqa: S608
            rows.iter_rows(),
        )


def observations_revise(
    matched: pl.DataFrame,
    batch: ImportBatch,
    indicator_ids: dict[str, int],
    area_ids: dict[str, int],
    period_map: dict[tuple[str, str], int],
) -> list[tuple[int, Change]]:
    """Keep the old values of every changed observation as a revision, then update it."""
    differs = [~pl.col(f).eq_missing(pl.col(f"{f}_old")) for f in OBSERVATION_VALUE_FIELDS]
    changed = matched.filter(pl.any_horizontal(differs))
    if changed.height == 0:
        return []
    indicator_codes = {v: k for k, v in indicator_ids.items()}
    area_codes = dict(Area.objects.values_list("id", "code"))
    period_labels = dict(
        Period.objects.filter(id__in=set(period_map.values())).values_list("id", "label")
    )
    now = timezone.now()
    revisions, updates, changes = [], [], []
    for record in changed.iter_rows(named=True):
        previous = {f: record[f"{f}_old"] for f in OBSERVATION_VALUE_FIELDS}
        revisions.append(
            ObservationRevision(
                observation_id=record["id"],
                previous=previous,
                previous_batch_id=record["batch_id"],
                replaced_by=batch,
                replaced_at=now,
            )
        )
        updates.append(
            Observation(
                id=record["id"], batch=batch, **{f: record[f] for f in OBSERVATION_VALUE_FIELDS}
            )
        )
        for f in OBSERVATION_VALUE_FIELDS:
            if previous[f] != record[f] and not (previous[f] is None and record[f] is None):
                changes.append(
                    (
                        record["id"],
                        Change(
                            indicator=indicator_codes[record["indicator_id"]],
                            area=area_codes[record["area_id"]],
                            period=period_labels[record["period_id"]],
                            field=f,
                            before=previous[f],
                            after=record[f],
                        ),
                    )
                )
    ObservationRevision.objects.bulk_create(revisions, batch_size=1000)
    Observation.objects.bulk_update(updates, [*OBSERVATION_VALUE_FIELDS, "batch"], batch_size=1000)
    return changes
