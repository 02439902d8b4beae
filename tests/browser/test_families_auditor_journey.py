"""The audit of a year's claims in Chromium: the early help manager makes the year's claims,
draws the sample and assigns the auditor; the auditor signs in, opens their case from the
audit page, records a finding on each claimed outcome (one not upheld, with its reason);
the early help manager completes the audit and reads the result, the claim not upheld
withdrawn. Every page is checked with axe at 1280 and 320 pixels, with the Content Security
Policy watched."""

from __future__ import annotations

from typing import Any

import pytest

from cypp.families.models import Audit, AuditCase, AuditFinding, Claim
from tests.browser.helpers import DESKTOP, PHONE, assert_clean_at, sign_in, watch_csp
from tests.families.test_claims import READY, family_make, framework_make, people_make
from tests.plans.factories import partnership_make

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

AUDIT = "/families/journey-test/audits/2024-25/"


def _clean_at_both_widths(page: Any) -> None:
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        assert_clean_at(page, width)
    page.set_viewport_size({"width": DESKTOP, "height": 900})


def test_an_auditor_records_findings_and_the_manager_completes_the_audit(site_url, page):
    p = partnership_make("journey-test")
    framework_make(p)
    # Two families ready by the end of 2024-25 (education and crime sustained: see
    # tests/families/test_claims.py, READY).
    family_make(p, "F-JRNY01", **READY)
    family_make(p, "F-JRNY02", **READY)
    people_make(p)
    csp = watch_csp(page)

    # The manager makes the year's claims, draws the sample and assigns the auditor.
    sign_in(page, site_url, "mo-manager")
    page.goto(f"{site_url}/families/journey-test/claims/")
    page.get_by_role("heading", level=1, name="Results claims").wait_for()
    _clean_at_both_widths(page)
    page.get_by_label("Financial year").fill("2024-25")
    page.get_by_role("button", name="Make the claims").click()
    page.get_by_text("2 claim(s) made for 2024-25.").wait_for()
    assert page.get_by_text("Family F-JRNY01: claimed in 2024-25").count() == 1
    _clean_at_both_widths(page)
    page.get_by_role("link", name="Draw the audit sample for 2024-25").click()
    page.wait_for_url(f"**{AUDIT}draw/")
    _clean_at_both_widths(page)
    page.get_by_label("How many claims to sample").fill("2")
    page.get_by_label("How many of them to choose by risk").fill("0")
    page.get_by_label("Seed (optional)").fill("11")
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("The sample of 2 claim(s) is drawn, with seed 11.").wait_for()
    _clean_at_both_widths(page)
    for reference in ("F-JRNY01", "F-JRNY02"):
        page.get_by_label(f"Auditor of family {reference}").select_option(label="al-auditor")
        page.get_by_role("button", name=f"Assign the auditor of family {reference}").click()
        page.get_by_text(f"The auditor of family {reference} is set.").wait_for()
    assert Audit.objects.get().seed == 11
    assert set(AuditCase.objects.values_list("auditor__username", flat=True)) == {"al-auditor"}

    sign_in(page, site_url, "al-auditor")
    page.goto(f"{site_url}{AUDIT}")
    assert page.get_by_role("heading", level=1).inner_text() == "The audit of 2024-25"
    _clean_at_both_widths(page)

    # The first family: education upheld, crime not upheld.
    page.get_by_role("link", name="Family F-JRNY01").click()
    page.get_by_role("heading", level=1, name="Family F-JRNY01's claim").wait_for()
    assert "Attendance below 90%" in page.content()
    _clean_at_both_widths(page)
    page.get_by_label("Finding on Getting a good education", exact=True).select_option(
        label="Upheld"
    )
    page.get_by_label("Reason for the finding on Getting a good education").fill(
        "The school's register agrees with every reading."
    )
    page.get_by_role("button", name="Record the finding on Getting a good education").click()
    page.get_by_text("Your finding on Getting a good education is recorded.").wait_for()
    page.get_by_label("Finding on Crime prevention and tackling crime", exact=True).select_option(
        label="Not upheld"
    )
    page.get_by_role(
        "button", name="Record the finding on Crime prevention and tackling crime"
    ).click()
    # No reason: refused in words, beside the field and in the summary.
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_role("link", name="Enter the reason for the finding").count() == 1
    _clean_at_both_widths(page)
    page.get_by_label("Reason for the finding on Crime prevention and tackling crime").fill(
        "The police record shows a caution in May that the evidence left out."
    )
    page.get_by_role(
        "button", name="Record the finding on Crime prevention and tackling crime"
    ).click()
    page.get_by_text("Your finding on Crime prevention and tackling crime is recorded.").wait_for()
    _clean_at_both_widths(page)

    # The second family: both upheld.
    page.get_by_role("link", name="The audit of 2024-25").click()
    page.wait_for_url(f"**{AUDIT}")
    page.get_by_role("link", name="Family F-JRNY02").click()
    page.get_by_role("heading", level=1, name="Family F-JRNY02's claim").wait_for()
    for label in ("Getting a good education", "Crime prevention and tackling crime"):
        page.get_by_label(f"Finding on {label}", exact=True).select_option(label="Upheld")
        page.get_by_label(f"Reason for the finding on {label}").fill("Evidence checked.")
        page.get_by_role("button", name=f"Record the finding on {label}").click()
        page.get_by_text(f"Your finding on {label} is recorded.").wait_for()
    assert AuditFinding.objects.count() == 4

    # The manager completes the audit and reads the result.
    sign_in(page, site_url, "mo-manager")
    page.goto(f"{site_url}{AUDIT}")
    page.get_by_role("heading", level=1, name="The audit of 2024-25").wait_for()
    _clean_at_both_widths(page)
    page.get_by_role("button", name="Complete the audit").click()
    page.get_by_text("The audit of 2024-25 is complete.").wait_for()
    figures = {
        name: page.locator(f'[data-figure="{name}"]').inner_text()
        for name in ("sampled", "complete", "upheld", "not_upheld", "share_upheld")
    }
    # Two sampled, both complete; F-JRNY02 upheld, F-JRNY01 not: 1 of 2 upheld, 50%.
    assert figures == {
        "sampled": "2",
        "complete": "2",
        "upheld": "1",
        "not_upheld": "1",
        "share_upheld": "50%",
    }
    _clean_at_both_widths(page)
    assert Audit.objects.get().completed_at is not None
    assert Claim.objects.get(family__reference="F-JRNY01").status == "withdrawn"
    assert Claim.objects.get(family__reference="F-JRNY02").status == "claimed"
    assert csp == []
