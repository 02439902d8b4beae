"""The import history, a batch's page, and rolling a batch back.

Values are the DfE's (the SEN2 extract in imports_helpers): Herefordshire (E06000019, DfE
884) issued 169 new EHC plans in 2022. The second file is the same extract with that figure
changed to 170 and one 2023 row added, so the expected revision and new row are known
without the importer.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Role
from cypp.indicators.models import (
    OBSERVATION_VALUE_FIELDS,
    ImportBatch,
    Indicator,
    IndicatorRevision,
    Observation,
    ObservationRevision,
)
from cypp.indicators.rollback import RollbackRefused, import_batch_rollback
from cypp.indicators.services import observations_import
from tests.plans.factories import person_make

from .imports_helpers import SEN2, new_plans_mapping

pytestmark = pytest.mark.django_db


def _changed_file(folder: Path) -> Path:
    """The extract with Herefordshire's 2022 figure 170 (not 169) and a 2023 row added."""
    with SEN2.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("new_all_ehc")
    (row,) = [r for r in rows if r[0] == "2022" and r[8] == "884"]
    assert row[column] == "169"
    row[column] = "170"
    rows.append(["2023", *row[1:]])
    path = folder / "sen2_mi_three_las_revised.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(path: Path, definition: str = "First words.") -> ImportBatch:
    report = observations_import(
        importer="ees",
        path=path,
        options={"mapping": new_plans_mapping(definition), "mapping_file": "m.yaml"},
    )
    assert report.batch is not None
    return report.batch


def _herefordshire(label: str = "2022") -> Observation:
    return Observation.objects.get(
        indicator__code="ehc_new_plans", area__code="E06000019", period__label=label
    )


def _values(observation: Observation) -> dict[str, Any]:
    observation.refresh_from_db()
    return {f: getattr(observation, f) for f in (*OBSERVATION_VALUE_FIELDS, "batch_id")}


@pytest.fixture
def analyst() -> Client:
    client = Client()
    client.force_login(person_make("importer", role=Role.ANALYST))
    return client


def test_history_lists_batches_newest_first_with_counts(analyst: Client, tmp_path: Path) -> None:
    first = _import(SEN2)
    second = _import(_changed_file(tmp_path), definition="Second words.")

    page = analyst.get(reverse("evidence:import-history"))

    assert page.status_code == 200
    batches = list(page.context["page"].object_list)
    assert batches.index(second) < batches.index(first)
    assert (second.rows_read, second.rows_loaded, second.rows_revised) == (37, 1, 1)
    assert (second.rows_unchanged, second.indicators_revised) == (35, 1)
    text = page.content.decode()
    assert f'href="{reverse("evidence:import-batch", args=[second.pk])}"' in text

    batch_page = analyst.get(reverse("evidence:import-batch", args=[second.pk]))
    detail = batch_page.context["detail"]
    assert [
        (c.indicator, c.area, c.period, c.field, c.before, c.after) for c in detail.value_changes
    ] == [("ees:ehc_new_plans", "Herefordshire", "2022", "value", 169.0, 170.0)]
    assert detail.indicator_revisions[0].previous == {"definition": "First words."}
    assert "Second words." in batch_page.content.decode()


def test_rollback_restores_exact_previous_values(tmp_path: Path) -> None:
    first = _import(SEN2)
    herefordshire = _herefordshire()
    before = _values(herefordshire)
    count_before = Observation.objects.count()
    second = _import(_changed_file(tmp_path), definition="Second words.")
    assert _herefordshire().value == 170
    by = person_make("rolls-back", role=Role.ANALYST)

    undo = import_batch_rollback(batch=second, by=by)

    assert _values(herefordshire) == before
    assert before["batch_id"] == first.pk and before["value"] == 169
    assert not Observation.objects.filter(
        indicator__code="ehc_new_plans", period__label="2023"
    ).exists()
    assert Observation.objects.count() == count_before
    assert Indicator.objects.get(code="ehc_new_plans").definition == "First words."
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.ROLLED_BACK
    assert second.rolled_back_by_name == "rolls-back" and second.rolled_back_at is not None
    # Nothing is lost: the rollback is a batch with the values it replaced and removed.
    assert undo.rollback_of == second and undo.status == ImportBatch.Status.ROLLBACK
    kept = ObservationRevision.objects.get(replaced_by=undo)
    assert kept.previous["value"] == 170 and kept.previous_batch == second
    assert len(undo.removed) == 1 and undo.removed[0][:4] == [
        "ees",
        "ehc_new_plans",
        "E06000019",
        "2023",
    ]
    assert undo.removed[0][4] == 170
    restored = IndicatorRevision.objects.get(batch=undo)
    assert (restored.previous, restored.current) == (
        {"definition": "Second words."},
        {"definition": "First words."},
    )
    with pytest.raises(RollbackRefused, match="already rolled back"):
        import_batch_rollback(batch=second, by=by)


def test_rollback_refused_when_a_later_batch_changed_the_rows(tmp_path: Path) -> None:
    first = _import(SEN2)
    second = _import(_changed_file(tmp_path))
    count = Observation.objects.count()

    with pytest.raises(RollbackRefused) as refused:
        import_batch_rollback(batch=first, by=None)

    assert f"1 of this batch's observations were changed since by later batch {second.pk}" in str(
        refused.value
    )
    first.refresh_from_db()
    assert first.status == ImportBatch.Status.COMPLETED
    assert Observation.objects.count() == count and _herefordshire().value == 170
    # Rolled back in order, newest first, both go.
    import_batch_rollback(batch=second, by=None)
    import_batch_rollback(batch=first, by=None)
    assert not Observation.objects.filter(indicator__code="ehc_new_plans").exists()


def test_rollback_page_asks_first(analyst: Client) -> None:
    batch = _import(SEN2)
    url = reverse("evidence:import-rollback", args=[batch.pk])
    assert "Roll back this batch?" in analyst.get(url).content.decode()

    unticked = analyst.post(url, {})
    assert unticked.status_code == 400
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMPLETED

    done = analyst.post(url, {"confirm": "on"})
    undo = ImportBatch.objects.get(rollback_of=batch)
    assert done["Location"] == reverse("evidence:import-batch", args=[undo.pk])
    assert not Observation.objects.filter(indicator__code="ehc_new_plans").exists()
    page = analyst.get(reverse("evidence:import-batch", args=[batch.pk])).content.decode()
    assert "Rolled back" in page and "importer" in page
    # The same file can be imported again once its batch is rolled back.
    assert _import(SEN2).rows_loaded == 36
