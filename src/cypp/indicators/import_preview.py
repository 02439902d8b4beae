"""What an import WOULD change, worked out without writing anything.

The preview runs the importer's checks and the same comparison with the stored
observations that ``observations_import`` runs before it stages anything (``_plan``), and
reports new, revised and unchanged observations, new indicators, changed indicator
descriptions (before and after) and every problem with its file, row and column. Nothing
in the evidence store changes: no batch, observation, indicator or period is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from cypp.indicators.importers import importer_class
from cypp.indicators.importers.base import ImportRejected
from cypp.indicators.indicator_revisions import description_changes
from cypp.indicators.models import ImportBatch, Indicator
from cypp.indicators.services import _area_ids, _plan, file_fingerprint

# Observation changes listed in a preview (the counts always cover them all).
CHANGES_SHOWN = 200


@dataclass
class ImportPreview:
    rows_read: int = 0
    rows_skipped: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    new_indicators: list[dict[str, str]] = field(default_factory=list)
    changed_indicators: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    changes_total: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported_batch: int | None = None

    @property
    def importable(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_skipped": self.rows_skipped,
            "new": self.new,
            "revised": self.revised,
            "unchanged": self.unchanged,
            "new_indicators": self.new_indicators,
            "changed_indicators": self.changed_indicators,
            "changes": self.changes,
            "changes_total": self.changes_total,
            "problems": self.problems,
            "warnings": self.warnings,
            "already_imported_batch": self.already_imported_batch,
        }


def import_preview(*, importer: str, path: Path, options: dict[str, Any]) -> ImportPreview:
    """Check the file and compare it with the evidence store; write nothing.

    A file the importer or the store's checks refuse gives a preview with its problems
    (every one, as the import would report them) and no counts.
    """
    preview = ImportPreview()
    fingerprint = file_fingerprint(path, importer, options)
    earlier = (
        ImportBatch.objects.filter(importer=importer, file_hash=fingerprint)
        .exclude(status=ImportBatch.Status.ROLLED_BACK)
        .values_list("pk", flat=True)
        .first()
    )
    preview.already_imported_batch = earlier
    try:
        prepared = importer_class(importer)(path, options, known_areas=set(_area_ids())).prepare()
        plan = _plan(prepared, path.name)
    except ImportRejected as rejected:
        preview.problems = [p.as_dict() for p in rejected.problems]
        return preview
    preview.rows_read = prepared.rows_read
    preview.rows_skipped = prepared.rows_skipped
    preview.warnings = list(prepared.warnings)
    preview.new = plan.staged.filter(pl.col("observation_id").is_null()).height
    preview.revised = plan.staged.height - preview.new
    preview.unchanged = plan.rows_unchanged
    stored = set(
        Indicator.objects.filter(source__key=prepared.source.key).values_list("code", flat=True)
    )
    preview.new_indicators = [
        {"code": s.code, "title": s.title, "unit": s.unit}
        for s in prepared.indicators
        if s.code not in stored
    ]
    preview.changed_indicators = [
        c.as_dict()
        for c in description_changes(source_key=prepared.source.key, specs=prepared.indicators)
    ]
    preview.changes_total = len(plan.changes)
    preview.changes = [c.as_dict() for c in plan.changes[:CHANGES_SHOWN]]
    return preview
