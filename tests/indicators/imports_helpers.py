"""What the import page, history and revision tests share: a real EES extract and its mapping.

``fixtures/sen2_mi_three_las.csv`` is every National row and the Local authority rows of
Herefordshire (884), Worcestershire (885) and Shropshire (893) of the DfE's SEN2 file
(``ees/sen2_mi.csv`` of the shared data, "Education, health and care plans", Explore
Education Statistics, Open Government Licence v3), calendar years 2014 to 2022, copied
unchanged: 36 data rows.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).with_name("fixtures")
SEN2 = FIXTURES / "sen2_mi_three_las.csv"


def sen2_rows() -> list[dict[str, str]]:
    """The fixture's rows read with the standard library, for counts independent of CYPP."""
    with SEN2.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def new_plans_mapping(
    definition: str = "All new EHC plans issued in the calendar year.",
) -> dict[str, Any]:
    """A mapping of one column the demo's SEN2 mapping leaves out: new EHC plans (a count)."""
    return {
        "publication": "Education, health and care plans",
        "topic": "Special educational needs",
        "indicators": [
            {
                "code": "ehc_new_plans",
                "title": "New Education, Health and Care plans issued",
                "value": "new_all_ehc",
                "unit": "plans",
                "value_type": "count",
                "multiplier": 1,
                "polarity": "none",
                "decimals": 0,
                "definition": definition,
            }
        ],
    }


def mapping_file(folder: Path, mapping: dict[str, Any], name: str = "sen2_new_plans.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
    return path


def world_imports(user: Any) -> dict[str, int]:
    """The authorisation matrix's import objects: ``user``'s upload of the SEN2 extract with
    its mapping (not yet imported), and a batch of the same file imported."""
    from cypp.indicators.import_uploads import import_upload_create
    from cypp.indicators.services import observations_import

    options = {"mapping": new_plans_mapping(), "mapping_file": "sen2_new_plans.yaml"}
    upload = import_upload_create(
        chunks=[SEN2.read_bytes()],
        name=SEN2.name,
        size=SEN2.stat().st_size,
        importer="ees",
        options=options,
        by=user,
    )
    report = observations_import(importer="ees", path=SEN2, options=options)
    assert report.batch is not None
    return {"import_upload": upload.pk, "import_batch": report.batch.pk}
