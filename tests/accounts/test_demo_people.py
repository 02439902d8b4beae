"""The demo's people: one per role in both demo partnerships, passwords as the README says."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from cypp.accounts.models import AuditEvent, PartnershipRole
from cypp.demo.loader import DEMO_PEOPLE, demo_people_load, demo_plans_load
from cypp.plans.permissions import can_edit_plan, can_view_plan
from cypp.plans.selectors import plan_get
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_one_person_per_role_in_both_partnerships(rf):
    demo_plans_load(plans_dir=ROOT / "demo" / "plans", say=lambda _m: None)
    demo_people_load(say=lambda _m: None)
    roles = set(PartnershipRole.objects.values_list("user__username", "partnership__key", "role"))
    assert roles == {
        (user, partnership, role)
        for user, role in [
            ("viewer", "viewer"),
            ("contributor", "contributor"),
            ("analyst", "analyst"),
            ("admin", "administrator"),
        ]
        for partnership in ("herefordshire", "worcestershire")
    }
    request = rf.post("/account/sign-in/")
    for username, *_ in DEMO_PEOPLE:
        user = authenticate(request, username=username, password=f"cypp-demo-{username}")
        assert user is not None, username
        assert not user.is_superuser and not user.is_staff
    contributor = User.objects.get(username="contributor")
    assert contributor.person.organisation.name == "Herefordshire Council"
    plan = plan_get(key="worcestershire-2022-2024")
    assert can_view_plan(User.objects.get(username="viewer"), plan)
    assert not can_edit_plan(User.objects.get(username="viewer"), plan)
    assert can_edit_plan(User.objects.get(username="admin"), plan)

    # Loading again changes nothing and records nothing.
    events = AuditEvent.objects.count()
    demo_people_load(say=lambda _m: None)
    assert AuditEvent.objects.count() == events
    assert PartnershipRole.objects.count() == len(roles)


def test_the_readme_lists_every_demo_person_with_their_password():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for username, role, *_ in DEMO_PEOPLE:
        assert f"| `{username}` | `cypp-demo-{username}` | {role}" in readme
