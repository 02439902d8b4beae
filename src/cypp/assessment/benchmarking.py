"""An area against England, its region and its statistical neighbours, with rank and band.

Gathers one period's observations from the store and hands the arrays to ``cypp.stats``,
so the numbers are the published methods' (LAIT's ranks and quartile bands) and the
Django side only decides who is compared with whom.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from cypp import stats
from cypp.geography.models import Area, AreaType, ComparatorModel
from cypp.geography.selectors import comparator_model_latest, neighbours_list
from cypp.indicators.models import Indicator, Observation, Period


@dataclass(frozen=True, slots=True)
class AreaValue:
    code: str
    name: str
    value: float | None


@dataclass(frozen=True, slots=True)
class NeighbourValue:
    code: str
    dfe_code: str | None
    name: str
    rank: int
    closeness: str
    value: float | None


@dataclass(frozen=True, slots=True)
class NeighbourSummary:
    model: str | None
    average: float | None
    count: int
    members: list[NeighbourValue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Benchmark:
    indicator: str
    area: AreaValue
    period: str
    polarity: str
    value: float | None
    england: float | None
    region: AreaValue | None
    neighbours: NeighbourSummary
    rank: int | None
    rank_of: int
    quartile_band: str | None
    quartiles: list[float | None]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def benchmark_get(
    *, indicator: Indicator, area: Area, period: Period, model: ComparatorModel | None = None
) -> Benchmark:
    """The area's value beside England, its region and its neighbours' average, with its
    rank and LAIT quartile band among all local authorities with a value in the period.

    Neighbours' average is the plain mean of the neighbours that have a value, as LAIT shows
    it; ``count`` says how many that was. Rank and band are null where the indicator makes
    no judgement (polarity "none") or the area has no value.
    """
    model = model or comparator_model_latest()
    observations = list(
        Observation.objects.filter(indicator=indicator, period=period, value__isnull=False)
        .select_related("area")
        .only("value", "area__code", "area__area_type", "area__name")
    )
    values = {o.area.code: o.value for o in observations}
    authorities = [o for o in observations if o.area.area_type == AreaType.LOCAL_AUTHORITY]
    la_values = np.array([o.value for o in authorities], dtype=float)
    polarity = indicator.polarity
    rank: int | None = None
    band: str | None = None
    if area.code in values and area.area_type == AreaType.LOCAL_AUTHORITY and la_values.size:
        position = next(i for i, o in enumerate(authorities) if o.area.code == area.code)
        if polarity != "none":
            rank = int(stats.rank(la_values, polarity)[position])
            if indicator.quartiles_published:
                band = str(stats.quartile_band(la_values, polarity)[position]) or None
    quartiles = [_clean(float(q)) for q in stats.quartiles(la_values)] if la_values.size else []

    region = area.region
    members: list[NeighbourValue] = []
    if model is not None:
        for link in neighbours_list(area=area, model=model):
            n = link.neighbour
            members.append(
                NeighbourValue(
                    code=n.code,
                    dfe_code=n.dfe_code,
                    name=n.name,
                    rank=link.rank,
                    closeness=link.closeness,
                    value=values.get(n.code),
                )
            )
    present = [m.value for m in members if m.value is not None]
    return Benchmark(
        indicator=indicator.reference,
        area=AreaValue(area.code, area.name, values.get(area.code)),
        period=period.label,
        polarity=polarity,
        value=values.get(area.code),
        england=values.get("E92000001"),
        region=AreaValue(region.code, region.name, values.get(region.code)) if region else None,
        neighbours=NeighbourSummary(
            model=model.key if model else None,
            average=float(np.mean(present)) if present else None,
            count=len(present),
            members=members,
        ),
        rank=rank,
        rank_of=int(la_values.size),
        quartile_band=band,
        quartiles=quartiles,
    )
