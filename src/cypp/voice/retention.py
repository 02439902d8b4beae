"""Retention: a wave's answers are deleted once its closing date and the survey's retention
period (``retention_days``) have passed, so answers are kept no longer than the survey's
privacy notice says (UK GDPR article 5(1)(e); the ICO Children's Code, standard 8).

``retention_run`` deletes every such wave's responses; their answers and the tags on them
go with them (the themes stay, and so do the partnership's replies and any indicator
published from the results: those are counts, not answers). A response with a safeguarding
alert that is not closed is kept, counted and said, until its alert is closed: the next run
after that deletes it, and the closed alert with it (what was done belongs in the child's
record in the case system; CYPP keeps no copy of an answer beyond its period).

A wave with no closing date is open-ended and never due. The day is counted by hand like
this: a wave closing on 30 April 2024 of a survey keeping answers 730 days is kept through
30 April 2026 and deleted from 1 May 2026.

Each wave's deletion is one transaction, audited with its counts (never the answers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent
from cypp.voice.models import Answer, Response, SafeguardingAlert, Wave


@dataclass(frozen=True, slots=True)
class WaveRetention:
    survey: str
    wave: str
    kept_until: dt.date
    responses: int  # deleted (or, on a dry run, to delete)
    answers: int
    alerts_closed: int  # closed alerts deleted with their responses
    kept_for_alerts: int  # responses kept: their alert is not closed

    def as_dict(self) -> dict[str, Any]:
        return {
            "survey": self.survey,
            "wave": self.wave,
            "kept_until": self.kept_until.isoformat(),
            "responses": self.responses,
            "answers": self.answers,
            "alerts_closed": self.alerts_closed,
            "kept_for_alerts": self.kept_for_alerts,
        }


@dataclass(slots=True)
class RetentionReport:
    today: dt.date
    dry_run: bool
    waves: list[WaveRetention] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "responses": sum(w.responses for w in self.waves),
            "kept_for_alerts": sum(w.kept_for_alerts for w in self.waves),
            "waves": [w.as_dict() for w in self.waves],
        }


def kept_until(wave: Wave) -> dt.date | None:
    """The last day the wave's answers are kept; ``None`` while the wave has no end."""
    if wave.closes is None:
        return None
    return wave.closes + dt.timedelta(days=wave.survey.retention_days)


def waves_due(today: dt.date) -> list[Wave]:
    """The waves whose answers are past their retention period on ``today``, and hold any."""
    waves = Wave.objects.filter(closes__isnull=False, closes__lt=today, responses__isnull=False)
    due = []
    for wave in waves.select_related("survey", "survey__partnership").distinct():
        until = kept_until(wave)
        if until is not None and until < today:
            due.append(wave)
    return sorted(due, key=lambda w: (w.survey.key, w.opens, w.key))


def _open_alert_responses(wave: Wave) -> Any:
    return (
        SafeguardingAlert.objects.filter(response__wave=wave)
        .exclude(status=SafeguardingAlert.Status.CLOSED)
        .values("response_id")
    )


def _wave_retain(wave: Wave, *, dry_run: bool) -> WaveRetention:
    until = kept_until(wave)
    assert until is not None
    kept_ids = _open_alert_responses(wave)
    going = Response.objects.filter(wave=wave).exclude(pk__in=kept_ids)
    alerts = SafeguardingAlert.objects.filter(response__in=going)
    counted = WaveRetention(
        survey=wave.survey.key,
        wave=wave.key,
        kept_until=until,
        responses=going.count(),
        answers=Answer.objects.filter(response__in=going).count(),
        alerts_closed=alerts.count(),
        kept_for_alerts=Response.objects.filter(wave=wave, pk__in=kept_ids).count(),
    )
    if dry_run or not counted.responses:
        return counted
    # Alerts protect their responses from deletion by accident; these are closed, and go
    # deliberately, first.
    alerts.delete()
    going.delete()
    audit_record(
        by=None,
        action=AuditEvent.Action.DELETE,
        obj=wave,
        context=audit_context(partnership=wave.survey.partnership),
        changes={
            "responses": [counted.responses, 0],
            "answers": [counted.answers, 0],
            "closed alerts": [counted.alerts_closed, 0],
        },
        note=(
            f"Answers of {wave.survey.key} wave {wave.key} deleted: their retention period "
            f"ended on {until.isoformat()}. {counted.kept_for_alerts} response(s) kept while "
            "their safeguarding alert is not closed."
        ),
    )
    return counted


def retention_run(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    """Delete (or, on a dry run, count) the answers past their retention period on
    ``today`` (default: today); one transaction a wave."""
    day = today or timezone.localdate()
    report = RetentionReport(today=day, dry_run=dry_run)
    for wave in waves_due(day):
        with transaction.atomic():
            retained = _wave_retain(wave, dry_run=dry_run)
        if retained.responses or retained.kept_for_alerts:
            report.waves.append(retained)
    return report
