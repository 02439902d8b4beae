"""Writes to the evidence store: one import of one file, all or nothing.

``observations_import`` resolves every area and period, refuses the whole file on any
problem, then inserts new observations in bulk, keeps the old values of changed ones as
revisions, and leaves unchanged ones alone. The same file imported twice changes nothing.
The writes go through the staging table (``staging``): short transactions while the file
is written, one short switch-in at the end, so a national import never blocks the site.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from cypp.geography.models import Area
from cypp.indicators.history import ValueChange
from cypp.indicators.importers import importer_class
from cypp.indicators.importers.base import ImportRejected, Prepared, Problem
from cypp.indicators.indicator_revisions import (
    DESCRIPTION_FIELDS,
    DescriptionChange,
    description_change,
    indicator_revisions_record,
    spec_values,
)
from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    Indicator,
    Period,
    Source,
)
from cypp.indicators.observation_writes import changes_list, observations_existing
from cypp.indicators.period_checks import periods_mixed_problems
from cypp.indicators.periods import ParsedPeriod, PeriodError, period_parse, period_shown
from cypp.indicators.staging import (
    ImportConflict,
    ImportProgress,
    observations_stage,
    pending_import_discard,
    pending_import_start,
    pending_import_switch_in,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class ImportReport:
    batch: ImportBatch | None
    already_imported: bool = False
    changes: list[ValueChange] = field(default_factory=list)
    indicator_changes: list[DescriptionChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        b = self.batch
        return {
            "batch": b.pk if b else None,
            "already_imported": self.already_imported,
            "file": b.file_name if b else None,
            "rows_read": b.rows_read if b else 0,
            "rows_loaded": 0 if self.already_imported or not b else b.rows_loaded,
            "rows_revised": 0 if self.already_imported or not b else b.rows_revised,
            "rows_unchanged": b.rows_unchanged if b else 0,
            "rows_skipped": b.rows_skipped if b else 0,
            "indicators_revised": 0 if self.already_imported or not b else b.indicators_revised,
            "warnings": b.warnings if b else [],
            "changes": [c.as_dict() for c in self.changes],
            "indicator_changes": [c.as_dict() for c in self.indicator_changes],
        }


def file_fingerprint(path: Path, importer: str, options: dict[str, Any]) -> str:
    """SHA-256 of the file's bytes, the importer and its options (a mapping changes the result)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    digest.update(importer.encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def observations_import(
    *,
    importer: str,
    path: Path,
    options: dict[str, Any] | None = None,
    by: User | None = None,
    force: bool = False,
    progress: ImportProgress | None = None,
) -> ImportReport:
    """Import one file with the named importer; raise ImportRejected with every problem.

    A file already imported with the same options is not read again unless ``force``:
    the report says so and nothing changes. With ``force`` (or a new file) each row is
    compared with what is stored: new rows are inserted, changed rows keep their old
    values as revisions, identical rows are left alone.
    """
    path = Path(path)
    options = dict(options or {})
    tell = progress or (lambda _stage, _done, _total: None)
    fingerprint = file_fingerprint(path, importer, options)
    if not force:
        earlier = (
            ImportBatch.objects.filter(importer=importer, file_hash=fingerprint)
            .exclude(status=ImportBatch.Status.ROLLED_BACK)
            .first()
        )
        if earlier is not None:
            return ImportReport(batch=earlier, already_imported=True)
    tell("Reading and checking the file", 0, 0)
    prepared = importer_class(importer)(path, options, known_areas=set(_area_ids())).prepare()
    started = timezone.now()
    # Read and compare without writing (the file is refused whole on any problem), stage
    # the new and changed rows in short transactions, then switch them in at once: readers
    # and the site's own writes are never held up for long (ADR 0011).
    tell("Comparing the rows with the evidence store", 0, prepared.frame.height)
    plan = _plan(prepared, path.name)
    pending = pending_import_start(importer=importer, file_name=path.name)
    try:
        observations_stage(pending=pending, rows=plan.staged, progress=progress)
        tell("Switching the rows in", plan.staged.height, plan.staged.height)
        with transaction.atomic():
            source = _source_upsert(prepared)
            indicator_ids, revised = _indicators_upsert(source, prepared)
            period_ids = _periods_create(plan.periods)
            batch = ImportBatch.objects.create(
                source=source,
                importer=importer,
                file_name=path.name,
                file_hash=fingerprint,
                options=json.loads(json.dumps(options, default=str)),
                imported_by=by if by is not None and by.is_authenticated else None,
                imported_by_name=(getattr(by, "username", "") if by else "") or getpass.getuser(),
                started_at=started,
                finished_at=started,
                rows_read=prepared.rows_read,
                rows_skipped=prepared.rows_skipped,
                warnings=prepared.warnings,
            )
            switched = pending_import_switch_in(
                pending=pending,
                batch=batch,
                indicator_placeholders={
                    placeholder: indicator_ids[code]
                    for code, placeholder in plan.new_indicators.items()
                },
                period_placeholders={
                    placeholder: period_ids[key] for key, placeholder in plan.new_periods.items()
                },
            )
            batch.rows_loaded = switched.inserted
            batch.rows_revised = switched.revised
            batch.rows_unchanged = plan.rows_unchanged
            batch.indicators_revised = indicator_revisions_record(batch=batch, revised=revised)
            batch.finished_at = timezone.now()
            batch.save(
                update_fields=[
                    "rows_loaded",
                    "rows_revised",
                    "rows_unchanged",
                    "indicators_revised",
                    "finished_at",
                ]
            )
    except ImportConflict as conflict:
        pending_import_discard(pending=pending)
        raise ImportRejected([Problem(path.name, None, None, None, str(conflict))]) from conflict
    except BaseException:
        pending_import_discard(pending=pending)
        raise
    tell("Done", plan.staged.height, plan.staged.height)
    return ImportReport(
        batch=batch, changes=plan.changes, indicator_changes=[c for _i, c in revised]
    )


@dataclass
class _Plan:
    """What an import will write, worked out before anything is written."""

    staged: pl.DataFrame
    # Indicators and periods the file brings that are not stored yet, with the placeholder
    # (negative) ids their rows are staged with until the switch-in creates them.
    new_indicators: dict[str, int]
    new_periods: dict[tuple[str, str], int]
    periods: dict[tuple[str, str], ParsedPeriod]
    rows_unchanged: int
    changes: list[ValueChange]


def _plan(prepared: Prepared, file_name: str) -> _Plan:
    """Check the file against the store and compare it with what is stored; no writes."""
    frame = prepared.frame
    problems: list[Problem] = []
    area_ids = _area_ids()
    unknown = frame.filter(~pl.col("area").is_in(list(area_ids)))
    for row, code in unknown.select("row", "area").head(1000).iter_rows():
        problems.append(Problem(file_name, row, "area", code, "no area has this ONS or DfE code"))
    if unknown.height > 1000:
        problems.append(
            Problem(file_name, None, "area", None, f"{unknown.height - 1000} more unknown areas")
        )
    parsed, provisional, period_problems = _periods_parse(
        frame, file_name, source_key=prepared.source.key
    )
    problems.extend(period_problems)
    if problems:
        raise ImportRejected(problems)

    indicator_ids = dict(
        Indicator.objects.filter(source__key=prepared.source.key).values_list("code", "id")
    )
    new_indicators = {
        spec.code: -(i + 1)
        for i, spec in enumerate(s for s in prepared.indicators if s.code not in indicator_ids)
    }
    wanted = {(p.period_type, p.label): p for p in parsed.values()}
    period_ids = _period_ids_known(wanted)
    new_periods = {key: -(i + 1) for i, key in enumerate(k for k in wanted if k not in period_ids)}
    period_map = {
        raw: period_ids.get((p.period_type, p.label)) or new_periods[(p.period_type, p.label)]
        for raw, p in parsed.items()
    }
    keyed = frame.with_columns(
        pl.col("indicator")
        .replace_strict(indicator_ids | new_indicators, return_dtype=pl.Int64)
        .alias("indicator_id"),
        pl.col("area").replace_strict(area_ids, return_dtype=pl.Int64).alias("area_id"),
        _period_ids(frame, period_map).alias("period_id"),
        (pl.col("provisional") | _period_flag(frame, provisional)).alias("provisional"),
    )
    duplicates = keyed.filter(pl.struct("indicator_id", "area_id", "period_id").is_duplicated())
    if duplicates.height:
        # Grouped by the resolved ids, not the file's text: one area given by both its codes
        # (E06000019 and 884) is the same area, and both rows are named.
        first_rows = (
            duplicates.group_by("indicator_id", "area_id", "period_id")
            .agg(
                pl.col("row").sort(),
                pl.col("indicator").first(),
                pl.col("area").sort_by("row").last(),
                pl.col("period").first(),
                pl.col("period_type").first(),
            )
            .sort(pl.col("row").list.first())
        )
        raise ImportRejected(
            [
                Problem(
                    file_name,
                    rows[1],
                    "period",
                    f"{indicator} {area} {period_shown(period, parsed[(ptype, period)].label)}",
                    f"the same indicator, area and period as row {rows[0]}",
                )
                for _i, _a, _p, rows, indicator, area, period, ptype in first_rows.head(
                    1000
                ).iter_rows()
            ]
        )

    columns = ["indicator_id", "area_id", "period_id", *OBSERVATION_VALUE_FIELDS]
    incoming = keyed.select(columns)
    existing = observations_existing(list(indicator_ids.values()))
    joined = incoming.join(
        existing, on=["indicator_id", "area_id", "period_id"], how="left", suffix="_old"
    )
    differs = [~pl.col(f).eq_missing(pl.col(f"{f}_old")) for f in OBSERVATION_VALUE_FIELDS]
    new = joined.filter(pl.col("id").is_null())
    matched = joined.filter(pl.col("id").is_not_null())
    changed = matched.filter(pl.any_horizontal(differs))
    staged = pl.concat(
        [
            new.select(
                pl.lit(None, dtype=pl.Int64).alias("observation_id"),
                pl.lit(None, dtype=pl.Int64).alias("expected_batch_id"),
                *columns,
            ),
            changed.select(
                pl.col("id").alias("observation_id"),
                pl.col("batch_id").alias("expected_batch_id"),
                *columns,
            ),
        ]
    )
    period_labels = {pk: key[1] for key, pk in period_ids.items()}
    changes = changes_list(
        changed,
        indicator_codes={pk: code for code, pk in indicator_ids.items()},
        area_codes=dict(Area.objects.values_list("id", "code")),
        period_labels=period_labels,
    )
    return _Plan(
        staged=staged,
        new_indicators=new_indicators,
        new_periods=new_periods,
        periods=wanted,
        rows_unchanged=matched.height - changed.height,
        changes=[change for _pk, change in changes],
    )


def _source_upsert(prepared: Prepared) -> Source:
    spec = prepared.source
    source, _ = Source.objects.update_or_create(
        key=spec.key,
        defaults={
            "name": spec.name,
            "organisation": spec.organisation,
            "licence": spec.licence,
            "credit": spec.credit,
            "url": spec.url,
        },
    )
    return source


def _indicators_upsert(
    source: Source, prepared: Prepared
) -> tuple[dict[str, int], list[tuple[Indicator, DescriptionChange]]]:
    """Create the new indicators and update changed ones; the ids, and the changes made."""
    existing = {i.code: i for i in Indicator.objects.filter(source=source)}
    to_create, revised = [], []
    for spec in prepared.indicators:
        values = spec_values(spec)
        current = existing.get(spec.code)
        if current is None:
            to_create.append(Indicator(source=source, code=spec.code, **values))
        elif (change := description_change(indicator=current, values=values)) is not None:
            for f, v in values.items():
                setattr(current, f, v)
            revised.append((current, change))
    Indicator.objects.bulk_create(to_create, batch_size=500)
    if revised:
        Indicator.objects.bulk_update(
            [i for i, _c in revised], list(DESCRIPTION_FIELDS), batch_size=500
        )
    return dict(Indicator.objects.filter(source=source).values_list("code", "id")), revised


def _area_ids() -> dict[str, int]:
    ids: dict[str, int] = {}
    for pk, code, dfe_code in Area.objects.values_list("id", "code", "dfe_code"):
        ids[code] = pk
        if dfe_code:
            ids[dfe_code] = pk
    return ids


def _periods_parse(
    frame: pl.DataFrame, file_name: str, *, source_key: str
) -> tuple[dict[tuple[str, str], ParsedPeriod], dict[tuple[str, str], bool], list[Problem]]:
    """Every (type, label) in the frame parsed as a period, with the problems found: a
    label no type reads, or an indicator given periods of two types (ADR 0014)."""
    problems: list[Problem] = []
    parsed = {}
    labels = frame.group_by("period_type", "period").agg(pl.col("row").min())
    for period_type, label, row in labels.sort("row").iter_rows():
        try:
            parsed[(period_type, label)] = period_parse(label, period_type)
        except PeriodError as error:
            problems.append(Problem(file_name, row, "period", label, str(error)))
    problems.extend(
        periods_mixed_problems(
            frame=frame, parsed=parsed, file_name=file_name, source_key=source_key
        )
    )
    provisional = {raw: p.provisional for raw, p in parsed.items()}
    return parsed, provisional, problems


def _period_ids_known(wanted: dict[tuple[str, str], ParsedPeriod]) -> dict[tuple[str, str], int]:
    labels = {key[1] for key in wanted}
    return {
        (t, label): pk
        for pk, t, label in Period.objects.filter(label__in=labels).values_list(
            "id", "period_type", "label"
        )
        if (t, label) in wanted
    }


def _periods_create(wanted: dict[tuple[str, str], ParsedPeriod]) -> dict[tuple[str, str], int]:
    """Create the periods not stored yet; the ids of them all."""
    known = _period_ids_known(wanted)
    Period.objects.bulk_create(
        [
            Period(
                period_type=p.period_type,
                label=p.label,
                sort_key=p.sort_key,
                start=p.start,
                end=p.end,
            )
            for key, p in wanted.items()
            if key not in known
        ]
    )
    return _period_ids_known(wanted)


def _period_lookup_frame(
    mapping: dict[tuple[str, str], Any], name: str, dtype: Any
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "period_type": [k[0] for k in mapping],
            "period": [k[1] for k in mapping],
            name: list(mapping.values()),
        },
        schema={"period_type": pl.Utf8, "period": pl.Utf8, name: dtype},
    )


def _period_ids(frame: pl.DataFrame, period_map: dict[tuple[str, str], int]) -> pl.Series:
    lookup = _period_lookup_frame(period_map, "period_id", pl.Int64)
    return frame.select("period_type", "period").join(
        lookup, on=["period_type", "period"], how="left", maintain_order="left"
    )["period_id"]


def _period_flag(frame: pl.DataFrame, flags: dict[tuple[str, str], bool]) -> pl.Series:
    lookup = _period_lookup_frame(flags, "flag", pl.Boolean)
    return frame.select("period_type", "period").join(
        lookup, on=["period_type", "period"], how="left", maintain_order="left"
    )["flag"]
