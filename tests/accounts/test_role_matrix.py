"""Who may read and change which plan, measure and commitment: the whole matrix of roles,
anonymous visitors included, on a public and a private plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User

from cypp.accounts.models import Role
from cypp.accounts.selectors import access_get
from cypp.plans.models import Commitment, Measure, MeasureValue, Milestone, Plan, ProgressNote
from cypp.plans.permissions import can_edit_part, can_edit_plan, can_view_plan
from tests.plans.factories import organisation_make, person_make, plan_make

pytestmark = pytest.mark.django_db

OTHER = "other-partnership"


@pytest.fixture
def world() -> dict[str, Any]:
    """A private and a public plan in the test partnership, a private plan in another; in the
    first, one measure and one commitment owned by the council, one of each by the NHS."""
    private = plan_make(key="private-plan")
    public = plan_make(key="public-plan", public=True)
    elsewhere = plan_make(key="elsewhere-plan", partnership=OTHER)
    nhs = organisation_make("Herefordshire NHS", sector="nhs")
    council_measure = Measure.objects.get(outcome__priority__plan=private)
    nhs_measure = Measure.objects.create(
        outcome=council_measure.outcome, key="nhs-measure", title="NHS", owner_organisation=nhs
    )
    council_commitment = Commitment.objects.create(
        plan=private,
        key="c1",
        title="Council's",
        owner_organisation=council_measure.owner_organisation,
    )
    nhs_commitment = Commitment.objects.create(
        plan=private, key="c2", title="NHS's", owner_organisation=nhs
    )
    council = "Herefordshire Council"
    superuser = User.objects.create_superuser("root", password="correct horse battery")
    people: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "no role": person_make("nobody", organisation=council),
        "viewer": person_make("viewer", role=Role.VIEWER),
        "contributor": person_make("contributor", role=Role.CONTRIBUTOR, organisation=council),
        "nhs contributor": person_make(
            "nhs-contributor", role=Role.CONTRIBUTOR, organisation="Herefordshire NHS"
        ),
        "analyst": person_make("analyst", role=Role.ANALYST),
        "administrator": person_make("admin", role=Role.ADMINISTRATOR),
        "analyst elsewhere": person_make("elsewhere", role=Role.ANALYST, partnership=OTHER),
        "superuser": superuser,
    }
    return {
        "private": private,
        "public": public,
        "elsewhere": elsewhere,
        "council measure": council_measure,
        "nhs measure": nhs_measure,
        "council commitment": council_commitment,
        "nhs commitment": nhs_commitment,
        "people": people,
    }


# person: (views private, views public, views elsewhere, edits private's structure,
#          edits council measure, edits NHS measure, edits council commitment, edits NHS commitment)
MATRIX = {
    "anonymous": (False, True, False, False, False, False, False, False),
    "no role": (False, True, False, False, False, False, False, False),
    "viewer": (True, True, False, False, False, False, False, False),
    "contributor": (True, True, False, False, True, False, True, False),
    "nhs contributor": (True, True, False, False, False, True, False, True),
    "analyst": (True, True, False, True, True, True, True, True),
    "administrator": (True, True, False, True, True, True, True, True),
    "analyst elsewhere": (False, True, True, False, False, False, False, False),
    "superuser": (True, True, True, True, True, True, True, True),
}


@pytest.mark.parametrize("who", MATRIX)
def test_the_role_matrix(world, who):
    user = world["people"][who]
    private: Plan = world["private"]
    got = (
        can_view_plan(user, private),
        can_view_plan(user, world["public"]),
        can_view_plan(user, world["elsewhere"]),
        can_edit_plan(user, private),
        can_edit_part(user, private, world["council measure"]),
        can_edit_part(user, private, world["nhs measure"]),
        can_edit_part(user, private, world["council commitment"]),
        can_edit_part(user, private, world["nhs commitment"]),
    )
    assert got == MATRIX[who]
    # The rules say the same when asked about the object alone.
    assert user.has_perm("plans.change_measure", world["council measure"]) == got[4]
    assert user.has_perm("plans.change_measure", world["nhs measure"]) == got[5]
    assert user.has_perm("plans.change_commitment", world["council commitment"]) == got[6]
    assert user.has_perm("plans.change_commitment", world["nhs commitment"]) == got[7]
    assert user.has_perm("plans.view_plan", private) == got[0]
    assert user.has_perm("plans.change_plan", private) == got[3]


@pytest.mark.parametrize("who", MATRIX)
def test_what_hangs_from_a_measure_or_commitment_follows_it(world, who):
    user = world["people"][who]
    private = world["private"]
    milestone = Milestone(measure=world["council measure"], due="2017-03-31", value=55)
    figure = MeasureValue(measure=world["nhs measure"], period="2016", value=1)
    note = ProgressNote(commitment=world["council commitment"], date="2016-06-01", text="x")
    assert can_edit_part(user, private, milestone) == MATRIX[who][4]
    assert can_edit_part(user, private, figure) == MATRIX[who][5]
    assert can_edit_part(user, private, note) == MATRIX[who][6]
    # Priorities and outcomes are structure, whoever owns the measures under them.
    outcome = world["council measure"].outcome
    assert can_edit_part(user, private, outcome) == MATRIX[who][3]
    assert can_edit_part(user, private, outcome.priority) == MATRIX[who][3]


def test_a_contributor_without_an_organisation_edits_nothing(world):
    user = person_make("floating", role=Role.CONTRIBUTOR)
    unowned = Measure.objects.create(
        outcome=world["council measure"].outcome, key="unowned", title="Nobody's"
    )
    assert access_get(user).organisation_id is None
    assert not can_edit_part(user, world["private"], unowned)
    assert not can_edit_part(user, world["private"], world["council measure"])


def test_only_administrators_manage_roles(world):
    people = world["people"]
    partnership = world["private"].partnership
    allowed = {
        who for who, user in people.items() if user.has_perm("accounts.manage_roles", partnership)
    }
    assert allowed == {"administrator", "superuser"}
    other = world["elsewhere"].partnership
    assert not people["administrator"].has_perm("accounts.manage_roles", other)


def test_inactive_people_may_do_nothing_but_read_public_plans(world):
    user = world["people"]["analyst"]
    user.is_active = False
    user.save()
    user = User.objects.get(pk=user.pk)
    assert not can_view_plan(user, world["private"])
    assert not can_edit_plan(user, world["private"])
    assert can_view_plan(user, world["public"])


def test_roles_are_read_once_per_person_object(world, django_assert_num_queries):
    user = User.objects.get(username="contributor")
    with django_assert_num_queries(2):
        for _ in range(10):
            can_view_plan(user, world["private"])
            can_edit_part(user, world["private"], world["council measure"])
