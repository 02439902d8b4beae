"""A partnership's own comparator groups: the councils it compares itself with in the
explorer besides the DfE statistical neighbours (a regional family, a peer group).

Writes (create, edit, delete) are services: one transaction each, recorded in the audit
trail under the partnership (``partnership:<key>``) so its administrators see them. Who may
do them is decided by the partnership's roles: analysts and administrators shape its
evidence, as they shape its plans (``Access.edits_structure``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from django.db import IntegrityError, transaction

from cypp.accounts.audit import audit_context, audit_record, changes_between
from cypp.accounts.models import Partnership
from cypp.accounts.selectors import access_get
from cypp.assessment.benchmarking import Benchmark, NeighbourSummary, NeighbourValue
from cypp.disclosure import Figures
from cypp.errors import ApplicationError
from cypp.geography.models import Area, AreaType
from cypp.indicators.models import Indicator, Observation, Period
from cypp.reports.explorer_figures import observations_published
from cypp.reports.models import ComparatorGroup

GROUP_PREFIX = "group-"
MAX_MEMBERS = 60


class ComparatorGroupError(ApplicationError, ValueError):
    """A group cannot be saved as asked; the message says why, in the user's words."""


def can_manage_groups(user: Any, partnership: Partnership) -> bool:
    """Analysts and administrators of the partnership (and superusers)."""
    return bool(user.has_perm("reports.change_comparator_groups", partnership))


def comparator_groups_for_user(user: Any) -> list[ComparatorGroup]:
    """The groups of every partnership this person has a role in, with their members (two
    queries however many groups and members)."""
    access = access_get(user)
    if access.user_id is None:
        return []
    groups = ComparatorGroup.objects.select_related("partnership").prefetch_related("members")
    if not access.is_superuser:
        groups = groups.filter(partnership_id__in=list(access.roles))
    return list(groups.order_by("partnership__name", "name"))


def partnerships_with_groups(user: Any) -> list[Partnership]:
    """The partnerships whose comparator groups this person may see (one query)."""
    access = access_get(user)
    if access.user_id is None:
        return []
    found = Partnership.objects.order_by("name")
    return list(found if access.is_superuser else found.filter(pk__in=list(access.roles)))


def comparator_groups_of(*, partnership: Partnership) -> list[ComparatorGroup]:
    return list(
        ComparatorGroup.objects.filter(partnership=partnership)
        .prefetch_related("members")
        .order_by("name")
    )


def group_choice_key(group: ComparatorGroup) -> str:
    """The explorer's "compare with" value for a group (models use their slug keys)."""
    return f"{GROUP_PREFIX}{group.pk}"


def _members_checked(codes: list[str]) -> list[Area]:
    codes = sorted(set(codes))
    if not codes:
        raise ComparatorGroupError("Choose at least one local authority for the group.")
    if len(codes) > MAX_MEMBERS:
        raise ComparatorGroupError(
            f"A group can have at most {MAX_MEMBERS} local authorities; you chose {len(codes)}."
        )
    areas = list(
        Area.objects.filter(code__in=codes, area_type=AreaType.LOCAL_AUTHORITY).order_by("name")
    )
    unknown = set(codes) - {a.code for a in areas}
    if unknown:
        raise ComparatorGroupError(
            "These are not local authorities: " + ", ".join(sorted(unknown)) + "."
        )
    return areas


def _name_checked(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ComparatorGroupError("Enter a name for the group.")
    if len(name) > 120:
        raise ComparatorGroupError("The group's name must be 120 characters or fewer.")
    return name


def _state(group: ComparatorGroup, areas: list[Area]) -> dict[str, Any]:
    return {"name": group.name, "members": ", ".join(sorted(a.code for a in areas))}


def _saved(group: ComparatorGroup) -> None:
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:
        raise ComparatorGroupError(
            f"The partnership already has a group called “{group.name}”."
        ) from error


def comparator_group_create(
    *, partnership: Partnership, name: str, member_codes: list[str], by: Any
) -> ComparatorGroup:
    """A new group of the partnership, recorded in its audit trail."""
    with transaction.atomic():
        areas = _members_checked(member_codes)
        group = ComparatorGroup(partnership=partnership, name=_name_checked(name), created_by=by)
        _saved(group)
        group.members.set(areas)
        audit_record(
            by=by,
            action="create",
            obj=group,
            context=audit_context(partnership=partnership),
            changes=changes_between({}, _state(group, areas)),
            note="Comparator group created",
        )
    return group


def comparator_group_edit(
    *, group: ComparatorGroup, name: str, member_codes: list[str], by: Any
) -> ComparatorGroup:
    """Rename a group or change its members; the audit trail keeps before and after."""
    with transaction.atomic():
        group = ComparatorGroup.objects.select_for_update().get(pk=group.pk)
        before = _state(group, list(group.members.all()))
        areas = _members_checked(member_codes)
        group.name = _name_checked(name)
        _saved(group)
        group.members.set(areas)
        changes = changes_between(before, _state(group, areas))
        if changes:
            audit_record(
                by=by,
                action="update",
                obj=group,
                context=audit_context(partnership=group.partnership),
                changes=changes,
                note="Comparator group changed",
            )
    return group


def comparator_group_delete(*, group: ComparatorGroup, by: Any) -> None:
    """Delete a group; the audit trail keeps its name and members."""
    with transaction.atomic():
        before = _state(group, list(group.members.all()))
        audit_record(
            by=by,
            action="delete",
            obj=group,
            context=audit_context(partnership=group.partnership),
            changes=changes_between(before, {}),
            note="Comparator group deleted",
        )
        group.delete()


def benchmark_with_group(
    benchmark: Benchmark,
    *,
    group: ComparatorGroup,
    area: Area,
    indicator: Indicator,
    period: Period,
    figures: Figures,
) -> Benchmark:
    """The benchmark with the group's members in the neighbours' place: one query for the
    members (prefetched by the caller's selector when it lists groups) and one for their
    figures, published as the page shows them."""
    members = sorted((m for m in group.members.all() if m.code != area.code), key=lambda m: m.name)
    rows = list(
        Observation.objects.filter(
            indicator=indicator, period=period, area__code__in=[m.code for m in members]
        )
        .select_related("area")
        .only("value", "numerator", "denominator", "status", "area__code")
    )
    observations_published(rows, figures)
    values = {o.area.code: o.value for o in rows if o.value is not None}
    listed = [
        NeighbourValue(m.code, m.dfe_code, m.name, i, "", values.get(m.code))
        for i, m in enumerate(members, start=1)
    ]
    present = [n.value for n in listed if n.value is not None]
    return replace(
        benchmark,
        neighbours=NeighbourSummary(
            model=f"group:{group.pk}",
            average=float(np.mean(present)) if present else None,
            count=len(present),
            members=listed,
        ),
    )
