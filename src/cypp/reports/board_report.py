"""The officer's board report for a plan and period: read it, save it, restore the drafts.

The words at the front of the pack (``BoardReport``): the meeting, lead officer and author,
purpose, background, what the board is asked to do, the key messages and the implications.
CYPP drafts the recommendations and key messages (``cypp.reports.board_pack.front``); an
officer's edit keeps the draft it replaced. Every save is one transaction with its audit
record (context ``plan:<key>``), and nothing changes once the period's pack is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from cypp.accounts.audit import audit_context, audit_record, changes_between, field_values
from cypp.accounts.models import AuditEvent
from cypp.assessment.measures import AsAt, plan_assessments
from cypp.assessment.published import (
    assessments_published,
)
from cypp.commentary.models import ReportingPeriod
from cypp.errors import ApplicationError
from cypp.governance.models import Meeting
from cypp.plans.models import Plan
from cypp.reports.board_pack.builder import pack_benchmarks
from cypp.reports.board_pack.front import (
    IMPLICATION_KINDS,
    key_messages_draft,
    lines,
    recommendations_draft,
)
from cypp.reports.board_pack.sections import KeyMessage
from cypp.reports.models import BoardPack, BoardReport

TEXT_FIELDS = {"lead_officer": 200, "author": 200, "purpose": 5000, "background": 10000}
LIST_FIELDS = {"recommendations": 10, "key_messages": 12}  # at most this many lines
LINE_MAX = 600
FIELDS = [
    "meeting",
    *TEXT_FIELDS,
    "recommendations",
    "key_messages",
    "recommendations_edited",
    "key_messages_edited",
    "implications",
    "implications_not_applicable",
]
# What the officer may set (the edited flags and drafts follow from what they write).
SAVED_FIELDS = {
    "meeting",
    *TEXT_FIELDS,
    *LIST_FIELDS,
    "implications",
    "implications_not_applicable",
}
WORDS = {
    "lead_officer": "Lead officer",
    "author": "Author",
    "purpose": "Purpose",
    "background": "Background",
    "recommendations": "What the board is asked to do",
    "key_messages": "Key messages",
}
# Meetings offered for a period's report: from its start to half a year after its end.
MEETINGS_AFTER_DAYS = 183


class BoardReportError(ApplicationError, ValidationError):
    """A board report that cannot be saved as asked; each message names its field."""


@dataclass(frozen=True, slots=True)
class FrontDrafts:
    """What CYPP drafts for the period now: the key messages and the recommendations."""

    key_messages: list[KeyMessage]
    recommendations: list[str]

    def items(self, part: str) -> list[dict[str, Any]]:
        """The draft as the report keeps it: [{"text", "kind", "measure"}]."""
        if part == "key_messages":
            return [
                {"text": m.text, "kind": m.kind, "measure": m.measure_id} for m in self.key_messages
            ]
        return [
            {"text": r, "kind": "recommendation", "measure": None} for r in self.recommendations
        ]


# Reads ---------------------------------------------------------------------------------


def board_report_get(*, plan: Plan, period: Any | None) -> BoardReport | None:
    """The plan's board report for the period, with its meeting and body, or None."""
    return (
        BoardReport.objects.select_related("meeting__body").filter(plan=plan, period=period).first()
    )


def board_report_drafts(*, plan: Plan, period: Any | None) -> FrontDrafts:
    """The drafts as the pack would draft them now: the rating engine as at the period's end,
    the figures as published, each measure's benchmark on what it is compared on."""
    as_at = AsAt(end=period.end, period=period.label) if period is not None else None
    published = assessments_published(plan_assessments(plan=plan, as_at=as_at))
    return FrontDrafts(
        key_messages=key_messages_draft(
            assessments=published, benchmarks=pack_benchmarks(published)
        ),
        recommendations=recommendations_draft(exceptions=[a for a in published if a.exception]),
    )


def board_report_meetings(
    *, plan: Plan, period: Any | None, current: Meeting | None = None
) -> list[Meeting]:
    """Meetings of the partnership's bodies the period's report could go to: from the
    period's start to half a year after its end (and the one chosen, wherever it is)."""
    meetings = Meeting.objects.filter(body__partnership_id=plan.partnership_id)
    if period is not None:
        meetings = meetings.filter(
            date__gte=period.start, date__lte=period.end + dt.timedelta(days=MEETINGS_AFTER_DAYS)
        )
    chosen = list(meetings.select_related("body").order_by("date", "body__name", "id"))
    if current is not None and current.pk not in {m.pk for m in chosen}:
        chosen.insert(0, current)
    return chosen


def board_report_pack(*, plan: Plan, period: Any | None) -> BoardPack | None:
    """The pack the report goes out with: the published one, else the newest ready one."""
    packs = BoardPack.objects.filter(plan=plan, period=period)
    return (
        packs.filter(status=BoardPack.Status.PUBLISHED).first()
        or packs.filter(status=BoardPack.Status.READY).order_by("-requested_at", "-id").first()
    )


# Writes --------------------------------------------------------------------------------


def board_report_save(
    *,
    plan: Plan,
    period: Any | None,
    by: Any,
    drafts: FrontDrafts | None = None,
    **fields: Any,
) -> BoardReport:
    """Save the officer's words for the period's board report, all or nothing.

    ``fields`` are any of: ``meeting`` (a ``Meeting`` of the partnership, or None),
    ``lead_officer``, ``author``, ``purpose``, ``background``, ``recommendations`` and
    ``key_messages`` (one a line), ``implications`` ({kind: text}) and
    ``implications_not_applicable`` ([kind]); those not given keep their value.

    Recommendations or key messages that differ from CYPP's draft are an edit: the first edit
    keeps the draft it replaced (``drafts``, the drafts the officer was shown; drafted now
    when not given) and sets the edited flag. Raises ``BoardReportError`` naming each field
    in error, or the period when its pack is published.
    """
    unknown = set(fields) - SAVED_FIELDS
    if unknown:
        raise TypeError(f"board_report_save() got unexpected fields: {sorted(unknown)}")
    clean = _validated(plan, fields)
    with transaction.atomic():
        _refuse_if_locked(plan, period)
        report, created = _report_for_update(plan, period)
        before = {} if created else field_values(report, FIELDS)
        for name in ("meeting", *TEXT_FIELDS, "implications", "implications_not_applicable"):
            if name in clean:
                setattr(report, name, clean[name])
        for part in LIST_FIELDS:
            if part in clean:
                if not getattr(report, f"{part}_edited"):
                    drafts = drafts or board_report_drafts(plan=plan, period=period)
                _text_set(report, part, clean[part], drafts)
        _save_audited(
            report, plan=plan, by=by, before=before, created=created, note="Board report saved"
        )
    return report


def board_report_draft_restore(
    *, plan: Plan, period: Any | None, by: Any, part: str
) -> BoardReport:
    """Put CYPP's drafted ``part`` ("recommendations" or "key_messages") back: the edit is
    cleared (the audit trail keeps it, and the draft it replaced stays on the report), so
    the pack drafts them afresh from the data again."""
    if part not in LIST_FIELDS:
        raise ValueError(f"Restore recommendations or key_messages, not {part!r}")
    with transaction.atomic():
        _refuse_if_locked(plan, period)
        report, created = _report_for_update(plan, period)
        before = {} if created else field_values(report, FIELDS)
        setattr(report, part, "")
        setattr(report, f"{part}_edited", False)
        _save_audited(
            report,
            plan=plan,
            by=by,
            before=before,
            created=created,
            note=f"Drafted {WORDS[part].lower()} restored",
        )
    return report


def _save_audited(
    report: BoardReport, *, plan: Plan, by: Any, before: dict[str, Any], created: bool, note: str
) -> None:
    """Save the report and record its before and after, in the caller's transaction; a save
    that changes nothing records nothing."""
    changes = changes_between(before, field_values(report, FIELDS))
    if changes or created:
        report.updated_by = by if getattr(by, "is_authenticated", False) else None
        try:
            with transaction.atomic():  # a savepoint: the refusal below is a message, not a 500
                report.save()
        except IntegrityError as error:
            # Two officers saved the period's first words at the same moment; the other's
            # were saved first. Nothing of this save is kept (the caller's atomic rolls back).
            raise BoardReportError(
                {
                    NON_FIELD_ERRORS: [
                        "Someone else saved this board report at the same moment. Open it "
                        "again to see their words, then make your changes."
                    ]
                }
            ) from error
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=report,
            context=audit_context(plan=plan),
            changes=changes,
            note=note,
        )


def _refuse_if_locked(plan: Plan, period: Any | None) -> None:
    if period is None:
        return
    if period.plan_id != plan.pk:
        raise ValueError(f"{period.label} is not a reporting period of {plan.title}")
    # Locked with the row, so a pack published meanwhile is seen (publishing sets locked_at).
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.is_locked:
        raise BoardReportError(
            {
                NON_FIELD_ERRORS: [
                    f"The board pack for {current.label} is published, so its report is kept "
                    "as it was published and can no longer change."
                ]
            }
        )


def _report_for_update(plan: Plan, period: Any | None) -> tuple[BoardReport, bool]:
    report = BoardReport.objects.select_for_update().filter(plan=plan, period=period).first()
    if report is not None:
        return report, False
    return BoardReport(plan=plan, period=period), True


def _text_set(report: BoardReport, part: str, text: str, drafts: FrontDrafts | None) -> None:
    """The officer's lines for ``part``: unchanged from the draft is no edit; the first edit
    keeps the draft it replaced."""
    submitted = lines(text)
    if not getattr(report, f"{part}_edited"):
        drafted = drafts.items(part) if drafts is not None else []
        if submitted == [item["text"] for item in drafted]:
            return
        if not submitted:
            raise BoardReportError(
                {part: [f"{WORDS[part]}: write at least one, or restore the drafted text"]}
            )
        setattr(report, f"{part}_draft", drafted)
        setattr(report, f"{part}_edited", True)
    setattr(report, part, "\n".join(submitted))


def _validated(plan: Plan, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields cleaned, or every problem at once, each under its field's name."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}

    def problem(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if "meeting" in fields:
        meeting = fields["meeting"]
        if meeting is not None and meeting.body.partnership_id != plan.partnership_id:
            problem("meeting", f"Choose a meeting of {plan.partnership.name}")
        clean["meeting"] = meeting
    for name, limit in TEXT_FIELDS.items():
        if name in fields:
            value = str(fields[name] or "").strip()
            if len(value) > limit:
                problem(name, f"{WORDS[name]} must be {limit:,} characters or fewer")
            clean[name] = value
    for name, most in LIST_FIELDS.items():
        if name in fields:
            items = lines(str(fields[name] or ""))
            if name == "recommendations" and not items:
                problem(name, "Enter what the board is asked to do, one a line")
            if len(items) > most:
                problem(name, f"{WORDS[name]}: keep to {most} or fewer, one a line")
            if any(len(item) > LINE_MAX for item in items):
                problem(name, f"{WORDS[name]}: keep each line to {LINE_MAX} characters or fewer")
            clean[name] = "\n".join(items)
    kinds = dict(IMPLICATION_KINDS)
    texts = {k: str(v or "").strip() for k, v in (fields.get("implications") or {}).items()}
    not_applicable = list(fields.get("implications_not_applicable") or [])
    for kind in [*texts, *not_applicable]:
        if kind not in kinds:
            problem(NON_FIELD_ERRORS, f"There is no implication called {kind!r}")
    for kind, label in IMPLICATION_KINDS:
        if texts.get(kind) and kind in not_applicable:
            problem(
                f"implication_{kind}",
                f"Write the {label.lower()} implications or mark them not applicable, not both",
            )
        if len(texts.get(kind, "")) > TEXT_FIELDS["background"]:
            problem(f"implication_{kind}", f"{label} implications are too long")
    if "implications" in fields:
        clean["implications"] = {k: v for k, v in texts.items() if v and k in kinds}
    if "implications_not_applicable" in fields:
        clean["implications_not_applicable"] = [
            k for k, _ in IMPLICATION_KINDS if k in not_applicable
        ]
    if errors:
        raise BoardReportError(errors)
    return clean
