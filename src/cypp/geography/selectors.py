"""Reads of the geography: find an area by either code, its region, its neighbours."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cypp.geography.models import Area, AreaType, ComparatorModel, Neighbour


class UnknownArea(LookupError):
    def __init__(self, code: str) -> None:
        super().__init__(f"No area has the ONS or DfE code {code!r}.")
        self.code = code


def area_get(*, code: str) -> Area:
    """The area with this ONS code (E06000019) or DfE code (884)."""
    code = code.strip()
    area = (
        Area.objects.select_related("region")
        .filter(Q(code__iexact=code) | Q(dfe_code=code))
        .first()
    )
    if area is None:
        raise UnknownArea(code)
    return area


def comparator_model_latest() -> ComparatorModel | None:
    """The most recently published statistical-neighbours model."""
    return ComparatorModel.objects.filter(kind="statistical_neighbours").first()


def neighbours_list(*, area: Area, model: ComparatorModel) -> list[Neighbour]:
    """The area's neighbours in the model, closest first."""
    return list(
        Neighbour.objects.filter(model=model, area=area)
        .select_related("neighbour")
        .order_by("rank")
    )


@dataclass(frozen=True, slots=True)
class GeographySummary:
    local_authorities: int
    retired: int
    regions: int
    models: list[ComparatorModel]


def geography_summary() -> GeographySummary:
    """How many areas of each kind are loaded, and which comparator models."""
    counts = Area.objects.aggregate(
        local_authorities=Count("id", filter=Q(area_type=AreaType.LOCAL_AUTHORITY, retired=False)),
        retired=Count("id", filter=Q(retired=True)),
        regions=Count("id", filter=Q(area_type=AreaType.REGION)),
    )
    return GeographySummary(models=list(ComparatorModel.objects.all()), **counts)
