"""Small plans made in code for the tests that need one quickly (the demo plans are files)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from cypp.accounts.models import Organisation, Partnership, Role
from cypp.accounts.services import partnership_role_set, person_save
from cypp.geography.selectors import area_get
from cypp.indicators.selectors import indicator_get
from cypp.plans.models import Measure, Outcome, Plan, Priority

TEST_PARTNERSHIP = "test-partnership"
PASSWORD = "correct horse battery"


def plan_make(
    *,
    key: str = "test-plan",
    measures: int = 1,
    public: bool = False,
    partnership: str = TEST_PARTNERSHIP,
) -> Plan:
    """A plan for Herefordshire with one priority, one outcome and ``measures`` measures, all
    owned by Herefordshire Council, in the partnership with the key ``partnership``."""
    partnership_obj = partnership_make(partnership)
    plan = Plan.objects.create(
        key=key,
        partnership=partnership_obj,
        title=f"Plan {key}",
        start=dt.date(2015, 4, 1),
        end=dt.date(2018, 3, 31),
        status=Plan.Status.DRAFT,
        public=public,
    )
    priority = Priority.objects.create(plan=plan, key="early-years", title="Early years")
    outcome = Outcome.objects.create(
        priority=priority, key="school-ready", title="Children are ready for school"
    )
    council = organisation_make("Herefordshire Council", sector="council")
    breastfeeding = indicator_get(reference="lait:6wksBreast")
    for n in range(measures):
        Measure.objects.create(
            outcome=outcome,
            key=f"measure-{n}",
            title=f"Breastfeeding at 6-8 weeks ({n})",
            indicator=breastfeeding,
            area=partnership_obj.area,
            baseline_period="2015-16",
            baseline_value=50.0,
            baseline_provenance="measured",
            target_value=60.0,
            target_due=dt.date(2018, 3, 31),
            target_direction="increase",
            owner_organisation=council,
            order=n,
        )
    return plan


def partnership_make(key: str = TEST_PARTNERSHIP, *, area_code: str = "E06000019") -> Partnership:
    """The test partnership (Herefordshire's area) that ``plan_make`` puts its plans in."""
    partnership, _ = Partnership.objects.get_or_create(
        key=key,
        defaults={"name": key.replace("-", " ").title(), "area": area_get(code=area_code)},
    )
    return partnership


def organisation_make(name: str, *, sector: str = "other") -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"sector": sector})
    return organisation


def person_make(
    username: str,
    *,
    role: str | None = None,
    partnership: Partnership | str | None = TEST_PARTNERSHIP,
    organisation: Organisation | str | None = None,
    password: str = PASSWORD,
) -> User:
    """A signed-up person, with ``role`` in ``partnership`` (a key or a partnership) and a
    profile naming their ``organisation`` (a name or an organisation) when given."""
    user = User.objects.create_user(username=username, password=password)
    if organisation is not None:
        if isinstance(organisation, str):
            organisation = organisation_make(organisation)
        person_save(by=None, user=user, organisation=organisation, display_name=username.title())
    if role is not None and partnership is not None:
        if isinstance(partnership, str):
            partnership = partnership_make(partnership)
        partnership_role_set(by=None, user=user, partnership=partnership, role=role)
    return user


def analyst_make(
    username: str = "analyst",
    password: str = PASSWORD,
    *,
    partnership: Partnership | str = TEST_PARTNERSHIP,
) -> User:
    """A person who may edit the plans of ``partnership`` (the analyst role there)."""
    return person_make(username, role=Role.ANALYST, partnership=partnership, password=password)


def viewer_make(
    username: str = "viewer",
    password: str = PASSWORD,
    *,
    partnership: Partnership | str = TEST_PARTNERSHIP,
) -> User:
    """A person who may read (not edit) the plans of ``partnership``."""
    return person_make(username, role=Role.VIEWER, partnership=partnership, password=password)


def contributor_make(
    username: str = "contributor",
    *,
    organisation: Organisation | str = "Herefordshire Council",
    partnership: Partnership | str = TEST_PARTNERSHIP,
    password: str = PASSWORD,
) -> User:
    """A contributor in ``partnership`` working for ``organisation`` (by default the council
    that owns ``plan_make``'s measures)."""
    return person_make(
        username,
        role=Role.CONTRIBUTOR,
        partnership=partnership,
        organisation=organisation,
        password=password,
    )
