"""Uploads of local data over the API: a tidy CSV as the body or a multipart file, all or
nothing, by a write token of a person who may import; the batch read back by its id."""

from __future__ import annotations

import pytest
from django.test import Client

from cypp.indicators.models import ImportBatch, Indicator, Observation, ObservationRevision
from tests.api.helpers import api_get, api_post_csv, bearer, token_for
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db

HEADER = "indicator,area,period,period_type,value,numerator,denominator,unit,polarity,title"
ROWS = [
    "ehcp_20_weeks,E06000019,2023-24,financial,55.0,110,200,% of plans issued,high,EHC plans in 20 weeks",
    "ehcp_20_weeks,E06000019,2024-25,financial,61.5,123,200,% of plans issued,high,EHC plans in 20 weeks",
]
FILE = "\n".join([HEADER, *ROWS]) + "\n"


@pytest.fixture
def analyst():
    return person_make("analyst", role="analyst")


def test_a_write_token_uploads_a_tidy_csv_and_gets_the_batch(analyst):
    secret = token_for(analyst, "write")
    batches = ImportBatch.objects.count()
    response = api_post_csv("/imports?file_name=hubs.csv", FILE, secret)
    assert response.status_code == 201, response.content
    body = response.json()
    batch = ImportBatch.objects.get(pk=body["id"])
    assert body["id"] == batch.pk
    assert (
        body["rows_read"],
        body["rows_added"],
        body["rows_changed"],
        body["rows_unchanged"],
    ) == (
        2,
        2,
        0,
        0,
    )
    assert body["indicators"] == ["local:ehcp_20_weeks"]
    assert body["file"] == "hubs.csv" and body["imported_by"] == "analyst"
    assert body["already_imported"] is False and body["revisions"] == []
    assert batch.imported_by == analyst
    values = sorted(
        Observation.objects.filter(indicator__code="ehcp_20_weeks").values_list("value", flat=True)
    )
    assert [float(v) for v in values] == [55.0, 61.5]

    # The same file again changes nothing: the earlier batch.
    again = api_post_csv("/imports?file_name=hubs.csv", FILE, secret)
    assert again.status_code == 200 and again.json()["already_imported"] is True
    assert again.json()["id"] == batch.pk and ImportBatch.objects.count() == batches + 1

    # A changed value is a revision, like a file import's.
    changed = FILE.replace("61.5,123", "62.0,124")
    revised = api_post_csv("/imports", changed, secret)
    assert revised.status_code == 201, revised.content
    third = revised.json()
    assert (third["rows_added"], third["rows_changed"], third["rows_unchanged"]) == (0, 1, 1)
    assert ObservationRevision.objects.filter(replaced_by_id=third["id"]).count() == 1
    revision_fields = {(r["field"], r["before"], r["after"]) for r in third["revisions"]}
    assert ("value", 61.5, 62.0) in revision_fields or ("value", "61.5", "62.0") in {
        (f, str(b), str(a)) for f, b, a in revision_fields
    }
    assert third["indicators"] == ["local:ehcp_20_weeks"]

    # Read back by id, with the same token or a read one.
    read = api_get(f"/imports/{third['id']}", token_for(analyst, "read"))
    assert read.status_code == 200
    assert read.json()["status"] == "completed" and read.json()["rows_changed"] == 1


def test_a_multipart_file_is_taken_too(analyst, tmp_path):
    path = tmp_path / "family hubs.csv"
    path.write_text(FILE)
    with path.open("rb") as handle:
        response = Client().post(
            "/api/v1/imports", {"file": handle}, **bearer(token_for(analyst, "write"))
        )
    assert response.status_code == 201, response.content
    assert response.json()["file"] == "family hubs.csv"
    assert Observation.objects.filter(indicator__code="ehcp_20_weeks").count() == 2


def test_a_refused_file_lists_every_problem_and_changes_nothing(analyst):
    bad = "\n".join(
        [
            HEADER.replace("polarity", "polarty"),
            ROWS[0].replace("E06000019", "E99999999"),
            ROWS[1].replace("financial", "fiscal"),
        ]
    )
    before = (Observation.objects.count(), ImportBatch.objects.count(), Indicator.objects.count())
    response = api_post_csv("/imports?file_name=bad.csv", bad, token_for(analyst, "write"))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert all(set(e) >= {"file", "row", "field", "reason"} for e in errors)
    assert all(e["file"] == "bad.csv" for e in errors)
    fields = {(e["row"], e["field"]) for e in errors}
    assert (1, "polarty") in fields
    after = (Observation.objects.count(), ImportBatch.objects.count(), Indicator.objects.count())
    assert after == before


def test_each_problem_of_a_file_with_good_columns_is_listed(analyst):
    bad = "\n".join(
        [HEADER, ROWS[0].replace("55.0,110", "fifty,110"), ROWS[1].replace("financial", "fiscal")]
    )
    response = api_post_csv("/imports", bad, token_for(analyst, "write"))
    assert response.status_code == 422
    fields = {(e["row"], e["field"]) for e in response.json()["errors"]}
    assert (2, "value") in fields and (3, "period_type") in fields


@pytest.mark.parametrize(
    ("who", "scope", "status"),
    [
        (None, None, 401),  # no token
        ("analyst", "read", 403),  # a read token
        ("viewer", "write", 403),  # a person who may not import
        ("contributor", "write", 403),
        ("administrator", "write", 201),
    ],
)
def test_who_may_upload(who, scope, status):
    batches = ImportBatch.objects.count()
    secret = None
    if who is not None:
        secret = token_for(person_make(who, role=who), scope)
    response = api_post_csv("/imports", FILE, secret)
    assert response.status_code == status, response.content
    if status != 201:
        assert response["Content-Type"] == "application/problem+json"
        assert ImportBatch.objects.count() == batches


def test_who_may_read_a_batch(analyst):
    batch = ImportBatch.objects.get(
        pk=api_post_csv("/imports", FILE, token_for(analyst, "write")).json()["id"]
    )
    assert api_get(f"/imports/{batch.pk}").status_code == 401
    viewer = person_make("viewer", role="viewer")
    assert api_get(f"/imports/{batch.pk}", token_for(viewer)).status_code == 403
    assert api_get(f"/imports/{batch.pk + 100_000}", token_for(analyst)).status_code == 404


def test_other_media_types_and_empty_bodies_are_refused(analyst):
    secret = token_for(analyst, "write")
    as_json = Client().post(
        "/api/v1/imports", data=b"{}", content_type="application/json", **bearer(secret)
    )
    assert as_json.status_code == 415
    # An empty body (the test client sends no type with one; a script would).
    empty = Client().post("/api/v1/imports", CONTENT_TYPE="text/csv", **bearer(secret))
    assert empty.status_code == 422
