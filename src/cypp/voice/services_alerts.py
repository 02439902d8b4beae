"""Safeguarding alerts: raised with the answer, sent, escalated, acknowledged, closed.

``alert_raise`` is called by the journey's answer service inside its transaction, so an
answer and its alert are written together or not at all. The e-mail leaves after the commit;
if the process dies first, ``cypp voice alerts`` (a timer, and ``make run`` before the
worker) sends every alert not yet sent, so an alert is never lost between the database and
the post.

Sending is at least once, never "at most once": each e-mail is sent inside a short
transaction that first claims the alert (a conditional update of ``notified_at``, and on
PostgreSQL a row lock that a second sweep skips), and the claim commits only after the mail
server has taken the message. A process killed before that commit leaves the alert unsent
for the next sweep; two sweeps at once never both send it. The cost: on SQLite the claim
holds the write lock while one message is handed over (``EMAIL_TIMEOUT`` bounds it). A
duplicate e-mail to a safeguarding lead is a nuisance; a lost one can cost a child.

The e-mails carry no word the child wrote and no name: only the survey, the deadline and a
link to the alert's page, which only the alert's contacts can open (``cypp.voice.access``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent, Role
from cypp.errors import ApplicationError
from cypp.voice import notifications_alerts
from cypp.voice.models import Question, Response, SafeguardingAlert

logger = logging.getLogger(__name__)

# Seconds the mail server is given for one message (SMTP; other backends ignore it).
EMAIL_TIMEOUT_DEFAULT = 20


class AlertError(ApplicationError):
    """An acknowledgement or a closure refused, with the reason for the person."""


@dataclass
class SweepReport:
    """What one sweep did, by alert id."""

    notified: list[int] = field(default_factory=list)  # sent to their contact
    escalated: list[int] = field(default_factory=list)  # past their deadline, unacknowledged
    escalation_notified: list[int] = field(default_factory=list)  # escalation e-mails sent
    # Alerts nobody could be e-mailed about (no address, or the mail server failed): they are
    # tried again at every sweep, and the command says so.
    unsent: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[int]]:
        return {
            "notified": self.notified,
            "escalated": self.escalated,
            "escalation_notified": self.escalation_notified,
            "unsent": self.unsent,
        }


def alert_raise(
    *, response: Response, question: Question, reason: str, said: str
) -> SafeguardingAlert | None:
    """Raise an alert for a named survey's answer (an anonymous survey raises none: nobody
    could be found). Must run inside the caller's transaction; the contact is e-mailed once
    it commits (never if it rolls back)."""
    survey = response.survey
    if survey.anonymous or survey.safeguarding_contact_id is None:
        return None
    assert transaction.get_connection().in_atomic_block, (
        "alert_raise runs in the answer's transaction"
    )
    now = timezone.now()
    alert = SafeguardingAlert.objects.create(
        survey=survey,
        response=response,
        question=question,
        reason=reason,
        said=said,
        contact_id=survey.safeguarding_contact_id,
        escalation_contact_id=survey.escalation_contact_id,
        raised_at=now,
        due_at=now + dt.timedelta(hours=survey.acknowledge_within_hours),
    )
    alert_id = alert.pk
    transaction.on_commit(lambda: _after_commit(alert_id))
    return alert


def _after_commit(alert_id: int) -> None:
    # The answer has committed: a mail server that is down must not turn the child's page
    # into an error. The alert stays unsent, and the sweep sends it.
    try:
        alert_notify(alert_id)
    except Exception:
        logger.exception("Could not send safeguarding alert %s; the sweep will", alert_id)


def _send(message: EmailMessage) -> None:
    from django.conf import settings

    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or EMAIL_TIMEOUT_DEFAULT
    get_connection(timeout=timeout).send_messages([message])


def _claim(alert_id: int, stamp: str, **conditions: Any) -> SafeguardingAlert | None:
    """Within the caller's transaction: the alert, if ``stamp`` (a field) is still empty and
    the conditions hold, with ``stamp`` set to now; ``None`` if another process has it.

    PostgreSQL: the row is locked, and a sweep running beside this one skips it rather than
    wait. SQLite (the transaction took the write lock as it began) and PostgreSQL both: the
    conditional update sets the stamp only if it is still empty, so only one process wins."""
    alerts = SafeguardingAlert.objects.filter(pk=alert_id, **{f"{stamp}__isnull": True})
    alerts = alerts.filter(**conditions)
    skip_locked = connection.features.has_select_for_update_skip_locked
    if skip_locked and alerts.select_for_update(skip_locked=True).first() is None:
        return None
    if alerts.update(**{stamp: timezone.now()}) != 1:
        return None
    return SafeguardingAlert.objects.select_related(
        "survey__partnership", "contact", "escalation_contact"
    ).get(pk=alert_id)


def _mail_in_claim(
    alert_id: int,
    stamp: str,
    compose: Callable[[SafeguardingAlert], tuple[list[User], list[EmailMessage]]],
    note: Callable[[list[User]], str],
    **conditions: Any,
) -> bool | None:
    """Claim the alert, compose its e-mails, send them and record it, all in one
    transaction: ``True`` sent, ``False`` nobody to send to (nothing kept), ``None`` not
    ours to send (sent already, or another process is sending it)."""
    with transaction.atomic():
        alert = _claim(alert_id, stamp, **conditions)
        if alert is None:
            return None
        people, messages = compose(alert)
        if not messages:
            transaction.set_rollback(True)
            return False
        for message in messages:
            _send(message)
        audit_record(
            by=None,
            action=AuditEvent.Action.UPDATE,
            obj=alert,
            context=audit_context(partnership=alert.survey.partnership),
            note=note(people),
        )
    return True


def _contact_messages(alert: SafeguardingAlert) -> tuple[list[User], list[EmailMessage]]:
    people = [alert.contact] if alert.contact.is_active and alert.contact.email.strip() else []
    return people, [notifications_alerts.alert_message(alert=alert, to=p) for p in people]


def alert_notify(alert_id: int) -> bool | None:
    """E-mail an open alert's safeguarding contact, once: ``True`` sent now, ``False``
    nobody reachable (it stays unsent), ``None`` sent already (or being sent)."""
    sent = _mail_in_claim(
        alert_id,
        "notified_at",
        _contact_messages,
        lambda people: f"Safeguarding alert e-mailed to {people[0].get_username()}",
        status=SafeguardingAlert.Status.OPEN,
    )
    if sent is False:
        logger.warning("Safeguarding alert %s: its contact has no e-mail address", alert_id)
    return sent


def escalation_recipients(alert: SafeguardingAlert) -> list[User]:
    """Who an overdue alert goes to: its escalation contact, or when the survey names none,
    the partnership's administrators (who may then open it: ``cypp.voice.access``)."""
    if alert.escalation_contact_id is not None:
        people = [alert.escalation_contact]
    else:
        people = list(
            User.objects.filter(
                partnership_roles__partnership_id=alert.survey.partnership_id,
                partnership_roles__role=Role.ADMINISTRATOR,
            ).order_by("username")
        )
    return [p for p in people if p is not None and p.is_active and p.email.strip()]


def _escalation_messages(alert: SafeguardingAlert) -> tuple[list[User], list[EmailMessage]]:
    people = escalation_recipients(alert)
    return people, [notifications_alerts.escalation_message(alert=alert, to=p) for p in people]


def alert_escalate(alert_id: int, *, now: dt.datetime) -> bool:
    """Mark an open alert past its deadline as escalated, once (audited); ``False`` if it was
    escalated already, acknowledged, or is not yet due."""
    with transaction.atomic():
        alert = _claim(
            alert_id,
            "escalated_at",
            status=SafeguardingAlert.Status.OPEN,
            acknowledged_at__isnull=True,
            due_at__lt=now,
        )
        if alert is None:
            return False
        audit_record(
            by=None,
            action=AuditEvent.Action.UPDATE,
            obj=alert,
            context=audit_context(partnership=alert.survey.partnership),
            changes={"escalated_at": [None, alert.escalated_at.isoformat()]},  # type: ignore[union-attr]
            note="Safeguarding alert escalated: not acknowledged by its deadline",
        )
    return True


def alert_escalation_notify(alert_id: int) -> bool | None:
    """E-mail an escalated, still open alert's escalation contact (or administrators), once."""
    return _mail_in_claim(
        alert_id,
        "escalation_notified_at",
        _escalation_messages,
        lambda people: (
            "Safeguarding alert escalation e-mailed to "
            + ", ".join(p.get_username() for p in people)
        ),
        status=SafeguardingAlert.Status.OPEN,
        escalated_at__isnull=False,
    )


def _each(alert_ids: list[int], step: Callable[[int], bool | None], done: list[int]) -> list[int]:
    """Run ``step`` for each alert; the ids it could not send (a failure is logged and the
    next alert still tried)."""
    failed = []
    for alert_id in alert_ids:
        try:
            result = step(alert_id)
        except Exception:
            logger.exception("Safeguarding alert %s: the e-mail failed", alert_id)
            failed.append(alert_id)
            continue
        if result is True:
            done.append(alert_id)
        elif result is False:
            failed.append(alert_id)
    return failed


def alerts_sweep(*, now: dt.datetime | None = None) -> SweepReport:
    """Send every open alert not yet sent, escalate every open alert not acknowledged by its
    deadline and e-mail its escalation. Safe to run again, and beside another sweep."""
    now = now or timezone.now()
    report = SweepReport()
    open_alerts = SafeguardingAlert.objects.filter(status=SafeguardingAlert.Status.OPEN)
    unsent = list(
        open_alerts.filter(notified_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    report.unsent += _each(unsent, alert_notify, report.notified)
    overdue = list(
        open_alerts.filter(escalated_at__isnull=True, acknowledged_at__isnull=True, due_at__lt=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for alert_id in overdue:
        if alert_escalate(alert_id, now=now):
            report.escalated.append(alert_id)
    waiting = list(
        open_alerts.filter(escalated_at__isnull=False, escalation_notified_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report.unsent += _each(waiting, alert_escalation_notify, report.escalation_notified)
    report.unsent = sorted(set(report.unsent))
    return report


def _refuse_unless_contact(alert: SafeguardingAlert, by: Any) -> None:
    from cypp.voice.access import alert_visible

    if not alert_visible(by, alert):
        raise AlertError("Only the alert's safeguarding contacts may act on it.")


def alert_acknowledge(*, alert: SafeguardingAlert, by: Any) -> SafeguardingAlert:
    """Say the alert has been seen and is being dealt with: it no longer escalates."""
    _refuse_unless_contact(alert, by)
    with transaction.atomic():
        now = timezone.now()
        done = SafeguardingAlert.objects.filter(
            pk=alert.pk, status=SafeguardingAlert.Status.OPEN
        ).update(
            status=SafeguardingAlert.Status.ACKNOWLEDGED, acknowledged_at=now, acknowledged_by=by
        )
        if done != 1:
            raise AlertError("This alert has been acknowledged already.")
        alert.refresh_from_db()
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=alert,
            context=audit_context(partnership=alert.survey.partnership),
            changes={"status": ["open", "acknowledged"]},
            note="Safeguarding alert acknowledged",
        )
    return alert


def alert_close(*, alert: SafeguardingAlert, by: Any, what_was_done: str) -> SafeguardingAlert:
    """Close the alert with what was done; an open alert is acknowledged in the same step.
    What was done is kept on the alert, not in the audit trail (it may name the child)."""
    _refuse_unless_contact(alert, by)
    what_was_done = what_was_done.strip()
    if not what_was_done:
        raise AlertError("Say what was done before closing the alert.", field="what_was_done")
    with transaction.atomic():
        current = SafeguardingAlert.objects.select_for_update().get(pk=alert.pk)
        if current.status == SafeguardingAlert.Status.CLOSED:
            raise AlertError("This alert has been closed already.")
        now = timezone.now()
        before = current.status
        if current.acknowledged_at is None:
            current.acknowledged_at, current.acknowledged_by = now, by
        current.status = SafeguardingAlert.Status.CLOSED
        current.closed_at, current.closed_by = now, by
        current.what_was_done = what_was_done
        current.save(
            update_fields=[
                "status",
                "acknowledged_at",
                "acknowledged_by",
                "closed_at",
                "closed_by",
                "what_was_done",
            ]
        )
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=current,
            context=audit_context(partnership=current.survey.partnership),
            changes={"status": [before, "closed"]},
            note="Safeguarding alert closed, with what was done",
        )
    return current
