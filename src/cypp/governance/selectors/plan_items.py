"""The plan items a decision can be about, as form choices (``"measure:12"``) and back:
every priority, outcome, measure and commitment of a partnership's plans."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cypp.accounts.models import Partnership
from cypp.governance.models import PlanLink
from cypp.plans.models import Commitment, Measure, Outcome, Plan, Priority


def plan_item_choices(*, partnership: Partnership) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every priority, outcome, measure and commitment of the partnership's plans as form
    choices (``"measure:12"``), grouped by plan: four queries."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    plans = Plan.objects.filter(partnership=partnership).order_by("-start")
    for plan in plans:
        groups[plan.pk] = (plan.title, [])
    word = {p.pk: p.get_priority_word_display() for p in plans}
    for priority in Priority.objects.filter(plan__partnership=partnership).order_by("order"):
        groups[priority.plan_id][1].append(
            (f"priority:{priority.pk}", f"{word[priority.plan_id]}: {priority.title}")
        )
    for outcome in Outcome.objects.filter(priority__plan__partnership=partnership).select_related(
        "priority"
    ):
        groups[outcome.priority.plan_id][1].append(
            (f"outcome:{outcome.pk}", f"Outcome: {outcome.title}")
        )
    for measure in Measure.objects.filter(
        outcome__priority__plan__partnership=partnership
    ).select_related("outcome__priority"):
        groups[measure.outcome.priority.plan_id][1].append(
            (f"measure:{measure.pk}", f"Measure: {measure.title}")
        )
    for commitment in Commitment.objects.filter(plan__partnership=partnership):
        groups[commitment.plan_id][1].append(
            (f"commitment:{commitment.pk}", f"Commitment: {commitment.title}")
        )
    return [g for g in groups.values() if g[1]]


_TARGET_MODELS: dict[str, Any] = {
    "priority": (Priority, "plan__partnership"),
    "outcome": (Outcome, "priority__plan__partnership"),
    "measure": (Measure, "outcome__priority__plan__partnership"),
    "commitment": (Commitment, "plan__partnership"),
}


def plan_items_resolve(
    *, partnership: Partnership, values: Iterable[str]
) -> list[Priority | Outcome | Measure | Commitment]:
    """The plan items named by form values like ``"measure:12"``, in the partnership's
    plans only (others are ignored): one query per kind named."""
    wanted: dict[str, list[int]] = {}
    for value in values:
        kind, _, pk = str(value).partition(":")
        if kind in _TARGET_MODELS and pk.isdigit():
            wanted.setdefault(kind, []).append(int(pk))
    found: list[Any] = []
    for kind, pks in wanted.items():
        model, path = _TARGET_MODELS[kind]
        found.extend(model.objects.filter(pk__in=pks, **{path: partnership}))
    return found


def link_values(links: Iterable[PlanLink]) -> list[str]:
    return [f"{link.target_kind}:{getattr(link, f'{link.target_kind}_id')}" for link in links]
