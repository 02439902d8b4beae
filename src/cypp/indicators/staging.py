"""Imports that never block the site: stage in short transactions, switch in at the end.

An import writes its new and changed observations to the staging table in transactions of
``STAGE_ROWS_PER_TRANSACTION`` rows, so SQLite's single write lock is held for well under a
second at a time and the site's own writes (sign-in, commentary) only ever wait briefly.
Readers never see staged rows. The switch-in then moves them with a handful of set-based
statements (revisions, updates, inserts) in one short transaction, so the import stays
all-or-nothing: if anything fails before or during the switch-in, the staged rows are
discarded and the evidence store is as it was (ADR 0011).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    Observation,
    ObservationRevision,
    PendingImport,
    StagedObservation,
)
from cypp.indicators.observation_writes import INSERT_COLUMNS, rows_write

# Rows per staging transaction: about a quarter of a second of writing on SQLite.
STAGE_ROWS_PER_TRANSACTION = 50_000
# A pending import older than this was left by a process that died; its rows are removed.
ABANDONED_AFTER = timedelta(days=1)
STAGED_COLUMNS = (
    "pending_id",
    "observation_id",
    "expected_batch_id",
    "indicator_id",
    "area_id",
    "period_id",
    *OBSERVATION_VALUE_FIELDS,
)

# Told how an import is going: the stage in words, rows done, rows in all (0: not known).
# The command line draws it as a progress bar; the background task saves it for the page.
ImportProgress = Callable[[str, int, int], None]
STAGING_WORDS = "Writing the rows to the staging table"


class ImportConflict(Exception):
    """Another import changed the same observations while this one was being staged."""


@dataclass(frozen=True, slots=True)
class SwitchedIn:
    inserted: int
    revised: int


def pending_import_start(*, importer: str, file_name: str) -> PendingImport:
    """Open a pending import (and clear what imports that died long ago left behind)."""
    with transaction.atomic():
        abandoned = list(
            PendingImport.objects.filter(
                started_at__lt=timezone.now() - ABANDONED_AFTER
            ).values_list("id", flat=True)
        )
    for pending_id in abandoned:
        _staged_delete(pending_id)
    with transaction.atomic():
        return PendingImport.objects.create(
            importer=importer, file_name=file_name[:300], started_at=timezone.now()
        )


def observations_stage(
    *, pending: PendingImport, rows: pl.DataFrame, progress: ImportProgress | None = None
) -> None:
    """Write the rows to stage, each slice in its own short transaction.

    ``rows`` has the staged columns but ``pending_id``; placeholder (negative) indicator and
    period ids stand for ones the switch-in creates. ``progress`` is told after each slice.
    """
    frame = rows.with_columns(pl.lit(pending.pk, dtype=pl.Int64).alias("pending_id")).select(
        STAGED_COLUMNS
    )
    for start in range(0, frame.height, STAGE_ROWS_PER_TRANSACTION):
        with transaction.atomic():
            rows_write(
                StagedObservation._meta.db_table,
                STAGED_COLUMNS,
                frame.slice(start, STAGE_ROWS_PER_TRANSACTION),
            )
        if progress is not None:
            done = min(start + STAGE_ROWS_PER_TRANSACTION, frame.height)
            progress(STAGING_WORDS, done, frame.height)


def pending_import_switch_in(
    *,
    pending: PendingImport,
    batch: ImportBatch,
    indicator_placeholders: dict[int, int],
    period_placeholders: dict[int, int],
) -> SwitchedIn:
    """Move a pending import's rows into the observations; call inside one transaction.

    The old values of each revised observation are kept as a revision first (taken from
    the table at this moment), then the observation is updated, then new ones inserted.
    ``*_placeholders`` map the staged placeholder ids to the rows created for them.
    Raises ImportConflict if another import changed a revised observation meanwhile.
    """
    staged = StagedObservation._meta.db_table
    observations = Observation._meta.db_table
    revisions = ObservationRevision._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {staged} s LEFT JOIN {observations} o "  # noqa: S608
            "ON o.id = s.observation_id WHERE s.pending_id = %s "
            "AND s.observation_id IS NOT NULL "
            "AND (o.id IS NULL OR o.batch_id <> s.expected_batch_id)",
            [pending.pk],
        )
        (conflicts,) = cursor.fetchone()
        if conflicts:
            raise ImportConflict(
                f"{conflicts} observation(s) were changed or removed by another import while "
                "this one was being prepared; import the file again"
            )
        replaced_at = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(
            f"INSERT INTO {revisions} "  # noqa: S608
            "(observation_id, previous, previous_batch_id, replaced_by_id, replaced_at) "
            f"SELECT o.id, {_previous_json('o')}, o.batch_id, %s, %s "
            f"FROM {staged} s JOIN {observations} o ON o.id = s.observation_id "
            "WHERE s.pending_id = %s",
            [batch.pk, replaced_at, pending.pk],
        )
        revised = cursor.rowcount
        assignments = ", ".join(f"{f} = s.{f}" for f in OBSERVATION_VALUE_FIELDS)
        cursor.execute(
            f"UPDATE {observations} AS o SET {assignments}, batch_id = %s "  # noqa: S608
            f"FROM {staged} AS s WHERE s.pending_id = %s AND s.observation_id = o.id",
            [batch.pk, pending.pk],
        )
        indicator = _resolved("s.indicator_id", "ind", indicator_placeholders)
        period = _resolved("s.period_id", "per", period_placeholders)
        values = ", ".join(f"s.{f}" for f in OBSERVATION_VALUE_FIELDS)
        cursor.execute(
            f"INSERT INTO {observations} ({', '.join(INSERT_COLUMNS)}) "  # noqa: S608
            f"SELECT {indicator.expression}, s.area_id, {period.expression}, {values}, %s "
            f"FROM {staged} s {indicator.join} {period.join} "
            "WHERE s.pending_id = %s AND s.observation_id IS NULL",
            [batch.pk, pending.pk],
        )
        inserted = cursor.rowcount
    _staged_delete(pending.pk)
    return SwitchedIn(inserted=inserted, revised=revised)


def pending_import_discard(*, pending: PendingImport) -> None:
    """Remove a pending import and its staged rows: the import failed, nothing changes."""
    _staged_delete(pending.pk)


def _staged_delete(pending_id: int) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {StagedObservation._meta.db_table} WHERE pending_id = %s",  # noqa: S608
            [pending_id],
        )
        cursor.execute(
            f"DELETE FROM {PendingImport._meta.db_table} WHERE id = %s",  # noqa: S608
            [pending_id],
        )


@dataclass(frozen=True, slots=True)
class _Resolved:
    expression: str
    join: str


def _resolved(column: str, alias: str, placeholders: dict[int, int]) -> _Resolved:
    """A staged id with its placeholder replaced by the real id, through a joined lookup.

    The ids are integers this module made, so they are written into the SQL directly. On
    SQLite the lookup is a temporary table with a primary key: SQLite scans a joined
    VALUES list once per row (a first national import: 640,900 rows times 400 indicators).
    A temporary table lives in the connection's own temporary database and takes no lock.
    """
    if not placeholders:
        return _Resolved(column, "")
    pairs = ", ".join(f"({int(k)}, {int(v)})" for k, v in placeholders.items())
    if connection.vendor == "sqlite":
        table = f"cypp_placeholder_{alias}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {table} "
                "(placeholder INTEGER PRIMARY KEY, real_id INTEGER NOT NULL)"
            )
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            cursor.execute(f"INSERT INTO {table} VALUES {pairs}")  # noqa: S608
        join = f"LEFT JOIN {table} {alias} ON {alias}.placeholder = {column}"
    else:
        join = (
            f"LEFT JOIN (VALUES {pairs}) AS {alias} (placeholder, real_id) "
            f"ON {alias}.placeholder = {column}"
        )
    return _Resolved(f"COALESCE({alias}.real_id, {column})", join)


def _previous_json(alias: str) -> str:
    """SQL building a revision's ``previous`` values, as the ORM would store them."""
    if connection.vendor == "postgresql":
        parts = ", ".join(f"'{f}', {alias}.{f}" for f in OBSERVATION_VALUE_FIELDS)
        return f"jsonb_build_object({parts})"
    # SQLite stores booleans as 0 and 1; the revision keeps JSON true and false.
    booleans = {"provisional", "estimate"}
    parts = ", ".join(
        f"'{f}', json(CASE WHEN {alias}.{f} THEN 'true' ELSE 'false' END)"
        if f in booleans
        else f"'{f}', {alias}.{f}"
        for f in OBSERVATION_VALUE_FIELDS
    )
    return f"json_object({parts})"
