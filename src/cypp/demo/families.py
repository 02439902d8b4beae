"""The demo's early help (issue #16): a SYNTHETIC cohort for Herefordshire, its claims, an
audit to complete, the early help people, and the counts the plans' measures read.

Herefordshire's 2015-2018 plan rests on an early help strategy: work with 600 families by
March 2018 under the troubled families programme, which Herefordshire ran as "family
first" with its own expanded outcomes framework, and an audit process behind its claims.
So the demo judges the cohort against the example local framework
(``herefordshire-family-first`` 2018-local), not the national 2022-25 one: the national
framework publishes few thresholds (most of its rules are unset, so no family could be
claimed), and the local example is shaped on Herefordshire's own (its file says so).

Run once, like the rest of the demo (``cypp.demo.loader``): each part is recorded as loaded
and never loaded again, and a part already there (a cohort imported by hand, a person made
by hand) is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cypp.accounts.models import Partnership

PARTNERSHIP = "herefordshire"
COHORT = Path("families") / "herefordshire"  # under the demo's data directory
FRAMEWORKS = Path(__file__).resolve().parents[1] / "families" / "frameworks_shipped"
NATIONAL_FRAMEWORK = FRAMEWORKS / "supporting-families-2022-25.yaml"
LOCAL_FRAMEWORK = FRAMEWORKS / "herefordshire-family-first-2018.yaml"

# The demo's early help people, for local use only (their passwords are in the README):
# (username, early help role, organisation, what they may do, their professional id in the
# cohort (a practitioner) or the agency they manage (a manager)). Each also has the viewer
# plan role in Herefordshire's partnership.
DEMO_EARLY_HELP_PEOPLE = (
    (
        "practitioner",
        "practitioner",
        "Herefordshire Council",
        "open the records of the families they lead and record evidence",
        "STF0001",
    ),
    (
        "early-help-manager",
        "manager",
        "Herefordshire Council",
        "open the records of families led from Herefordshire Council Early Help, make "
        "claims, draw audit samples and assign auditors",
        "Herefordshire Council Early Help",
    ),
    (
        "auditor",
        "auditor",
        "Herefordshire Council",
        "open the families of the 2017-18 claims sampled for audit and record findings",
        "",
    ),
)

# The plans' early help measures and the counts they read. The plan files cannot name these
# indicators: a plan file may name only an indicator already in the evidence store, and these
# are published for the partnership the plan file itself makes (and every test or person
# loading a demo plan file on its own would be refused). So the loader links them once the
# counts are published, through the plans' own service (recorded in the plan's history).
MEASURE_INDICATORS = {
    ("herefordshire-2015-2018", "families-helped"): "families:families_worked_with_cumulative",
    ("herefordshire-2018-2023", "family-first-outcomes"): "families:families_sustained_progress",
}

# The periods of the 2015-2018 plan whose results are claimed, and the audit of the last.
CLAIM_PERIODS = ("2016-17", "2017-18")
AUDIT_PERIOD = "2017-18"
AUDIT_SIZE = 12
AUDIT_RISK_BASED = 4
AUDIT_SEED = 20180331
# The counts are published for the years the extract covers (it was taken on 31 March 2019):
# a later year would count only what the extract could not know of, shown as none.
PUBLISHED_PERIODS = ("2015-16", "2016-17", "2017-18", "2018-19")


def demo_families_load(*, data_dir: Path, say: Callable[[str], None] = print) -> list[str]:
    """Load the demo's early help into Herefordshire's partnership once: the frameworks
    (the local example chosen), the synthetic cohort (marked synthetic), the early help
    people, the claims of 2016-17 and 2017-18, the 2017-18 audit sample assigned to the
    demo auditor, and the cohort's counts published to the evidence store and read by the
    plans' early help measures (``MEASURE_INDICATORS``). Returns what it added."""
    partnership = Partnership.objects.filter(key=PARTNERSHIP).first()
    if partnership is None:
        return []  # the plans make the partnership; without them there is nothing to feed
    from cypp.demo.loader import _mark as mark
    from cypp.demo.loader import _once
    from cypp.families.models import Claim, Family

    def once(item: str, exists: bool) -> bool:
        return _once(item, exists=exists)

    added: list[str] = []
    if _frameworks_once(partnership, once, mark, say):
        added.append("the early help frameworks")
    families = Family.objects.filter(partnership=partnership)
    # A cohort already there (imported by hand, or before markers were kept) is left alone,
    # and so are its claims and audits: they are the partnership's to make.
    if not once(f"families:{PARTNERSHIP}", families.exists()):
        return added
    _cohort_import(partnership, Path(data_dir) / COHORT, say)
    mark(f"families:{PARTNERSHIP}")
    added.append(f"{families.count()} synthetic families")
    people = _people_load(partnership, once, mark, say)
    claims = Claim.objects.filter(family__partnership=partnership)
    if once(f"claims:{PARTNERSHIP}", claims.exists()):
        _claims_and_audit(partnership, say)
        mark(f"claims:{PARTNERSHIP}")
        added.append(f"{claims.count()} results claims and the {AUDIT_PERIOD} audit")
    _indicators_publish(partnership, say)
    if people:
        added.append(f"{len(people)} early help people")
    return added


def _frameworks_once(
    partnership: Partnership,
    once: Callable[[str, bool], bool],
    mark: Callable[[str], None],
    say: Callable[[str], None],
) -> bool:
    from cypp.families.frameworks import framework_load_report
    from cypp.families.models import FamiliesSettings

    chosen = FamiliesSettings.objects.filter(
        partnership=partnership, framework__isnull=False
    ).exists()
    if not once(f"families-framework:{PARTNERSHIP}", chosen):
        return False
    national = framework_load_report(NATIONAL_FRAMEWORK, by=None)
    local = framework_load_report(LOCAL_FRAMEWORK, by=None, partnership=partnership)
    say(f"Frameworks: {national.message} {local.message}")
    mark(f"families-framework:{PARTNERSHIP}")
    return True


def _cohort_import(partnership: Partnership, directory: Path, say: Callable[[str], None]) -> None:
    from cypp.families.services_import import families_import

    result = families_import(partnership, directory, by=None, synthetic=True)
    new = {name: counts.get("new", 0) for name, counts in result.counts.items()}
    say(
        f"{directory.name} (SYNTHETIC early help cohort): "
        + ", ".join(f"{n} {name}" for name, n in new.items())
        + " imported."
    )


def _people_load(
    partnership: Partnership,
    once: Callable[[str, bool], bool],
    mark: Callable[[str], None],
    say: Callable[[str], None],
) -> list[str]:
    """The early help people, each with the viewer plan role and their early help role,
    given by the partnership's administrator (only administrators give early help roles)."""
    from django.contrib.auth.models import User

    from cypp.accounts.models import Organisation, PartnershipRole
    from cypp.accounts.services import partnership_role_set, person_save
    from cypp.demo.loader import demo_password as password
    from cypp.families.models import EarlyHelpRole
    from cypp.families.services_records import early_help_role_give

    admin = (
        PartnershipRole.objects.filter(partnership=partnership, role="administrator")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    added: list[str] = []
    for username, kind, organisation_name, _may, reaches in DEMO_EARLY_HELP_PEOPLE:
        user = User.objects.filter(username=username).first()
        if once(f"person:{username}", user is not None):
            user = User.objects.create_user(username=username, password=password(username))
            organisation = Organisation.objects.get_or_create(name=organisation_name)[0]
            person_save(
                by=None,
                user=user,
                organisation=organisation,
                display_name=username.replace("-", " ").capitalize(),
            )
            mark(f"person:{username}")
            added.append(username)
        if user is None:
            continue  # loaded once and deleted since: theirs to delete
        item = f"role:{username}@{PARTNERSHIP}"
        held = PartnershipRole.objects.filter(user=user, partnership=partnership).exists()
        if once(item, held):
            partnership_role_set(by=None, user=user, partnership=partnership, role="viewer")
            mark(item)
        item = f"early-help-role:{username}@{PARTNERSHIP}"
        held = EarlyHelpRole.objects.filter(user=user, partnership=partnership).exists()
        if admin is not None and once(item, held):
            early_help_role_give(
                by=admin.user,
                partnership=partnership,
                user=user,
                kind=kind,
                professional_id=reaches if kind == "practitioner" else "",
                agency=reaches if kind == "manager" else "",
            )
            mark(item)
    if added:
        say(f"Early help people: {', '.join(added)} added (passwords in the README).")
    return added


def _manager(partnership: Partnership) -> Any:
    from cypp.families.models import EarlyHelpRole

    role = (
        EarlyHelpRole.objects.filter(partnership=partnership, kind=EarlyHelpRole.Kind.MANAGER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return role.user if role is not None else None


def _claims_and_audit(partnership: Partnership, say: Callable[[str], None]) -> None:
    """The manager makes the claims and draws the audit sample; the loader, as the
    operator, assigns every sampled claim to the demo auditor (a manager may assign only
    the families of their own agency)."""
    from django.contrib.auth.models import User

    from cypp.families.services_claims import audit_draw, auditor_assign, claims_make

    manager = _manager(partnership)
    made = {}
    for period in CLAIM_PERIODS:
        made[period] = claims_make(partnership, period, by=manager)
        say(
            f"Claims for {period}: {made[period].made} made, "
            f"{made[period].not_ready} families not ready."
        )
    # The sample is never larger than the period's claims (a changed rule could leave fewer).
    size = min(AUDIT_SIZE, made[AUDIT_PERIOD].made)
    if size == 0:
        say(f"Audit of {AUDIT_PERIOD}: no claims to sample.")
        return
    audit = audit_draw(
        partnership,
        AUDIT_PERIOD,
        size=size,
        risk_based=min(AUDIT_RISK_BASED, size),
        seed=AUDIT_SEED,
        by=manager,
    )
    auditor = User.objects.filter(username="auditor").first()
    cases = list(audit.cases.all())
    if auditor is not None:
        for case in cases:
            auditor_assign(case, auditor, by=None)
    say(
        f"Audit of {AUDIT_PERIOD}: {len(cases)} claims sampled (seed {AUDIT_SEED})"
        + (", assigned to auditor." if auditor is not None else ".")
    )


def _indicators_publish(partnership: Partnership, say: Callable[[str], None]) -> None:
    """Publish the cohort's counts, then point the demo plans' early help measures at them
    (``MEASURE_INDICATORS``; a measure that has an indicator already is left as it is)."""
    from cypp.demo.loader import measures_linked
    from cypp.families.publishing import cohort_indicators_publish

    report = cohort_indicators_publish(partnership, by=None, periods=PUBLISHED_PERIODS)
    if report is not None:
        say(f"Early help counts published for {', '.join(PUBLISHED_PERIODS)}.")
    measures_linked(MEASURE_INDICATORS, say)
