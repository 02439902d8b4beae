"""The journey's rate limit: counted in the cache under a daily-changing keyed hash of the
address, never in the database; past the hour's limit, a kind page and nothing saved."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from cypp.voice import ratelimit
from cypp.voice.models import Response
from tests.voice.world import voice_world

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"
NOON = dt.datetime(2026, 6, 1, 12, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _request(address: str = ADDRESS) -> Any:
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_address_is_known_only_by_a_keyed_hash_that_changes_every_day() -> None:
    # Worked out here from the documented rule, not read from the code under test.
    day_key = hmac.new(
        str(settings.SECRET_KEY).encode(), b"cypp.voice.ratelimit:2026-06-01", hashlib.sha256
    ).digest()
    expected = hmac.new(day_key, ADDRESS.encode(), hashlib.sha256).hexdigest()
    assert ratelimit.address_token(ADDRESS, NOON) == expected
    tomorrow = ratelimit.address_token(ADDRESS, NOON + dt.timedelta(days=1))
    assert tomorrow != expected
    assert ADDRESS not in expected


def test_the_hours_limit_then_a_fresh_hour(settings: Any) -> None:
    settings.CYPP_VOICE_ANSWERS_PER_HOUR = 3
    allowed = [ratelimit.answer_allowed(_request(), now=NOON) for _ in range(4)]
    assert allowed == [True, True, True, False]
    # Another address has its own count.
    assert ratelimit.answer_allowed(_request("198.51.100.24"), now=NOON)
    # The next clock hour starts again.
    assert ratelimit.answer_allowed(_request(), now=NOON + dt.timedelta(hours=1))
    # The cache holds counters under hashes: never the address.
    keys = list(getattr(cache, "_cache", {}))
    assert keys and not any(ADDRESS in str(k) for k in keys)


def test_past_the_limit_the_child_is_asked_to_wait_and_nothing_is_saved(settings: Any) -> None:
    settings.CYPP_VOICE_ANSWERS_PER_HOUR = 2
    voice_world()
    client = Client(REMOTE_ADDR=ADDRESS)
    consent = reverse("voice:journey_consent", kwargs={"survey": "wellbeing"})
    consent += "?audience=12-15&age=over"
    assert client.post(consent, {"agree": "yes"}).status_code == 302
    area = reverse("voice:journey_question", kwargs={"survey": "wellbeing", "question": "area"})
    assert client.post(area, {"q-area": "ross", "action": "continue"}).status_code == 302
    page = client.post(area, {"q-area": "hereford", "action": "continue"})
    assert page.status_code == 429
    body = html.unescape(page.content.decode())
    assert "Please wait a little while" in body
    assert "The answers you gave before are kept." in body
    assert Response.objects.get().area == "ross"
    # Codes cannot be guessed past the limit either.
    resume = reverse("voice:journey_resume", kwargs={"survey": "wellbeing"})
    assert client.post(resume, {"code": "sun tree frog 12"}).status_code == 429


def test_codes_have_their_own_tighter_limit(settings: Any) -> None:
    cache.clear()
    settings.CYPP_VOICE_ANSWERS_PER_HOUR = 1_000_000
    tries = [ratelimit.code_try_allowed(_request(), now=NOON) for _ in range(101)]
    # 100 tries an hour (docs/voice.md): the 101st is refused, answering is not.
    assert tries.count(True) == 100 and tries[-1] is False
    assert ratelimit.answer_allowed(_request(), now=NOON)
    assert ratelimit.code_try_allowed(_request(), now=NOON + dt.timedelta(hours=1))
