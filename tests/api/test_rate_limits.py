"""Rate limits: anonymous callers counted by address, token callers by token, each in its
own window; over the limit a 429 problem with ``Retry-After``; set in one setting."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from cypp.api.throttling import limit_parse
from tests.api.helpers import bearer, token_for
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db

LOW = {"anonymous": "3/minute", "token": "5/minute"}


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()  # the counters of other tests' calls
    yield
    cache.clear()


def _get(address: str, secret: str | None = None) -> Any:
    headers = bearer(secret) if secret else {}
    return Client(REMOTE_ADDR=address).get("/api/v1/", **headers)


@override_settings(CYPP_API_RATE_LIMITS=LOW)
def test_anonymous_callers_are_counted_by_address():
    answers = [_get("192.0.2.1").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = _get("192.0.2.1")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another address has its own count.
    assert _get("192.0.2.2").status_code == 200


@override_settings(CYPP_API_RATE_LIMITS=LOW)
def test_token_callers_are_counted_by_token_whatever_their_address():
    user = person_make("analyst", role="analyst")
    first, second = token_for(user, name="one"), token_for(user, name="two")
    answers = [_get(f"192.0.2.{n}", first).status_code for n in range(10, 16)]
    assert answers == [200] * 5 + [429]
    assert _get("192.0.2.99", second).status_code == 200  # its own count
    # Anonymous calls from an address a token used are not counted against the token.
    assert _get("192.0.2.10").status_code == 200


@override_settings(CYPP_API_RATE_LIMITS=LOW)
def test_guessing_tokens_counts_against_the_address():
    bad = "cypp_" + "B" * 43
    answers = [_get("192.0.2.50", bad).status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]


def test_the_limits_read_like_requests_per_unit():
    assert (limit_parse("120/minute").requests, limit_parse("120/minute").seconds) == (120, 60)
    assert limit_parse("10/hour").seconds == 3600
    assert limit_parse("5/second").seconds == 1
    with pytest.raises(ValueError, match="120/minute"):
        limit_parse("lots")
