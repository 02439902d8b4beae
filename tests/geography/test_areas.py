"""The geography as the DfE and ONS publish it: both codes, retired councils, neighbours."""

from __future__ import annotations

import pytest

from cypp.geography.models import Area, AreaType, ComparatorModel, Neighbour
from cypp.geography.selectors import UnknownArea, area_get, comparator_model_latest, neighbours_list
from cypp.geography.services import GeographyError, statistical_neighbours_load
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db


def test_an_area_is_found_by_either_code():
    assert area_get(code="E06000019") == area_get(code="884")
    herefordshire = area_get(code="884")
    assert herefordshire.name == "Herefordshire"
    assert herefordshire.la_type == "Unitary authority"
    assert herefordshire.region.code == "E12000005"
    assert herefordshire.region.name == "West Midlands"
    worcestershire = area_get(code="E10000034")
    assert (worcestershire.dfe_code, worcestershire.la_type) == ("885", "County council")
    with pytest.raises(UnknownArea, match="E99999999"):
        area_get(code="E99999999")


def test_england_regions_and_london_sub_regions():
    assert area_get(code="970").code == "E92000001"
    assert Area.objects.filter(area_type=AreaType.REGION).count() == 9
    assert set(
        Area.objects.filter(area_type=AreaType.SUB_REGION).values_list("code", flat=True)
    ) == {"E13000001", "E13000002"}
    camden = area_get(code="202")
    # Named as LAIT names it (issue 11): London (Inner), not EES's "Inner London".
    assert (camden.region.name, camden.sub_region.name) == ("London", "London (Inner)")


def test_councils_in_use_and_retired():
    current = Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY, retired=False)
    assert current.count() == 153  # England's upper-tier authorities with children's services
    retired = dict(Area.objects.filter(retired=True).values_list("dfe_code", "name"))
    assert retired == {
        "909": "Cumbria",
        "928": "Northamptonshire",
        "835": "Dorset (Pre LG)",
        "836": "Poole (Pre LG)",
        "837": "Bournemouth (Pre LG)",
    }
    assert area_get(code="909").code == "E10000006"
    assert "LTLA-UTLA" in area_get(code="909").retired_note


def test_herefordshire_statistical_neighbours_in_both_models():
    herefordshire = area_get(code="884")
    sn2025 = ComparatorModel.objects.get(key="dfe-sn-2025")
    sn2021 = ComparatorModel.objects.get(key="dfe-sn-2021")
    assert comparator_model_latest() == sn2025
    # sn_model_2025_wide.csv, row for 884.
    assert [(n.neighbour.dfe_code, n.rank, n.closeness) for n in neighbours_list(area=herefordshire, model=sn2025)] == [
        ("943", 1, "Very close"), ("860", 2, "Very close"), ("925", 3, "Very close"),
        ("893", 4, "Very close"), ("933", 5, "Very close"), ("888", 6, "Very close"),
        ("935", 7, "Very close"), ("811", 8, "Very close"), ("815", 9, "Very close"),
        ("830", 10, "Very close"),
    ]  # fmt: skip
    # New_Statistical_Neighbour_Groupings_April_2021.csv: Shropshire and Devon closest,
    # Cumbria (since retired) tenth.
    links_2021 = neighbours_list(area=herefordshire, model=sn2021)
    assert [(n.neighbour.name, n.closeness) for n in links_2021[:2]] == [
        ("Shropshire", "Extremely Close"),
        ("Devon", "Extremely Close"),
    ]
    assert (links_2021[9].neighbour.name, links_2021[9].neighbour.retired) == ("Cumbria", True)
    assert Neighbour.objects.filter(model=sn2025).count() == 153 * 10


def test_reloading_a_model_does_not_duplicate_links():
    path = DEMO_DATA / "statistical-neighbours" / "sn_model_2025_wide.csv"
    before = Neighbour.objects.count()
    statistical_neighbours_load(path=path, key="dfe-sn-2025", name="again")
    assert Neighbour.objects.count() == before


def test_a_file_that_is_not_a_neighbours_model_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("la,name\n884,Herefordshire\n")
    before = Neighbour.objects.count()
    with pytest.raises(GeographyError, match=r"wrong.csv: row 1"):
        statistical_neighbours_load(path=path, key="wrong", name="Wrong")
    assert Neighbour.objects.count() == before
    assert not ComparatorModel.objects.filter(key="wrong").exists()
