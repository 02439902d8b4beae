"""Judging a partnership's families against its framework, many at once.

Reads episodes and evidence in a fixed number of queries (however many families), hands
each family's readings to the pure rules in ``cypp.families.rules``, and returns one
``FamilyJudgement`` a family. Pages, claims, the summary and the indicators all start here,
so they tell the same story.

A family's early help runs from the earliest start of its members' episodes to the latest
end, and is open while any episode is open (the SSD records episodes per person; the
framework judges the family).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.families.models import Episode, Evidence, FamiliesSettings, Family, Framework
from cypp.families.rules import FamilyResult, OutcomeRules, Reading, family_judge


@dataclass(frozen=True, slots=True)
class FamilyJudgement:
    family_id: int
    reference: str
    lead_professional_id: int | None
    lead_agency: str
    result: FamilyResult

    @property
    def start(self) -> dt.date:
        return self.result.start

    @property
    def end(self) -> dt.date | None:
        return self.result.end


class NoFramework(ApplicationError):
    """The partnership has no outcomes framework chosen yet."""


def framework_of(partnership: Partnership) -> Framework:
    """The framework the partnership's families are judged against."""
    found = (
        FamiliesSettings.objects.filter(partnership=partnership).select_related("framework").first()
    )
    if found is None or found.framework is None:
        raise NoFramework(
            f"{partnership.name} has no outcomes framework: load one with "
            "`cypp families framework load FILE` and choose it for the partnership."
        )
    return found.framework


def framework_outcomes(framework: Framework) -> list[OutcomeRules]:
    """The framework's outcomes as rules, in the framework's order."""
    return [
        OutcomeRules.from_document(o.code, o.label, o.descriptors, o.rules)
        for o in framework.outcomes.order_by("order", "code")
    ]


def spells(
    family_ids: Iterable[int] | None, partnership: Partnership
) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Each family's early help: (earliest start, latest end or None while any is open)."""
    episodes = Episode.objects.filter(partnership=partnership, family__isnull=False)
    if family_ids is not None:
        episodes = episodes.filter(family_id__in=list(family_ids))
    found: dict[int, tuple[dt.date, dt.date | None]] = {}
    open_families: set[int] = set()
    for family_id, start, end in episodes.values_list("family_id", "start", "end").iterator(
        chunk_size=5000
    ):
        if end is None:
            open_families.add(family_id)
        if family_id in found:
            first, last = found[family_id]
            found[family_id] = (
                min(first, start),
                max(last, end) if last is not None and end is not None else (last or end),
            )
        else:
            found[family_id] = (start, end)
    return {
        family_id: (start, None if family_id in open_families else end)
        for family_id, (start, end) in found.items()
    }


def families_judged(
    partnership: Partnership,
    *,
    as_at: dt.date,
    family_ids: Iterable[int] | None = None,
    framework: Framework | None = None,
) -> list[FamilyJudgement]:
    """Every family (or those in ``family_ids``) with episodes, judged as at ``as_at``;
    episodes starting after ``as_at`` are not yet known. Ordered by reference."""
    framework = framework or framework_of(partnership)
    outcomes = framework_outcomes(framework)
    ids = None if family_ids is None else list(family_ids)
    spell = {
        family_id: (start, end if end is None or end <= as_at else None)
        for family_id, (start, end) in spells(ids, partnership).items()
        if start <= as_at
    }
    readings: dict[int, dict[str, dict[str, list[Reading]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    # Withdrawn evidence was entered by mistake: it is kept, but it is not evidence.
    evidence = Evidence.objects.filter(
        family__partnership=partnership, date__lte=as_at, withdrawn_at__isnull=True
    )
    if ids is not None:
        evidence = evidence.filter(family_id__in=ids)
    for family_id, code, kind, date, value in evidence.values_list(
        "family_id", "outcome_code", "evidence_type", "date", "value"
    ).iterator(chunk_size=5000):
        readings[family_id][code][kind].append(Reading(date, value))
    families = Family.objects.filter(partnership=partnership, pk__in=list(spell))
    judged = []
    for family_id, reference, lead_id, agency in families.values_list(
        "pk", "reference", "lead_professional_id", "lead_agency"
    ).order_by("reference"):
        start, end = spell[family_id]
        result = family_judge(outcomes, readings.get(family_id, {}), start, end, as_at)
        judged.append(FamilyJudgement(family_id, reference, lead_id, agency, result))
    return judged
