"""Writes for reporting periods, commentary and qualitative evidence.

Every service runs in one transaction and records what it did in the audit trail under
``plan:<key>`` (which also refreshes the cached report pages). Services do not check who
may act: the views do that (``cypp.commentary.permissions``); the command line and the demo
act as the system.

The workflow of a commentary and of a piece of evidence::

    draft --submit--> submitted --approve--> approved
      ^                  |  ^                   |
      |               return |                return
      |                  v  |                   v
      +---- save ---- returned --submit--------+

Saving is allowed while draft or returned; once the period is locked (its board pack
published) every write raises ``CommentaryLocked``.

Each step (submit, return, approve) e-mails the people who act next once its transaction
commits (``cypp.commentary.notifications``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record, changes_between, field_values
from cypp.accounts.models import AuditEvent
from cypp.commentary import notifications
from cypp.commentary.models import (
    CommentaryRevision,
    MeasureCommentary,
    QualitativeEvidence,
    ReportingPeriod,
    Reviewed,
    Status,
)
from cypp.commentary.periods import period_dates
from cypp.errors import ApplicationError
from cypp.plans.models import Measure, Outcome, Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    By = User | AnonymousUser | None

R = TypeVar("R", MeasureCommentary, QualitativeEvidence)


class CommentaryError(ApplicationError):
    """A write the workflow does not allow; the message says why, in the users' words."""


class CommentaryLocked(CommentaryError):
    """The period's board pack is published: its commentary and evidence no longer change."""


class InvalidTransition(CommentaryError):
    """A step the workflow does not allow from the current status (approving a draft...)."""


class ConsentMissing(CommentaryError):
    """A quote or case study submitted or approved without consent recorded."""

    field = "consent_recorded"  # the form field a page shows the message beside


def _user(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check_unlocked(period: ReportingPeriod) -> None:
    # Read from the database, not the object in hand: the pack may have been published
    # since the caller loaded the period.
    locked_at = (
        ReportingPeriod.objects.filter(pk=period.pk).values_list("locked_at", flat=True).first()
    )
    if locked_at is not None:
        period.locked_at = locked_at
        raise CommentaryLocked(
            f"The commentary for {period.label} is locked: its board pack was published on "
            f"{timezone.localtime(locked_at):%d %B %Y}."
        )


# Reporting periods -----------------------------------------------------------------------


@transaction.atomic
def reporting_periods_create(
    *,
    plan: Plan,
    frequency: str = "quarterly",
    first_start: dt.date | None = None,
    by: By,
) -> list[ReportingPeriod]:
    """The plan's reporting periods from ``first_start`` (default: the plan's start) to its
    end, with the default timetable (see ``cypp.commentary.periods``).

    Idempotent: a period whose key exists already is kept as it is (its timetable may have
    been edited); only the missing ones are made. Returns every period covering the span.
    """
    dates = period_dates(
        plan_start=first_start or plan.start, plan_end=plan.end, frequency=frequency
    )
    existing = {p.key: p for p in ReportingPeriod.objects.filter(plan=plan)}
    periods = []
    for d in dates:
        period = existing.get(d.key)
        if period is None:
            period = ReportingPeriod.objects.create(
                plan=plan,
                key=d.key,
                label=d.label,
                start=d.start,
                end=d.end,
                commentary_due=d.commentary_due,
                signoff_due=d.signoff_due,
                meeting_date=d.meeting_date,
            )
            audit_record(
                by=_user(by),
                action=AuditEvent.Action.CREATE,
                obj=period,
                context=audit_context(plan=plan),
                changes=changes_between({}, field_values(period, _PERIOD_FIELDS)),
                note=f"Reporting period ({frequency})",
            )
        periods.append(period)
    return periods


_TIMETABLE = ("label", "commentary_due", "signoff_due", "meeting_date")
_PERIOD_FIELDS = ["key", "label", "start", "end", *_TIMETABLE[1:]]


@transaction.atomic
def reporting_period_update(*, period: ReportingPeriod, by: By, **fields: Any) -> ReportingPeriod:
    """Change a period's label or timetable (commentary due, sign-off due, meeting date)."""
    unknown = set(fields) - set(_TIMETABLE)
    if unknown:
        raise TypeError(f"A period's timetable has no {', '.join(sorted(unknown))}.")
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    changes = {
        f: [str(getattr(current, f)), str(v)] for f, v in fields.items() if getattr(current, f) != v
    }
    for f, v in fields.items():
        setattr(current, f, v)
    if changes:
        current.save(update_fields=list(fields))
        audit_record(
            by=_user(by),
            action=AuditEvent.Action.UPDATE,
            obj=current,
            context=audit_context(plan=current.plan),
            changes=changes,
        )
    return current


@transaction.atomic
def period_commentary_lock(*, period: ReportingPeriod, by: By) -> ReportingPeriod:
    """Lock the period's commentary and evidence (the board pack is published). Locking a
    locked period changes nothing."""
    current = ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
    if current.locked_at is None:
        current.locked_at = timezone.now()
        current.save(update_fields=["locked_at"])
        audit_record(
            by=_user(by),
            action=AuditEvent.Action.UPDATE,
            obj=current,
            context=audit_context(plan=current.plan),
            changes={"locked_at": [None, current.locked_at.isoformat()]},
            note="Commentary locked: the board pack is published",
        )
    period.locked_at = current.locked_at
    return current


# The workflow, shared by commentary and evidence ------------------------------------------


def _reload(thing: R) -> R:
    """The row locked for this transaction, with its period and plan."""
    model = type(thing)
    return model.objects.select_for_update().select_related("period__plan").get(pk=thing.pk)


def _save_text(thing: R, *, fields: dict[str, Any], by: By, created: bool, plan: Plan) -> R:
    allowed = set(thing.TEXT_FIELDS)
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{type(thing).__name__} has no field {', '.join(sorted(unknown))}.")
    if not created and thing.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(
            f"This is {thing.get_status_display().lower()}: it can be changed only after "
            "the lead returns it."
        )
    before = thing.text_values()
    for name, value in fields.items():
        setattr(thing, name, value)
    after = thing.text_values()
    changes = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
    if not created and not changes:
        return thing
    if not created and any(v not in ("", None, False) for v in before.values()):
        CommentaryRevision.objects.create(
            commentary=thing if isinstance(thing, MeasureCommentary) else None,
            evidence=thing if isinstance(thing, QualitativeEvidence) else None,
            text=before,
            status=thing.status,
            written_by_id=thing.written_by_id,
            written_at=thing.updated_at,
            replaced_by=_user(by),
        )
    thing.written_by = _user(by)
    thing.save()
    audit_record(
        by=_user(by),
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=thing,
        context=audit_context(plan=plan),
        changes={f: [None if created else b, a] for f, (b, a) in changes.items()},
    )
    return thing


# What a move through the workflow changes besides the status, recorded before and after.
_WORKFLOW = ["status", "submitted_at", "decided_by", "decided_at", "return_reason"]


def _move(thing: Reviewed, *, to: str, by: By, note: str, plan: Plan) -> None:
    # The stored row, not ``thing``: the caller has already set the decision's fields on it.
    stored = type(thing)._default_manager.select_related("decided_by").get(pk=thing.pk)
    before = field_values(stored, _WORKFLOW)
    thing.status = to
    thing.save()
    audit_record(
        by=_user(by),
        action=AuditEvent.Action.UPDATE,
        obj=thing,
        context=audit_context(plan=plan),
        changes=changes_between(before, field_values(thing, _WORKFLOW)),
        note=note,
    )


def _submit(thing: R, *, by: By) -> R:
    current = _reload(thing)
    _check_unlocked(current.period)
    if current.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(
            f"Only a draft or a returned text can be submitted; this is "
            f"{current.get_status_display().lower()}."
        )
    if isinstance(current, MeasureCommentary) and not current.story_behind_curve.strip():
        raise CommentaryError("Write the story behind the curve before submitting.")
    if isinstance(current, QualitativeEvidence):
        _check_consent(current)
    current.submitted_at = timezone.now()
    _move(
        current, to=Status.SUBMITTED, by=by, note="Submitted for approval", plan=current.period.plan
    )
    notifications.step_notify(thing=current, step=notifications.SUBMIT, by=by)
    return current


def _approve(thing: R, *, by: By) -> R:
    current = _reload(thing)
    _check_unlocked(current.period)
    if current.status != Status.SUBMITTED:
        raise InvalidTransition(
            f"Only a submitted text can be approved; this is "
            f"{current.get_status_display().lower()}."
        )
    if isinstance(current, QualitativeEvidence):
        _check_consent(current)
    current.decided_by = _user(by)
    current.decided_at = timezone.now()
    current.return_reason = ""
    _move(current, to=Status.APPROVED, by=by, note="Approved", plan=current.period.plan)
    notifications.step_notify(thing=current, step=notifications.APPROVE, by=by)
    return current


def _return(thing: R, *, by: By, reason: str) -> R:
    reason = (reason or "").strip()
    if not reason:
        raise CommentaryError("Say why it is returned, so that the writer knows what to change.")
    current = _reload(thing)
    _check_unlocked(current.period)
    if current.status not in (Status.SUBMITTED, Status.APPROVED):
        raise InvalidTransition(
            f"Only a submitted or approved text can be returned; this is "
            f"{current.get_status_display().lower()}."
        )
    current.decided_by = _user(by)
    current.decided_at = timezone.now()
    current.return_reason = reason
    _move(current, to=Status.RETURNED, by=by, note=f"Returned: {reason}", plan=current.period.plan)
    notifications.step_notify(thing=current, step=notifications.RETURN, by=by)
    return current


def _check_consent(evidence: QualitativeEvidence) -> None:
    if evidence.needs_consent and not evidence.consent_recorded:
        raise ConsentMissing(
            f"A {evidence.get_kind_display().lower()} can be submitted only when the consent "
            "of the person it is about is recorded."
        )


# Commentary on a measure -------------------------------------------------------------------


@transaction.atomic
def measure_commentary_save(
    *, measure: Measure, period: ReportingPeriod, by: By, **fields: Any
) -> MeasureCommentary:
    """Write or change the period's commentary on a measure (the four results-based
    accountability fields: ``story_behind_curve``, ``what_is_working``, ``next_steps``,
    ``partners``). A new commentary is a draft; the text it replaces is kept as a revision."""
    _check_unlocked(period)
    plan = period.plan
    if measure.outcome.priority.plan_id != plan.pk:
        raise CommentaryError(f"{measure} is not a measure of {plan}.")
    commentary = (
        MeasureCommentary.objects.select_for_update().filter(measure=measure, period=period).first()
    )
    created = commentary is None
    if commentary is None:
        commentary = MeasureCommentary(measure=measure, period=period)
    return _save_text(commentary, fields=fields, by=by, created=created, plan=plan)


@transaction.atomic
def measure_commentary_submit(*, commentary: MeasureCommentary, by: By) -> MeasureCommentary:
    """Send a draft or returned commentary to the priority lead for approval."""
    return _submit(commentary, by=by)


@transaction.atomic
def measure_commentary_return(
    *, commentary: MeasureCommentary, by: By, reason: str
) -> MeasureCommentary:
    """Send a submitted (or approved) commentary back to its writer, saying why."""
    return _return(commentary, by=by, reason=reason)


@transaction.atomic
def measure_commentary_approve(*, commentary: MeasureCommentary, by: By) -> MeasureCommentary:
    """Approve a submitted commentary: it goes in the board pack and on the measure page."""
    return _approve(commentary, by=by)


# Qualitative evidence ----------------------------------------------------------------------


@transaction.atomic
def qualitative_evidence_save(
    *,
    outcome: Outcome,
    period: ReportingPeriod,
    by: By,
    evidence: QualitativeEvidence | None = None,
    **fields: Any,
) -> QualitativeEvidence:
    """Add a piece of evidence to an outcome for the period (``evidence=None``) or change
    one. Fields: ``kind``, ``title``, ``text``, ``attributed_to``, ``consent_recorded``,
    ``consent_note``."""
    _check_unlocked(period)
    plan = period.plan
    if outcome.priority.plan_id != plan.pk:
        raise CommentaryError(f"{outcome} is not an outcome of {plan}.")
    if evidence is None:
        return _save_text(
            QualitativeEvidence(outcome=outcome, period=period),
            fields=fields,
            by=by,
            created=True,
            plan=plan,
        )
    current = _reload(evidence)
    if current.outcome_id != outcome.pk or current.period_id != period.pk:
        raise CommentaryError("This evidence belongs to another outcome or period.")
    return _save_text(current, fields=fields, by=by, created=False, plan=plan)


@transaction.atomic
def qualitative_evidence_submit(*, evidence: QualitativeEvidence, by: By) -> QualitativeEvidence:
    """Send evidence to the priority lead; a quote or case study needs consent recorded."""
    return _submit(evidence, by=by)


@transaction.atomic
def qualitative_evidence_return(
    *, evidence: QualitativeEvidence, by: By, reason: str
) -> QualitativeEvidence:
    return _return(evidence, by=by, reason=reason)


@transaction.atomic
def qualitative_evidence_approve(*, evidence: QualitativeEvidence, by: By) -> QualitativeEvidence:
    return _approve(evidence, by=by)
