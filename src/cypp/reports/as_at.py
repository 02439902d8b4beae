"""Which data a report page is judged on: the latest, or as at one of the plan's reporting
periods (only figures for periods that had ended by its end), chosen with ``?as_at=KEY``.

The board pack always uses its own period; the pages let a board member look back at what
the evidence said at any period the plan has reported on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cypp.assessment.measures import AsAt
from cypp.commentary.selectors import periods_for_plan
from cypp.plans.models import Plan


@dataclass(frozen=True)
class AsAtChoice:
    """The chosen period (``as_at`` None and ``key`` "" for the latest data) and the
    periods that can be chosen: the plan's reporting periods that have ended."""

    as_at: AsAt | None = None
    key: str = ""
    periods: list[tuple[str, str]] = field(default_factory=list)

    @property
    def query(self) -> str:
        """``?as_at=KEY`` to keep the choice on links between report pages."""
        return f"?as_at={self.key}" if self.key else ""


def as_at_choice(*, plan: Plan, query: Any) -> AsAtChoice:
    """The choice in the request's ``as_at`` parameter; an unknown key means the latest."""
    today = timezone.localdate()
    ended = [p for p in periods_for_plan(plan=plan) if p.end <= today]
    wanted = str(query.get("as_at", "")).strip()
    chosen = next((p for p in ended if p.key == wanted), None)
    periods = [(p.key, p.label) for p in reversed(ended)]
    if chosen is None:
        return AsAtChoice(periods=periods)
    return AsAtChoice(AsAt(end=chosen.end, period=chosen.label), chosen.key, periods)
