"""Reads of reporting periods, commentary and evidence: for the commentary pages, the home
page, the reminders and the board pack (which calls ``periods_for_plan``, ``period_get``,
``period_latest``, ``period_previous``, ``approved_commentary``, ``approved_evidence`` and
``commentary_status_counts``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cypp.accounts.models import AuditEvent, Role
from cypp.accounts.selectors import access_get
from cypp.commentary.models import (
    MeasureCommentary,
    QualitativeEvidence,
    ReportingPeriod,
    Status,
)
from cypp.commentary.permissions import can_read_commentary, can_review, can_write_commentary
from cypp.plans.models import Measure, Outcome, Plan


class UnknownPeriod(LookupError):
    def __init__(self, plan: Plan, key: str, valid: list[str]) -> None:
        listing = ", ".join(valid) if valid else "none yet"
        super().__init__(
            f"The plan {plan.key!r} has no reporting period {key!r}. Its periods: {listing}."
        )
        self.key = key
        self.valid = valid


# Status words, with the GOV.UK tag colour that goes with each (the words carry the meaning).
NOT_STARTED = "not_started"
LOCKED = "locked"
STATUS_WORDS = {
    NOT_STARTED: ("Not started", "govuk-tag--grey"),
    Status.DRAFT.value: ("Draft", "govuk-tag--yellow"),
    Status.SUBMITTED.value: ("Submitted", "govuk-tag--blue"),
    Status.RETURNED.value: ("Returned", "govuk-tag--red"),
    Status.APPROVED.value: ("Approved", "govuk-tag--green"),
    LOCKED: ("Locked", "govuk-tag--grey"),
}


def periods_for_plan(*, plan: Plan) -> list[ReportingPeriod]:
    """The plan's reporting periods, earliest first."""
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("start"))


def period_get(*, plan: Plan, key: str) -> ReportingPeriod:
    """The plan's period with this key; ``UnknownPeriod`` (listing the valid keys) if none."""
    period = ReportingPeriod.objects.filter(plan=plan, key=key).first()
    if period is None:
        raise UnknownPeriod(plan, key, [p.key for p in periods_for_plan(plan=plan)])
    period.plan = plan
    return period


def period_latest(*, plan: Plan, today: dt.date | None = None) -> ReportingPeriod | None:
    """The latest period that has ended by ``today`` (default: today), else the first one;
    ``None`` when the plan has no periods. This is the period whose commentary is due."""
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.filter(plan=plan)
    period = periods.filter(end__lte=today).order_by("-start").first()
    if period is None:
        period = periods.order_by("start").first()
    if period is not None:
        period.plan = plan
    return period


def period_previous(*, period: ReportingPeriod) -> ReportingPeriod | None:
    """The period before this one in the same plan."""
    return (
        ReportingPeriod.objects.filter(plan_id=period.plan_id, start__lt=period.start)
        .order_by("-start")
        .first()
    )


def approved_commentary(*, period: ReportingPeriod) -> dict[int, MeasureCommentary]:
    """The period's approved commentary, keyed by measure id (one query)."""
    return {
        c.measure_id: c
        for c in MeasureCommentary.objects.filter(
            period=period, status=Status.APPROVED
        ).select_related("written_by", "decided_by")
    }


def approved_evidence(*, period: ReportingPeriod) -> dict[int, list[QualitativeEvidence]]:
    """The period's approved evidence that may be published (a quote or case study only with
    consent recorded), keyed by outcome id (one query)."""
    found: dict[int, list[QualitativeEvidence]] = defaultdict(list)
    for e in (
        QualitativeEvidence.objects.filter(period=period, status=Status.APPROVED)
        .filter(Q(consent_recorded=True) | ~Q(kind__in=QualitativeEvidence.NEEDS_CONSENT))
        .order_by("outcome_id", "id")
    ):
        found[e.outcome_id].append(e)
    return dict(found)


def outcome_evidence(*, outcome: Outcome | int) -> list[QualitativeEvidence]:
    """Every period's approved, publishable evidence about an outcome, newest period first
    (one query): what the outcome page shows."""
    return list(
        QualitativeEvidence.objects.filter(outcome=outcome, status=Status.APPROVED)
        .filter(Q(consent_recorded=True) | ~Q(kind__in=QualitativeEvidence.NEEDS_CONSENT))
        .select_related("period")
        .order_by("-period__start", "id")
    )


def latest_approved_commentary(*, measure: Measure) -> MeasureCommentary | None:
    """The measure's approved commentary of the latest period that has one."""
    return (
        MeasureCommentary.objects.filter(measure=measure, status=Status.APPROVED)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )


def commentary_status_counts(*, period: ReportingPeriod) -> dict[str, int]:
    """How many of the plan's measures have commentary in each status for the period:
    ``not_started``, ``draft``, ``submitted``, ``returned``, ``approved`` (two queries)."""
    measures = Measure.objects.filter(outcome__priority__plan_id=period.plan_id).count()
    counts = Counter(
        MeasureCommentary.objects.filter(period=period).values_list("status", flat=True)
    )
    result = {NOT_STARTED: measures - sum(counts.values())}
    result.update({s.value: counts.get(s.value, 0) for s in Status})
    return result


def _plan_measures(plan: Plan) -> list[Measure]:
    return list(
        Measure.objects.filter(outcome__priority__plan=plan)
        .select_related("outcome__priority__lead_person", "owner_organisation", "owner_subgroup")
        .order_by("outcome__priority__order", "outcome__order", "order", "pk")
    )


@dataclass(frozen=True)
class StatusRow:
    """One measure on the status page: its commentary for the period and what the person
    looking may do with it."""

    measure: Measure
    commentary: MeasureCommentary | None
    status: str
    can_write: bool  # write or change it now (never once the period is locked)
    can_review: bool
    can_read: bool  # read its text (approved: every member; else its writers and reviewers)
    owes: str  # "", "write", "fix" or "approve"

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status][0]

    @property
    def tag(self) -> str:
        return STATUS_WORDS[self.status][1]

    @property
    def owner(self) -> str:
        m = self.measure
        return str(m.owner_organisation or m.owner_subgroup or m.lead or "Not set")


def _owes(*, user: Any, plan: Plan, measure: Measure, commentary: MeasureCommentary | None) -> str:
    """What this person owes on this measure for the period: write it (their organisation
    owns the measure), fix it (returned to them), approve it (they lead the priority)."""
    access = access_get(user)
    status = commentary.status if commentary else None
    owns = (
        access.organisation_id is not None
        and measure.owner_organisation_id == access.organisation_id
        and can_write_commentary(user, plan, measure)
    )
    if status == Status.RETURNED and (
        owns or (commentary is not None and commentary.written_by_id == user.pk)
    ):
        return "fix"
    if owns and status in (None, Status.DRAFT):
        return "write"
    if status == Status.SUBMITTED:
        priority = measure.outcome.priority
        lead = priority.lead_person
        if lead is not None and lead.user_id == user.pk:
            return "approve"
        if lead is None and access.role_in(plan.partnership_id) in (
            Role.ANALYST,
            Role.ADMINISTRATOR,
        ):
            return "approve"
    return ""


def period_status_rows(*, period: ReportingPeriod, user: Any) -> list[StatusRow]:
    """Every measure of the plan with its commentary for the period and what ``user`` may
    do and owes: four queries however many measures (measures, commentary, roles)."""
    plan = period.plan
    commentary = {
        c.measure_id: c for c in MeasureCommentary.objects.filter(period=period).order_by()
    }
    rows = []
    for measure in _plan_measures(plan):
        c = commentary.get(measure.pk)
        if c is not None:
            c.measure = measure
            c.period = period
        status = LOCKED if period.is_locked else (c.status if c else NOT_STARTED)
        writer = can_write_commentary(user, plan, measure)
        reviewer = can_review(user, plan, measure.outcome.priority)
        rows.append(
            StatusRow(
                measure=measure,
                commentary=c,
                status=status,
                can_write=not period.is_locked and writer,
                can_review=reviewer,
                can_read=can_read_commentary(user, plan, c),
                owes=""
                if period.is_locked
                else _owes(user=user, plan=plan, measure=measure, commentary=c),
            )
        )
    return rows


def period_evidence(*, period: ReportingPeriod) -> list[QualitativeEvidence]:
    """All the period's evidence (every status), by outcome, for the commentary pages."""
    return list(
        QualitativeEvidence.objects.filter(period=period)
        .select_related("outcome__priority__lead_person")
        .order_by("outcome__priority__order", "outcome__order", "id")
    )


@dataclass(frozen=True)
class Owed:
    """Something a person owes for a period: ``write``, ``fix`` or ``approve`` a measure's
    commentary or (``fix``, ``approve``) a piece of evidence."""

    action: str
    plan: Plan
    period: ReportingPeriod
    title: str
    path: str
    measure: Measure | None = None
    evidence: QualitativeEvidence | None = None

    @property
    def due(self) -> dt.date:
        return self.period.signoff_due if self.action == "approve" else self.period.commentary_due

    @property
    def words(self) -> str:
        return {
            "write": "Write the commentary",
            "fix": "Change and submit again",
            "approve": "Approve or return",
        }[self.action]


def _evidence_owed(*, user: Any, plan: Plan, period: ReportingPeriod) -> list[Owed]:
    owed = []
    access = access_get(user)
    officer = access.role_in(plan.partnership_id) in (Role.ANALYST, Role.ADMINISTRATOR)
    for e in period_evidence(period=period):
        e.period = period
        lead = e.outcome.priority.lead_person
        if e.status == Status.RETURNED and e.written_by_id == user.pk:
            action = "fix"
            name = "commentary:evidence-edit"
        elif e.status == Status.SUBMITTED and (
            (lead is not None and lead.user_id == user.pk) or (lead is None and officer)
        ):
            action = "approve"
            name = "commentary:evidence-review"
        else:
            continue
        owed.append(
            Owed(
                action=action,
                plan=plan,
                period=period,
                title=f"{e.title} ({e.get_kind_display().lower()}, {e.outcome.title})",
                path=reverse(name, args=[plan.key, period.key, e.pk]),
                evidence=e,
            )
        )
    return owed


def commentary_owed(
    *, user: Any, plan: Plan | None = None, today: dt.date | None = None
) -> list[Owed]:
    """What ``user`` owes for the current period (``period_latest``) of each plan they have
    a role in (or of ``plan``), unless that period is locked: commentary to write (their
    organisation owns the measure) or to fix (returned), and commentary or evidence to
    approve (they lead the priority; officers where the priority has no lead)."""
    access = access_get(user)
    if access.user_id is None:
        return []
    if plan is not None:
        plans = [plan]
    elif access.is_superuser:
        plans = list(Plan.objects.filter(reporting_periods__isnull=False).distinct())
    else:
        plans = list(
            Plan.objects.filter(
                partnership_id__in=list(access.roles), reporting_periods__isnull=False
            ).distinct()
        )
    owed: list[Owed] = []
    for p in plans:
        period = period_latest(plan=p, today=today)
        if period is not None:
            owed.extend(owed_in_period(user=user, period=period))
    return owed


def owed_in_period(*, user: Any, period: ReportingPeriod) -> list[Owed]:
    """What ``user`` owes for this period (nothing once it is locked)."""
    if period.is_locked:
        return []
    plan = period.plan
    owed = []
    for row in period_status_rows(period=period, user=user):
        if not row.owes:
            continue
        name = "commentary:review" if row.owes == "approve" else "commentary:write"
        owed.append(
            Owed(
                action=row.owes,
                plan=plan,
                period=period,
                title=row.measure.title,
                path=reverse(name, args=[plan.key, period.key, row.measure.pk]),
                measure=row.measure,
            )
        )
    owed.extend(_evidence_owed(user=user, plan=plan, period=period))
    return owed


def commentary_history(*, thing: MeasureCommentary | QualitativeEvidence) -> list[AuditEvent]:
    """The audit events of a commentary or piece of evidence, newest first."""
    return list(
        AuditEvent.objects.filter(
            object_type=thing._meta.label_lower, object_id=str(thing.pk)
        ).order_by("-at", "-id")
    )
