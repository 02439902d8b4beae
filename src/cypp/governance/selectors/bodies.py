"""Reads of a partnership's bodies: the bodies with their open actions, how they relate,
one body with its members, and the people who may chair, sit on or own."""

from __future__ import annotations

from django.db.models import Count, Q

from cypp.accounts.models import Partnership, Person
from cypp.governance.models import OPEN_STATUSES, Body, BodyRelation


def partnership_bodies(*, partnership: Partnership) -> list[Body]:
    """The partnership's bodies, each with its chair and its number of open actions."""
    return list(
        Body.objects.filter(partnership=partnership)
        .select_related("chair__user", "partnership")
        .annotate(open_actions=Count("actions", filter=Q(actions__status__in=OPEN_STATUSES)))
    )


def partnership_relations(*, partnership: Partnership) -> list[BodyRelation]:
    return list(
        BodyRelation.objects.filter(from_body__partnership=partnership).select_related(
            "from_body", "to_body"
        )
    )


def body_get(*, partnership: Partnership, key: str) -> Body | None:
    return (
        Body.objects.filter(partnership=partnership, key=key)
        .select_related("partnership", "chair__user")
        .prefetch_related("members__person__user", "members__organisation")
        .first()
    )


def people_in_partnership(*, partnership: Partnership) -> list[Person]:
    """People with a role in the partnership: who may chair, sit on or own."""
    return list(
        Person.objects.filter(user__partnership_roles__partnership=partnership)
        .select_related("user", "organisation")
        .order_by("display_name", "user__username")
        .distinct()
    )
