"""Fixtures for the importer tests: the real geography, the demo files, small fixture files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cypp.geography.models import Area
from cypp.geography.services import areas_load
from cypp.indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from tests.store_writes import table_writes

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "demo" / "data"
MAPPINGS = ROOT / "demo" / "mappings"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def geography(db: None) -> None:
    """England, regions, sub-regions and every local authority, from the published lists.

    The suite's session database may hold them already (tests/conftest.py loads the demo).
    """
    if Area.objects.exists():
        return
    areas_load(
        la_code_list=DEMO / "lait" / "la_code_list.xlsx",
        ees_file=DEMO / "ees" / "cla_number_and_rate_per_10k_children.csv",
        utla_lookup=DEMO / "geography" / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv",
        retired_councils=DEMO / "geography" / "retired_councils.csv",
    )


# The evidence tables by the names a failure message shows, in the order table_writes reads
# them (by table name).
_EVIDENCE_TABLES = sorted(
    (model._meta.db_table, name)
    for name, model in {
        "observations": Observation,
        "batches": ImportBatch,
        "indicators": Indicator,
        "revisions": ObservationRevision,
    }.items()
)


@pytest.fixture
def store_counts() -> Callable[[], dict[str, tuple[int, ...]]]:
    """What shows whether an import wrote to the evidence tables, to show that a rejected one
    wrote nothing: the rows each table holds on SQLite; on PostgreSQL the rows this
    transaction inserted into and deleted from each, which is stricter (an import that wrote
    and then rolled back shows too) and cheap, where counting 700,000 observations twice a
    case cost the fuzz tests a minute and a half a run (tests/store_writes.py)."""

    def counts() -> dict[str, tuple[int, ...]]:
        values = table_writes([table for table, _name in _EVIDENCE_TABLES])
        each = len(values) // len(_EVIDENCE_TABLES)
        return {
            name: tuple(values[i * each : (i + 1) * each])
            for i, (_table, name) in enumerate(_EVIDENCE_TABLES)
        }

    return counts


@pytest.fixture
def copy_fixture(tmp_path: Path) -> Callable[..., Path]:
    """Copy a fixture file into tmp_path, optionally replacing text, and return the copy."""

    def copy(name: str, *replacements: tuple[str, str], to: str | None = None) -> Path:
        text = (FIXTURES / name).read_bytes().decode("utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} is not in {name}"
            text = text.replace(old, new)
        target = tmp_path / (to or name)
        target.write_bytes(text.encode("utf-8"))
        return target

    return copy
