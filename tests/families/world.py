"""A small early help world for the families tests: two partnerships, two families in alpha
led from two agencies, and a person in every role that decides who sees a family.

Partnership "alpha" holds identifiable data (so member names exist to leak) and judges its
families against a three-outcome framework written here (education, crime, housing, in the
shape ``cypp.families.rules.OutcomeRules.from_document`` reads). Family A is led by the
first practitioner from "Northside Family Hub"; family B by the second practitioner from
"Southside Family Hub". Family A's 2024-25 claim is in an audit, assigned to the auditor.

Every family-level thing a page must not show to the wrong person is in ``World.secrets``:
references, key hashes (whole and the 8-character prefix the models' names use), member
names, evidence values chosen so they appear nowhere else, and marker words in notes.

Built with the ORM directly (the importer is tested on its own files).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from cypp.accounts.models import Partnership, Role
from cypp.families.hashing import Hasher, families_settings, reference_for
from cypp.families.models import (
    Audit,
    AuditCase,
    Claim,
    EarlyHelpRole,
    Episode,
    Evidence,
    Family,
    FamilyView,
    Framework,
    Member,
    Outcome,
    Professional,
)
from tests.plans.factories import partnership_make, person_make

ALPHA = "alpha"
BETA = "beta"
NORTH = "Northside Family Hub"
SOUTH = "Southside Family Hub"
START_A = dt.date(2024, 9, 1)
START_B = dt.date(2024, 10, 1)
PERIOD = "2024-25"

# The people, in the column order of tests/families/access_expectations.txt.
ROLES = (
    "anonymous",
    "practitioner",  # leads family A, Northside
    "practitioner2",  # leads family B, Southside
    "manager",  # early help manager of Northside (so of family A)
    "auditor",  # assigned to family A's claim in the 2024-25 audit
    "viewer",
    "contributor",
    "analyst",
    "administrator",
    "superuser",
    "other",  # analyst in partnership beta
)

# Which of alpha's families each person may open, from the rules in cypp.families.access's
# docstring (written here, not asked of the code under test).
MAY_SEE = {
    "practitioner": {"A"},
    "practitioner2": {"B"},
    "manager": {"A"},
    "auditor": {"A"},
}

# The framework: attendance below 90 at entry is a need, met at 90 or more held 90 days;
# any offence at entry is a need, met with none; housing at risk is a need with no
# threshold set for success.
OUTCOMES = [
    (
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
                "sustain_days": 0,
            }
        ],
    ),
    (
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
    ),
    (
        "housing",
        "Secure housing",
        [
            {
                "code": "at_risk",
                "label": "At risk of losing their home",
                "evidence_type": "housing_at_risk",
                "test": {"above": 0},
            }
        ],
        [
            {
                "evidence_type": "housing_at_risk",
                "label": "Settled housing",
                "threshold": None,
                "period_days": 0,
                "sustain_days": 0,
            }
        ],
    ),
]


@dataclass
class World:
    alpha: Partnership
    beta: Partnership
    framework: Framework
    families: dict[str, Family]
    people: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, dict[str, str]] = field(default_factory=dict)  # family: {what: text}


def framework_make() -> Framework:
    framework = Framework.objects.create(
        key="families-test-world", version="1", title="The test world's framework"
    )
    for order, (code, label, descriptors, rules) in enumerate(OUTCOMES):
        Outcome.objects.create(
            framework=framework,
            code=code,
            label=label,
            order=order,
            descriptors=descriptors,
            rules=rules,
        )
    return framework


def _family(
    partnership: Partnership, hasher: Hasher, raw_id: str, lead: Professional, agency: str
) -> Family:
    key_hash = hasher("family", raw_id)
    return Family.objects.create(
        partnership=partnership,
        key_hash=key_hash,
        reference=reference_for(key_hash),
        lead_professional=lead,
        lead_agency=agency,
    )


def _member(family: Family, hasher: Hasher, raw_id: str, **fields: Any) -> Member:
    return Member.objects.create(
        partnership=family.partnership,
        family=family,
        key_hash=hasher("person", raw_id),
        born_full_date=True,
        **fields,
    )


def _evidence(family: Family, code: str, kind: str, date: dt.date, value: float, **more: Any):
    return Evidence.objects.create(
        family=family,
        outcome_code=code,
        evidence_type=kind,
        date=date,
        value=value,
        source=more.pop("source", "school_attendance"),
        **more,
    )


def world_make() -> World:
    alpha = partnership_make(ALPHA)
    beta = partnership_make(BETA)
    framework = framework_make()
    settings = families_settings(alpha)
    settings.framework = framework
    settings.identifiable_data = True
    settings.save()
    hasher = Hasher(alpha)

    north = Professional.objects.create(
        partnership=alpha,
        key_hash=hasher("professional", "P-NORTH-1"),
        job_title="Family support worker",
        agency=NORTH,
        name="Norah Lead",
    )
    south = Professional.objects.create(
        partnership=alpha,
        key_hash=hasher("professional", "P-SOUTH-1"),
        job_title="Early help practitioner",
        agency=SOUTH,
        name="Sol Lead",
    )
    family_a = _family(alpha, hasher, "FAM-A", north, NORTH)
    family_b = _family(alpha, hasher, "FAM-B", south, SOUTH)

    # Family A: a child of 10, a young person of 17 and a parent of 39 at the start.
    child = _member(
        family_a, hasher, "PER-A1", sex="F", born=dt.date(2014, 3, 1), name="Zinnia Quillfeather"
    )
    teen = _member(
        family_a, hasher, "PER-A2", sex="M", born=dt.date(2007, 1, 1), name="Thaddeus Quillfeather"
    )
    parent = _member(
        family_a, hasher, "PER-A3", sex="F", born=dt.date(1985, 6, 1), name="Ondine Quillfeather"
    )
    Episode.objects.create(
        partnership=alpha,
        key_hash=hasher("episode", "EP-A1"),
        member=child,
        family=family_a,
        start=START_A,
        reason="School attendance",
        organisation=NORTH,
        worker=north,
    )
    Episode.objects.create(
        partnership=alpha,
        key_hash=hasher("episode", "EP-A2"),
        member=teen,
        family=family_a,
        start=dt.date(2024, 9, 15),
        reason="Offending",
        organisation=NORTH,
        worker=north,
    )
    attendance_entry = _evidence(
        family_a,
        "education",
        "school_attendance_pct",
        dt.date(2024, 8, 20),
        82.75,
        member=child,
        note="ALPHAFAMILYNOTE entry attendance",
    )
    _evidence(
        family_a, "education", "school_attendance_pct", dt.date(2024, 12, 20), 93.5, member=child
    )
    _evidence(
        family_a, "education", "school_attendance_pct", dt.date(2025, 4, 1), 94.25, member=child
    )
    _evidence(
        family_a,
        "crime",
        "offences_6_months",
        dt.date(2024, 8, 15),
        2,
        member=teen,
        source="police",
    )
    _evidence(
        family_a, "crime", "offences_6_months", dt.date(2025, 3, 1), 1, member=teen, source="police"
    )
    _evidence(family_a, "housing", "housing_at_risk", dt.date(2024, 9, 10), 1, source="housing")

    # Family B: one child, attendance low at entry.
    pupil = _member(
        family_b, hasher, "PER-B1", sex="M", born=dt.date(2012, 5, 1), name="Bartholomew Yarrowby"
    )
    Episode.objects.create(
        partnership=alpha,
        key_hash=hasher("episode", "EP-B1"),
        member=pupil,
        family=family_b,
        start=START_B,
        reason="School attendance",
        organisation=SOUTH,
        worker=south,
    )
    attendance_b = _evidence(
        family_b,
        "education",
        "school_attendance_pct",
        dt.date(2024, 9, 25),
        71.25,
        member=pupil,
        note="BRAVOFAMILYNOTE entry attendance",
    )

    people: dict[str, User | None] = {"anonymous": None}
    people["practitioner"] = person_make("pat-practitioner", role=Role.VIEWER, partnership=alpha)
    people["practitioner2"] = person_make("sam-practitioner", role=Role.VIEWER, partnership=alpha)
    people["manager"] = person_make("mo-manager", role=Role.VIEWER, partnership=alpha)
    people["auditor"] = person_make("al-auditor", role=Role.VIEWER, partnership=alpha)
    people["viewer"] = person_make("vi-viewer", role=Role.VIEWER, partnership=alpha)
    people["contributor"] = person_make(
        "co-contributor",
        role=Role.CONTRIBUTOR,
        partnership=alpha,
        organisation="Herefordshire Council",
    )
    people["analyst"] = person_make("an-analyst", role=Role.ANALYST, partnership=alpha)
    people["administrator"] = person_make("ad-admin", role=Role.ADMINISTRATOR, partnership=alpha)
    people["superuser"] = User.objects.create_superuser("su-super", password="not-used-here")
    people["other"] = person_make("ot-other", role=Role.ANALYST, partnership=beta)

    roles = {
        "practitioner": EarlyHelpRole.objects.create(
            user=people["practitioner"],
            partnership=alpha,
            kind=EarlyHelpRole.Kind.PRACTITIONER,
            professional=north,
        ),
        "practitioner2": EarlyHelpRole.objects.create(
            user=people["practitioner2"],
            partnership=alpha,
            kind=EarlyHelpRole.Kind.PRACTITIONER,
            professional=south,
        ),
        "manager": EarlyHelpRole.objects.create(
            user=people["manager"], partnership=alpha, kind=EarlyHelpRole.Kind.MANAGER, agency=NORTH
        ),
        "auditor": EarlyHelpRole.objects.create(
            user=people["auditor"], partnership=alpha, kind=EarlyHelpRole.Kind.AUDITOR
        ),
    }

    claim = Claim.objects.create(
        family=family_a, period=PERIOD, framework=framework, made_on=dt.date(2025, 4, 30)
    )
    audit = Audit.objects.create(partnership=alpha, period=PERIOD, size=1, risk_based=0, seed=7)
    case = AuditCase.objects.create(
        audit=audit, claim=claim, chosen=AuditCase.Chosen.RANDOM, auditor=people["auditor"]
    )
    FamilyView.objects.create(
        partnership=alpha,
        family=family_a,
        user=people["practitioner"],
        user_name="pat-practitioner",
        what="family record",
    )

    secrets: dict[str, dict[str, str]] = {}
    for name, family in (("A", family_a), ("B", family_b)):
        found = {
            "reference": family.reference,
            "family key hash": family.key_hash,
            "family key hash prefix": family.key_hash[:8],
        }
        for member in Member.objects.filter(family=family):
            found[f"member {member.name}"] = member.name
            found[f"key hash of {member.name}"] = member.key_hash
            found[f"key hash prefix of {member.name}"] = member.key_hash[:8]
        secrets[name] = found
    secrets["A"].update(
        {"attendance 82.75": "82.75", "attendance 94.25": "94.25", "note": "ALPHAFAMILYNOTE"}
    )
    secrets["B"].update({"attendance 71.25": "71.25", "note": "BRAVOFAMILYNOTE"})

    world = World(
        alpha=alpha,
        beta=beta,
        framework=framework,
        families={"A": family_a, "B": family_b},
        people=people,
        objects={
            "roles": roles,
            "claim": claim,
            "audit": audit,
            "case": case,
            "attendance_entry": attendance_entry,
            "attendance_b": attendance_b,
            "members_a": [child, teen, parent],
            "professionals": {"north": north, "south": south},
        },
        secrets=secrets,
    )
    # What fills a URL's parameters (tests/families/access_expectations.txt): a parameter
    # takes values[its name] unless its row says name=@value_name or name=literal.
    world.values = {
        "partnership": ALPHA,
        "beta": BETA,
        "reference": family_a.reference,
        "family_b": family_b.reference,
        "evidence_id": attendance_entry.pk,
        "evidence_b": attendance_b.pk,
        "role_id": roles["practitioner2"].pk,
        "period": PERIOD,
        "claim_id": claim.pk,
        "audit_id": audit.pk,
        "case_id": case.pk,
        "pk": case.pk,
        "outcome_code": "education",
        "missing": "F-ZZZZZZ",
    }
    return world
