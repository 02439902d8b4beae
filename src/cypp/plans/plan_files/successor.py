"""Start the plan that follows another, carrying forward what the partnership chooses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cypp.plans.models import Commitment, Plan
from cypp.plans.plan_files.canonical import document_dump
from cypp.plans.plan_files.exporter import plan_document
from cypp.plans.plan_files.loader import PlanLoadResult, plan_load_text
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.plan_files.spec import FORMAT, ROOT, prune

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

CARRY_CHOICES = (
    "priorities",
    "outcomes",
    "measures",
    "principles",
    "strategies",
    "subgroups",
    "commitments",
    "budget",
)
# Commitments that are finished (or given up) belong to the old plan's record.
_CLOSED = (Commitment.Status.DONE.value, Commitment.Status.DROPPED.value)


def carry_expand(carry: Iterable[str]) -> set[str]:
    """The parts to carry: measures need their outcomes, outcomes their priorities."""
    chosen = {c.strip() for c in carry if c.strip()}
    unknown = chosen - set(CARRY_CHOICES)
    if unknown:
        raise ValueError(
            f"cannot carry {', '.join(sorted(unknown))}; choose from {', '.join(CARRY_CHOICES)}"
        )
    if "measures" in chosen:
        chosen.add("outcomes")
    if "outcomes" in chosen:
        chosen.add("priorities")
    return chosen


@transaction.atomic
def plan_successor_create(
    *,
    plan: Plan,
    key: str,
    title: str,
    start: dt.date,
    end: dt.date,
    carry: Iterable[str] = CARRY_CHOICES,
    by: User | AnonymousUser | None = None,
) -> PlanLoadResult:
    """A new draft plan that succeeds ``plan``, with the chosen parts carried forward.

    The new plan is built as a plan file and loaded like one, so it meets every rule a file
    does and its creation is recorded in the audit trail the same way.
    """
    chosen = carry_expand(carry)
    source = f"successor of {plan.key}"
    if Plan.objects.filter(key=key).exists():
        raise PlanFileRejected([PlanProblem(source, "plan.key", None, f"{key!r} is taken")])
    document = plan_document(plan=plan)
    old = document["plan"]
    new: dict[str, Any] = {
        "key": key,
        "title": title,
        "start": start,
        "end": end,
        "status": Plan.Status.DRAFT.value,
        "succeeds": plan.key,
        "priority_word": old["priority_word"],
    }
    for part in ("principles", "strategies", "subgroups"):
        if part in chosen:
            new[part] = old.get(part, [])
    subgroups = {s["key"] for s in new.get("subgroups", [])}
    if "priorities" in chosen:
        new["priorities"] = [
            {
                **{k: v for k, v in p.items() if k != "outcomes"},
                "outcomes": [
                    {
                        **{k: v for k, v in o.items() if k != "measures"},
                        "measures": [_measure(m, subgroups) for m in o.get("measures", [])]
                        if "measures" in chosen
                        else [],
                    }
                    for o in p.get("outcomes", [])
                ]
                if "outcomes" in chosen
                else [],
            }
            for p in old.get("priorities", [])
        ]
    priorities = {p["key"] for p in new.get("priorities", [])}
    if "commitments" in chosen:
        new["commitments"] = [
            _commitment(c, priorities, start)
            for c in old.get("commitments", [])
            if c["status"] not in _CLOSED
        ]
    if "budget" in chosen:
        new["budget"] = [_budget_line(b, priorities) for b in old.get("budget", [])]
    doc = prune(ROOT, {"format": FORMAT, "partnership": document["partnership"], "plan": new})
    try:
        return plan_load_text(text=document_dump(doc), file=source, by=by)
    except PlanFileRejected as rejected:
        # Line numbers would point into a file nobody wrote; the paths say enough.
        raise PlanFileRejected(
            [PlanProblem(p.file, p.path, None, p.reason) for p in rejected.problems]
        ) from rejected


def _measure(m: dict[str, Any], subgroups: set[str]) -> dict[str, Any]:
    # A carried measure keeps what it measures (indicator, area, unit) and who owns it, but
    # not its baseline: the new plan's baseline is the old plan's latest data, which the
    # partnership sets when it agrees the new targets. Targets, milestones and local values
    # were for the old plan's period, so they stay with the old plan.
    kept: dict[str, Any] = {
        k: m[k] for k in ("key", "title", "kind", "indicator", "area", "unit") if k in m
    }
    owner = dict(m.get("owner", {}))
    if owner.get("subgroup") not in subgroups:
        owner.pop("subgroup", None)
    if owner:
        kept["owner"] = owner
    return kept


def _commitment(c: dict[str, Any], priorities: set[str], start: dt.date) -> dict[str, Any]:
    kept: dict[str, Any] = {
        k: c[k] for k in ("key", "title", "priority", "description", "owner", "status") if k in c
    }
    if kept.get("priority") not in priorities:
        kept.pop("priority", None)
    if c.get("due") and c["due"] > start:
        kept["due"] = c["due"]  # a date already past at the new start is no longer a promise
    kept["milestones"] = [s for s in c.get("milestones", []) if not s["done"]]
    return kept


def _budget_line(b: dict[str, Any], priorities: set[str]) -> dict[str, Any]:
    # The period and the amount realised so far describe the old plan's years.
    kept = {k: v for k, v in b.items() if k not in ("period", "realised")}
    if kept.get("priority") not in priorities:
        kept.pop("priority", None)
    return kept
