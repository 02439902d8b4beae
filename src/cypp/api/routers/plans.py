"""Partnerships, plans, their outcomes and measures with their judgements, the scorecard,
reporting periods and published board packs.

Every judgement is the rating engine's (``plan_assessments``), made public exactly as the
plan's pages make it (``assessments_published``: local small numbers withheld), written with
``measure_judgement``'s keys. A private plan is "not found" to a caller who may not read it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.params.functions import Path
from pydantic import Field

from cypp.api import schemas
from cypp.api.caching import answer, answer_judged
from cypp.api.errors import ApiProblem
from cypp.api.pagination import Paging, paginated
from cypp.api.routers.common import SLUG, PlanKey, caller_user, url_for
from cypp.api.selectors import as_at_for, plan_for, plans_readable
from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import PublishedAssessment, assessments_published, is_withheld
from cypp.assessment.scorecard import measure_judgement, scorecard_json
from cypp.commentary.selectors import periods_for_plan
from cypp.disclosure import MARK
from cypp.governance.models import BoardPack
from cypp.plans.models import Measure, Outcome, Plan
from cypp.plans.permissions import can_view_plan
from cypp.plans.selectors import plan_detail, plans_list

router = Router(tags=["plans"])

ANY_SLUG = r"^[-a-zA-Z0-9_]*$"  # a filter's key, or nothing (no filter)

# --- plans ---------------------------------------------------------------------------------


def _plan_summary(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    return {
        "key": plan.key,
        "title": plan.title,
        "partnership": plan.partnership.key,
        "start": plan.start,
        "end": plan.end,
        "version": plan.version,
        "status": plan.status,
        "public": plan.public,
        "url": url_for(request, "api-v1:plan", plan.key),
    }


class PlanFilters(Schema):
    partnership: str | None = Field(
        None, max_length=80, pattern=ANY_SLUG, description="A partnership's key."
    )
    status: Plan.Status | None = Field(None, description="draft, consultation, approved...")


@router.get(
    "/plans",
    response=schemas.responses(schemas.Page[schemas.PlanSummary]),
    url_name="plans",
    summary="Plans",
)
def plans(request: HttpRequest, paging: Query[Paging], filters: Query[PlanFilters]) -> HttpResponse:
    """The plans the caller may read: public plans, and their partnerships' plans."""
    found = plans_readable(user=caller_user(request))
    if filters.partnership:
        found = found.filter(partnership__key=filters.partnership)
    if filters.status:
        found = found.filter(status=filters.status)
    body = paginated(request, found, paging, lambda p: _plan_summary(request, p))
    return answer(request, schemas.Page[schemas.PlanSummary], body)


def _plan_ref(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    readable = can_view_plan(caller_user(request), plan)
    return {
        "key": plan.key if readable else "",
        "title": plan.title if readable else "A plan you may not read",
        "url": url_for(request, "api-v1:plan", plan.key) if readable else None,
    }


def _measure_outline(request: HttpRequest, plan: Plan, m: Measure) -> dict[str, Any]:
    return {
        "key": m.key,
        "title": m.title,
        "kind": m.kind,
        "indicator": m.indicator.reference if m.indicator else None,
        "area": m.area.code if m.area else None,
        "unit": m.unit or (m.indicator.unit if m.indicator else ""),
        "target_value": m.target_value,
        "target_low": m.target_low,
        "target_high": m.target_high,
        "target_due": m.target_due,
        "target_direction": m.target_direction,
        "owner": str(m.owner_organisation or m.owner_subgroup or m.lead or ""),
        "url": url_for(request, "api-v1:measure", plan.key, m.key),
    }


def _versions(request: HttpRequest, plan: Plan) -> dict[str, Any]:
    successors = list(plans_list().filter(succeeds=plan))
    return {
        "version": plan.version,
        "status": plan.status,
        "approval": {"approved_by": plan.approved_by, "approved_on": plan.approved_on},
        "succeeds": _plan_ref(request, plan.succeeds) if plan.succeeds else None,
        "succeeded_by": [_plan_ref(request, p) for p in successors],
        "revisions": [
            {
                "version": v.version,
                "replaced_at": v.replaced_at,
                "replaced_by": v.replaced_by,
                "changes": len(v.diff or []),
            }
            for v in plan.versions.defer("document").order_by("-replaced_at")
        ],
    }


@router.get(
    "/plans/{key}",
    response=schemas.responses(schemas.PlanDetail),
    url_name="plan",
    summary="One plan: its structure and versions",
)
def plan(request: HttpRequest, key: str = PlanKey) -> HttpResponse:
    """The plan's priorities (or pledges), their outcomes and measures, its commitments, and
    its versions: status, approval, the plans it succeeds or is succeeded by, revisions."""
    plan_for(user=caller_user(request), key=key)
    full = plan_detail(key=key)
    body = _plan_summary(request, full) | {
        "vision": full.vision,
        "summary": full.summary,
        "priority_word": full.priority_word,
        "priorities": [
            {
                "key": p.key,
                "title": p.title,
                "description": p.description,
                "lead": p.lead,
                "outcomes": [
                    {
                        "key": o.key,
                        "title": o.title,
                        "description": o.description,
                        "priority": p.key,
                        "measures": [_measure_outline(request, full, m) for m in o.measures.all()],
                    }
                    for o in p.outcomes.all()
                ],
            }
            for p in full.priorities.all()
        ],
        "commitments": [
            {
                "key": c.key,
                "title": c.title,
                "description": c.description,
                "priority": c.priority.key if c.priority else None,
                "owner": str(c.owner_organisation or c.lead or ""),
                "due": c.due,
                "status": c.status,
            }
            for c in full.commitments.all()
        ],
        "versions": _versions(request, full),
    }
    return answer(request, schemas.PlanDetail, body)


@router.get(
    "/plans/{key}/outcomes",
    response=schemas.responses(schemas.Page[schemas.Outcome]),
    url_name="plan-outcomes",
    summary="The plan's outcomes",
)
def outcomes(request: HttpRequest, paging: Query[Paging], key: str = PlanKey) -> HttpResponse:
    found = plan_for(user=caller_user(request), key=key)
    rows = (
        Outcome.objects.filter(priority__plan=found)
        .select_related("priority")
        .prefetch_related("measures")
        .order_by("priority__order", "order", "pk")
    )

    def shown(o: Outcome) -> dict[str, Any]:
        return {
            "key": o.key,
            "title": o.title,
            "description": o.description,
            "priority": o.priority.key,
            "measures": [m.key for m in o.measures.all()],
            "url": url_for(request, "reports:outcome", found.key, o.pk),
        }

    return answer(request, schemas.Page[schemas.Outcome], paginated(request, rows, paging, shown))


# --- measures and their judgements ---------------------------------------------------------


class AsAtQuery(Schema):
    period: str | None = Field(
        None,
        max_length=40,
        pattern=ANY_SLUG,
        description="A reporting period's key: judge as at its end.",
    )


def _as_at(as_at: AsAt | None) -> dict[str, Any]:
    return {"period": as_at.period or None if as_at else None, "end": as_at.end if as_at else None}


def _plan_measure(request: HttpRequest, plan: Plan, a: PublishedAssessment) -> dict[str, Any]:
    m = a.measure
    return measure_judgement(a) | {
        "outcome": m.outcome.key,
        "priority": m.outcome.priority.key,
        "as_at": _as_at(a.as_at),
        "url": url_for(request, "reports:measure", plan.key, m.pk),
    }


def _published(plan: Plan, period: str | None) -> tuple[AsAt | None, list[PublishedAssessment]]:
    as_at = as_at_for(plan=plan, period=period)
    return as_at, assessments_published(plan_assessments(plan=plan, as_at=as_at))


@router.get(
    "/plans/{key}/measures",
    response=schemas.responses(schemas.Page[schemas.PlanMeasure]),
    url_name="plan-measures",
    summary="The plan's measures with their judgements",
)
def measures(
    request: HttpRequest,
    paging: Query[Paging],
    when: Query[AsAtQuery],
    key: str = PlanKey,
) -> HttpResponse:
    """Every measure in plan order, judged by the rating engine on the latest data or as at
    the end of a reporting period (``?period=``); figures as the plan's pages publish them."""
    found = plan_for(user=caller_user(request), key=key)

    def build() -> dict[str, Any]:
        _, published = _published(found, when.period)
        return paginated(request, published, paging, lambda a: _plan_measure(request, found, a))

    return answer_judged(request, schemas.Page[schemas.PlanMeasure], found, build)


def _shown(value: float | None, withheld: bool) -> float | str | None:
    return MARK if withheld else value


@router.get(
    "/plans/{key}/measures/{measure_key}",
    response=schemas.responses(schemas.MeasureDetail),
    url_name="measure",
    summary="One measure: its judgements and its series",
)
def measure(
    request: HttpRequest,
    when: Query[AsAtQuery],
    key: str = PlanKey,
    measure_key: str = Path(..., pattern=SLUG, max_length=80, description="The measure's key."),
) -> HttpResponse:
    """A measure's judgements and every figure of its series as published ("c" withheld).
    Measure keys are unique within an outcome: the first in plan order with the key."""
    found = plan_for(user=caller_user(request), key=key)

    def build() -> dict[str, Any]:
        _, published = _published(found, when.period)
        a = next((a for a in published if a.measure.key == measure_key), None)
        if a is None:
            raise ApiProblem(404, "Not found", f"Plan {key!r} has no measure {measure_key!r}.")
        m = a.measure
        return _plan_measure(request, found, a) | {
            "baseline_period": m.baseline_period,
            "baseline_value": _shown(m.baseline_value, a.baseline_withheld),
            "series": [
                {"period": p.period, "value": _shown(p.value, is_withheld(p)), "status": p.status}
                for p in a.series
            ],
        }

    return answer_judged(request, schemas.MeasureDetail, found, build)


@router.get(
    "/plans/{key}/scorecard",
    response=schemas.responses(schemas.Scorecard),
    url_name="plan-scorecard",
    summary="The plan's scorecard (as `cypp report scorecard --json`)",
)
def scorecard(request: HttpRequest, when: Query[AsAtQuery], key: str = PlanKey) -> HttpResponse:
    found = plan_for(user=caller_user(request), key=key)

    def build() -> dict[str, Any]:
        as_at, published = _published(found, when.period)
        return scorecard_json(plan_key=found.key, as_at=as_at, assessments=list(published))

    return answer_judged(request, schemas.Scorecard, found, build)


# --- reporting periods and board packs ----------------------------------------------------


@router.get(
    "/plans/{key}/periods",
    response=schemas.responses(schemas.Page[schemas.ReportingPeriod]),
    url_name="plan-periods",
    summary="The plan's reporting periods",
)
def periods(request: HttpRequest, paging: Query[Paging], key: str = PlanKey) -> HttpResponse:
    found = plan_for(user=caller_user(request), key=key)

    def shown(p: Any) -> dict[str, Any]:
        return {
            "key": p.key,
            "label": p.label,
            "start": p.start,
            "end": p.end,
            "commentary_due": p.commentary_due,
            "signoff_due": p.signoff_due,
            "meeting_date": p.meeting_date,
            "locked": p.is_locked,
        }

    body = paginated(request, periods_for_plan(plan=found), paging, shown)
    return answer(request, schemas.Page[schemas.ReportingPeriod], body)


@router.get(
    "/plans/{key}/board-packs",
    response=schemas.responses(schemas.Page[schemas.BoardPack]),
    url_name="plan-board-packs",
    summary="The plan's published board packs",
)
def board_packs(request: HttpRequest, paging: Query[Paging], key: str = PlanKey) -> HttpResponse:
    """Published packs only (drafts are the officers'), newest first, with their pages."""
    found = plan_for(user=caller_user(request), key=key)
    rows = (
        BoardPack.objects.filter(plan=found, status=BoardPack.Status.PUBLISHED)
        .select_related("period")
        .order_by("-published_at", "-pk")
    )

    def fileurl_for(pack: BoardPack, kind: str) -> str | None:
        has = pack.pdf_file if kind == "pdf" else pack.html_file
        return (
            request.build_absolute_uri(
                reverse("reports:board-pack-file", args=[found.key, pack.pk, kind])
            )
            if has
            else None
        )

    def shown(pack: BoardPack) -> dict[str, Any]:
        return {
            "id": pack.pk,
            "title": pack.title,
            "period": pack.period.key if pack.period else None,
            "published_at": pack.published_at,
            "page_count": pack.page_count,
            "url": url_for(request, "reports:board-pack", found.key, pack.pk),
            "html": fileurl_for(pack, "html"),
            "pdf": fileurl_for(pack, "pdf"),
        }

    return answer(request, schemas.Page[schemas.BoardPack], paginated(request, rows, paging, shown))
