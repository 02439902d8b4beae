"""Reads for a partnership's audit page: which audit records belong to it, narrowed by the
page's filters. Here, beside the plans, because a partnership's records are found through
its plans' keys; the audit trail itself (``AuditEvent``, ``audit_record``) stays in
accounts, below every app that writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cypp.accounts.audit import audit_context, bodies_context_prefix
from cypp.accounts.models import AuditEvent, PartnershipRole
from cypp.plans.models import Plan


def partnership_audit_scope(*, partnership: Any) -> Q:
    """Which audit records belong to a partnership, by their ``context``: its roles
    (``partnership:<key>``), its plans and what hangs off them, commentary and board packs
    included (``plan:<key>``), its governance bodies (``body:<key>/<body>``) and the profiles
    of the people who have a role in it (``person:<user id>``)."""
    plan_contexts = [
        audit_context(plan=key)
        for key in Plan.objects.filter(partnership=partnership).values_list("key", flat=True)
    ]
    person_contexts = [
        audit_context(person=pk)
        for pk in PartnershipRole.objects.filter(partnership=partnership).values_list(
            "user_id", flat=True
        )
    ]
    return (
        Q(context=audit_context(partnership=partnership))
        | Q(context__startswith=bodies_context_prefix(partnership))
        | Q(context__in=plan_contexts + person_contexts)
    )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit page is asked to show; empty values mean 'any'."""

    person: str = ""
    object_type: str = ""
    object: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def partnership_audit_events(
    *, partnership: Any, filters: AuditFilter = AuditFilter()
) -> QuerySet[AuditEvent]:
    """The partnership's audit records, newest first, narrowed by ``filters`` (dates are
    whole days in the site's time zone, both ends included)."""
    events = AuditEvent.objects.filter(partnership_audit_scope(partnership=partnership))
    if filters.person:
        events = events.filter(user_name=filters.person)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object:
        text = filters.object.strip()
        match = Q(object_repr__icontains=text)
        if text.isdigit():
            match |= Q(object_id=text)
        events = events.filter(match)
    if filters.action:
        events = events.filter(action=filters.action)
    zone = timezone.get_current_timezone()
    if filters.since:
        events = events.filter(at__gte=dt.datetime.combine(filters.since, dt.time.min, zone))
    if filters.until:
        next_day = filters.until + dt.timedelta(days=1)
        events = events.filter(at__lt=dt.datetime.combine(next_day, dt.time.min, zone))
    return events.order_by("-at", "-id")


def partnership_audit_choices(*, partnership: Any) -> tuple[list[str], list[str]]:
    """The people and the kinds of object named in the partnership's audit records, for the
    audit page's filters."""
    events = AuditEvent.objects.filter(partnership_audit_scope(partnership=partnership))
    people = sorted(set(events.values_list("user_name", flat=True)))
    types = sorted(set(events.values_list("object_type", flat=True)))
    return people, types
