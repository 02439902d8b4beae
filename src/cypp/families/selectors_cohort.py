"""Reads for the cohort pages: the financial years a partnership has episodes in, and the
families a person may open, each with its state in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone

from cypp.accounts.models import Partnership
from cypp.families.access import families_visible
from cypp.families.models import Episode
from cypp.families.rules import Status
from cypp.families.summary import FinancialYear, financial_year_of, judged_among


def years_with_episodes(
    partnership: Partnership, *, today: dt.date | None = None
) -> list[FinancialYear]:
    """Every financial year from the first episode's to the latest one any episode
    reaches (an open episode reaches today), newest first; none without episodes."""
    today = today or timezone.localdate()
    found = Episode.objects.filter(partnership=partnership, family__isnull=False).aggregate(
        first=Min("start"), last_start=Max("start"), last_end=Max("end")
    )
    if found["first"] is None:
        return []
    still_open = Episode.objects.filter(
        partnership=partnership, family__isnull=False, end__isnull=True
    ).exists()
    last = max(d for d in (found["last_start"], found["last_end"]) if d is not None)
    if still_open:
        last = max(last, today)
    last = min(last, today)
    years = []
    year = financial_year_of(found["first"])
    while year.start <= last:
        years.append(year)
        year = financial_year_of(year.end + dt.timedelta(days=1))
    return years[::-1]


@dataclass(frozen=True, slots=True)
class FamilyRow:
    """One family on the list, for someone allowed to open its record."""

    family_id: int
    reference: str
    lead_agency: str
    open: bool
    closed_on: dt.date | None
    claim_ready: bool
    readiness: str  # in words


def family_rows(
    user: Any, partnership: Partnership, *, as_at: dt.date | None = None
) -> list[FamilyRow]:
    """The families this person may open (``access.families_visible``), by reference, each
    judged as at today: open or closed, and whether its results claim is ready."""
    ids = list(families_visible(user, partnership).values_list("pk", flat=True))
    if not ids:
        return []
    rows = []
    for judged in judged_among(partnership, as_at or timezone.localdate(), ids):
        result = judged.result
        needs = [o for o in result.outcomes if o.status != Status.NO_NEED]
        held = sum(1 for o in needs if o.status == Status.SUSTAINED)
        if result.claim_ready:
            words = f"Ready to claim: all {len(needs)} needs at entry sustained"
        elif not needs:
            words = "Not ready: no need was identified at entry"
        else:
            words = f"Not ready: {held} of {len(needs)} needs at entry sustained"
        rows.append(
            FamilyRow(
                family_id=judged.family_id,
                reference=judged.reference,
                lead_agency=judged.lead_agency,
                open=judged.end is None,
                closed_on=judged.end,
                claim_ready=result.claim_ready,
                readiness=words,
            )
        )
    return rows
