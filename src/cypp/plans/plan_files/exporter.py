"""A plan in the database as a plan file document, and as canonical YAML text.

The document has the same shape the reader makes of a file (``reading.document_read``),
so the export of a plan loaded from a canonical file is that file, byte for byte.
"""

from __future__ import annotations

import decimal
from typing import Any

from django.db.models import Prefetch

from cypp.accounts.models import Partnership
from cypp.plans.models import (
    Commitment,
    CommitmentMilestone,
    Measure,
    Milestone,
    Outcome,
    Plan,
    Priority,
    ProgressNote,
)
from cypp.plans.plan_files.canonical import document_dump
from cypp.plans.plan_files.reading import plain_number
from cypp.plans.plan_files.spec import FORMAT, ROOT, prune


def plan_export(*, plan: Plan) -> str:
    """The plan (with its partnership) as a canonical plan file."""
    return document_dump(plan_document(plan=plan))


def plan_document(*, plan: Plan) -> dict[str, Any]:
    """The plan as a document, in a fixed number of queries whatever its size."""
    plan = _plan_with_parts(plan.pk)
    partnership = plan.partnership
    doc = {
        "format": FORMAT,
        "partnership": _partnership(partnership),
        "plan": {
            "key": plan.key,
            "title": plan.title,
            "start": plan.start,
            "end": plan.end,
            "version": plan.version,
            "status": plan.status,
            "approved_by": plan.approved_by,
            "approved_on": plan.approved_on,
            "succeeds": plan.succeeds.key if plan.succeeds else None,
            "public": plan.public,
            "priority_word": plan.priority_word,
            "vision": plan.vision,
            "summary": plan.summary,
            "principles": [{"key": p.key, "text": p.text} for p in plan.principles.all()],
            "strategies": [
                {"key": s.key, "title": s.title, "relation": s.relation, "url": s.url}
                for s in plan.strategies.all()
            ],
            "subgroups": [{"key": s.key, "name": s.name} for s in plan.subgroups.all()],
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
                            "measures": [
                                _measure(m, partnership.area_id) for m in o.measures.all()
                            ],
                        }
                        for o in p.outcomes.all()
                    ],
                }
                for p in plan.priorities.all()
            ],
            "commitments": [_commitment(c) for c in plan.commitments.all()],
            "budget": [
                {
                    "key": b.key,
                    "title": b.title,
                    "kind": b.kind,
                    "amount": _amount(b.amount),
                    "priority": b.priority.key if b.priority else None,
                    "period": b.period,
                    "realised": _amount(b.realised),
                    "provenance": b.provenance,
                    "note": b.note,
                }
                for b in plan.budget_lines.all()
            ],
        },
    }
    return prune(ROOT, doc)


def partnership_document(*, partnership: Partnership) -> dict[str, Any]:
    """A document holding only the partnership (to compare a new plan's partnership with)."""
    partnership = (
        Partnership.objects.select_related("area")
        .prefetch_related("members__organisation")
        .get(pk=partnership.pk)
    )
    return prune(ROOT, {"format": FORMAT, "partnership": _partnership(partnership)})


def _partnership(partnership: Partnership) -> dict[str, Any]:
    return {
        "key": partnership.key,
        "name": partnership.name,
        "area": partnership.area.code,
        "description": partnership.description,
        "members": [
            {"organisation": m.organisation.name, "sector": m.organisation.sector, "role": m.role}
            for m in partnership.members.all()
        ],
    }


def _plan_with_parts(pk: int) -> Plan:
    measures = Measure.objects.select_related(
        "indicator__source", "area", "owner_organisation", "owner_subgroup"
    ).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "id")), "local_values"
    )
    outcomes = Outcome.objects.prefetch_related(Prefetch("measures", queryset=measures))
    priorities = Priority.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes))
    commitments = Commitment.objects.select_related(
        "priority", "owner_organisation"
    ).prefetch_related(
        Prefetch("milestones", queryset=CommitmentMilestone.objects.order_by("order", "id")),
        Prefetch("notes", queryset=ProgressNote.objects.order_by("date", "id")),
    )
    return (
        Plan.objects.select_related("partnership__area", "succeeds")
        .prefetch_related(
            "partnership__members__organisation",
            "principles",
            "strategies",
            "subgroups",
            Prefetch("priorities", queryset=priorities),
            Prefetch("commitments", queryset=commitments),
            "budget_lines__priority",
        )
        .get(pk=pk)
    )


def _number(value: float | None) -> float | int | None:
    return None if value is None else plain_number(value)


def _amount(value: decimal.Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _measure(m: Measure, partnership_area_id: int) -> dict[str, Any]:
    return {
        "key": m.key,
        "title": m.title,
        "kind": m.kind,
        "indicator": m.indicator.reference if m.indicator else None,
        # The partnership's own area is the default, so the file leaves it out.
        "area": m.area.code if m.area and m.area_id != partnership_area_id else None,
        "unit": m.unit,
        "baseline": {
            "period": m.baseline_period,
            "value": _number(m.baseline_value),
            "source": m.baseline_source,
            "provenance": m.baseline_provenance,
        },
        "target": {
            "value": _number(m.target_value),
            "low": _number(m.target_low),
            "high": _number(m.target_high),
            "due": m.target_due,
            "direction": m.target_direction,
            "note": m.target_note,
        },
        "milestones": [
            {"due": s.due, "value": _number(s.value), "label": s.label} for s in m.milestones.all()
        ],
        "owner": {
            "organisation": m.owner_organisation.name if m.owner_organisation else None,
            "subgroup": m.owner_subgroup.key if m.owner_subgroup else None,
            "lead": m.lead,
        },
        "values": [
            {
                "period": v.period,
                "value": _number(v.value),
                "provenance": v.provenance,
                "note": v.note,
            }
            # Sorted here, not by the database, whose collation may order text differently.
            for v in sorted(m.local_values.all(), key=lambda v: v.period)
        ],
    }


def _commitment(c: Commitment) -> dict[str, Any]:
    return {
        "key": c.key,
        "title": c.title,
        "priority": c.priority.key if c.priority else None,
        "description": c.description,
        "owner": {
            "organisation": c.owner_organisation.name if c.owner_organisation else None,
            "lead": c.lead,
        },
        "due": c.due,
        "status": c.status,
        "milestones": [
            {"title": s.title, "due": s.due, "done": s.done} for s in c.milestones.all()
        ],
        "notes": [{"date": n.date, "text": n.text, "author": n.author} for n in c.notes.all()],
    }
