"""Small plans made in code for the tests that need one quickly (the demo plans are files)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group, Permission, User

from cypp.accounts.models import Organisation
from cypp.geography.selectors import area_get
from cypp.indicators.selectors import indicator_get
from cypp.plans.models import Measure, Outcome, Partnership, Plan, Priority


def plan_make(*, key: str = "test-plan", measures: int = 1, public: bool = False) -> Plan:
    """A plan for Herefordshire with one priority, one outcome and ``measures`` measures."""
    partnership, _ = Partnership.objects.get_or_create(
        key="test-partnership",
        defaults={"name": "Test Partnership", "area": area_get(code="E06000019")},
    )
    plan = Plan.objects.create(
        key=key,
        partnership=partnership,
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
    council, _ = Organisation.objects.get_or_create(
        name="Herefordshire Council", defaults={"sector": "council"}
    )
    breastfeeding = indicator_get(reference="lait:6wksBreast")
    for n in range(measures):
        Measure.objects.create(
            outcome=outcome,
            key=f"measure-{n}",
            title=f"Breastfeeding at 6-8 weeks ({n})",
            indicator=breastfeeding,
            area=partnership.area,
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


def analyst_make(username: str = "analyst", password: str = "correct horse battery") -> User:
    """A person who may edit plans (Django's plan permissions through the Analysts group)."""
    group, _ = Group.objects.get_or_create(name="Analysts")
    group.permissions.set(Permission.objects.filter(content_type__app_label="plans"))
    user = User.objects.create_user(username=username, password=password)
    user.groups.add(group)
    return user


def viewer_make(username: str = "viewer", password: str = "correct horse battery") -> User:
    return User.objects.create_user(username=username, password=password)
