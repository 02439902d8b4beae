"""The evidence side of the read API: the catalogue, observations (local small numbers
withheld as the explorer withholds them) and benchmarks, checked against the LAIT file."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import api_get
from tests.api.world import HEREFORDSHIRE, lait_rows, local_indicator

pytestmark = pytest.mark.django_db

BREASTFEEDING = "/indicators/lait/6wksBreast"


def _json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_catalogue_search_and_one_indicator() -> None:
    found = _json(api_get("/indicators?q=breastfeeding&source=lait"))
    assert "lait:6wksBreast" in [i["reference"] for i in found["results"]]
    assert all(i["source"] == "lait" for i in found["results"])
    one = _json(api_get(BREASTFEEDING))
    assert one["reference"] == "lait:6wksBreast" and one["code"] == "6wksBreast"
    assert one["url"].endswith("/api/v1/indicators/lait/6wksBreast")
    assert api_get("/indicators/lait/NoSuchThing").status_code == 404


def test_observations_are_the_published_figures() -> None:
    printed = lait_rows("6wksBreast", "Herefordshire")
    body = _json(api_get(f"{BREASTFEEDING}/observations?area={HEREFORDSHIRE}"))
    # LAIT prints "-" where there is no figure; every other year is a figure.
    figures = {f"{int(y) - 1}-{y[2:]}": float(v) for y, v in printed.items() if v != "-"}
    shown = {o["period"]: o["value"] for o in body["results"] if o["value"] is not None}
    assert shown == pytest.approx(figures)
    assert {o["area"] for o in body["results"]} == {HEREFORDSHIRE}


def test_a_local_small_number_is_c_in_observations() -> None:
    local_indicator()
    body = _json(api_get("/indicators/apitest/children_waiting/observations"))
    rows = {o["period"]: (o["value"], o["withheld"]) for o in body["results"]}
    assert rows == {"2022": (31.0, None), "2023": (None, "c"), "2024": (25.0, None)}
    one = _json(api_get("/indicators/apitest/children_waiting/observations?period=2023"))
    assert [o["withheld"] for o in one["results"]] == ["c"]
    assert one["results"][0]["numerator"] is None


def test_benchmark_against_england_and_region() -> None:
    year = "2024"
    body = _json(api_get(f"{BREASTFEEDING}/benchmark?area={HEREFORDSHIRE}"))
    assert body["period"] == "2023-24"
    assert body["area"]["value"] == pytest.approx(
        float(lait_rows("6wksBreast", "Herefordshire")[year])
    )
    assert body["england"] == pytest.approx(float(lait_rows("6wksBreast", "England")[year]))
    assert body["region"]["name"] == "West Midlands"
    # The file prints "-" where a region has no figure: then there is none to compare.
    region = lait_rows("6wksBreast", "West Midlands")[year]
    assert body["region"]["value"] == (None if region == "-" else pytest.approx(float(region)))
    assert 0 < body["neighbours"]["count"] <= 10


def test_unknown_area_or_period_is_a_problem_naming_it() -> None:
    problem = _json(api_get(f"{BREASTFEEDING}/benchmark?area=E99999999"), 422)
    assert problem["errors"][0]["field"] == "area"
    problem = _json(api_get(f"{BREASTFEEDING}/observations?period=1066"), 422)
    assert problem["errors"][0]["field"] == "period"
    problem = _json(api_get(f"{BREASTFEEDING}/benchmark"), 422)
    assert problem["errors"][0]["field"] == "area"


def test_a_code_with_a_slash_is_kept_whole_in_the_path() -> None:
    """LAIT names some indicators with a slash ("with/without"): the path carries it."""
    one = _json(api_get("/indicators/lait/NEW_KS2_RWM_Sen_W/Osta"))
    assert one["reference"] == "lait:NEW_KS2_RWM_Sen_W/Osta"
    assert one["url"].endswith("/api/v1/indicators/lait/NEW_KS2_RWM_Sen_W/Osta")
    listed = _json(api_get("/indicators/lait/NEW_KS2_RWM_Sen_W/Osta/observations?page_size=1"))
    assert listed["count"] > 0
