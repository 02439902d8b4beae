"""Reads of plans: the list, one plan with everything under it, its history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from cypp.accounts.audit import audit_context
from cypp.accounts.models import AuditEvent, Organisation, Person
from cypp.disclosure import baseline_withheld, disclosure_rule, measure_entered_figures
from cypp.plans.models import (
    Commitment,
    Measure,
    Outcome,
    PartnershipMember,
    Plan,
    Priority,
)


class UnknownPlan(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(f"No plan has the key {key!r}.")
        self.key = key


def plans_list() -> QuerySet[Plan]:
    """Every plan with its partnership and counts, newest first within each partnership."""
    return Plan.objects.select_related("partnership", "partnership__area", "succeeds").annotate(
        n_priorities=Count("priorities", distinct=True),
        n_commitments=Count("commitments", distinct=True),
    )


def plan_get(*, key: str) -> Plan:
    # get(), not first(): first() would order by the plans' default ordering, a join.
    try:
        return Plan.objects.select_related("partnership", "partnership__area").get(key=key)
    except Plan.DoesNotExist:
        raise UnknownPlan(key) from None


def plan_detail(*, key: str) -> Plan:
    """The plan with every part prefetched: a fixed number of queries however big it is."""
    measures = Measure.objects.select_related(
        "indicator", "indicator__source", "area", "owner_organisation", "owner_subgroup"
    ).prefetch_related("milestones", "local_values")
    outcomes = Outcome.objects.prefetch_related(Prefetch("measures", queryset=measures))
    priorities = Priority.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes))
    plan = (
        Plan.objects.select_related("partnership", "partnership__area", "succeeds")
        .prefetch_related(
            Prefetch("priorities", queryset=priorities),
            "principles",
            "strategies",
            "subgroups",
            "commitments__owner_organisation",
            "commitments__priority",
            "commitments__milestones",
            "commitments__notes",
            "budget_lines__priority",
            "partnership__members__organisation",
        )
        .filter(key=key)
        .first()
    )
    if plan is None:
        raise UnknownPlan(key)
    return plan


@dataclass(frozen=True)
class WithheldFigures:
    """The figures a plan page shows as "c": local small numbers (``cypp.disclosure``)."""

    values: frozenset[int] = frozenset()  # MeasureValue ids
    baselines: frozenset[int] = frozenset()  # Measure ids
    measures: frozenset[int] = frozenset()  # Measure ids with either
    note: str = ""  # the mark and why, said once under the measure


def figures_withheld(*, measures: list[Measure]) -> WithheldFigures:
    """Which of the measures' entered figures and baselines are local small numbers (from
    the prefetched figures: no query)."""
    rule = disclosure_rule()
    values: set[int] = set()
    baselines: set[int] = set()
    for m in measures:
        entered = list(m.local_values.all())
        statuses = rule.statuses(measure_entered_figures(m), [v.value for v in entered])
        values |= {v.pk for v, status in zip(entered, statuses, strict=True) if status}
        if baseline_withheld(m, rule):
            baselines.add(m.pk)
    with_any = {v.measure_id for m in measures for v in m.local_values.all() if v.pk in values}
    return WithheldFigures(
        frozenset(values), frozenset(baselines), frozenset(with_any | baselines), rule.note()
    )


def measures_for_reports() -> QuerySet[Measure]:
    """Measures with everything a report shows beside them: indicator and source, area and
    region, outcome and priority, owners, local figures; in plan order."""
    return (
        Measure.objects.select_related(
            "indicator",
            "indicator__source",
            "area",
            "area__region",
            "area__sub_region",
            "outcome",
            "outcome__priority",
            "outcome__priority__plan__partnership",
            "owner_organisation",
            "owner_subgroup",
        )
        .prefetch_related("local_values")
        .order_by("outcome__priority__order", "outcome__order", "order", "pk")
    )


def plan_history(*, plan: Plan, limit: int = 500) -> list[AuditEvent]:
    """What changed in the plan, newest first."""
    return list(
        AuditEvent.objects.filter(context=audit_context(plan=plan)).select_related("user")[:limit]
    )


def partnership_organisations(*, partnership_id: int) -> QuerySet[Organisation]:
    """The organisations of a partnership, the only ones its owner lists offer: its members
    (``PartnershipMember``, from its plan files), those its people with a role work for, and
    those already owning one of its measures or commitments (so an owner set before stays a
    valid choice). One query, by name."""
    members = PartnershipMember.objects.filter(partnership_id=partnership_id).values(
        "organisation_id"
    )
    people = Person.objects.filter(user__partnership_roles__partnership_id=partnership_id).values(
        "organisation_id"
    )
    measures = Measure.objects.filter(
        outcome__priority__plan__partnership_id=partnership_id
    ).values("owner_organisation_id")
    commitments = Commitment.objects.filter(plan__partnership_id=partnership_id).values(
        "owner_organisation_id"
    )
    return Organisation.objects.filter(
        Q(pk__in=members) | Q(pk__in=people) | Q(pk__in=measures) | Q(pk__in=commitments)
    ).order_by("name")


def owned_by_organisation(
    *, organisation_id: int | None, partnership_ids: set[int]
) -> tuple[list[Measure], list[Commitment]]:
    """The measures and commitments an organisation owns in these partnerships' plans: what
    a lead from that organisation comes to see and update."""
    if organisation_id is None or not partnership_ids:
        return [], []
    measures = list(
        Measure.objects.filter(
            owner_organisation_id=organisation_id,
            outcome__priority__plan__partnership_id__in=partnership_ids,
        )
        .select_related("outcome__priority__plan")
        .order_by("outcome__priority__plan__title", "title")
    )
    commitments = list(
        Commitment.objects.filter(
            owner_organisation_id=organisation_id, plan__partnership_id__in=partnership_ids
        )
        .exclude(status__in=[Commitment.Status.DONE, Commitment.Status.DROPPED])
        .select_related("plan")
        .order_by("due", "title")
    )
    return measures, commitments
