"""A partnership's comparator groups: the services, who may use the pages, the audit trail,
and the group in the explorer's "Compare with" (its members and average)."""

from __future__ import annotations

import pytest
from django.test import Client

from cypp.accounts.models import AuditEvent, Role
from cypp.geography.selectors import area_get
from cypp.indicators.models import Observation
from cypp.reports.comparator_groups import (
    ComparatorGroupError,
    comparator_group_create,
    comparator_group_delete,
    comparator_group_edit,
    comparator_groups_for_user,
    group_choice_key,
)
from cypp.reports.models import ComparatorGroup
from tests.plans.factories import partnership_make, person_make

pytestmark = pytest.mark.django_db

HEREFORDSHIRE = "E06000019"
SHROPSHIRE = "E06000051"
WORCESTERSHIRE = "E10000034"
TELFORD = "E06000020"
INJURIES = "fingertips:90284"


@pytest.fixture
def alpha():  # type: ignore[no-untyped-def]
    return partnership_make("alpha")


@pytest.fixture
def analyst(alpha):  # type: ignore[no-untyped-def]
    return person_make("analyst", role=Role.ANALYST, partnership=alpha)


def _signed_in(username: str) -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_create_edit_delete_are_recorded_in_the_partnerships_audit_trail(alpha, analyst) -> None:  # type: ignore[no-untyped-def]
    group = comparator_group_create(
        partnership=alpha,
        name="  West  Midlands shires ",
        member_codes=[SHROPSHIRE, WORCESTERSHIRE, SHROPSHIRE],
        by=analyst,
    )
    assert group.name == "West Midlands shires"
    assert sorted(a.code for a in group.members.all()) == [SHROPSHIRE, WORCESTERSHIRE]
    comparator_group_edit(group=group, name="Shires", member_codes=[TELFORD], by=analyst)
    group.refresh_from_db()
    assert [a.code for a in group.members.all()] == [TELFORD]
    comparator_group_delete(group=group, by=analyst)
    assert not ComparatorGroup.objects.exists()
    events = list(
        AuditEvent.objects.filter(
            context="partnership:alpha", object_type="reports.comparatorgroup"
        )
        .order_by("pk")
        .values_list("action", "changes", "user__username")
    )
    assert [e[0] for e in events] == ["create", "update", "delete"]
    assert events[0][1]["members"] == [None, f"{SHROPSHIRE}, {WORCESTERSHIRE}"]
    assert events[1][1] == {
        "name": ["West Midlands shires", "Shires"],
        "members": [f"{SHROPSHIRE}, {WORCESTERSHIRE}", TELFORD],
    }
    assert events[2][1]["name"] == ["Shires", None]
    assert {e[2] for e in events} == {"analyst"}


def test_a_group_needs_a_name_members_that_are_authorities_and_a_name_of_its_own(alpha) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ComparatorGroupError, match="at least one"):
        comparator_group_create(partnership=alpha, name="Empty", member_codes=[], by=None)
    with pytest.raises(ComparatorGroupError, match="not local authorities: E92000001"):
        comparator_group_create(
            partnership=alpha, name="England", member_codes=["E92000001"], by=None
        )
    comparator_group_create(partnership=alpha, name="Family", member_codes=[TELFORD], by=None)
    with pytest.raises(ComparatorGroupError, match="already has a group called"):
        comparator_group_create(partnership=alpha, name="Family", member_codes=[TELFORD], by=None)
    assert ComparatorGroup.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="reports.comparatorgroup").count() == 1


def test_analysts_manage_groups_viewers_only_read_them_and_others_see_nothing(
    alpha, analyst
) -> None:  # type: ignore[no-untyped-def]
    person_make("viewer", role=Role.VIEWER, partnership=alpha)
    person_make("stranger", role=Role.ANALYST, partnership=partnership_make("beta"))
    group = comparator_group_create(
        partnership=alpha, name="Family", member_codes=[TELFORD], by=analyst
    )
    base = "/evidence/partnerships/alpha/comparator-groups/"
    viewer = _signed_in("viewer")
    assert viewer.get(base).status_code == 200
    assert "Create a comparator group" not in viewer.get(base).content.decode()
    assert viewer.get(base + "new/").status_code == 403
    assert viewer.post(f"{base}{group.pk}/delete/").status_code == 403
    stranger = _signed_in("stranger")
    assert stranger.get(base).status_code == 403
    assert stranger.post(f"{base}{group.pk}/").status_code == 403
    assert Client().get(base).status_code == 302  # to sign in

    mine = _signed_in("analyst")
    response = mine.post(base + "new/", {"name": "Neighbours we chose", "members": [SHROPSHIRE]})
    assert response.status_code == 302
    made = ComparatorGroup.objects.get(name="Neighbours we chose")
    assert made.created_by == analyst
    again = mine.post(base + "new/", {"name": "Family", "members": [SHROPSHIRE]})
    assert again.status_code == 200 and "already has a group called" in again.content.decode()
    edited = mine.post(f"{base}{made.pk}/", {"name": "Chosen", "members": [SHROPSHIRE, TELFORD]})
    assert edited.status_code == 302
    assert mine.post(f"{base}{made.pk}/delete/").status_code == 302
    assert not ComparatorGroup.objects.filter(pk=made.pk).exists()


def test_the_explorer_offers_the_persons_groups_and_compares_with_their_average(
    alpha, analyst
) -> None:  # type: ignore[no-untyped-def]
    person_make("stranger", role=Role.ANALYST, partnership=partnership_make("beta"))
    group = comparator_group_create(
        partnership=alpha,
        name="Marches",
        member_codes=[SHROPSHIRE, TELFORD, HEREFORDSHIRE],
        by=analyst,
    )
    assert comparator_groups_for_user(analyst) == [group]
    query = {"indicator": INJURIES, "area": HEREFORDSHIRE, "model": group_choice_key(group)}
    response = _signed_in("analyst").get("/evidence/explorer/", query)
    assert response.status_code == 200
    result = response.context["result"]
    # The area is left out of its own group; the average is the mean of the others' figures.
    members = result.benchmark.neighbours.members
    assert [m.code for m in members] == [SHROPSHIRE, TELFORD]
    latest = result.period
    figures = [
        Observation.objects.get(
            indicator__source__key="fingertips",
            indicator__code="90284",
            area__code=code,
            period=latest,
        ).value
        for code in (SHROPSHIRE, TELFORD)
    ]
    assert result.benchmark.neighbours.average == pytest.approx(sum(figures) / 2)
    html = response.content.decode()
    assert "Marches average" in html and "(Marches member)" in html
    assert f'value="{group_choice_key(group)}"' in html
    # Someone without a role in the partnership is not offered it.
    other = _signed_in("stranger").get("/evidence/explorer/", query)
    assert f'value="{group_choice_key(group)}"' not in other.content.decode()
    assert other.context["result"] is None
    assert area_get(code=HEREFORDSHIRE).name in html
