"""Every change to a person's roles or organisation is in the audit trail, whoever makes it:
a service call, the admin or the demo loader."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cypp.accounts.models import AuditEvent, PartnershipRole, Role
from cypp.accounts.services import partnership_role_remove, partnership_role_set, person_save
from cypp.plans.permissions import can_edit_plan
from tests.plans.factories import organisation_make, partnership_make, plan_make

pytestmark = pytest.mark.django_db


def test_giving_changing_and_taking_away_a_role_is_recorded():
    partnership = partnership_make()
    admin = User.objects.create_user("boss", password="x")
    person = User.objects.create_user("ann", password="x")
    events = AuditEvent.objects.filter(context=f"partnership:{partnership.key}")

    partnership_role_set(by=admin, user=person, partnership=partnership, role=Role.VIEWER)
    partnership_role_set(by=admin, user=person, partnership=partnership, role=Role.VIEWER)
    partnership_role_set(by=admin, user=person, partnership=partnership, role=Role.ANALYST)
    partnership_role_remove(by=admin, user=person, partnership=partnership)
    partnership_role_remove(by=admin, user=person, partnership=partnership)  # nothing to do

    got = [(e.action, e.changes, e.user, e.object_type) for e in events.order_by("id")]
    assert got == [
        ("create", {"role": [None, "viewer"]}, admin, "accounts.partnershiprole"),
        ("update", {"role": ["viewer", "analyst"]}, admin, "accounts.partnershiprole"),
        ("delete", {"role": ["analyst", None]}, admin, "accounts.partnershiprole"),
    ]
    assert "ann" in events.first().object_repr
    assert not PartnershipRole.objects.exists()


def test_a_role_change_takes_effect_at_once_for_the_same_person_object():
    plan = plan_make()
    person = User.objects.create_user("ann", password="x")
    partnership_role_set(by=None, user=person, partnership=plan.partnership, role=Role.VIEWER)
    assert not can_edit_plan(person, plan)
    partnership_role_set(by=None, user=person, partnership=plan.partnership, role=Role.ANALYST)
    assert can_edit_plan(person, plan)


def test_an_unknown_role_is_refused_and_nothing_recorded():
    partnership = partnership_make()
    person = User.objects.create_user("ann", password="x")
    with pytest.raises(ValueError, match="No role 'owner'"):
        partnership_role_set(by=None, user=person, partnership=partnership, role="owner")
    assert not AuditEvent.objects.exists()


def test_a_change_of_organisation_is_recorded():
    person = User.objects.create_user("ann", password="x")
    council = organisation_make("Herefordshire Council")
    nhs = organisation_make("Herefordshire NHS")
    person_save(by=None, user=person, organisation=council, display_name="Ann")
    person_save(by=None, user=person, organisation=council, display_name="Ann")
    person_save(by=None, user=person, organisation=nhs, display_name="Ann")
    events = AuditEvent.objects.filter(object_type="accounts.person").order_by("id")
    assert [(e.action, e.changes.get("organisation")) for e in events] == [
        ("create", [None, "Herefordshire Council"]),
        ("update", ["Herefordshire Council", "Herefordshire NHS"]),
    ]


def test_roles_changed_in_the_admin_are_recorded(admin_client, admin_user):
    partnership = partnership_make()
    person = User.objects.create_user("ann", password="x")
    response = admin_client.post(
        "/admin/accounts/partnershiprole/add/",
        {"user": person.pk, "partnership": partnership.pk, "role": "contributor"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role = PartnershipRole.objects.get(user=person)
    response = admin_client.post(
        f"/admin/accounts/partnershiprole/{role.pk}/change/", {"role": "administrator"}
    )
    assert response.status_code == 302
    response = admin_client.post(
        f"/admin/accounts/partnershiprole/{role.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    events = AuditEvent.objects.filter(object_type="accounts.partnershiprole").order_by("id")
    assert [(e.action, e.changes["role"], e.user) for e in events] == [
        ("create", [None, "contributor"], admin_user),
        ("update", ["contributor", "administrator"], admin_user),
        ("delete", ["administrator", None], admin_user),
    ]
