"""The map of England's upper-tier authorities: the boundaries copy, the fills, the words."""

from __future__ import annotations

import json
import re
from collections import Counter

from cypp.charts.england_map import (
    BAND_CATEGORIES,
    SIGNIFICANCE_CATEGORIES,
    MapArea,
    england_map,
)
from cypp.geography.boundaries import (
    CREDIT,
    DATA_FILE,
    boundaries_compact,
    england_boundaries,
)

# ONS, Counties and Unitary Authorities (December 2023): England's 153 upper-tier
# authorities are 63 unitary authorities (E06), 36 metropolitan districts (E08), 33 London
# boroughs with the City of London (E09) and 21 counties (E10).
PUBLISHED_COUNTS = {"E06": 63, "E08": 36, "E09": 33, "E10": 21}
HEREFORDSHIRE = "E06000019"
_PATH = re.compile(r'<path d="[^"]+" fill="([^"]+)" stroke="#ffffff"[^>]*><title>([^<]*)</title>')


def test_the_copy_has_englands_153_authorities_and_nothing_else() -> None:
    codes = [b.code for b in england_boundaries()]
    assert len(codes) == len(set(codes)) == 153
    assert Counter(c[:3] for c in codes) == PUBLISHED_COUNTS
    assert not [c for c in codes if c[0] in "WSN"]  # Wales, Scotland, Northern Ireland
    names = {b.code: b.name for b in england_boundaries()}
    assert names[HEREFORDSHIRE] == "Herefordshire, County of"
    assert names["E06000065"] == "North Yorkshire"  # the April 2023 unitary


def test_the_copy_is_small_and_credits_the_ons() -> None:
    assert DATA_FILE.stat().st_size < 1_000_000
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["credit"] == CREDIT
    assert "Open Government Licence v.3.0" in CREDIT and "Crown copyright" in CREDIT
    sample = data["features"][0]["geometry"]["coordinates"][0][0][:50]
    assert all(round(x, 4) == x and round(y, 4) == y for x, y in sample)


def test_the_builder_keeps_england_rounds_and_drops_repeated_points() -> None:
    ring = [[-3.123456, 52.987654], [-3.123451, 52.987651], [-3.0, 53.0], [-2.9, 52.9]]
    ring.append(ring[0])
    source = {
        "features": [
            {
                "properties": {"CTYUA23CD": code, "CTYUA23NM": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            for code, name in [("W06000001", "Isle of Anglesey"), ("E06000019", "Herefordshire")]
        ]
    }
    compact = boundaries_compact(source)
    assert [f["properties"] for f in compact["features"]] == [
        {"code": "E06000019", "name": "Herefordshire"}
    ]
    (polygon,) = compact["features"][0]["geometry"]["coordinates"]
    # The first two points are the same to 4 decimal places: one is kept.
    assert polygon[0] == [[-3.1235, 52.9877], [-3.0, 53.0], [-2.9, 52.9], [-3.1235, 52.9877]]


def _areas() -> list[MapArea]:
    bands = "ABCD"
    return [
        MapArea(b.code, b.name, bands[i % 4] if i % 10 else "", f"{i}.0")
        for i, b in enumerate(england_boundaries())
        if i % 17  # some authorities with no figure
    ]


def test_each_area_is_filled_as_its_band_and_the_legend_counts_them() -> None:
    areas = _areas()
    drawn = england_map(title="A test", areas=areas, categories=BAND_CATEGORIES)
    svg = str(drawn.svg())
    # The main map draws each authority once; the London inset repeats the 33 boroughs.
    fills = _PATH.findall(svg)
    assert len(fills) == 153 + 33
    fill_of = {c.key: c for c in BAND_CATEGORIES}
    by_name = {a.name: a for a in areas}
    for fill, tip in fills[:153]:
        name = tip.split(":")[0]
        area = by_name.get(name.replace("&amp;", "&").replace("&#x27;", "'"))
        if area is None:
            assert fill == "#f3f2f1" and tip.endswith("no figure")
            continue
        category = fill_of[area.category]
        expected = (
            category.colour
            if category.pattern == "solid"
            else f"url(#cypp-map-{area.category or 'none'})"
        )
        assert fill == expected, name
    counted = {item.category.key: item.count for item in drawn.legend}
    expected_counts = Counter(a.category for a in areas)
    expected_counts["no data"] = 153 - len(areas)
    assert counted == dict(expected_counts)
    assert sum(counted.values()) == 153


def test_the_text_alternative_counts_each_band_and_names_the_chosen_area() -> None:
    areas = _areas()
    drawn = england_map(
        title="A test", areas=areas, categories=BAND_CATEGORIES, chosen=HEREFORDSHIRE
    )
    counts = Counter(a.category for a in areas)
    assert drawn.alt.startswith("Map of England's 153 upper-tier local authorities.")
    assert f"Band A (the best quarter): {counts['A']}" in drawn.alt
    assert f"No band: {counts['']}" in drawn.alt
    assert f"No figure: {153 - len(areas)}" in drawn.alt
    assert "Herefordshire, County of is outlined in black." in drawn.alt
    svg = str(drawn.svg())
    assert 'aria-labelledby="england-map-title" aria-describedby="england-map-desc"' in svg
    assert '<title id="england-map-title">A test</title>' in svg


def test_areas_without_a_2023_boundary_are_named_as_not_drawn() -> None:
    areas = [
        MapArea("E10000006", "Cumbria", "better", "1.0"),
        MapArea(HEREFORDSHIRE, "Herefordshire", "worse", "2.0"),
    ]
    drawn = england_map(title="T", areas=areas, categories=SIGNIFICANCE_CATEGORIES)
    assert drawn.not_drawn == ("Cumbria",)
    assert "Not drawn (no 2023 boundary): Cumbria." in drawn.alt
    counted = {item.category.key: item.count for item in drawn.legend}
    assert counted == {"worse": 1, "no data": 152}


def test_the_file_credits_the_boundaries_and_the_figures() -> None:
    drawn = england_map(title="T", areas=_areas(), categories=BAND_CATEGORIES)
    document = drawn.document(data_credit="Figures: Source: DfE.")
    assert document.startswith("<?xml")
    assert "Office for National Statistics licensed under the Open Government Licence" in document
    assert "Figures: Source: DfE." in document
