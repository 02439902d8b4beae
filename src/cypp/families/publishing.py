"""The cohort's counts as indicators in the evidence store, so plan measures use them like
any other ("families given early help: 600 by March 2020").

``cohort_indicators_publish`` works out each financial year's counts from the first
episode's year to the current one (``cypp.families.summary``, the same figures as the
cohort page), writes them as a tidy CSV (docs/data-formats.md) for the partnership's area
and imports it through ``observations_import``: batches, revisions and rollback as for any
import, and a re-publish with nothing changed is recognised and changes nothing. Small
numbers leave the families area as status "c" with no value.

The indicators (source ``families``, unit "number of families", value type count):

- ``families_worked_with``: families with an episode overlapping the year;
- ``families_worked_with_cumulative``: distinct families worked with from the first year
  published to the end of this one (the plan's "600 families by March 2018" is cumulative);
- ``families_with_lead_practitioner``: of the families worked with, those whose lead
  professional is known;
- ``families_sustained_progress``: families first known to be ready for a results claim in
  the year (every need at entry sustained): ready as judged at its end and not at the end of
  the year before;
- ``outcome_<code>_needs``, ``_met``, ``_sustained``: per headline outcome, as in the summary.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from cypp.accounts.models import Partnership
from cypp.disclosure import MARK, disclosure_rule
from cypp.families.evaluation import families_judged, framework_of, framework_outcomes
from cypp.families.models import Episode
from cypp.families.summary import (
    FinancialYear,
    cohort_summary,
    financial_year,
    financial_year_of,
    judged_on,
)
from cypp.indicators.services import ImportReport, observations_import

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SOURCE_KEY = "families"
UNIT = "number of families"
COLUMNS = [
    "indicator",
    "area",
    "period",
    "period_type",
    "value",
    "status",
    "title",
    "unit",
    "value_type",
    "polarity",
    "decimals",
    "definition",
]


@dataclass(frozen=True, slots=True)
class IndicatorText:
    code: str
    title: str
    polarity: str
    definition: str


def indicator_texts(outcomes: Iterable[tuple[str, str]]) -> list[IndicatorText]:
    """Every indicator published, with its title in words; ``outcomes`` are the
    framework's (code, label) in order."""
    texts = [
        IndicatorText(
            "families_worked_with",
            "Families worked with by early help in the year",
            "high",
            "Families with an early help episode open at any time in the financial year.",
        ),
        IndicatorText(
            "families_worked_with_cumulative",
            "Families worked with by early help since the first year recorded",
            "high",
            "Distinct families with an early help episode from the first financial year "
            "recorded to the end of this one.",
        ),
        IndicatorText(
            "families_with_lead_practitioner",
            "Families worked with that have a known lead practitioner",
            "high",
            "Of the families worked with in the year, those whose lead professional is known.",
        ),
        IndicatorText(
            "families_sustained_progress",
            "Families achieving sustained progress in the year",
            "high",
            "Families first known in the year to be ready for a results claim: every need at "
            "entry met and sustained under the partnership's outcomes framework.",
        ),
    ]
    for code, label in outcomes:
        texts += [
            IndicatorText(
                f"outcome_{code}_needs",
                f"Families worked with that had the need at entry: {label}",
                "none",
                f"Families worked with in the year with a need at entry for the outcome {label}.",
            ),
            IndicatorText(
                f"outcome_{code}_met",
                f"Families worked with whose outcome is met: {label}",
                "high",
                f"Families worked with in the year whose outcome {label} is met or sustained "
                "at the year's end.",
            ),
            IndicatorText(
                f"outcome_{code}_sustained",
                f"Families worked with whose outcome is sustained: {label}",
                "high",
                f"Families worked with in the year whose outcome {label} was sustained after "
                "their early help closed, at the year's end.",
            ),
        ]
    return texts


def _years(partnership: Partnership, periods: Iterable[str] | None) -> list[FinancialYear]:
    if periods is not None:
        return [financial_year(p) for p in periods]
    first = Episode.objects.filter(partnership=partnership, family__isnull=False).aggregate(
        first=Min("start")
    )["first"]
    if first is None:
        return []
    years, year = [], financial_year_of(first)
    current = financial_year_of(timezone.localdate())
    while year.start <= current.start:
        years.append(year)
        year = financial_year_of(year.end + dt.timedelta(days=1))
    return years


def _ready_families(
    partnership: Partnership, day: dt.date, known: dict[dt.date, set[int]]
) -> set[int]:
    """The families whose results claim is ready as judged on ``day``; ``known`` keeps each
    day's answer, since one year's end is the next year's "before"."""
    if day not in known:
        judged = families_judged(partnership, as_at=day)
        known[day] = {j.family_id for j in judged if j.result.claim_ready}
    return known[day]


def _counts_of_year(
    partnership: Partnership, year: FinancialYear, known: dict[dt.date, set[int]]
) -> dict[str, int]:
    """The two counts the summary does not give: cumulative families and sustained progress
    (raw; suppressed by the caller).

    Sustained progress counts the families first known to be ready in the year: ready as
    judged at its end and not at the end of the year before. Counting by the date the last
    need was sustained instead would lose a family whose covering evidence arrived after
    that year had closed: too late for that year's count and dated before the next one's.
    So each family counts once, in the year the evidence showed it, as claims are made."""
    day = judged_on(year)
    cumulative = (
        Episode.objects.filter(partnership=partnership, family__isnull=False, start__lte=day)
        .values("family_id")
        .distinct()
        .count()
    )
    before = _ready_families(partnership, year.start - dt.timedelta(days=1), known)
    sustained = len(_ready_families(partnership, day, known) - before)
    return {"families_worked_with_cumulative": cumulative, "families_sustained_progress": sustained}


def cohort_rows(
    partnership: Partnership, *, periods: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The tidy CSV's rows: one per indicator and year, a count or status ``c``."""
    outcomes = framework_outcomes(framework_of(partnership))
    texts = {t.code: t for t in indicator_texts((o.code, o.label) for o in outcomes)}
    rule = disclosure_rule()
    rows = []
    known: dict[dt.date, set[int]] = {}
    for year in _years(partnership, periods):
        summary = cohort_summary(partnership, year.label)
        figures: dict[str, int | str] = {
            "families_worked_with": summary.families_worked_with,
            "families_with_lead_practitioner": summary.families_with_lead_practitioner,
        }
        for o in summary.outcomes:
            figures[f"outcome_{o.code}_needs"] = o.needs
            figures[f"outcome_{o.code}_met"] = o.met
            figures[f"outcome_{o.code}_sustained"] = o.sustained
        extra = _counts_of_year(partnership, year, known)
        hidden = rule.hidden_counts(list(extra.values()))
        for (code, count), withheld in zip(extra.items(), hidden, strict=True):
            figures[code] = MARK if withheld else count
        for code, text in texts.items():
            figure = figures[code]
            rows.append(
                {
                    "indicator": code,
                    "area": partnership.area.code,
                    "period": year.label,
                    "period_type": "financial",
                    "value": "" if figure == MARK else str(figure),
                    "status": MARK if figure == MARK else "",
                    "title": text.title,
                    "unit": UNIT,
                    "value_type": "count",
                    "polarity": text.polarity,
                    "decimals": "0",
                    "definition": text.definition,
                }
            )
    return rows


def cohort_indicators_publish(
    partnership: Partnership, *, by: User | None, periods: Iterable[str] | None = None
) -> ImportReport | None:
    """Publish the cohort's counts for each financial year (``periods``, or every year
    from the first episode's to the current one) to the evidence store for the
    partnership's area, through the tidy importer. None when there is nothing to publish."""
    rows = cohort_rows(partnership, periods=periods)
    if not rows:
        return None
    folder = Path(settings.VAR_DIR) / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="families-", dir=folder))
    try:
        path = work / f"early-help-{partnership.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        return observations_import(
            importer="tidy",
            path=path,
            options={
                "source": SOURCE_KEY,
                "source_name": f"{partnership.name}: early help data",
                "credit": f"Source: {partnership.name}, early help case records",
            },
            by=by,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
