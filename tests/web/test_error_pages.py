"""Errors are GOV.UK pages that say what happened and that nothing was saved, never a bare
server page: a missing page, a refused page, an expired form, and a body too large to read
(a huge pasted minutes page)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_govuk_page() -> None:
    response = Client().get("/plans/no-such-plan/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "govuk-header" in html


def test_a_body_too_large_to_read_is_a_clear_400_and_saves_nothing() -> None:
    from cypp.accounts.models import AuditEvent

    before = AuditEvent.objects.count()
    response = Client().post("/account/sign-in/", {"username": "x", "minutes": "a" * 3_000_000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Something was wrong with what was sent" in html
    assert "up to 2 MB" in html and "Nothing was saved" in html
    assert AuditEvent.objects.count() == before


def test_an_expired_form_says_so() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()
