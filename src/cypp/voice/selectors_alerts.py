"""Reads of safeguarding alerts, for the people who may see them (``cypp.voice.access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cypp.voice.access import alerts_visible
from cypp.voice.models import Answer, SafeguardingAlert


@dataclass(frozen=True)
class AlertsList:
    """A person's alerts: those still to deal with (open first, oldest deadline first), and
    those closed (most recent first)."""

    to_deal_with: list[SafeguardingAlert]
    closed: list[SafeguardingAlert]


def _related(alerts: Any) -> Any:
    return alerts.select_related(
        "survey__partnership",
        "response__audience",
        "response__wave",
        "question",
        "contact",
        "escalation_contact",
        "acknowledged_by",
        "closed_by",
    )


def alerts_for(user: Any) -> AlertsList:
    alerts = list(_related(alerts_visible(user)))
    status = SafeguardingAlert.Status
    to_deal_with = sorted(
        (a for a in alerts if a.status != status.CLOSED),
        key=lambda a: (a.status != status.OPEN, a.due_at),
    )
    closed = sorted(
        (a for a in alerts if a.status == status.CLOSED),
        key=lambda a: a.closed_at or a.raised_at,
        reverse=True,
    )
    return AlertsList(to_deal_with=to_deal_with, closed=closed)


def alert_for(user: Any, alert_id: int) -> SafeguardingAlert | None:
    """The alert, if this person may see it; ``None`` whether it exists or not."""
    found: SafeguardingAlert | None = _related(alerts_visible(user)).filter(pk=alert_id).first()
    return found


def alert_overdue(alert: SafeguardingAlert) -> bool:
    return alert.status == SafeguardingAlert.Status.OPEN and alert.due_at < timezone.now()


def response_answers(alert: SafeguardingAlert) -> list[tuple[str, str]]:
    """The rest of the response, question by question (text, answer as the child saw it), so
    the contact reads the flagged answer in its context."""
    rows = []
    answers = Answer.objects.filter(response_id=alert.response_id).select_related("question")
    for answer in answers.order_by("question__order"):
        question = answer.question
        labels = {str(o.get("value")): str(o.get("label", "")) for o in question.options}
        if question.kind == "ranking":
            shown = ", ".join(labels.get(v, v) for v in answer.value.splitlines() if v)
        else:
            shown = labels.get(answer.value, answer.value)
        rows.append((question.text, shown))
    return rows


def alerts_waiting(user: Any) -> int:
    """How many of this person's alerts are not closed yet (the home page says so first)."""
    return alerts_visible(user).exclude(status=SafeguardingAlert.Status.CLOSED).count()
