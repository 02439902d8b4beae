"""Reminders by e-mail: one message to each person listing what they owe for a period.

Sent through ``django.core.mail`` (the console by default; SMTP when ``EMAIL_HOST`` and
friends are set, see settings), with links built from ``settings.SITE_URL`` because a
reminder is sent outside any request (from the command line as well as from the button).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent, Role
from cypp.commentary.models import ReportingPeriod
from cypp.commentary.selectors import Owed, owed_in_period

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_SECTIONS = (
    ("write", "Commentary to write"),
    ("fix", "Returned to you: change and submit again"),
    ("approve", "Waiting for your approval"),
)


def reminder_recipients(*, period: ReportingPeriod) -> list[User]:
    """Everyone who may owe something in the period's plan and has an e-mail address: the
    people with a role in its partnership and the priorities' lead persons."""
    plan = period.plan
    return list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(partnership_roles__partnership_id=plan.partnership_id)
            | Q(person__led_priorities__plan=plan)
        )
        .select_related("person")
        .distinct()
        .order_by("username")
    )


def people_without_address(*, period: ReportingPeriod) -> list[User]:
    """Who takes part in the period's workflow (writes, approves or runs it: the priorities'
    lead persons and the partnership's contributors, analysts and administrators) but has no
    e-mail address, and so gets neither reminders nor the workflow's e-mails: for the
    officers to see, and to ask for an address or tell them another way. One query."""
    plan = period.plan
    return list(
        User.objects.filter(is_active=True, email="")
        .filter(
            Q(
                partnership_roles__partnership_id=plan.partnership_id,
                partnership_roles__role__in=[Role.CONTRIBUTOR, Role.ANALYST, Role.ADMINISTRATOR],
            )
            | Q(person__led_priorities__plan=plan)
        )
        .select_related("person")
        .distinct()
        .order_by("username")
    )


def reminder_text(*, user: User, period: ReportingPeriod, owed: list[Owed]) -> str:
    name = getattr(getattr(user, "person", None), "display_name", "") or user.get_username()
    site = str(settings.SITE_URL or "").rstrip("/")
    lines = [
        f"Dear {name},",
        "",
        f"This is what you owe for {period.label}, {period.plan.title}.",
        f"Commentary is due by {period.commentary_due:%d %B %Y} and sign-off by "
        f"{period.signoff_due:%d %B %Y}"
        + (f"; the board meets on {period.meeting_date:%d %B %Y}." if period.meeting_date else "."),
    ]
    for action, heading in _SECTIONS:
        items = [o for o in owed if o.action == action]
        if not items:
            continue
        lines += ["", f"{heading}:"]
        lines += [f"- {o.title}\n  {site}{o.path}" for o in items]
    lines += [
        "",
        f"Everything for this period: {site}/plans/{period.plan.key}/commentary/{period.key}/",
        "",
        "CYPP",
    ]
    return "\n".join(lines)


@transaction.atomic
def commentary_reminders_send(*, period: ReportingPeriod, by: User | AnonymousUser | None) -> int:
    """E-mail each person with an address what they owe for ``period`` (one message each,
    nothing to those who owe nothing); record the sending in the audit trail. Returns the
    number of messages, sent once the transaction commits (none if it rolls back)."""
    plan = period.plan
    messages = []
    names = []
    for user in reminder_recipients(period=period):
        owed = owed_in_period(user=user, period=period)
        if not owed:
            continue
        names.append(user.get_username())
        messages.append(
            EmailMessage(
                subject=f"Commentary you owe for {period.label}: {plan.title}",
                body=reminder_text(user=user, period=period, owed=owed),
                to=[user.email],
            )
        )
    sent = len(messages)
    if messages:
        # Sent once the audit has committed: never while the transaction (on SQLite, the
        # database's write lock) waits on the mail server, nor for a change rolled back.
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    audit_record(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=period,
        context=audit_context(plan=plan),
        note=f"Reminders sent: {sent} e-mail{'s' if sent != 1 else ''}"
        + (f" ({', '.join(names)})" if names else ""),
    )
    return sent
