"""The e-mails about a safeguarding alert: to its contact when raised, and to the escalation
contact (or the partnership's administrators) when nobody acknowledged it in time.

E-mail is not a safe place for what a child said, nor for their name: a message can be
forwarded, read over a shoulder or kept in a mailbox for years. So each e-mail says only
which survey, when it was raised, the deadline and where to open the alert; the alert's page
(for its contacts only, after signing in) shows the rest.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from cypp.voice.models import SafeguardingAlert


def person_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return getattr(person, "display_name", "") or user.get_full_name() or user.get_username()


def alert_link(alert: SafeguardingAlert) -> str:
    return str(settings.SITE_URL or "").rstrip("/") + reverse("voice:alert", args=[alert.pk])


def when(moment: Any) -> str:
    """A time as the e-mails and pages give it: "14:05 on 3 March 2025" (local time)."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def alert_message(*, alert: SafeguardingAlert, to: Any) -> EmailMessage:
    """To the safeguarding contact: an answer may say a child is unsafe; act by the deadline."""
    survey = alert.survey
    lines = [
        f"Dear {person_name(to)},",
        "",
        f"An answer to the survey “{survey.title}” ({survey.partnership.name}) may say that "
        "a child or young person is unsafe. You are its safeguarding contact.",
        "",
        f"Raised: {when(alert.raised_at)}",
        f"Acknowledge it by: {when(alert.due_at)}",
        "",
        "Sign in to read what was said and who said it, and to acknowledge the alert:",
        alert_link(alert),
        "",
        "If it is not acknowledged by then, it goes to "
        + ("the escalation contact." if alert.escalation_contact_id else "the administrators."),
        "For the child's privacy this e-mail does not say who answered or what they said.",
        "",
        "CYPP",
        "",
    ]
    return EmailMessage(
        subject=f"Safeguarding alert: acknowledge by {when(alert.due_at)}",
        body="\n".join(lines),
        to=[to.email],
    )


def escalation_message(*, alert: SafeguardingAlert, to: Any) -> EmailMessage:
    """To the escalation contact (or an administrator): an alert passed its deadline unseen."""
    survey = alert.survey
    contact = person_name(alert.contact)
    lines = [
        f"Dear {person_name(to)},",
        "",
        f"A safeguarding alert from the survey “{survey.title}” ({survey.partnership.name}) "
        f"has not been acknowledged by its contact, {contact}, by its deadline.",
        "",
        f"Raised: {when(alert.raised_at)}",
        f"Deadline: {when(alert.due_at)}",
        "",
        "Sign in to read it and act on it:",
        alert_link(alert),
        "",
        "For the child's privacy this e-mail does not say who answered or what they said.",
        "",
        "CYPP",
        "",
    ]
    return EmailMessage(
        subject=f"Escalated safeguarding alert: not acknowledged by {when(alert.due_at)}",
        body="\n".join(lines),
        to=[to.email],
    )
