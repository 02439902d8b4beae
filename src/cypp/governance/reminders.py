"""Reminders: each owner with an e-mail address gets one message listing their overdue
actions and those due within the next days. Owners are the named person, or for an
action owned by an organisation, the people of that organisation with a contributor,
analyst or administrator role in the body's partnership. Actions owned by a role in words
reach no one (they are counted as such). Each message sent is recorded in the audit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent, PartnershipRole
from cypp.governance.models import OPEN_STATUSES
from cypp.governance.selectors import ActionEntry, action_entries, actions_queryset


@dataclass
class RemindResult:
    sent: list[str] = field(default_factory=list)  # usernames e-mailed
    actions: int = 0  # actions overdue or due soon
    unreachable: list[int] = field(default_factory=list)  # action ids with no one to e-mail


def _due_soon(entry: ActionEntry, today: dt.date, until: dt.date) -> bool:
    return entry.overdue or (entry.due_date is not None and today <= entry.due_date <= until)


def message_for(user: User, entries: list[ActionEntry], today: dt.date) -> tuple[str, str]:
    overdue = [e for e in entries if e.overdue]
    soon = [e for e in entries if not e.overdue]
    lines = [f"Hello {user.get_full_name() or user.get_username()},", ""]
    if overdue:
        lines.append(f"These actions are overdue ({len(overdue)}):")
        lines.extend(
            f"- {e.text} ({e.body_name}, due {e.due_words.removeprefix('by ')})" for e in overdue
        )
        lines.append("")
    if soon:
        lines.append(f"These actions are due in the next two weeks ({len(soon)}):")
        lines.extend(
            f"- {e.text} ({e.body_name}, due {e.due_words.removeprefix('by ')})" for e in soon
        )
        lines.append("")
    lines.append("Open each to add a progress update or to say it is done:")
    lines.extend(f"{settings.SITE_URL}{e.url}" for e in entries)
    lines.append("")
    lines.append(f"Your actions: {settings.SITE_URL}/governance/your-actions/")
    subject = (
        f"{len(overdue)} overdue and {len(soon)} due soon: your actions"
        if overdue
        else f"{len(soon)} action{'s' if len(soon) != 1 else ''} due soon"
    )
    return subject, "\n".join(lines)


def actions_remind(
    *, today: dt.date | None = None, within_days: int = 14, dry_run: bool = False
) -> RemindResult:
    """E-mail every owner their overdue actions and those due within ``within_days``."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=within_days)
    candidates = (
        actions_queryset()
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(due_date__lte=until) | Q(due_meeting__date__lte=until))
    )
    entries = [e for e in action_entries(candidates, today) if _due_soon(e, today, until)]
    result = RemindResult(actions=len(entries))

    organisations = {
        (e.action.owner_organisation_id, e.action.body.partnership_id)
        for e in entries
        if e.action.owner_organisation_id
    }
    by_org: dict[tuple[int, int], list[User]] = defaultdict(list)
    if organisations:
        roles = PartnershipRole.objects.filter(
            partnership_id__in={p for _, p in organisations},
            user__person__organisation_id__in={o for o, _ in organisations},
            role__in=["contributor", "analyst", "administrator"],
            user__is_active=True,
        ).select_related("user__person")
        for role in roles:
            key = (role.user.person.organisation_id, role.partnership_id)
            if key in organisations:
                by_org[key].append(role.user)

    per_user: dict[int, tuple[User, list[ActionEntry]]] = {}
    for e in entries:
        action = e.action
        if action.owner_person_id and action.owner_person is not None:
            users = [action.owner_person.user]
        elif action.owner_organisation_id:
            users = by_org.get((action.owner_organisation_id, action.body.partnership_id), [])
        else:
            users = []
        users = [u for u in users if u.email]
        if not users:
            result.unreachable.append(action.pk)
        for u in users:
            per_user.setdefault(u.pk, (u, []))[1].append(e)

    for user, mine in per_user.values():
        subject, text = message_for(user, mine, today)
        if dry_run:
            result.sent.append(user.get_username())
            continue
        with transaction.atomic():
            # Sent once the audit has committed, never while the transaction (on SQLite, the
            # database's write lock) waits on the mail server, nor for a change rolled back.
            transaction.on_commit(partial(send_mail, subject, text, None, [user.email]))
            for e in mine:
                audit_record(
                    by=None,
                    action=AuditEvent.Action.UPDATE,
                    obj=e.action,
                    context=audit_context(body=e.action.body),
                    note=f"Reminder e-mailed to {user.get_username()} "
                    f"({'overdue' if e.overdue else 'due soon'})",
                )
        result.sent.append(user.get_username())
    return result
