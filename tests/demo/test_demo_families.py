"""The demo's early help (issue #16 item 8): the SYNTHETIC cohort is imported into
Herefordshire's partnership, feeds the 2015-2018 plan's "families helped" measure, and the
demo's practitioner, early help manager and auditor each reach what their role allows.

Expected figures are counted here from the committed cohort's CSV files with the csv module
(never through the importer), or are the brief's own (a 2017-18 audit of 12 claims, seed
20180331, assigned to the demo auditor)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from django.contrib.auth.models import User

from cypp.accounts.models import PartnershipRole
from cypp.demo.loader import demo_load, demo_password
from cypp.families.access import families_visible
from cypp.families.hashing import Hasher
from cypp.families.models import (
    Audit,
    AuditCase,
    Claim,
    EarlyHelpRole,
    FamiliesSettings,
    Family,
    Member,
)
from cypp.indicators.models import Observation
from cypp.plans.models import Measure
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db

COHORT = DEMO_DATA / "families" / "herefordshire"


def _rows(name: str) -> list[dict[str, str]]:
    with (COHORT / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _leads() -> dict[str, tuple[str, str]]:
    """Each family's lead practitioner and agency, as the issue defines them: the worker on
    the family's latest episode, an open episode first."""
    family_of = {r["fami_person_id"]: r["fami_family_id"] for r in _rows("ssd_family.csv")}
    episodes: dict[str, list[tuple[bool, str, str, str]]] = defaultdict(list)
    for e in _rows("ssd_early_help_episodes.csv"):
        is_open = e["earl_episode_end_date"] == ""
        episodes[family_of[e["earl_person_id"]]].append(
            (
                is_open,
                e["earl_episode_start_date"],
                e["earl_episode_worker_id"],
                e["earl_episode_organisation"],
            )
        )
    return {family: max(found)[2:] for family, found in episodes.items()}


def test_the_demo_feeds_the_early_help_measures_from_the_synthetic_cohort() -> None:
    out = io.StringIO()
    added = demo_load(data_dir=DEMO_DATA, say=lambda m: out.write(m + "\n"))
    assert "500 synthetic families" in added
    assert "3 early help people" in added

    # The cohort: every family of the files, each marked synthetic, none with a name.
    families = Family.objects.filter(partnership__key="herefordshire")
    family_ids = {r["fami_family_id"] for r in _rows("ssd_family.csv")}
    assert families.count() == len(family_ids) == 500
    assert not families.filter(synthetic=False).exists()
    assert not Member.objects.filter(partnership__key="herefordshire").exclude(name="").exists()
    settings = FamiliesSettings.objects.get(partnership__key="herefordshire")
    assert settings.framework is not None
    assert (settings.framework.key, settings.framework.version) == (
        "herefordshire-family-first",
        "2018-local",
    )

    # The plan's measure reads the cumulative count: every family of the cohort started by
    # March 2018 (the brief's window), so 500 by the target's date.
    measure = Measure.objects.select_related("indicator__source").get(
        outcome__priority__plan__key="herefordshire-2015-2018", key="families-helped"
    )
    assert measure.indicator is not None
    assert (measure.indicator.source.key, measure.indicator.code) == (
        "families",
        "families_worked_with_cumulative",
    )
    assert measure.target_value == 600
    observed = {
        o.period.label: o.value
        for o in Observation.objects.filter(
            indicator=measure.indicator, area__code="E06000019"
        ).select_related("period")
    }
    family_of = {r["fami_person_id"]: r["fami_family_id"] for r in _rows("ssd_family.csv")}
    first_starts: dict[str, str] = {}
    for e in _rows("ssd_early_help_episodes.csv"):
        family = family_of[e["earl_person_id"]]
        first_starts[family] = min(first_starts.get(family, "9"), e["earl_episode_start_date"])
    by_march_2018 = sum(1 for start in first_starts.values() if start <= "2018-03-31")
    assert by_march_2018 == 500
    assert observed["2017-18"] == by_march_2018
    later = Measure.objects.select_related("indicator").get(
        outcome__priority__plan__key="herefordshire-2018-2023", key="family-first-outcomes"
    )
    assert later.indicator is not None
    assert later.indicator.code == "families_sustained_progress"

    # Claims for both periods; the 2017-18 audit sample, all of it assigned to the auditor.
    periods = set(
        Claim.objects.filter(family__partnership__key="herefordshire").values_list(
            "period", flat=True
        )
    )
    assert periods == {"2016-17", "2017-18"}
    audit = Audit.objects.get(partnership__key="herefordshire")
    assert (audit.period, audit.size, audit.seed) == ("2017-18", 12, 20180331)
    auditor = User.objects.get(username="auditor")
    assert AuditCase.objects.filter(audit=audit, auditor=auditor).count() == 12
    partnership = audit.partnership
    assert families_visible(auditor, partnership).count() == 12

    # The practitioner is the cohort's STF0001 (the hash of the id, never the id) and opens
    # exactly the families they lead; the manager those led from their agency.
    leads = _leads()
    practitioner = User.objects.get(username="practitioner")
    role = EarlyHelpRole.objects.select_related("professional").get(user=practitioner)
    assert role.professional is not None
    assert role.professional.key_hash == Hasher(partnership)("professional", "STF0001")
    led = sum(1 for worker, _agency in leads.values() if worker == "STF0001")
    assert led > 0
    assert families_visible(practitioner, partnership).count() == led
    manager = User.objects.get(username="early-help-manager")
    agency = sum(1 for _w, a in leads.values() if a == "Herefordshire Council Early Help")
    assert families_visible(manager, partnership).count() == agency

    # Each has the viewer plan role and the README's password; a plan viewer opens none.
    for username in ("practitioner", "early-help-manager", "auditor"):
        user = User.objects.get(username=username)
        assert user.check_password(demo_password(username))
        held = PartnershipRole.objects.get(user=user, partnership=partnership)
        assert held.role == "viewer"
    assert families_visible(User.objects.get(username="viewer"), partnership).count() == 0
    # What the loader said names no family: counts and the labels of the cohort only.
    said = out.getvalue()
    assert "SYNTHETIC" in said
    assert not any(f.reference in said for f in families)
