"""An indicator's description changed by a re-import is a revision, like a changed value.

A file imported again with a new title, definition, unit, polarity or number of decimals
for an indicator changes the stored indicator; the fields before and after are kept as an
``IndicatorRevision`` of the batch, counted in ``ImportBatch.indicators_revised``, shown in
the preview, the import history and the command line, and restored by a rollback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cypp.indicators.importers.base import IndicatorSpec
from cypp.indicators.models import ImportBatch, Indicator, IndicatorRevision

# Every field an importer describes an indicator with, but its code (the key).
DESCRIPTION_FIELDS = tuple(f.name for f in dataclasses.fields(IndicatorSpec) if f.name != "code")


@dataclass(frozen=True, slots=True)
class DescriptionChange:
    """One indicator's changed fields: their stored values and the incoming ones."""

    code: str
    title: str
    before: dict[str, Any]
    after: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "before": self.before, "after": self.after}


def spec_values(spec: IndicatorSpec) -> dict[str, Any]:
    """The description an importer gives, as the indicator would store it."""
    values = {f: getattr(spec, f) for f in DESCRIPTION_FIELDS}
    values["title"] = values["title"][:300]
    return values


def description_change(*, indicator: Indicator, values: dict[str, Any]) -> DescriptionChange | None:
    """What would change in a stored indicator given these values (None if nothing)."""
    before = {f: getattr(indicator, f) for f, v in values.items() if getattr(indicator, f) != v}
    if not before:
        return None
    return DescriptionChange(
        code=indicator.code,
        title=str(values.get("title") or indicator.title),
        before=before,
        after={f: values[f] for f in before},
    )


def description_changes(*, source_key: str, specs: list[IndicatorSpec]) -> list[DescriptionChange]:
    """The changes an import of these indicators would make to the stored ones (no writes)."""
    stored = {i.code: i for i in Indicator.objects.filter(source__key=source_key)}
    changes = []
    for spec in specs:
        current = stored.get(spec.code)
        if current is not None:
            change = description_change(indicator=current, values=spec_values(spec))
            if change is not None:
                changes.append(change)
    return changes


def indicator_revisions_record(
    *, batch: ImportBatch, revised: list[tuple[Indicator, DescriptionChange]]
) -> int:
    """Keep each changed description as a revision of the batch; how many were kept."""
    now = timezone.now()
    IndicatorRevision.objects.bulk_create(
        [
            IndicatorRevision(
                indicator=indicator,
                previous=jsonable(change.before),
                current=jsonable(change.after),
                batch=batch,
                revised_at=now,
            )
            for indicator, change in revised
        ]
    )
    return len(revised)


def jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v if v is None or isinstance(v, bool | int | float | str) else str(v)
        for k, v in values.items()
    }
