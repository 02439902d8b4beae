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


def area_districts(*, area: Area) -> list[Area]:
    """The lower-tier districts that make up an area, for figures published only by district
    (the indices of deprivation). A county council gives its districts, never a figure of its
    own; a unitary, metropolitan or London authority is its own district; a district is
    itself. England and regions give none: their districts are too many to list this way."""
    if area.area_type == AreaType.DISTRICT:
        return [area]
    if area.area_type != AreaType.LOCAL_AUTHORITY:
        return []
    districts = list(Area.objects.filter(county=area).order_by("name"))
    # A retired county (Cumbria) has no districts left in the lookup, and is no district.
    return districts or ([] if area.la_type == "County council" else [area])


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
