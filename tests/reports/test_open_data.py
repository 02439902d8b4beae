"""A public plan's open data package: a Frictionless tabular data package whose figures are
the published ones (DfE's as released; local small numbers "c"), the same bytes for the same
data, and only for public plans.

Expected figures come from the demo's LAIT extract (demo/data/lait/bds_long_0.parquet,
"6wksBreast": Herefordshire 64.52 and England 52.71 in 2024, LAIT's label for 2023-24) and
from the small local file written below, not from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from cypp.errors import ApplicationError
from cypp.geography.selectors import area_get
from cypp.indicators.selectors import indicator_get
from cypp.indicators.services import observations_import
from cypp.plans.models import Measure, Plan
from cypp.reports.open_data import open_data_package, open_data_zip
from tests.plans.factories import analyst_make, plan_make

pytestmark = pytest.mark.django_db

HEREFORDSHIRE = "E06000019"
ENGLAND = "E92000001"
FILES = ["measures.csv", "measure_figures.csv", "indicators.csv", "observations.csv"]

# A local count (7 in 2016 is below the threshold of 10; 0 is a true zero, published) and a
# local percentage worked out from 7 of 40 in 2017 (withheld with its count).
LOCAL = """indicator,area,period,period_type,value,numerator,denominator,title,unit,value_type,multiplier,polarity,decimals
odp_families,E06000019,2015,calendar,12,,,Families helped (open data test),Number of families,count,1,high,0
odp_families,E06000019,2016,calendar,7,,,,,,,,
odp_families,E06000019,2017,calendar,0,,,,,,,,
odp_families,E06000019,2018,calendar,15,,,,,,,,
odp_on_time,E06000019,2016,calendar,60.0,24,40,Plans on time (open data test),% of plans,proportion,100,high,1
odp_on_time,E06000019,2017,calendar,17.5,7,40,,,,,,
"""
# The small count and what it gives back, as the package could spell them.
SMALL = re.compile(r"(?<![\d.])(7|7\.0|17\.5)(?![\d.])")


def _rows(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name].decode("utf-8"), newline="")))


def _breastfeeding_plan(key: str = "odp") -> Plan:
    return plan_make(key=key, measures=2, public=True)


def test_the_package_describes_its_files_as_a_tabular_data_package() -> None:
    plan = _breastfeeding_plan()
    files = open_data_package(plan=plan)
    assert list(files) == ["datapackage.json", *FILES]
    d = json.loads(files["datapackage.json"])
    assert d["profile"] == "tabular-data-package"
    assert d["name"] == "cypp-odp" and re.fullmatch(r"[a-z0-9._-]+", d["name"])
    assert d["title"] and d["description"] and d["homepage"].endswith("/plans/odp/")
    assert d["created"] == d["last_updated"]
    assert d["licenses"][0]["name"] == "OGL-UK-3.0"
    # Every source of the plan's indicators, with its credit.
    assert [s["title"] for s in d["sources"]] == [
        "Source: DfE, Local Authority Interactive Tool (LAIT)"
    ]
    assert [r["path"] for r in d["resources"]] == FILES
    for resource in d["resources"]:
        assert resource["format"] == "csv" and resource["mediatype"] == "text/csv"
        assert resource["encoding"] == "utf-8"
        assert resource["bytes"] == len(files[resource["path"]])
        schema = resource["schema"]
        assert "c" in schema["missingValues"]
        header = files[resource["path"]].decode().split("\r\n")[0].split(",")
        assert header == [f["name"] for f in schema["fields"]]
        assert all(f["type"] and f["description"] for f in schema["fields"])
        assert schema["primaryKey"]
    # CSV as RFC 4180 writes it: CRLF line ends, UTF-8 without a byte-order mark.
    assert files["measures.csv"].endswith(b"\r\n") and not files["measures.csv"].startswith(
        b"\xef\xbb\xbf"
    )


def test_the_figures_are_the_published_ones() -> None:
    plan = _breastfeeding_plan()
    files = open_data_package(plan=plan)
    measures = _rows(files, "measures.csv")
    assert [m["measure_key"] for m in measures] == ["measure-0", "measure-1"]
    first = measures[0]
    assert (first["indicator"], first["latest_period"], first["latest_value"]) == (
        "lait:6wksBreast",
        "2023-24",
        "64.52",
    )
    assert first["england_value"] == "52.71"
    assert first["target_value"] == "60" and first["target_due"] == "2018-03-31"
    assert first["rating"] in ("red", "amber", "green", "grey") and first["rating_reason"]
    observations = {(o["area_code"], o["period"]): o for o in _rows(files, "observations.csv")}
    assert observations[(HEREFORDSHIRE, "2023-24")]["value"] == "64.52"
    assert observations[(ENGLAND, "2023-24")]["value"] == "52.71"
    assert observations[(HEREFORDSHIRE, "2023-24")]["period_end"] == "2024-03-31"
    roles = {o["area_role"] for o in observations.values()}
    assert roles == {"plan area", "region", "England", "statistical neighbour"}
    # Herefordshire's ten statistical neighbours (the demo's model).
    neighbours = {
        o["area_code"] for o in observations.values() if o["area_role"] == "statistical neighbour"
    }
    assert len(neighbours) == 10 and HEREFORDSHIRE not in neighbours
    [indicator] = _rows(files, "indicators.csv")
    assert indicator["reference"] == "lait:6wksBreast" and indicator["polarity"] == "high"
    figures = [r for r in _rows(files, "measure_figures.csv") if r["measure_key"] == "measure-0"]
    assert figures[-1]["period"] == "2023-24" and figures[-1]["value"] == "64.52"


def test_the_same_data_gives_the_same_bytes() -> None:
    plan = _breastfeeding_plan()
    assert open_data_package(plan=plan) == open_data_package(plan=plan)
    first = open_data_zip(plan=plan)
    assert first == open_data_zip(plan=plan)
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.namelist() == ["datapackage.json", *FILES]
        assert z.read("measures.csv") == open_data_package(plan=plan)["measures.csv"]


def test_a_plan_that_is_not_public_has_no_package() -> None:
    plan = plan_make(key="odp-private", measures=1, public=False)
    with pytest.raises(ApplicationError):
        open_data_package(plan=plan)


@pytest.fixture
def local_plan(tmp_path: Path) -> Plan:
    path = tmp_path / "local.csv"
    path.write_text(LOCAL, encoding="utf-8")
    observations_import(importer="tidy", path=path)
    plan = plan_make(key="odp-local", measures=0, public=True)
    outcome = plan.priorities.get().outcomes.get()
    herefordshire = area_get(code=HEREFORDSHIRE)
    for n, ref in enumerate(("local:odp_families", "local:odp_on_time")):
        Measure.objects.create(
            outcome=outcome,
            key=ref.partition(":")[2].replace("_", "-"),
            title=f"Local measure {n}",
            indicator=indicator_get(reference=ref),
            area=herefordshire,
            order=n,
        )
    return plan


def test_a_local_small_number_is_c_and_never_leaks(local_plan: Plan) -> None:
    files = open_data_package(plan=local_plan)
    observations = {(o["indicator"], o["period"]): o for o in _rows(files, "observations.csv")}
    count = observations[("local:odp_families", "2016")]
    assert (count["value"], count["status"]) == ("c", "small_number")
    # A true zero and the counts of 10 or more are published.
    assert observations[("local:odp_families", "2017")]["value"] == "0"
    assert observations[("local:odp_families", "2015")]["value"] == "12"
    rate = observations[("local:odp_on_time", "2017")]
    assert (rate["value"], rate["numerator"], rate["denominator"], rate["status"]) == (
        "c",
        "c",
        "c",
        "from_small_number",
    )
    assert observations[("local:odp_on_time", "2016")]["value"] == "60"
    # The latest percentage is withheld on the measure's row and in its figures too.
    measures = {m["measure_key"]: m for m in _rows(files, "measures.csv")}
    on_time = measures["odp-on-time"]
    assert (on_time["latest_period"], on_time["latest_value"]) == ("2017", "c")
    assert on_time["latest_status"] == "from_small_number"
    figures = [r for r in _rows(files, "measure_figures.csv") if r["measure_key"] == "odp-families"]
    assert [(r["period"], r["value"]) for r in figures] == [
        ("2015", "12"),
        ("2016", "c"),
        ("2017", "0"),
        ("2018", "15"),
    ]
    # Nowhere in the package: not in a figure, a sentence, the descriptor or the zip.
    for name, content in files.items():
        leaked = SMALL.findall(content.decode("utf-8"))
        assert not leaked, (name, leaked)
    with zipfile.ZipFile(io.BytesIO(open_data_zip(plan=local_plan))) as z:
        for name in z.namelist():
            assert not SMALL.findall(z.read(name).decode("utf-8")), name


@pytest.mark.parametrize("which", ["breastfeeding", "local"])
def test_frictionless_finds_the_package_valid(
    which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """An independent check: the Frictionless Framework validates the descriptor against
    the tabular data package profile and every row against its schema (types, "c" as a
    missing value, primary keys unique, foreign keys found)."""
    from frictionless import Package

    plan = request.getfixturevalue("local_plan") if which == "local" else _breastfeeding_plan()
    for name, content in open_data_package(plan=plan).items():
        (tmp_path / name).write_bytes(content)
    package = Package(str(tmp_path / "datapackage.json"))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert package.profile == "tabular-data-package"


def test_the_pages_and_files_are_for_public_plans_only(client: Client, local_plan: Plan) -> None:
    public = local_plan.key
    private = plan_make(key="odp-hidden", measures=1, public=False, partnership="odp-partners")
    analyst = analyst_make("odp-analyst", partnership="odp-partners")
    for url in (
        f"/plans/{private.key}/open-data/",
        f"/plans/{private.key}/open-data/datapackage.json",
        f"/plans/{private.key}/open-data/measures.csv",
        f"/plans/{private.key}/open-data.zip",
        f"/plans/{public}/open-data/nothing.csv",
        "/plans/no-such-plan/open-data/",
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(analyst)  # even the plan's own partners: open data is public data
    assert client.get(f"/plans/{private.key}/open-data/").status_code == 404
    client.logout()
    page = client.get(f"/plans/{public}/open-data/")
    assert page.status_code == 200
    text = page.content.decode()
    for name in FILES:
        assert f'href="/plans/{public}/open-data/{name}"' in text
    assert f'href="/plans/{public}/open-data.zip"' in text
    assert "Open Government Licence v3.0" in text
    files = open_data_package(plan=local_plan)
    for name in FILES:
        response = client.get(f"/plans/{public}/open-data/{name}")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content == files[name]
        assert "public" in response["Cache-Control"]
        again = client.get(f"/plans/{public}/open-data/{name}", HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    descriptor = client.get(f"/plans/{public}/open-data/datapackage.json")
    assert descriptor["Content-Type"] == "application/json; charset=utf-8"
    assert descriptor.content == files["datapackage.json"]
    archive = client.get(f"/plans/{public}/open-data.zip")
    assert archive["Content-Type"] == "application/zip"
    assert archive.content == open_data_zip(plan=local_plan)
    # The public plan's page links to its open data; a private plan's does not.
    assert f'href="/plans/{public}/open-data/"' in client.get(f"/plans/{public}/").content.decode()
