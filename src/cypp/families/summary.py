"""The cohort in a financial year: how many families were worked with, by whom, how their
episodes ended and how their outcomes went, small numbers suppressed.

One function, ``cohort_summary``, feeds the cohort page, ``cypp families summary`` and the
indicators published to the evidence store, so all three give the same figures.

What each count is (docs/families.md, "The cohort, the summary and the plan"):

- an episode **overlaps** the year when it started on or before the day judged and had not
  ended before the year began; it counts in every year it overlaps;
- ``families_worked_with``: families with an episode overlapping the year;
- ``families_with_lead_practitioner``: those of them whose lead professional is known;
- ``episodes_open``: overlapping episodes still open on the day judged;
- ``episodes_closed``: overlapping episodes that ended by the day judged (so within the
  year), by end reason ("not recorded" when blank);
- ``outcomes``: among the families worked with, judged as at the day judged, per headline
  outcome: ``needs`` (a need at entry), ``met`` (met or sustained) and ``sustained``;
- ``claims``: claims for the year with status "claimed".

The day judged is the year's last day, or ``as_at`` (today by default) while the year is
still running. Counts from 1 to the disclosure threshold less one are published as "c";
``suppressed`` lists the JSON paths withheld. Primary suppression is enough here: no total
of any set of parts is published (there is no "episodes closed" total, and the outcome
counts are nested, not parts of a sum), so no withheld count can be worked out from the
published ones.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from cypp.accounts.models import Partnership
from cypp.disclosure import MARK, DisclosureRule, disclosure_rule
from cypp.errors import ApplicationError
from cypp.families.evaluation import (
    FamilyJudgement,
    families_judged,
    framework_of,
    framework_outcomes,
)
from cypp.families.models import Claim, Episode, Family, Framework
from cypp.families.rules import Status
from cypp.indicators.periods import PeriodError, period_parse

NOT_RECORDED = "not recorded"  # an episode closed with no end reason
JSON_KEYS = (
    "families_worked_with",
    "families_with_lead_practitioner",
    "episodes_open",
    "episodes_closed",
    "outcomes",
    "claims",
    "suppressed",
)

Figure = int | str  # a count, or the mark "c"


class PeriodNotUnderstood(ApplicationError):
    """The period is not a financial year written as CYPP writes them."""


class PeriodNotStarted(ApplicationError):
    """The financial year has not begun on the day asked about."""


@dataclass(frozen=True, slots=True)
class FinancialYear:
    label: str
    start: dt.date
    end: dt.date


def financial_year(label: str) -> FinancialYear:
    """A financial year from its label (``2024-25``); anything else is refused in words."""
    text = str(label).strip()
    try:
        parsed = period_parse(text, "financial")
    except PeriodError:
        parsed = None
    if parsed is None or parsed.period_type != "financial" or parsed.label != text:
        raise PeriodNotUnderstood(
            f"{text!r} is not a financial year as CYPP writes them: write the year it "
            "starts and the last two digits of the next, like 2024-25."
        )
    return FinancialYear(parsed.label, parsed.start, parsed.end)


def financial_year_of(day: dt.date) -> FinancialYear:
    """The financial year (1 April to 31 March) a day falls in."""
    first = day.year if day.month >= 4 else day.year - 1
    return financial_year(f"{first}-{(first + 1) % 100:02d}")


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    code: str
    label: str
    needs: Figure
    met: Figure
    sustained: Figure


@dataclass(frozen=True, slots=True)
class CohortSummary:
    """The year's counts as published: each a number or the mark "c"."""

    period: str
    start: dt.date
    end: dt.date
    judged_on: dt.date
    rule: DisclosureRule
    families_worked_with: Figure
    families_with_lead_practitioner: Figure
    episodes_open: Figure
    episodes_closed: dict[str, Figure]
    outcomes: tuple[OutcomeCounts, ...]
    claims: Figure
    suppressed: tuple[str, ...]

    @property
    def year_complete(self) -> bool:
        return self.judged_on >= self.end

    @property
    def any_suppressed(self) -> bool:
        return bool(self.suppressed)

    def as_json(self) -> dict[str, Any]:
        """Exactly the keys of ``cypp families summary --json`` (a contract: add, never
        rename)."""
        return {
            "families_worked_with": self.families_worked_with,
            "families_with_lead_practitioner": self.families_with_lead_practitioner,
            "episodes_open": self.episodes_open,
            "episodes_closed": dict(self.episodes_closed),
            "outcomes": {
                o.code: {"needs": o.needs, "met": o.met, "sustained": o.sustained}
                for o in self.outcomes
            },
            "claims": self.claims,
            "suppressed": list(self.suppressed),
        }


# Past this many families, judge them all and keep those asked for: a list of ids as long
# as a large cohort's would pass the databases' limits on query parameters (SQLite 32,766,
# PostgreSQL 65,535).
MANY_FAMILIES = 5000


def judged_among(
    partnership: Partnership,
    day: dt.date,
    family_ids: Collection[int],
    *,
    framework: Framework | None = None,
) -> list[FamilyJudgement]:
    """``families_judged`` for these families only, as at ``day``."""
    if len(family_ids) <= MANY_FAMILIES:
        return families_judged(partnership, as_at=day, family_ids=family_ids, framework=framework)
    wanted = set(family_ids)
    return [
        j
        for j in families_judged(partnership, as_at=day, framework=framework)
        if j.family_id in wanted
    ]


def judged_on(year: FinancialYear, as_at: dt.date | None = None) -> dt.date:
    """The year's last day, or ``as_at`` (today) while the year is still running."""
    today = as_at or timezone.localdate()
    if today < year.start:
        raise PeriodNotStarted(
            f"The financial year {year.label} starts on {year.start.day} "
            f"{year.start:%B %Y}: there is nothing to count yet."
        )
    return min(year.end, today)


def cohort_summary(
    partnership: Partnership, period: str, *, as_at: dt.date | None = None
) -> CohortSummary:
    """The cohort's counts for the financial year ``period`` (``2024-25``), judged as at the
    year's end (or ``as_at``, today by default, while the year runs), small numbers
    suppressed under the site's disclosure rule."""
    year = financial_year(period)
    day = judged_on(year, as_at)
    episodes = Episode.objects.filter(
        partnership=partnership, family__isnull=False, start__lte=day
    ).filter(Q(end__isnull=True) | Q(end__gte=year.start))
    family_ids: set[int] = set()
    open_count = 0
    closed: Counter[str] = Counter()
    for family_id, end, end_reason in episodes.values_list("family_id", "end", "end_reason"):
        family_ids.add(family_id)
        if end is None or end > day:
            open_count += 1
        else:
            closed[" ".join(end_reason.split()) or NOT_RECORDED] += 1
    with_lead = Family.objects.filter(
        pk__in=episodes.values("family_id"), lead_professional__isnull=False
    ).count()

    framework = framework_of(partnership)
    outcomes = framework_outcomes(framework)
    needs: Counter[str] = Counter()
    met: Counter[str] = Counter()
    sustained: Counter[str] = Counter()
    if family_ids:
        for judgement in judged_among(partnership, day, family_ids, framework=framework):
            for result in judgement.result.outcomes:
                if result.status == Status.NO_NEED:
                    continue
                needs[result.code] += 1
                if result.status in (Status.MET, Status.SUSTAINED):
                    met[result.code] += 1
                if result.status == Status.SUSTAINED:
                    sustained[result.code] += 1
    claims = Claim.objects.filter(
        family__partnership=partnership, period=year.label, status=Claim.Status.CLAIMED
    ).count()

    # Every count with its JSON path, in the JSON's order, judged at once: no total is
    # published, so each is judged on its own (primary suppression).
    reasons = sorted(closed, key=lambda r: (r == NOT_RECORDED, r.lower()))
    paths: list[tuple[str, int]] = [
        ("families_worked_with", len(family_ids)),
        ("families_with_lead_practitioner", with_lead),
        ("episodes_open", open_count),
        *((f"episodes_closed.{r}", closed[r]) for r in reasons),
        *(
            (f"outcomes.{o.code}.{part}", counts[o.code])
            for o in outcomes
            for part, counts in (("needs", needs), ("met", met), ("sustained", sustained))
        ),
        ("claims", claims),
    ]
    rule = disclosure_rule()
    hidden = rule.hidden_counts([count for _, count in paths])
    shown: dict[str, Figure] = {
        path: MARK if withheld else count
        for (path, count), withheld in zip(paths, hidden, strict=True)
    }
    return CohortSummary(
        period=year.label,
        start=year.start,
        end=year.end,
        judged_on=day,
        rule=rule,
        families_worked_with=shown["families_worked_with"],
        families_with_lead_practitioner=shown["families_with_lead_practitioner"],
        episodes_open=shown["episodes_open"],
        episodes_closed={r: shown[f"episodes_closed.{r}"] for r in reasons},
        outcomes=tuple(
            OutcomeCounts(
                o.code,
                o.label,
                shown[f"outcomes.{o.code}.needs"],
                shown[f"outcomes.{o.code}.met"],
                shown[f"outcomes.{o.code}.sustained"],
            )
            for o in outcomes
        ),
        claims=shown["claims"],
        suppressed=tuple(
            path for (path, _), withheld in zip(paths, hidden, strict=True) if withheld
        ),
    )
