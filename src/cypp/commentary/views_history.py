"""A plan's history of changes. The page sits here, above plans, because it shows the
commentary and evidence events too and only this app knows which of those a person may
read (``cypp.commentary.history``). It joins the ``plans`` URL namespace in
``cypp.config.urls``, so its address and name (``plans:history``) are unchanged."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cypp.accounts.models import AuditEvent
from cypp.accounts.selectors import access_get
from cypp.commentary.history import WORKFLOW_TYPES, events_readable
from cypp.plans.models import Plan
from cypp.plans.permissions import plan_readable
from cypp.plans.selectors import plan_history


@login_required
@require_GET
def plan_history_page(request: HttpRequest, key: str) -> HttpResponse:
    plan = plan_readable(request.user, key)
    events = plan_history_readable(user=request.user, plan=plan, events=plan_history(plan=plan))
    return render(request, "plans/plan_history.html", {"plan": plan, "events": events})


def plan_history_readable(*, user: Any, plan: Plan, events: list[AuditEvent]) -> list[AuditEvent]:
    """The entries of the plan's history this person may read, by the rules of the pages
    that show each thing: the plan's own parts to every reader of the plan; commentary and
    evidence as ``cypp.commentary.history`` says (no drafts, returns or unconsented quotes
    beyond their writers and reviewers); reporting periods (their reminders name people)
    and governance links to the partnership's members, who alone read its workspace."""
    member = access_get(user).reads(plan.partnership_id)
    readable = events_readable(user=user, plan=plan, events=events)
    return [
        e
        for e in readable
        if e.object_type.startswith("plans.") or e.object_type in WORKFLOW_TYPES or member
    ]
