"""Reads of what a body decided: the resolutions and actions about a measure or outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from cypp.governance.models import Resolution
from cypp.governance.selectors.actions import _actions_linked, _linked_ids
from cypp.governance.selectors.entries import (
    ActionEntry,
    ResolutionEntry,
    _today,
    action_entries,
    links_queryset,
    resolution_entries,
)
from cypp.plans.models import Measure, Outcome


@dataclass(frozen=True)
class Decisions:
    """What the bodies resolved about a measure or outcome, and the actions that followed."""

    resolutions: list[ResolutionEntry]
    actions: list[ActionEntry]

    def __bool__(self) -> bool:
        return bool(self.resolutions or self.actions)


def decisions_about(
    *,
    measure: Measure | int | None = None,
    outcome: Outcome | int | None = None,
    as_of: dt.date | None = None,
) -> Decisions:
    """The resolutions and actions linked to this measure, or to this outcome or any of its
    measures (newest meeting first; actions overdue first). Four queries."""
    if (measure is None) == (outcome is None):
        raise ValueError("Give a measure or an outcome")
    if measure is not None:
        target = Q(measure=measure)
    else:
        target = Q(outcome=outcome) | Q(measure__outcome=outcome)
    resolution_ids, _ = _linked_ids(target)
    resolutions = (
        Resolution.objects.filter(pk__in=resolution_ids)
        .select_related("agenda_item__meeting__body__partnership")
        .prefetch_related(Prefetch("plan_links", queryset=links_queryset()))
        .order_by("-agenda_item__meeting__date", "agenda_item__order", "order", "id")
    )
    return Decisions(
        resolutions=resolution_entries(resolutions),
        actions=action_entries(_actions_linked(target), _today(as_of)),
    )
