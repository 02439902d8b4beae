"""Safeguarding alerts: raised with the answer, sent, escalated, acknowledged, closed.

``alert_raise`` is called by the journey's answer service inside its transaction, so an
answer and its alert are written together or not at all. The e-mail leaves after the commit;
if the process dies first, ``cypp voice alerts`` (a timer, and the worker's start) sends
every alert not yet sent, so an alert is never lost between the database and the post.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cypp.voice.models import Question, Response, SafeguardingAlert


def alert_raise(
    *, response: Response, question: Question, reason: str, said: str
) -> SafeguardingAlert | None:
    """Raise an alert for a named survey's answer (an anonymous survey raises none: nobody
    could be found). Must run inside the caller's transaction."""
    survey = response.survey
    if survey.anonymous or survey.safeguarding_contact_id is None:
        return None
    assert transaction.get_connection().in_atomic_block, (
        "alert_raise runs in the answer's transaction"
    )
    now = timezone.now()
    return SafeguardingAlert.objects.create(
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
