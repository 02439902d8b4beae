"""Is the pack ready to build? What would be missing from a plan's board pack for a reporting
period: commentary not started, in draft, awaiting approval or returned to its owner; measures
whose data is older than expected; governance actions overdue; and the date the data is as at.

Shown on the board packs page before the build (an officer who builds with gaps accepts them,
and the pack records which), on a built pack's page before publishing, and by
``cypp report readiness``. Seven queries however many measures the plan has.

When is data older than expected? Each series is published a while after the period it
counts. A figure for a period is expected once a publication lag has passed after the period
ends: a year for yearly (or longer) series, three months for quarterly and monthly ones. A
measure's data is older than expected when its newest figure for a period ended by the pack's
period end is not the one expected by then, that is when the months from its period's end to
the pack's period end are at least its series' usual interval plus that lag. The usual
interval is the commonest gap between the series' period ends (the period type's when the
series has one figure). A figure published as suppressed or of low reliability counts: it was
published. A measure with figures, but none for a period ended by the pack's period end, is
listed too; a measure with no figures in CYPP at all (no indicator, no local figures) is not,
and the check's note counts them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cypp.commentary.models import MeasureCommentary, ReportingPeriod, Status
from cypp.governance.selectors import actions_for_plan
from cypp.indicators.models import ImportBatch, Observation, PeriodType
from cypp.indicators.models import Status as FigureStatus
from cypp.indicators.periods import PeriodError, period_parse
from cypp.plans.models import Measure, MeasureValue, Plan

# The gap kinds, in the order they are shown, with their words.
NOT_STARTED = "commentary_not_started"
DRAFT = "commentary_draft"
SUBMITTED = "commentary_submitted"
RETURNED = "commentary_returned"
DATA_OLD = "data_older_than_expected"
ACTIONS_OVERDUE = "actions_overdue"
GAP_TITLES = {
    NOT_STARTED: "Commentary not started",
    DRAFT: "Commentary in draft, not submitted",
    SUBMITTED: "Commentary awaiting approval",
    RETURNED: "Commentary returned to its owner",
    DATA_OLD: "Data older than expected",
    ACTIONS_OVERDUE: "Actions overdue",
}

DATA_RULE = (
    "A figure is expected once a publication lag has passed after its period ends: a year "
    "for yearly series, three months for quarterly and monthly ones. A measure's data is "
    "older than expected when its newest figure is not the one expected by the period end."
)

# A figure published without a value but with one of these marks still counts as published.
_PUBLISHED_MARKS = (
    FigureStatus.CONFIDENTIAL,
    FigureStatus.LOW_RELIABILITY,
    FigureStatus.ROUNDS_TO_ZERO,
)
_STEP_BY_TYPE: dict[str, int] = {PeriodType.QUARTER.value: 3, PeriodType.MONTH.value: 1}
_STEP_WORDS = {1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly", 24: "two-yearly"}


@dataclass(frozen=True)
class GapItem:
    """One thing missing: a measure (its title) or an action (its text), and who owns it."""

    title: str
    owner: str
    detail: str = ""
    url: str = ""

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "owner": self.owner, "detail": self.detail}


@dataclass(frozen=True)
class Gap:
    """One kind of gap (``kind`` is one of ``GAP_TITLES``) and its items; empty when none."""

    kind: str
    items: tuple[GapItem, ...] = ()
    note: str = ""  # how the check decides, when it needs saying

    @property
    def title(self) -> str:
        return GAP_TITLES[self.kind]

    @property
    def count(self) -> int:
        return len(self.items)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "count": self.count,
            "items": [i.as_json() for i in self.items],
        }


@dataclass(frozen=True)
class Readiness:
    """What a plan's pack for a period would be missing, check by check."""

    plan_key: str
    period_key: str
    period_label: str
    # The data is as at the end of the period (figures for periods ended by then).
    period_end: dt.date | None
    # When evidence for the plan's indicators was last imported.
    last_imported: dt.datetime | None
    checks: tuple[Gap, ...] = field(default_factory=tuple)
    # Said when a check could not be made (no reporting period).
    notes: tuple[str, ...] = ()

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.checks if g.count)

    @property
    def ready(self) -> bool:
        return not self.gaps

    @property
    def data_as_at_words(self) -> str:
        parts = []
        if self.period_end is not None:
            parts.append(f"figures for periods ended by {self.period_end:%-d %B %Y}")
        else:
            parts.append("the latest figures")
        if self.last_imported is not None:
            local = timezone.localtime(self.last_imported)
            parts.append(f"evidence last imported {local:%-d %B %Y, %H:%M}")
        else:
            parts.append("no evidence imported yet")
        return "; ".join(parts)

    def gaps_json(self) -> list[dict[str, Any]]:
        return [g.as_json() for g in self.gaps]

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_key,
            "period": self.period_key or None,
            "data_as_at": self.period_end.isoformat() if self.period_end else None,
            "last_imported": self.last_imported.isoformat() if self.last_imported else None,
            "ready": self.ready,
            "gaps": self.gaps_json(),
            "data_rule": DATA_RULE,
            "notes": list(self.notes),
        }

    @property
    def fingerprint(self) -> str:
        """Short digest of the gaps: the page sends it with the confirmation, so what the
        officer accepts is what they were shown (the gaps are checked again on the POST)."""
        return gaps_fingerprint(self.gaps_json())


def gaps_fingerprint(gaps: list[dict[str, Any]]) -> str:
    text = json.dumps(gaps, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def pack_readiness(*, plan: Plan, period: ReportingPeriod | None) -> Readiness:
    """The gaps in ``plan``'s board pack for ``period``, as at the period's end.

    Without a reporting period the pack is on all the data there is and has no commentary:
    only overdue actions (as at today) are checked, and the notes say so."""
    measures = list(
        Measure.objects.filter(outcome__priority__plan=plan)
        .select_related(
            "indicator",
            "owner_organisation",
            "owner_subgroup",
            "outcome__priority__lead_person__user",
        )
        .order_by("outcome__priority__order", "outcome__order", "order", "pk")
    )
    sources = {m.indicator.source_id for m in measures if m.indicator is not None}
    last_imported = (
        ImportBatch.objects.filter(source_id__in=sources).aggregate(last=Max("finished_at"))["last"]
        if sources
        else None
    )
    checks: list[Gap] = []
    notes: list[str] = []
    if period is not None:
        checks.extend(_commentary_gaps(plan, period, measures))
        checks.append(_data_gap(measures, period.end))
    else:
        notes.append(
            "This plan has no reporting periods: the pack has no commentary and is on the "
            "latest data, so only overdue actions are checked."
        )
    checks.append(_actions_gap(plan, period.end if period else None))
    return Readiness(
        plan_key=plan.key,
        period_key=period.key if period else "",
        period_label=period.label if period else "",
        period_end=period.end if period else None,
        last_imported=last_imported,
        checks=tuple(checks),
        notes=tuple(notes),
    )


def _owner(measure: Measure) -> str:
    return str(measure.owner_organisation or measure.owner_subgroup or measure.lead or "Not set")


def _day(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}" if moment else ""


def _commentary_gaps(plan: Plan, period: ReportingPeriod, measures: list[Measure]) -> list[Gap]:
    found = {
        c.measure_id: c
        for c in MeasureCommentary.objects.filter(period=period)
        .select_related("written_by", "decided_by")
        .order_by()
    }
    kinds: dict[str, list[GapItem]] = {NOT_STARTED: [], DRAFT: [], SUBMITTED: [], RETURNED: []}
    for m in measures:
        c = found.get(m.pk)
        url = reverse("commentary:write", args=[plan.key, period.key, m.pk])
        if c is None:
            kinds[NOT_STARTED].append(GapItem(m.title, _owner(m), url=url))
        elif c.status == Status.DRAFT:
            detail = f"last saved {_day(c.updated_at)}"
            kinds[DRAFT].append(GapItem(m.title, _owner(m), detail, url))
        elif c.status == Status.SUBMITTED:
            lead = m.outcome.priority.lead_person
            approver = str(lead) if lead is not None else "an analyst or administrator"
            detail = f"submitted {_day(c.submitted_at)}; for {approver} to approve or return"
            review = reverse("commentary:review", args=[plan.key, period.key, m.pk])
            kinds[SUBMITTED].append(GapItem(m.title, _owner(m), detail, review))
        elif c.status == Status.RETURNED:
            reason = c.return_reason.strip()
            detail = f"returned {_day(c.decided_at)}" + (f": {reason}" if reason else "")
            kinds[RETURNED].append(GapItem(m.title, _owner(m), detail, url))
    return [Gap(kind, tuple(items)) for kind, items in kinds.items()]


@dataclass(frozen=True)
class _Figure:
    end: dt.date
    label: str
    period_type: str


def _months(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_end(months: int) -> dt.date:
    year, month = divmod(months, 12)
    following = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _step(figures: list[_Figure]) -> int:
    """The series' usual interval in months: the commonest gap between its period ends."""
    ends = sorted({_months(f.end) for f in figures})
    gaps = [b - a for a, b in pairwise(ends)]
    if gaps:
        return max(1, statistics.mode(gaps))
    return _STEP_BY_TYPE.get(figures[-1].period_type, 12)


def _lag(step: int) -> int:
    return 12 if step >= 12 else 3


def _figures(measures: list[Measure]) -> dict[int, list[_Figure]]:
    """Each measure's published figures, every period, oldest first (two queries)."""
    with_data = [m for m in measures if m.indicator_id and m.area_id]
    pairs = defaultdict(list)
    for m in with_data:
        pairs[(m.indicator_id, m.area_id)].append(m.pk)
    by_measure: dict[int, list[_Figure]] = defaultdict(list)
    if with_data:
        rows = (
            Observation.objects.filter(
                indicator_id__in={m.indicator_id for m in with_data},
                area_id__in={m.area_id for m in with_data},
                period__end__isnull=False,
            )
            .filter(Q(value__isnull=False) | Q(status__in=_PUBLISHED_MARKS))
            .values_list("indicator_id", "area_id", "period__end", "period__label")
            .order_by()
        )
        types = {m.pk: m.indicator.period_type for m in with_data if m.indicator is not None}
        for indicator_id, area_id, end, label in rows:
            if end is None:  # never: filtered out above (for the type checker)
                continue
            for pk in pairs.get((indicator_id, area_id), []):
                by_measure[pk].append(_Figure(end, label, types.get(pk, "")))
    local = [m.pk for m in measures if not (m.indicator_id and m.area_id)]
    if local:
        for measure_id, label in MeasureValue.objects.filter(measure_id__in=local).values_list(
            "measure_id", "period"
        ):
            # Parsed as the rating engine parses a local figure's period.
            try:
                parsed = period_parse(label, "calendar")
            except PeriodError:
                continue
            by_measure[measure_id].append(_Figure(parsed.end, label, parsed.period_type))
    return {pk: sorted(figures, key=lambda f: f.end) for pk, figures in by_measure.items()}


def _data_gap(measures: list[Measure], cut: dt.date) -> Gap:
    figures = _figures(measures)
    items = []
    # A measure with no figures at all (no indicator, no local figures entered) has no data
    # that could be late: the pack shows it without data whatever the period.
    no_source = sum(1 for m in measures if not figures.get(m.pk))
    for m in measures:
        every_period = figures.get(m.pk, [])
        if not every_period:
            continue
        series = [f for f in every_period if f.end <= cut]
        if not series:
            first = every_period[0]
            items.append(
                GapItem(
                    m.title,
                    _owner(m),
                    f"no figure for a period ended by {cut:%-d %B %Y}; the first is for "
                    f"{first.label} (ended {first.end:%-d %B %Y})",
                )
            )
            continue
        newest = series[-1]
        step = _step(series)
        lag = _lag(step)
        elapsed = _months(cut) - _months(newest.end)
        if elapsed < step + lag:
            continue
        # The period the series would normally have by now: the last one of its step that
        # ended a publication lag or more before the pack's period end.
        expected = _month_end(
            _months(newest.end) + step * ((_months(cut) - lag - _months(newest.end)) // step)
        )
        every = _STEP_WORDS.get(step, f"every-{step}-months")
        items.append(
            GapItem(
                m.title,
                _owner(m),
                f"newest figure {newest.label} (period ended {newest.end:%-d %B %Y}); a {every} "
                f"series would normally have the figure for the period ending "
                f"{expected:%-d %B %Y} by {cut:%-d %B %Y}",
            )
        )
    note = DATA_RULE
    if no_source:
        note += (
            f" {no_source} measure{' has' if no_source == 1 else 's have'} no figures in CYPP "
            "at all (no indicator and no local figures entered) and "
            f"{'is' if no_source == 1 else 'are'} not counted here."
        )
    return Gap(DATA_OLD, tuple(items), note=note)


def _actions_gap(plan: Plan, as_of: dt.date | None) -> Gap:
    entries = actions_for_plan(plan=plan, as_of=as_of, include_closed=False)
    return Gap(
        ACTIONS_OVERDUE,
        tuple(
            GapItem(
                e.text,
                e.owner or "Not set",
                f"due {e.due_words}; {e.body_name}".strip(),
                e.url,
            )
            for e in entries
            if e.overdue
        ),
    )
