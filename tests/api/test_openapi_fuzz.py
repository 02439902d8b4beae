"""Schemathesis against the API's own OpenAPI document: every operation, generated requests,
no server error and every answer as its schema says (status, content type, body, headers).

The document is loaded from the app through WSGI (``from_wsgi``), on a small world with a
public plan, its measures and data. Each generated case is sent twice: as generated (mostly
keys that name nothing: the problems must match their schema too) and with its keys swapped
for ones that exist, so the bodies of real plans, measures and indicators are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode

from tests.api.world import world_make

pytestmark = pytest.mark.django_db

# Keys that exist in the world, by path parameter.
REAL = {
    "key": "public-plan",
    "measure_key": "children-waiting",
    "source": "lait",
    "code": "6wksBreast",
}


# A request can be valid by the schema and still name a period or an area that does not
# exist: the API answers 422 naming the parameter (as for 404 with a path's key).
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "304", "401", "403", "404", "422"]
            }
        }
    }
)

# Loaded once, at collection: the document itself reads nothing from the database.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@pytest.fixture
def world() -> Iterator[None]:
    world_make()
    # As Django's test client does: the requests run inside the test's transaction, which
    # closing "old" connections at each request's start and end would break.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: Any, world: None) -> None:
    case.call_and_validate()
    meta = case.meta
    positive = meta is not None and meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.path_parameters:
        # The same valid request on keys that exist: the bodies of real plans, measures and
        # indicators are checked too (a negative case is sent only as generated).
        case.path_parameters = {
            name: REAL.get(name, value) for name, value in case.path_parameters.items()
        }
        case.call_and_validate()
