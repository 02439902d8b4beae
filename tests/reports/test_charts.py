"""Chart builders: accessible SVG (role, title, description), tables of every plotted figure,
text labels besides colour, no inline styles, and a cache that renders each chart once."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.cache import cache

from cypp.charts import (
    Bar,
    Point,
    Reference,
    Series,
    Target,
    neighbours_chart,
    sparkline,
    time_series_chart,
)
from cypp.charts import base as chart_base
from cypp.charts.base import accessible_svg

SVG = "{http://www.w3.org/2000/svg}"
PERIODS = [str(y) for y in range(2019, 2026)]


def _series(name: str, start: float, step: float, kind: str, limits: bool = False) -> Series:
    return Series(
        name,
        tuple(
            Point(
                p,
                start + i * step,
                *((start + i * step - 5, start + i * step + 5) if limits else ()),
                end=dt.date(int(p), 12, 31),
                index=i,
            )
            for i, p in enumerate(PERIODS)
        ),
        kind,
    )


def _time_series() -> Any:
    return time_series_chart(
        title="Children looked after rate per 10,000",
        area=_series("Herefordshire", 80.0, 3.0, "area", limits=True),
        comparators=[
            _series("England", 64.0, 0.5, "england"),
            _series("West Midlands", 84.0, 0.3, "region"),
            _series("Neighbour average", 70.0, 1.0, "neighbours"),
        ],
        target=Target(
            baseline_period="2025",
            baseline_end=dt.date(2025, 12, 31),
            baseline=98.0,
            due=dt.date(2028, 3, 31),
            value=90.0,
        ),
        unit="Rate per 10,000",
    )


def _neighbours() -> Any:
    return neighbours_chart(
        title="Hospital admissions for injuries, 2023-24",
        area=Bar("Herefordshire", 94.49, 84.13, 107.34, "This area"),
        neighbours=[
            Bar("Shropshire", 68.5, 61.3, 76.3, "Neighbour 4"),
            Bar("Lancashire", 102.6, 98.4, 107.1, "Neighbour 6"),
            Bar("Rutland", None, role="Neighbour 9", note="suppressed (c)"),
        ],
        england=72.71,
        references=[Reference("Neighbour average", 85.55, "Average of 2 of 3")],
        unit="Rate per 10,000",
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is XML


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("build", [_time_series, _neighbours])
def test_vega_charts_are_accessible_images(build: Any) -> None:
    chart = build()
    svg = str(chart.svg())
    root = _parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == chart.title
    assert desc is not None and desc.get("id") == desc_id and desc.text == chart.alt
    # A strict Content Security Policy refuses style attributes and elements.
    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg
    # The image is one image: no inner roles for assistive technology to wander into.
    assert svg.count("role=") == 1 and "aria-roledescription" not in svg


def test_time_series_labels_lines_and_tables_every_figure() -> None:
    chart = _time_series()
    texts = _texts(_parse(str(chart.svg())))
    for label in ("Herefordshire", "England", "West Midlands", "Neighbour average", "Target"):
        assert label in texts, label
    table = chart.table
    assert table.columns == (
        "Period",
        "Herefordshire",
        "Herefordshire lower 95% limit",
        "Herefordshire upper 95% limit",
        "England",
        "West Midlands",
        "Neighbour average",
        "Target",
    )
    assert [r[0] for r in table.rows] == [
        *PERIODS[:-1],
        "2025 (baseline)",
        "March 2028 (target due)",
    ]
    plotted = {v for row in table.rows for v in row[1:] if isinstance(v, float)}
    spec_values = {
        row[key]
        for layer in chart.spec["layer"]
        for row in layer["data"]["values"]
        for key in ("value", "lower", "upper")
        if key in row
    }
    assert spec_values <= plotted
    assert table.rows[-1][-1] == 90.0 and table.rows[-2][-1] == 98.0
    # Distinct dash patterns, one per line.
    [lines] = [layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "line"]
    dashes = lines["encoding"]["strokeDash"]["scale"]["range"]
    assert len({tuple(d) for d in dashes}) == len(dashes)


def test_time_series_alt_names_key_figures() -> None:
    alt = _time_series().alt
    assert "Herefordshire went from 80.0 in 2019 to 98.0 in 2025" in alt
    assert "England 67.0" in alt and "West Midlands 85.8" in alt
    assert "Target (dashed line): from the baseline of 98.0 in 2025 to 90.0 by March 2028" in alt
    assert "95% confidence intervals" in alt


def test_neighbours_chart_highlights_area_with_words_and_labels_england() -> None:
    chart = _neighbours()
    texts = _texts(_parse(str(chart.svg())))
    assert "Herefordshire (this area)" in texts
    assert "England 72.7" in texts
    assert "Neighbour average 85.5" in texts or "Neighbour average 85.6" in texts
    assert "suppressed (c)" in texts
    rows = chart.table.rows
    assert [r[0] for r in rows] == [
        "Lancashire",
        "Herefordshire",
        "Shropshire",
        "Rutland",
        "England",
        "Neighbour average",
    ]
    assert rows[1][2:5] == (94.49, 84.13, 107.34)
    assert rows[3][2] == "suppressed (c)"
    assert "Herefordshire: 94.5, 2nd highest of 3 with a figure" in chart.alt
    assert "England 72.7" in chart.alt


def test_rendering_is_cached_by_specification(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = chart_base._vegalite_to_svg

    def counting(spec: dict[str, Any]) -> str:
        calls.append(spec)
        return real(spec)

    monkeypatch.setattr(chart_base, "_vegalite_to_svg", counting)
    cache.clear()
    first = _neighbours().svg()
    second = _neighbours().svg()
    assert len(calls) == 1
    assert first == second
    _time_series().svg()
    assert len(calls) == 2


def test_accessible_svg_escapes_text_and_converts_styles() -> None:
    raw = '<svg xmlns="http://www.w3.org/2000/svg" class="marks" role="graphics-document"><rect style="fill: red; cursor: pointer" width="1" height="1"/></svg>'
    svg = accessible_svg(raw, title='A <b> & "c"', description="x < y", element_id="c1")
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == 'A <b> & "c"'  # type: ignore[union-attr]
    assert root.get("role") == "img"
    rect = root.find(f"{SVG}rect")
    assert rect is not None and rect.get("fill") == "red" and rect.get("style") is None
    assert "cursor" not in svg


def test_sparkline_is_hand_built_with_first_and_last_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chart_base, "_vegalite_to_svg", lambda spec: pytest.fail("no vl-convert"))
    svg = sparkline([80.0, None, 91.5, 100.0], labels=["2022", "2023", "2024", "2025"], name="LAC")
    root = _parse(str(svg))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "LAC: from 80.0 in 2022 to 100.0 in 2025"
    assert len(root.findall(f"{SVG}polyline")) == 1  # the gap breaks the line
    assert "style=" not in svg
    assert _parse(str(sparkline([]))).get("aria-label") == "Trend: no figures"
