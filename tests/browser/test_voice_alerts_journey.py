"""A safeguarding alert in Chromium: the survey's safeguarding contact signs in, finds the
alert in their list, opens it (what was said, who said it, the deadline), acknowledges it,
tries to close it without saying what was done (the error is named), and closes it with
what was done. Every page is checked with axe at 1280 and 320 pixels (no sideways scroll),
with the Content Security Policy watched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from cypp.voice.models import Response, SafeguardingAlert
from cypp.voice.services_alerts import alert_raise
from tests.browser.helpers import DESKTOP, assert_clean_at_both_widths, sign_in, watch_csp
from tests.voice.world import voice_world

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

DONE = "Spoke to Sam at school with the head of year; referred to children's social care."


def _alert() -> SafeguardingAlert:
    world = voice_world()
    response = Response.objects.create(
        survey=world.check_in,
        audience=world.audiences["check-in"],
        wave=world.waves["check-in"],
        consent=Response.Consent.SELF,
        started_on=dt.date(2025, 3, 3),
        respondent_name="Sam Jones",
        respondent_contact="07700 900123",
        respondent_setting="Hereford Academy",
    )
    with transaction.atomic():
        alert = alert_raise(
            response=response,
            question=world.question("check-in", "feel-safe"),
            reason="answer",
            said="No",
        )
    assert alert is not None
    return alert


def test_the_contact_acknowledges_and_closes_an_alert(site_url: str, page: Any) -> None:
    alert = _alert()
    csp = watch_csp(page)
    sign_in(page, site_url, "voice-dsl")
    page.goto(f"{site_url}/voice/alerts/")
    page.get_by_role("heading", level=1, name="Safeguarding alerts").wait_for()
    assert_clean_at_both_widths(page)

    page.get_by_role("link", name=f"Alert {alert.pk}").click()
    page.wait_for_url(f"**/voice/alerts/{alert.pk}/")
    page.get_by_role("heading", level=1, name=f"Safeguarding alert {alert.pk}").wait_for()
    for shown in ("Do you feel safe at home?", "Sam Jones", "07700 900123", "Hereford Academy"):
        assert page.get_by_text(shown, exact=True).count() >= 1, shown
    assert page.get_by_text("Acknowledge this alert by").count() == 1
    assert_clean_at_both_widths(page)

    page.get_by_role("button", name="Acknowledge the alert").click()
    page.get_by_text("You have acknowledged the alert.").wait_for()
    assert page.get_by_role("button", name="Acknowledge the alert").count() == 0
    assert_clean_at_both_widths(page)

    page.get_by_role("button", name="Close the alert").click()
    page.get_by_role("link", name="Say what was done before closing the alert").wait_for()
    assert page.title().startswith("Error: ")
    assert_clean_at_both_widths(page)

    page.get_by_label("What was done").fill(DONE)
    page.get_by_role("button", name="Close the alert").click()
    page.get_by_text("You have closed the alert, with what was done.").wait_for()
    assert page.get_by_text(DONE).count() == 1
    assert page.get_by_role("button", name="Close the alert").count() == 0
    assert_clean_at_both_widths(page)

    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.get_by_role("link", name="Safeguarding alerts").first.click()
    page.get_by_role("heading", level=2, name="Closed").wait_for()
    assert_clean_at_both_widths(page)

    closed = SafeguardingAlert.objects.get(pk=alert.pk)
    assert closed.status == "closed" and closed.what_was_done == DONE
    assert closed.acknowledged_by is not None and closed.acknowledged_by.username == "voice-dsl"
    assert csp == []
