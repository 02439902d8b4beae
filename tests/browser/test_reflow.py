"""WCAG 2.2 reflow (1.4.10): at 320 CSS pixels no page scrolls sideways; wide tables scroll
inside their own labelled region instead."""

from __future__ import annotations

import pytest

from cypp.plans.models import Measure
from tests.browser.conftest import axe_violations
from tests.plans.factories import analyst_make, plan_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def test_every_page_reflows_at_320_pixels(site_url, browser):
    plan = plan_make(key="reflow", measures=3, public=True)
    measure = Measure.objects.filter(outcome__priority__plan=plan).first()
    analyst_make()
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{site_url}/account/sign-in/")
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    paths = [
        "/",
        "/plans/",
        f"/plans/{plan.key}/",
        f"/plans/{plan.key}/on-a-page/",
        f"/plans/{plan.key}/scorecard/",
        f"/plans/{plan.key}/measures/{measure.pk}/",
        f"/plans/{plan.key}/history/",
        f"/plans/{plan.key}/measures/{measure.pk}/edit/",
        "/evidence/explorer/?indicator=lait:LAC&area=E06000019",
        "/evidence/indicators/?q=looked",
        "/evidence/areas/E06000019/?topic=Children+Looked+After",
    ]
    overflowing = {}
    for path in paths:
        response = page.goto(site_url + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing[path] = width
    assert overflowing == {}
    assert axe_violations(page) == []
    context.close()
