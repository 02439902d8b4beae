"""Results claims: readiness in words, a claim for every family ready by the end of the
period and never claimed before, all or nothing, made only by early help managers; the
claims page's counts and readiness; ``cypp families audit claims``.

The cohort is made by hand with the ORM below (``cohort_make``); each family's dates and
readings are chosen so the expected status can be worked out from the written rules in
docs/families.md ("How progress is judged"), as the comments beside them do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cypp.accounts.models import AuditEvent, Partnership, Role
from cypp.errors import ApplicationError
from cypp.families.claims import claims_by_period, readiness
from cypp.families.hashing import families_settings
from cypp.families.models import (
    Claim,
    EarlyHelpRole,
    Episode,
    Evidence,
    FamiliesImport,
    Family,
    Framework,
    Member,
    Outcome,
)
from cypp.families.services_claims import claims_make
from tests.conftest import cli
from tests.plans.factories import partnership_make, person_make

pytestmark = pytest.mark.django_db

PERIOD = "2024-25"  # 1 April 2024 to 31 March 2025
NORTH = "North Hub"
SOUTH = "South Hub"

# Education: attendance below 90 at entry is the need; 90 or more held over 90 days, then
# for 90 days after the closure. Crime: any offence at entry; none since, sustained at once.
EDUCATION = (
    "education",
    "Getting a good education",
    [
        {
            "code": "attendance_below_90",
            "label": "Attendance below 90%",
            "evidence_type": "school_attendance_pct",
            "test": {"below": 90},
        }
    ],
    [
        {
            "evidence_type": "school_attendance_pct",
            "label": "Attendance of 90% or more",
            "threshold": {"at_least": 90},
            "period_days": 90,
            "sustain_days": 90,
        }
    ],
)
CRIME = (
    "crime",
    "Crime prevention and tackling crime",
    [
        {
            "code": "offending",
            "label": "Offending in the last 6 months",
            "evidence_type": "offences_6_months",
            "test": {"above": 0},
        }
    ],
    [
        {
            "evidence_type": "offences_6_months",
            "label": "No proven offences",
            "threshold": {"at_most": 0},
            "period_days": 0,
            "sustain_days": 0,
        }
    ],
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def framework_make(partnership: Partnership) -> Framework:
    framework, _ = Framework.objects.get_or_create(
        key="claims-test", version="1", defaults={"title": "The claims tests' framework"}
    )
    for order, (code, label, descriptors, rules) in enumerate([EDUCATION, CRIME]):
        Outcome.objects.get_or_create(
            framework=framework,
            code=code,
            defaults={"label": label, "order": order, "descriptors": descriptors, "rules": rules},
        )
    settings = families_settings(partnership)
    settings.framework = framework
    settings.save()
    return framework


def family_make(
    partnership: Partnership,
    reference: str,
    *,
    start: str,
    end: str | None,
    readings: list[tuple[str, str, float]],
    agency: str = NORTH,
    by_hand: tuple[str, ...] = (),
) -> Family:
    """A family with one member and one episode from ``start`` to ``end``, and its
    readings ``(evidence type, date, value)``, imported unless their date is in
    ``by_hand``."""
    family = Family.objects.create(
        partnership=partnership,
        key_hash=f"{reference}-hash".ljust(64, "0"),
        reference=reference,
        lead_agency=agency,
    )
    member = Member.objects.create(
        partnership=partnership, family=family, key_hash=f"{reference}-member".ljust(64, "0")
    )
    Episode.objects.create(
        partnership=partnership,
        key_hash=f"{reference}-episode".ljust(64, "0"),
        member=member,
        family=family,
        start=d(start),
        end=d(end) if end else None,
        organisation=agency,
    )
    imported = FamiliesImport.objects.filter(partnership=partnership).first()
    if imported is None:
        imported = FamiliesImport.objects.create(partnership=partnership, directory_name="extract")
    for n, (kind, date, value) in enumerate(readings):
        code = "education" if kind == "school_attendance_pct" else "crime"
        hand = date in by_hand
        Evidence.objects.create(
            family=family,
            member=member,
            outcome_code=code,
            evidence_type=kind,
            date=d(date),
            value=value,
            source="school_attendance" if code == "education" else "police",
            imported=None if hand else imported,
            row_hash="" if hand else f"{reference}-{n}".ljust(64, "0"),
        )
    return family


ATT = "school_attendance_pct"
OFF = "offences_6_months"

# F-READY: early help 8 January to 30 June 2024. Attendance 80 on 10 January, the latest
# reading up to 28 days after the start (5 February): a need. 95 on 10 February and 15 May:
# 95 days at 90 or more, met on 15 May; 96 and 97 after the
# closure, the last on 1 October, after the window's end (30 June + 90 days = 28 September):
# sustained on 28 September 2024. Offences 2 on 5 January (a need), 0 on 1 June: met, and
# with no sustain window sustained at the closure, 30 June 2024. Ready on 28 September 2024.
READY = {
    "start": "2024-01-08",
    "end": "2024-06-30",
    "readings": [
        (ATT, "2024-01-10", 80),
        (ATT, "2024-02-10", 95),
        (ATT, "2024-05-15", 95),
        (ATT, "2024-08-01", 96),
        (ATT, "2024-10-01", 97),
        (OFF, "2024-01-05", 2),
        (OFF, "2024-06-01", 0),
    ],
}
# F-LAPSED: as F-READY, but attendance 85 on 1 August, inside the 90 days after closure.
LAPSED = {
    "start": "2024-01-08",
    "end": "2024-06-30",
    "readings": [
        (ATT, "2024-01-10", 80),
        (ATT, "2024-02-10", 95),
        (ATT, "2024-05-15", 95),
        (ATT, "2024-08-01", 85),
        (ATT, "2024-10-01", 97),
    ],
}
# F-OPEN: as F-READY's attendance, but early help still open: met, not sustained.
OPEN = {
    "start": "2024-01-08",
    "end": None,
    "readings": [(ATT, "2024-01-10", 80), (ATT, "2024-02-10", 95), (ATT, "2024-05-15", 95)],
}
# F-LATER: early help 1 October 2024 to 28 February 2025; 70 on 20 September (a need); 95
# on 1 November and 5 February (96 days: met on 5 February 2025); the window ends 28 February + 90 days = 29 May 2025,
# covered by 96 on 1 June 2025. Sustained on 29 May 2025: after 2024-25 ends, so it is
# claimed in 2025-26, not 2024-25.
LATER = {
    "start": "2024-10-01",
    "end": "2025-02-28",
    "readings": [
        (ATT, "2024-09-20", 70),
        (ATT, "2024-11-01", 95),
        (ATT, "2025-02-05", 95),
        (ATT, "2025-06-01", 96),
    ],
}
# F-NONEED: no reading at entry.
NONEED = {"start": "2024-01-08", "end": "2024-06-30", "readings": [(ATT, "2024-12-01", 95)]}


def people_make(partnership: Partnership) -> dict[str, User]:
    people = {
        "manager": person_make("mo-manager", role=Role.VIEWER, partnership=partnership),
        "south_manager": person_make("sue-manager", role=Role.VIEWER, partnership=partnership),
        "auditor": person_make("al-auditor", role=Role.VIEWER, partnership=partnership),
        "auditor2": person_make("bo-auditor", role=Role.VIEWER, partnership=partnership),
        "practitioner": person_make("pat-practitioner", role=Role.VIEWER, partnership=partnership),
        "viewer": person_make("vi-viewer", role=Role.VIEWER, partnership=partnership),
    }
    EarlyHelpRole.objects.create(
        user=people["manager"], partnership=partnership, kind="manager", agency=NORTH
    )
    EarlyHelpRole.objects.create(
        user=people["south_manager"], partnership=partnership, kind="manager", agency=SOUTH
    )
    EarlyHelpRole.objects.create(user=people["auditor"], partnership=partnership, kind="auditor")
    EarlyHelpRole.objects.create(user=people["auditor2"], partnership=partnership, kind="auditor")
    EarlyHelpRole.objects.create(
        user=people["practitioner"], partnership=partnership, kind="practitioner"
    )
    return people


@pytest.fixture
def cohort() -> dict[str, Any]:
    partnership = partnership_make("claims-test")
    framework_make(partnership)
    families = {
        "READY": family_make(partnership, "F-READY", **READY),  # type: ignore[arg-type]
        "LAPSED": family_make(partnership, "F-LAPSED", **LAPSED),  # type: ignore[arg-type]
        "OPEN": family_make(partnership, "F-OPEN", **OPEN),  # type: ignore[arg-type]
        "LATER": family_make(partnership, "F-LATER", agency=SOUTH, **LATER),  # type: ignore[arg-type]
        "NONEED": family_make(partnership, "F-NONEED", **NONEED),  # type: ignore[arg-type]
    }
    return {"partnership": partnership, "families": families, **people_make(partnership)}


def test_readiness_says_which_needs_are_sustained_and_why_not(cohort):
    found = {r.reference: r for r in readiness(cohort["partnership"], as_at=d("2025-03-31"))}
    ready = found["F-READY"]
    assert ready.ready and ready.ready_on == d("2024-09-28")
    assert ready.reason == "all 2 needs at entry sustained"
    assert [(n.code, n.status) for n in ready.needs] == [
        ("education", "sustained"),
        ("crime", "sustained"),
    ]
    lapsed = found["F-LAPSED"]
    assert not lapsed.ready and lapsed.ready_on is None
    assert lapsed.reason.startswith("Getting a good education: lapsed (met on 15 May 2024, then 85")
    assert [n.status for n in lapsed.needs] == ["lapsed"]
    open_ = found["F-OPEN"]
    assert not open_.ready
    assert "early help is still open" in open_.reason
    later = found["F-LATER"]
    assert not later.ready
    assert "to be sustained until 29 May 2025" in later.reason
    assert found["F-NONEED"].reason == "no need was identified at entry"
    assert found["F-NONEED"].needs == ()


def test_claims_for_families_ready_by_the_end_of_the_period_once_each(cohort):
    p, manager = cohort["partnership"], cohort["manager"]
    made = claims_make(p, PERIOD, by=manager)
    # Only F-READY is ready by 31 March 2025 (F-LATER is ready on 29 May 2025).
    assert (made.made, made.already_claimed, made.not_ready) == (1, 0, 4)
    claim = Claim.objects.get()
    assert claim.family.reference == "F-READY"
    assert claim.period == PERIOD and claim.status == "claimed"
    assert claim.framework.key == "claims-test"
    assert claim.made_by == manager
    assert set(claim.outcomes) == {"education", "crime"}
    education = claim.outcomes["education"]
    assert education["status"] == "sustained"
    assert education["sustained_on"] == "2024-09-28"
    assert education["met_on"] == "2024-05-15"
    assert education["need_date"] == "2024-01-10"
    assert "held for 90 days after the closure on 30 June 2024" in education["reason"]

    # Again: nothing new.
    again = claims_make(p, PERIOD, by=manager)
    assert (again.made, again.already_claimed) == (0, 1)
    assert Claim.objects.count() == 1

    # 2025-26: F-LATER is now ready (29 May 2025); F-READY is not claimed twice.
    next_year = claims_make(p, "2025-26", by=manager)
    assert (next_year.made, next_year.already_claimed) == (1, 1)
    assert set(Claim.objects.values_list("family__reference", "period")) == {
        ("F-READY", "2024-25"),
        ("F-LATER", "2025-26"),
    }


def test_making_claims_again_adds_only_families_newly_ready(cohort):
    p, manager = cohort["partnership"], cohort["manager"]
    claims_make(p, PERIOD, by=manager)
    # F-OPEN's early help closes on 30 June 2024 and attendance of 96 on 1 October covers
    # the 90 days after: sustained on 28 September 2024, ready within 2024-25.
    Episode.objects.filter(family__reference="F-OPEN").update(end=d("2024-06-30"))
    family = cohort["families"]["OPEN"]
    Evidence.objects.create(
        family=family,
        outcome_code="education",
        evidence_type=ATT,
        date=d("2024-10-01"),
        value=96,
        source="school_attendance",
    )
    again = claims_make(p, PERIOD, by=manager)
    assert (again.made, again.already_claimed) == (1, 1)
    assert sorted(Claim.objects.values_list("family__reference", flat=True)) == [
        "F-OPEN",
        "F-READY",
    ]


def test_only_early_help_managers_make_claims(cohort):
    p = cohort["partnership"]
    for who in ("auditor", "practitioner", "viewer"):
        with pytest.raises(ApplicationError, match="Only an early help manager"):
            claims_make(p, PERIOD, by=cohort[who])
    assert Claim.objects.count() == 0


def test_a_period_that_is_not_a_financial_year_is_refused(cohort):
    with pytest.raises(ApplicationError, match="not a financial year"):
        claims_make(cohort["partnership"], "March 2025", by=cohort["manager"])


def test_claims_are_audited_as_counts_only(cohort):
    claims_make(cohort["partnership"], PERIOD, by=cohort["manager"])
    event = AuditEvent.objects.get(context="families:claims-test")
    assert event.action == "create" and event.object_type.lower().endswith("partnership")
    assert event.changes == {"claims": [0, 1]}
    assert event.note == "1 claim(s) made for 2024-25"
    assert event.context == "families:claims-test"
    assert "F-READY" not in f"{event.object_repr} {event.note} {event.changes}"


def test_all_or_nothing(cohort, monkeypatch):
    """A failure while recording the claims (here, the audit trail) leaves no claim."""
    from cypp.families import services_claims

    def broken(**kwargs):
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(services_claims, "audit_record", broken)
    with pytest.raises(RuntimeError):
        claims_make(cohort["partnership"], PERIOD, by=cohort["manager"])
    assert Claim.objects.count() == 0


def test_claims_by_period_counts(cohort):
    p, manager = cohort["partnership"], cohort["manager"]
    claims_make(p, PERIOD, by=manager)
    claims_make(p, "2025-26", by=manager)
    found = [(c.period, c.made, c.withdrawn, c.audited) for c in claims_by_period(p)]
    assert found == [("2025-26", 1, 0, False), ("2024-25", 1, 0, False)]


def test_the_claims_page_counts_for_readers_readiness_only_for_families_one_may_see(cohort, client):
    p = cohort["partnership"]
    claims_make(p, PERIOD, by=cohort["manager"])
    url = reverse("families:claims", kwargs={"partnership": p.key})

    client.force_login(User.objects.get(username="vi-viewer"))
    page = client.get(url).content.decode()
    assert "Claims by financial year" in page
    # One claim: under the disclosure rule (fewer than 10) the viewer sees the mark.
    assert 'data-figure="made.2024-25">c<' in page
    assert "F-READY" not in page and "F-LAPSED" not in page

    client.force_login(User.objects.get(username="mo-manager"))
    page = client.get(url).content.decode()
    assert 'data-figure="made.2024-25">1<' in page
    # The North manager sees North's families (not F-LATER, led from South).
    assert "Family F-READY: claimed in 2024-25" in page
    assert "Family F-LAPSED: not ready" in page
    assert "F-LATER" not in page
    assert "Make the claims" in page

    client.force_login(User.objects.get(username="sue-manager"))
    page = client.get(url).content.decode()
    assert "F-LATER" in page and "F-READY" not in page


def test_the_make_claims_form(cohort, client):
    p = cohort["partnership"]
    url = reverse("families:claims_make", kwargs={"partnership": p.key})
    client.force_login(User.objects.get(username="vi-viewer"))
    assert client.post(url, {"period": PERIOD}).status_code == 403
    client.force_login(User.objects.get(username="mo-manager"))
    response = client.post(url, {"period": "last year"})
    assert response.status_code == 200
    assert "is not a financial year" in response.content.decode()
    response = client.post(url, {"period": PERIOD}, follow=True)
    assert "1 claim(s) made for 2024-25" in response.content.decode()
    assert Claim.objects.count() == 1


def test_the_claims_page_is_not_found_outside_the_partnership(cohort, client):
    person_make("ot-other", role=Role.ANALYST, partnership="claims-beta")
    client.force_login(User.objects.get(username="ot-other"))
    url = reverse("families:claims", kwargs={"partnership": cohort["partnership"].key})
    assert client.get(url).status_code == 404


def test_the_command_makes_claims(cohort):
    out = cli("families", "audit", "claims", "--partnership", "claims-test", "--period", PERIOD)
    assert (
        out.strip() == "1 claim(s) made for 2024-25; 0 ready families claimed before; 4 not ready."
    )
    assert Claim.objects.get().family.reference == "F-READY"


def test_the_evidence_behind_a_claim_runs_to_the_reading_that_covers_the_sustain_period(cohort):
    # F-READY (above): education sustained on 28 September 2024, shown by the reading of 1
    # October; crime sustained at the closure (no sustain period), with no later reading.
    from cypp.families.claims import claimed_outcomes

    claims_make(cohort["partnership"], PERIOD, by=cohort["manager"])
    found = {o.code: o for o in claimed_outcomes(Claim.objects.get())}
    education = [(line.date, line.role) for line in found["education"].lines]
    assert education == [
        (d("2024-01-10"), "need at entry"),
        (d("2024-02-10"), "reading"),
        (d("2024-05-15"), "met"),
        (d("2024-08-01"), "reading"),
        (d("2024-10-01"), "covers the end of the sustain period"),
    ]
    crime = [(line.date, line.role) for line in found["crime"].lines]
    assert crime == [(d("2024-01-05"), "need at entry"), (d("2024-06-01"), "met")]
