"""The governance actions about a plan: for the people the governance rules let read the
partnership's governance (``governance.view_governance``), as the pages show them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from cypp.api import schemas
from cypp.api.caching import answer
from cypp.api.errors import ApiProblem
from cypp.api.pagination import Paging, paginated
from cypp.api.routers.common import PlanKey, caller_user
from cypp.api.selectors import plan_for
from cypp.governance.permissions import can_read
from cypp.governance.selectors.actions import actions_for_plan
from cypp.governance.selectors.entries import ActionEntry

router = Router(tags=["governance"])


@router.get(
    "/plans/{key}/actions",
    response=schemas.responses(schemas.Page[schemas.Action], forbidden=True),
    url_name="plan-actions",
    summary="The governance actions about the plan",
)
def actions(
    request: HttpRequest,
    paging: Query[Paging],
    key: str = PlanKey,
) -> HttpResponse:
    """Every action linked to anything in the plan (or raised under a resolution that is),
    overdue first. A plan's readers without a role in its partnership are refused (403)."""
    user = caller_user(request)
    plan = plan_for(user=user, key=key)
    if not can_read(user, plan.partnership_id):
        raise ApiProblem(
            403, "Forbidden", "Governance actions are for the partnership's people only."
        )

    def shown(entry: ActionEntry) -> dict[str, Any]:
        return {
            "id": entry.pk,
            "text": entry.text,
            "body": entry.body_name,
            "owner": entry.owner,
            "status": entry.status,
            "status_words": entry.status_words,
            "overdue": entry.overdue,
            "due": entry.due_words,
            "due_date": entry.due_date,
            "raised_on": entry.raised_on,
        }

    body = paginated(request, actions_for_plan(plan=plan), paging, shown)
    return answer(request, schemas.Page[schemas.Action], body)
