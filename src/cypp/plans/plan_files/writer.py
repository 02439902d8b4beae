"""Write a checked plan file document to the database, element by element.

Elements are matched by ``key`` within their parent and updated in place, so an element
that did not change keeps its row and its id (other tables point at measures); elements
the file no longer has are deleted, each kept first through the ``keep`` hook (the loader
keeps it as a ``DeletedItem``, restorable with its commentary and figures). Only ``loader``
calls this, inside its transaction.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from cypp.accounts.models import Organisation, Partnership, Sector
from cypp.plans.models import (
    BudgetLine,
    Commitment,
    CommitmentMilestone,
    DeliveryPrinciple,
    Measure,
    MeasureValue,
    Milestone,
    Outcome,
    PartnershipMember,
    Plan,
    Priority,
    ProgressNote,
    StrategyLink,
    Subgroup,
)
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.plan_files.rules import Resolved

M = TypeVar("M", bound=models.Model)
# Called with the plan, a part about to be deleted and its path in the file.
KeepHook = Callable[[Plan, models.Model, str], None]


def _decimal(value: float | int | None) -> decimal.Decimal | None:
    return None if value is None else decimal.Decimal(str(value))


def _update(obj: models.Model, fields: dict[str, Any]) -> None:
    """Save only the fields whose value differs, and nothing if none does."""
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        obj.save(update_fields=changed)


class DocumentWriter:
    def __init__(
        self, *, doc: dict[str, Any], resolved: Resolved, file: str, keep: KeepHook | None = None
    ) -> None:
        self.doc = doc
        self.resolved = resolved
        self.file = file
        self.keep = keep
        self.plan: Plan | None = None
        self.organisations: dict[str, Organisation] = {}

    def write(self) -> Plan:
        self._organisations()
        partnership = self._partnership(self.doc["partnership"])
        data = self.doc["plan"]
        fields = {
            "partnership_id": partnership.pk,
            "title": data["title"],
            "start": data["start"],
            "end": data["end"],
            "version": data.get("version", ""),
            "status": data["status"],
            "approved_by": data.get("approved_by", ""),
            "approved_on": data.get("approved_on"),
            "succeeds_id": self.resolved.succeeds.pk if self.resolved.succeeds else None,
            "public": data["public"],
            "priority_word": data["priority_word"],
            "vision": data.get("vision", ""),
            "summary": data.get("summary", ""),
        }
        plan = Plan.objects.filter(key=data["key"]).first()
        if plan is None:
            plan = Plan.objects.create(key=data["key"], **fields)
        else:
            _update(plan, fields)
        self.plan = plan
        self._plan_parts(plan, data)
        return plan

    def _organisations(self) -> None:
        """Every organisation the file names, matched by name, created if new."""
        sectors = {
            m["organisation"]: m["sector"] for m in self.doc["partnership"].get("members", [])
        }
        names = set(sectors)
        plan = self.doc["plan"]
        owners = [m.get("owner", {}) for m in _measures(plan)] + [
            c.get("owner", {}) for c in plan.get("commitments", [])
        ]
        names |= {o["organisation"] for o in owners if o.get("organisation")}
        self.organisations = {o.name: o for o in Organisation.objects.filter(name__in=names)}
        for name in sorted(names):
            organisation = self.organisations.get(name)
            sector = sectors.get(name)
            if organisation is None:
                self.organisations[name] = Organisation.objects.create(
                    name=name, sector=sector or Sector.OTHER
                )
            elif sector is not None:
                _update(organisation, {"sector": sector})

    def _organisation_id(self, owner: dict[str, Any]) -> int | None:
        name = owner.get("organisation")
        return self.organisations[name].pk if name else None

    def _partnership(self, data: dict[str, Any]) -> Partnership:
        assert self.resolved.partnership_area is not None  # checked before writing
        fields = {
            "name": data["name"],
            "area_id": self.resolved.partnership_area.pk,
            "description": data.get("description", ""),
        }
        partnership = Partnership.objects.filter(key=data["key"]).first()
        if partnership is None:
            partnership = Partnership.objects.create(key=data["key"], **fields)
        else:
            _update(partnership, fields)
        existing = {
            m.organisation.name: m for m in partnership.members.select_related("organisation")
        }
        for order, member in enumerate(data.get("members", [])):
            organisation = self.organisations[member["organisation"]]
            values = {"role": member.get("role", ""), "order": order}
            found = existing.pop(organisation.name, None)
            if found is None:
                PartnershipMember.objects.create(
                    partnership=partnership, organisation=organisation, **values
                )
            else:
                _update(found, values)
        for gone in existing.values():
            gone.delete()
        return partnership

    def _sync(
        self,
        existing: Iterable[M],
        model: type[M],
        parent: dict[str, Any],
        items: list[dict[str, Any]],
        path: str,
        fields: Callable[[int, dict[str, Any]], dict[str, Any]],
        match: str = "key",
    ) -> dict[str, M]:
        """Update the matching rows, create the new ones, delete the ones not in the file."""
        by_key = {getattr(obj, match): obj for obj in existing}
        kept: dict[str, M] = {}
        for index, item in enumerate(items):
            values = fields(index, item)
            obj = by_key.pop(item[match], None)
            if obj is None:
                obj = model._default_manager.create(**parent, **{match: item[match]}, **values)
            else:
                _update(obj, values)
            kept[item[match]] = obj
        for name, obj in by_key.items():
            try:
                if self.keep is not None and self.plan is not None:
                    self.keep(self.plan, obj, f"{path}[{name}]")
                obj.delete()
            except (models.ProtectedError, models.RestrictedError) as error:
                raise PlanFileRejected(
                    [
                        PlanProblem(
                            self.file,
                            f"{path}[{name}]",
                            None,
                            f"cannot be removed: other records in CYPP refer to it ({error.args[0]})",
                        )
                    ]
                ) from error
        return kept

    def _plan_parts(self, plan: Plan, data: dict[str, Any]) -> None:
        on_plan = {"plan": plan}
        subgroups = self._sync(
            plan.subgroups.all(),
            Subgroup,
            on_plan,
            data.get("subgroups", []),
            "subgroups",
            lambda i, s: _copy(s, text=("name",), order=i),
        )
        self._sync(
            plan.principles.all(),
            DeliveryPrinciple,
            on_plan,
            data.get("principles", []),
            "principles",
            lambda i, p: _copy(p, text=("text",), order=i),
        )
        self._sync(
            plan.strategies.all(),
            StrategyLink,
            on_plan,
            data.get("strategies", []),
            "strategies",
            lambda i, s: _copy(s, text=("title", "relation", "url"), order=i),
        )
        priorities = self._sync(
            plan.priorities.all(),
            Priority,
            on_plan,
            data.get("priorities", []),
            "priorities",
            lambda i, p: _copy(p, text=("title", "description", "lead"), order=i),
        )
        for p_item in data.get("priorities", []):
            priority = priorities[p_item["key"]]
            at = f"priorities[{priority.key}]"
            outcomes = self._sync(
                priority.outcomes.all(),
                Outcome,
                {"priority": priority},
                p_item.get("outcomes", []),
                f"{at}.outcomes",
                lambda i, o: _copy(o, text=("title", "description"), order=i),
            )
            for o_item in p_item.get("outcomes", []):
                outcome = outcomes[o_item["key"]]
                path = f"{at}.outcomes[{outcome.key}].measures"
                self._measures(outcome, o_item.get("measures", []), subgroups, path)

        def priority_id(item: dict[str, Any]) -> int | None:
            return priorities[item["priority"]].pk if item.get("priority") else None

        commitments = self._sync(
            plan.commitments.all(),
            Commitment,
            on_plan,
            data.get("commitments", []),
            "commitments",
            lambda i, c: (
                _copy(c, text=("title", "description"), other=("due", "status"), order=i)
                | {
                    "priority_id": priority_id(c),
                    "owner_organisation_id": self._organisation_id(c.get("owner", {})),
                    "lead": c.get("owner", {}).get("lead", ""),
                }
            ),
        )
        for item in data.get("commitments", []):
            on_commitment = {"commitment": commitments[item["key"]]}
            _replace(
                CommitmentMilestone,
                on_commitment,
                ("title", "due", "done"),
                item.get("milestones", []),
                ordered=True,
            )
            _replace(ProgressNote, on_commitment, ("date", "text", "author"), item.get("notes", []))
        self._sync(
            plan.budget_lines.all(),
            BudgetLine,
            on_plan,
            data.get("budget", []),
            "budget",
            lambda i, b: (
                _copy(b, text=("title", "kind", "period", "provenance", "note"), order=i)
                | {
                    "amount": _decimal(b["amount"]),
                    "realised": _decimal(b.get("realised")),
                    "priority_id": priority_id(b),
                }
            ),
        )

    def _measures(
        self,
        outcome: Outcome,
        items: list[dict[str, Any]],
        subgroups: dict[str, Subgroup],
        path: str,
    ) -> None:
        area = self.resolved.partnership_area
        assert area is not None

        def fields(index: int, m: dict[str, Any]) -> dict[str, Any]:
            baseline, target, owner = (m.get(k, {}) for k in ("baseline", "target", "owner"))
            indicator = self.resolved.indicators[m["indicator"]] if m.get("indicator") else None
            subgroup = subgroups[owner["subgroup"]] if owner.get("subgroup") else None
            return {
                **_copy(m, text=("title", "kind", "unit"), order=index),
                "indicator_id": indicator.pk if indicator else None,
                "area_id": (self.resolved.areas[m["area"]] if m.get("area") else area).pk,
                **_copy(
                    baseline,
                    text=("period", "source", "provenance"),
                    other=("value",),
                    prefix="baseline_",
                ),
                **_copy(
                    target,
                    text=("direction", "note"),
                    other=("value", "low", "high", "due"),
                    prefix="target_",
                ),
                "owner_organisation_id": self._organisation_id(owner),
                "owner_subgroup_id": subgroup.pk if subgroup else None,
                "lead": owner.get("lead", ""),
            }

        measures = self._sync(
            outcome.measures.all(), Measure, {"outcome": outcome}, items, path, fields
        )
        for item in items:
            measure = measures[item["key"]]
            on_measure = {"measure": measure}
            _replace(Milestone, on_measure, ("due", "value", "label"), item.get("milestones", []))
            self._sync(
                measure.local_values.all(),
                MeasureValue,
                on_measure,
                item.get("values", []),
                f"{path}[{measure.key}].values",
                lambda _i, v: _copy(v, text=("provenance", "note"), other=("value",)),
                match="period",
            )


def _copy(
    item: dict[str, Any],
    *,
    text: tuple[str, ...] = (),
    other: tuple[str, ...] = (),
    prefix: str = "",
    order: int | None = None,
) -> dict[str, Any]:
    """Model field values from a document element: absent text is "", anything else None."""
    values = {prefix + name: item.get(name, "") for name in text}
    values |= {prefix + name: item.get(name) for name in other}
    if order is not None:
        values["order"] = order
    return values


def _replace(
    model: type[models.Model],
    parent: Mapping[str, models.Model],
    names: tuple[str, ...],
    items: list[dict[str, Any]],
    *,
    ordered: bool = False,
) -> None:
    """Lists without keys (milestones, notes) are replaced whole, and only when they differ."""
    existing = model._default_manager.filter(**parent).order_by(
        "order" if ordered else names[0], "id"
    )
    # Absent optional values: "" for the text ones (label, author), None for a date.
    rows = [
        tuple(item.get(name, None if name == "due" else "") for name in names) for item in items
    ]
    if [tuple(getattr(obj, name) for name in names) for obj in existing] == rows:
        return
    existing.delete()
    objects = [
        model(**parent, **dict(zip(names, row, strict=True)), **({"order": i} if ordered else {}))
        for i, row in enumerate(rows)
    ]
    model._default_manager.bulk_create(objects)


def _measures(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for p in plan.get("priorities", [])
        for o in p.get("outcomes", [])
        for m in o.get("measures", [])
    ]
