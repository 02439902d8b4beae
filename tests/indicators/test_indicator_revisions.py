"""A re-import that describes an indicator differently is a revision, counted and kept.

The file is a real DfE SEN2 extract (see imports_helpers); only the mapping's definition
changes between the two imports, so every observation is unchanged and exactly one
indicator is revised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cypp.indicators.models import ImportBatch, Indicator, IndicatorRevision
from cypp.indicators.services import observations_import
from tests.conftest import cli

from .imports_helpers import SEN2, mapping_file, new_plans_mapping, sen2_rows

pytestmark = pytest.mark.django_db


def _import(mapping: dict, name: str = "first.yaml"):
    return observations_import(
        importer="ees", path=SEN2, options={"mapping": mapping, "mapping_file": name}
    )


def test_changed_definition_is_one_indicator_revised() -> None:
    first = _import(new_plans_mapping("First words."))
    assert first.batch is not None
    assert first.batch.rows_loaded == len(sen2_rows()) == 36
    assert first.batch.indicators_revised == 0

    second = _import(new_plans_mapping("Second words."), name="second.yaml")

    assert second.batch is not None
    batch = ImportBatch.objects.get(pk=second.batch.pk)
    assert (batch.rows_loaded, batch.rows_revised, batch.rows_unchanged) == (0, 0, 36)
    assert batch.indicators_revised == 1
    revision = IndicatorRevision.objects.get(batch=batch)
    assert revision.indicator.code == "ehc_new_plans"
    assert revision.previous == {"definition": "First words."}
    assert revision.current == {"definition": "Second words."}
    assert Indicator.objects.get(code="ehc_new_plans").definition == "Second words."
    assert second.as_dict()["indicators_revised"] == 1
    assert second.as_dict()["indicator_changes"] == [
        {
            "code": "ehc_new_plans",
            "title": "New Education, Health and Care plans issued",
            "before": {"definition": "First words."},
            "after": {"definition": "Second words."},
        }
    ]


def test_same_description_is_no_revision() -> None:
    _import(new_plans_mapping())
    again = observations_import(
        importer="ees",
        path=SEN2,
        options={"mapping": new_plans_mapping(), "mapping_file": "first.yaml"},
        force=True,
    )
    assert again.batch is not None and again.batch.indicators_revised == 0
    assert not IndicatorRevision.objects.exists()


def test_command_line_reports_the_revision(tmp_path: Path) -> None:
    cli(
        "data",
        "import",
        "ees",
        str(SEN2),
        "--mapping",
        str(mapping_file(tmp_path, new_plans_mapping("Old."))),
    )
    changed = mapping_file(tmp_path, new_plans_mapping("New."), name="changed.yaml")

    text = cli("data", "import", "ees", str(SEN2), "--mapping", str(changed))

    assert "0 new, 0 revised, 36 unchanged, 0 skipped; 1 indicator(s) revised." in text
    assert "indicator revised: ehc_new_plans definition: 'Old.' -> 'New.'" in text
    title = new_plans_mapping("New.")
    title["indicators"][0]["title"] = "New EHC plans"
    result = json.loads(
        cli(
            "data",
            "import",
            "ees",
            str(SEN2),
            "--json",
            "--mapping",
            str(mapping_file(tmp_path, title, name="title.yaml")),
        )
    )
    assert result["indicators_revised"] == 1
    assert result["indicator_changes"][0]["before"] == {
        "title": "New Education, Health and Care plans issued"
    }
