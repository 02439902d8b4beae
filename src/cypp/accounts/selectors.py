"""Reads for accounts: what a person may do, gathered once per request; the people of a
partnership and its audit trail, for its administrators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from cypp.accounts.models import PartnershipRole, Person, Role

# Cached on the user object: Django makes a new one for every request, so the cache lives
# exactly as long as the request (the services drop it when they change a person's roles).
_CACHE = "_cypp_access"

EDITS_STRUCTURE = frozenset({Role.ANALYST.value, Role.ADMINISTRATOR.value})


@dataclass(frozen=True, slots=True)
class Access:
    """A person's roles by partnership id and the organisation they work for.

    Every permission in ``cypp.accounts.permissions`` is decided from this, so a page that
    checks a hundred measures asks the database twice, not a hundred times.
    """

    user_id: int | None = None
    is_superuser: bool = False
    organisation_id: int | None = None
    roles: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))

    def role_in(self, partnership_id: int | None) -> str | None:
        return None if partnership_id is None else self.roles.get(partnership_id)

    def reads(self, partnership_id: int | None) -> bool:
        """Any role in the partnership lets a person read its plans."""
        return self.is_superuser or self.role_in(partnership_id) is not None

    def edits_structure(self, partnership_id: int | None) -> bool:
        """Analysts and administrators shape the plan: priorities, outcomes, measures..."""
        return self.is_superuser or self.role_in(partnership_id) in EDITS_STRUCTURE

    def edits_owned(self, partnership_id: int | None, owner_organisation_id: int | None) -> bool:
        """A measure or commitment: its partnership's analysts and administrators, or a
        contributor whose organisation owns it."""
        if self.edits_structure(partnership_id):
            return True
        return (
            self.role_in(partnership_id) == Role.CONTRIBUTOR
            and self.organisation_id is not None
            and owner_organisation_id == self.organisation_id
        )

    def manages_roles(self, partnership_id: int | None) -> bool:
        """Administrators give and take away roles in their partnership (``None``: in any)."""
        if self.is_superuser:
            return True
        if partnership_id is None:
            return Role.ADMINISTRATOR in self.roles.values()
        return self.role_in(partnership_id) == Role.ADMINISTRATOR


ANONYMOUS = Access()


def access_get(user: Any) -> Access:
    """What this person may do: two queries the first time in a request, none after."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE, None)
    if isinstance(cached, Access):
        return cached
    roles = dict(PartnershipRole.objects.filter(user=user).values_list("partnership_id", "role"))
    organisation_id = (
        Person.objects.filter(user=user).values_list("organisation_id", flat=True).first()
    )
    access = Access(
        user_id=user.pk,
        is_superuser=bool(user.is_superuser),
        organisation_id=organisation_id,
        roles=MappingProxyType(roles),
    )
    setattr(user, _CACHE, access)
    return access


def access_forget(user: Any) -> None:
    """Drop the cached access so the next check reads the roles again."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def partnership_roles(*, partnership_id: int) -> list[PartnershipRole]:
    """Everyone with a role in the partnership, with their profile."""
    return list(
        PartnershipRole.objects.filter(partnership_id=partnership_id)
        .select_related("user", "user__person", "user__person__organisation")
        .order_by("role", "user__username")
    )


# Administration of a partnership: its people and its audit trail ----------------------------


def partnership_people(
    *, partnership_id: int, role: str = "", organisation_id: int | None = None
) -> list[PartnershipRole]:
    """Everyone with a role in the partnership (filtered by role and organisation when
    given), with their profile and organisation: one query."""
    roles = PartnershipRole.objects.filter(partnership_id=partnership_id)
    if role:
        roles = roles.filter(role=role)
    if organisation_id is not None:
        roles = roles.filter(user__person__organisation_id=organisation_id)
    return list(
        roles.select_related("user", "user__person", "user__person__organisation").order_by(
            "user__person__display_name", "user__username"
        )
    )


def partnership_administrators_count(*, partnership_id: int) -> int:
    return PartnershipRole.objects.filter(
        partnership_id=partnership_id, role=Role.ADMINISTRATOR
    ).count()


def two_factor_status(*, user_ids: list[int]) -> dict[int, bool | None]:
    """Whether each person has a confirmed two-factor device: ``True``, ``False``, or
    ``None`` (unknown) when two-factor (django-otp) is not installed on this site.

    One query per kind of device, however many people there are.
    """
    from django.apps import apps

    if not apps.is_installed("django_otp"):
        return dict.fromkeys(user_ids)
    from django_otp import device_classes

    with_device: set[int] = set()
    for model in device_classes():
        with_device.update(
            model.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
                "user_id", flat=True
            )
        )
    return {pk: pk in with_device for pk in user_ids}
