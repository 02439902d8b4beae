"""Staged imports: revisions keep the exact old values; a conflict at switch-in changes nothing.

Values are read from the bundled DfE LAIT file (demo/data/lait), as in test_lait_import.py:
Herefordshire (DfE 884) key stage 1 phonics 2025 is 79, marked provisional ("2025 (prov)").
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.db import transaction

from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    Observation,
    ObservationRevision,
    PendingImport,
    StagedObservation,
)
from cypp.indicators.services import observations_import
from cypp.indicators.staging import (
    ImportConflict,
    observations_stage,
    pending_import_discard,
    pending_import_start,
    pending_import_switch_in,
)
from tests.conftest import DEMO_DATA

LAIT = DEMO_DATA / "lait" / "bds_long_0.parquet"
DICTIONARY = str(DEMO_DATA / "lait" / "lait_data_dictionary.csv")
pytestmark = pytest.mark.django_db


def _herefordshire(measure: str) -> pl.DataFrame:
    data = pl.read_parquet(LAIT)
    return data.filter((pl.col("Short Desc") == measure) & (pl.col("LA Number") == 884.0))


def _with_value(frame: pl.DataFrame, year: str, value: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("Years") == year)
        .then(pl.lit(value))
        .otherwise(pl.col("Values"))
        .alias("Values")
    )


def _observation(code: str, label: str) -> Observation:
    return Observation.objects.get(indicator__code=code, area__dfe_code="884", period__label=label)


def test_revision_keeps_every_old_value_with_its_type(tmp_path: Path) -> None:
    phonics = _observation("KS1P_all", "2024/25")  # LAIT's "2025 (prov)" (ADR 0014)
    before = {f: getattr(phonics, f) for f in OBSERVATION_VALUE_FIELDS}
    assert (before["value"], before["provisional"], before["estimate"]) == (79.0, True, False)
    path = tmp_path / "lait_phonics.parquet"
    _with_value(_herefordshire("KS1P_all"), "2025 (prov)", "80").write_parquet(path)
    report = observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    assert (report.batch.rows_revised, report.batch.rows_loaded) == (1, 0)
    revision = ObservationRevision.objects.get(replaced_by=report.batch)
    assert revision.previous == before
    assert revision.previous_batch_id == phonics.batch_id
    phonics.refresh_from_db()
    assert (phonics.value, phonics.provisional, phonics.batch_id) == (80.0, True, report.batch.pk)
    assert (StagedObservation.objects.count(), PendingImport.objects.count()) == (0, 0)


def test_conflict_at_switch_in_changes_nothing(tmp_path: Path) -> None:
    """Another import revised an observation after this one compared it: refused whole."""
    looked_after = _observation("LAC", "2025")
    assert looked_after.value == 100.0
    pending = pending_import_start(importer="lait", file_name="slow.parquet")
    staged = pl.DataFrame(
        {
            "observation_id": [looked_after.pk],
            "expected_batch_id": [looked_after.batch_id],
            "indicator_id": [looked_after.indicator_id],
            "area_id": [looked_after.area_id],
            "period_id": [looked_after.period_id],
            **{f: [getattr(looked_after, f)] for f in OBSERVATION_VALUE_FIELDS if f != "value"},
            "value": [101.0],
        }
    )
    observations_stage(pending=pending, rows=staged)
    assert StagedObservation.objects.filter(pending=pending).count() == 1

    path = tmp_path / "lait_faster.parquet"
    _with_value(_herefordshire("LAC"), "2025", "102").write_parquet(path)
    faster = observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    revisions = ObservationRevision.objects.count()

    with pytest.raises(ImportConflict, match="1 observation"), transaction.atomic():
        pending_import_switch_in(
            pending=pending,
            batch=faster.batch,
            indicator_placeholders={},
            period_placeholders={},
        )
    pending_import_discard(pending=pending)
    looked_after.refresh_from_db()
    assert (looked_after.value, looked_after.batch_id) == (102.0, faster.batch.pk)
    assert ObservationRevision.objects.count() == revisions
    assert (StagedObservation.objects.count(), PendingImport.objects.count()) == (0, 0)


def test_new_period_reaches_its_rows(tmp_path: Path) -> None:
    """Rows of a period not yet stored are staged with a placeholder and switched in under
    the id created for it (new indicators likewise: the first LAIT import makes them all)."""
    frame = _herefordshire("LAC").head(1).with_columns(pl.lit("2031").alias("Years"))
    path = tmp_path / "lait_2031.parquet"
    frame.write_parquet(path)
    report = observations_import(importer="lait", path=path, options={"dictionary": DICTIONARY})
    assert (report.batch.rows_loaded, report.batch.rows_revised) == (1, 0)
    stored = _observation("LAC", "2031")
    assert (stored.value, stored.indicator.code, stored.batch_id) == (
        float(frame["Values"][0]),
        "LAC",
        report.batch.pk,
    )
