"""The area profile's spine row: Fingertips' colours, a shape and words for every marker."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from cypp.charts.spine import (
    BANDS,
    SIGNIFICANCE,
    Spine,
    legend_items,
    marker_key,
    spine_row,
)

SVG = "{http://www.w3.org/2000/svg}"
RANGE = {"minimum": 30.0, "q25": 60.0, "q75": 90.0, "maximum": 150.0}


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is XML


def _row(**kwargs: Any) -> Spine:
    args: dict[str, Any] = {
        "value": 94.5,
        "england": 72.7,
        "comparison": "not compared",
        "band": None,
        "polarity": "low",
        "name": "Herefordshire",
        **RANGE,
    }
    args.update(kwargs)
    return spine_row(**args)


@pytest.mark.parametrize(
    ("comparison", "fill", "tag"),
    [
        # Fingertips' legend: better #92D050, similar #FFC000, worse #C00000,
        # higher #BED2FF, lower #5555E6.
        ("better", "#92d050", "circle"),
        ("similar", "#ffc000", "polygon"),
        ("worse", "#c00000", "rect"),
        ("higher", "#bed2ff", "polygon"),
        ("lower", "#5555e6", "polygon"),
    ],
)
def test_significance_markers_have_fingertips_colours_and_shapes(comparison, fill, tag) -> None:  # type: ignore[no-untyped-def]
    row = _row(comparison=comparison, band="A")  # significance wins over the band
    root = _parse(str(row))
    marker = list(root)[-1]
    assert (marker.tag.removeprefix(SVG), marker.get("fill")) == (tag, fill)
    assert row.marker == comparison and f"({comparison})" in row.alt
    assert root.get("role") == "img" and root.get("aria-label") == row.alt


def test_without_a_test_the_marker_is_the_band_with_its_letter() -> None:
    row = _row(band="C")
    root = _parse(str(row))
    letter = root.find(f"{SVG}text")
    assert letter is not None and letter.text == "C"
    assert row.marker == "band-C" and "(quartile band C)" in row.alt
    assert marker_key("not compared", None) == "not-compared"


def test_a_count_whose_england_total_is_off_the_range_is_said_not_drawn() -> None:
    row = _row(value=175.0, england=36725.0, minimum=10.0, q25=135.0, q75=310.0, maximum=1135.0)
    root = _parse(str(row))
    assert root.find(f"{SVG}line") is None
    assert "outside the local authorities' range" in row.alt


def test_the_legend_names_every_marker_in_words() -> None:
    items = legend_items()
    assert len(items) == len(SIGNIFICANCE) + len(BANDS) + 1
    assert all(item.words for item in items)
    assert all('aria-hidden="true"' in str(item.svg) for item in items)


def test_better_is_on_the_right_whichever_way_better_runs() -> None:
    """Fingertips draws the worst on the left: a value below England is to the right of the
    middle when lower is better, to the left when higher is better (width 150: middle 75)."""

    def marker_x(polarity: str) -> float:
        root = _parse(str(_row(value=50.0, comparison="better", polarity=polarity).svg))
        circle = next(e for e in root.iter(f"{SVG}circle"))
        return float(circle.get("cx") or 0)

    assert marker_x("low") > 75 > marker_x("high")
