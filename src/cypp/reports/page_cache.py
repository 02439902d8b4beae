"""Rendered report bodies, cached until the plan or the evidence changes.

A body (the plan on a page, the scorecard, a measure page, without the header that names
who is signed in) depends only on the plan and the data. Every change to a plan is audited
(forms, plan files) and every data change is an import batch, so the newest audit event of
the plan and the newest batch make a version: a change to either makes a new key and the
old body is simply never read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.db.models import Max

from cypp.accounts.audit import audit_context
from cypp.accounts.models import AuditEvent
from cypp.disclosure import disclosure_rule
from cypp.indicators.models import ImportBatch
from cypp.plans.models import Plan


def plan_data_version(plan: Plan) -> str:
    """The plan's and the evidence store's versions: two indexed queries."""
    audit = AuditEvent.objects.filter(context=audit_context(plan=plan)).aggregate(last=Max("id"))
    batch = ImportBatch.objects.aggregate(last=Max("id"))
    return f"{plan.pk}:{plan.key}:{audit['last']}:{batch['last']}"


def cached_body(*, plan: Plan, name: str, variant: str, render: Callable[[], str]) -> str:
    """The body ``name`` for ``variant`` (e.g. the scorecard's filters), rendered at most
    once per version of the plan and its data."""
    # The disclosure rule is part of the key: a body rendered under another threshold
    # shows figures the current one withholds.
    raw = f"{name}:{variant}:{plan_data_version(plan)}:{disclosure_rule().key}"
    key = "report:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["pages"]
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body)
    return str(body)
