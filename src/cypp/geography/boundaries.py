"""The boundaries of England's upper-tier local authorities, for the explorer's map.

The repository carries a compact copy (``data/utla_2023_england.json``) of the ONS
"Counties and Unitary Authorities (December 2023) Boundaries UK BSC" file: English
features only (E06, E08, E09, E10: 153), coordinates rounded to 4 decimal places (about
11 m, finer than the file's 200 m generalisation), repeated points dropped, and only the
code and name kept. ``cypp boundaries build --source <the ONS GeoJSON>`` makes it again.

Source: Office for National Statistics licensed under the Open Government Licence v.3.0;
contains OS data © Crown copyright and database right 2023.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "utla_2023_england.json"
CREDIT = (
    "Source: Office for National Statistics licensed under the Open Government Licence "
    "v.3.0; contains OS data © Crown copyright and database right 2023"
)
BOUNDARIES_NAME = "Counties and Unitary Authorities (December 2023), England"
DECIMALS = 4

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Boundary:
    """One authority's outline: polygons, each an outer ring then its holes (lon, lat)."""

    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


def _ring_compact(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat, *_ in ring:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def boundaries_compact(source: dict[str, Any]) -> dict[str, Any]:
    """The England-only compact GeoJSON made from the ONS UK file's parsed contents."""
    features: list[dict[str, Any]] = []
    for feature in source["features"]:
        props = feature["properties"]
        code = props["CTYUA23CD"]
        if not code.startswith("E"):
            continue
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        compact = []
        for polygon in polygons:
            rings = [_ring_compact(r) for r in polygon]
            # A ring rounded down to fewer than 4 points (a closed triangle) draws nothing.
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                compact.append(rings)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": props["CTYUA23NM"].strip()},
                "geometry": {"type": "MultiPolygon", "coordinates": compact},
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    return {
        "type": "FeatureCollection",
        "name": BOUNDARIES_NAME,
        "credit": CREDIT,
        "features": features,
    }


def boundaries_write(*, source: Path, output: Path = DATA_FILE) -> int:
    """Write the compact copy from the ONS file; returns the number of features."""
    compact = boundaries_compact(json.loads(source.read_text(encoding="utf-8")))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps(compact, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return len(compact["features"])


@lru_cache(maxsize=1)
def england_boundaries() -> tuple[Boundary, ...]:
    """The 153 English upper-tier authorities' outlines, read once per process."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Boundary(
            code=f["properties"]["code"],
            name=f["properties"]["name"],
            polygons=tuple(
                tuple(tuple((p[0], p[1]) for p in ring) for ring in polygon)
                for polygon in f["geometry"]["coordinates"]
            ),
        )
        for f in data["features"]
    )
