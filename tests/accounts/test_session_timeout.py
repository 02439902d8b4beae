"""A session with no request for CYPP_SESSION_IDLE_MINUTES (30) minutes is signed out, on top
of the absolute cookie age; the time of the last request is kept in the session."""

from __future__ import annotations

import time

import pytest

from cypp.accounts.session_timeout import LAST_SEEN
from tests.plans.factories import PASSWORD, viewer_make

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN] = int(time.time() - seconds)
    session.save()


def test_the_idle_limit_is_30_minutes_unless_set(settings):
    from cypp.config.settings import base

    assert base.CYPP_SESSION_IDLE_MINUTES == 30


def test_signing_in_starts_the_clock(client):
    viewer_make()
    before = int(time.time())
    client.post("/account/sign-in/", {"username": "viewer", "password": PASSWORD})
    assert before <= client.session[LAST_SEEN] <= int(time.time())


def test_31_idle_minutes_sign_the_person_out_and_say_why(client):
    client.force_login(viewer_make())
    assert client.get("/plans/").status_code == 200
    _idle_for(client, 31 * 60)
    response = client.get("/plans/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?signed_out=idle&next=%2Fplans%2F%3Fpage%3D2"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for 30 minutes." in page


def test_29_idle_minutes_do_not_and_the_request_restarts_the_clock(client):
    client.force_login(viewer_make())
    _idle_for(client, 29 * 60)
    assert client.get("/plans/").status_code == 200
    assert "_auth_user_id" in client.session
    assert int(time.time()) - client.session[LAST_SEEN] <= 1


def test_a_post_after_the_limit_is_refused_too(client):
    client.force_login(viewer_make())
    _idle_for(client, 31 * 60)
    response = client.post("/account/two-factor/turn-off/")
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?signed_out=idle"
    assert "_auth_user_id" not in client.session


def test_the_limit_follows_the_setting_and_0_turns_it_off(client, settings):
    client.force_login(viewer_make())
    settings.CYPP_SESSION_IDLE_MINUTES = 5
    _idle_for(client, 6 * 60)
    assert client.get("/plans/").status_code == 302
    client.force_login(viewer_make("other"))
    settings.CYPP_SESSION_IDLE_MINUTES = 0
    _idle_for(client, 24 * 3600)
    assert client.get("/plans/").status_code == 200


def test_requests_within_a_minute_do_not_write_the_session_again(client):
    client.force_login(viewer_make())
    _idle_for(client, 10)
    stamp = client.session[LAST_SEEN]
    client.get("/plans/")
    assert client.session[LAST_SEEN] == stamp


def test_anonymous_visitors_get_no_session(client):
    response = client.get("/plans/")
    assert "sessionid" not in response.cookies
