"""E-mails that keep the commentary workflow moving: on submit, to the people who may
approve it; on return (with the reasons) and on approve, to its writer.

The messages are composed inside the service's transaction (so they describe the step as
it was taken, with no query after the commit) and sent once it commits
(``transaction.on_commit``): a rolled-back step tells nobody. A mail server that fails
does not undo the step, which has committed by then: the failure is logged and the
workflow carries on (the reminders are the safety net).

Who is told:

| step    | to                                                                          |
| ------- | --------------------------------------------------------------------------- |
| submit  | the priority's lead person; when the priority has no lead (or its lead has  |
|         | no role in the partnership), its analysts and administrators, the others    |
|         | who may approve it (``cypp.commentary.permissions.can_review``)             |
| return  | the person who wrote the text (``written_by``), with the reason             |
| approve | the person who wrote the text                                               |

Nobody is told of their own step. Someone without an e-mail address cannot be told: they
are logged, and the page that took the step says so to the person who took it
(``unreachable``), who can tell them another way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from cypp.accounts.models import PartnershipRole, Role
from cypp.commentary.models import MeasureCommentary, QualitativeEvidence
from cypp.plans.models import Priority

logger = logging.getLogger(__name__)

Thing = MeasureCommentary | QualitativeEvidence

SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
STEPS = (SUBMIT, RETURN, APPROVE)


@dataclass(frozen=True, slots=True)
class Recipients:
    """Who should hear of a step: those with an address, and those without one."""

    reachable: list[User]
    unreachable: list[User]


def person_name(user: Any) -> str:
    """A person as the e-mails and pages name them: their display name, else username."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "CYPP"
    # ``getattr`` with a default: a user without a profile raises an AttributeError.
    person = getattr(user, "person", None)
    return getattr(person, "display_name", "") or user.get_username()


def _priority(thing: Thing) -> Priority:
    if isinstance(thing, MeasureCommentary):
        return thing.measure.outcome.priority
    return thing.outcome.priority


def _reviewers(thing: Thing) -> list[User]:
    """The people a submission asks to act (see the table above)."""
    plan = thing.period.plan
    priority = _priority(thing)
    roles = PartnershipRole.objects.filter(partnership_id=plan.partnership_id)
    lead = priority.lead_person
    if lead is not None:
        if roles.filter(user_id=lead.user_id).exists():
            return [User.objects.select_related("person").get(pk=lead.user_id)]
        wanted = [Role.ADMINISTRATOR]
    else:
        wanted = [Role.ANALYST, Role.ADMINISTRATOR]
    return list(
        User.objects.filter(
            partnership_roles__partnership_id=plan.partnership_id,
            partnership_roles__role__in=wanted,
        )
        .select_related("person")
        .order_by("username")
    )


def recipients(*, thing: Thing, step: str, by: Any) -> Recipients:
    """Who is told of ``step`` (``submit``, ``return`` or ``approve``) on ``thing``, taken
    by ``by``; inactive accounts and the person acting are left out."""
    if step not in STEPS:
        raise ValueError(f"No workflow step {step!r}; one of {', '.join(STEPS)}.")
    if step == SUBMIT:
        people = _reviewers(thing)
    elif thing.written_by_id is None:
        people = []
    else:
        people = list(User.objects.select_related("person").filter(pk=thing.written_by_id))
    by_pk = getattr(by, "pk", None)
    people = [p for p in people if p.is_active and p.pk != by_pk]
    return Recipients(
        reachable=[p for p in people if p.email.strip()],
        unreachable=[p for p in people if not p.email.strip()],
    )


def unreachable(*, thing: Thing, step: str, by: Any) -> list[str]:
    """The names of the people who should have heard of the step but have no e-mail
    address, for the page to say so."""
    return [person_name(u) for u in recipients(thing=thing, step=step, by=by).unreachable]


def _link(name: str, *args: Any) -> str:
    return str(settings.SITE_URL or "").rstrip("/") + reverse(f"commentary:{name}", args=args)


def _about(thing: Thing) -> tuple[str, str, str, str]:
    """What the mail is about (a noun phrase), its subject's name, and the links to
    review it and to change it."""
    period = thing.period
    plan = period.plan
    if isinstance(thing, MeasureCommentary):
        title = thing.measure.title
        return (
            f"the commentary on the measure {title}",
            title,
            _link("review", plan.key, period.key, thing.measure_id),
            _link("write", plan.key, period.key, thing.measure_id),
        )
    title = f"{thing.get_kind_display().lower()} “{thing.title}”"
    return (
        f"the {title} for the outcome {thing.outcome.title}",
        thing.title,
        _link("evidence-review", plan.key, period.key, thing.pk),
        _link("evidence-edit", plan.key, period.key, thing.pk),
    )


def message_compose(*, thing: Thing, step: str, by: Any, to: User) -> EmailMessage:
    """One person's plain-text e-mail about a step: the plan, the period, what it is
    about, who acted, and the link to the page where they act next."""
    period = thing.period
    plan = period.plan
    about, subject_name, review_url, write_url = _about(thing)
    actor = person_name(by)
    where = f"{plan.title}, {period.label}"
    if step == SUBMIT:
        subject = f"To approve: {subject_name} ({period.label})"
        lines = [
            f"{actor} has submitted {about} for your approval.",
            "",
            f"Plan and period: {where}",
            f"Sign-off is due by {period.signoff_due:%d %B %Y}.",
            "",
            f"Approve it, or return it with your reasons:\n{review_url}",
        ]
    elif step == RETURN:
        subject = f"Returned to you: {subject_name} ({period.label})"
        lines = [
            f"{actor} has returned {about} to you.",
            "",
            f"Plan and period: {where}",
            "",
            "Their reasons:",
            thing.return_reason,
            "",
            f"Change it and submit it again:\n{write_url}",
        ]
    else:
        subject = f"Approved: {subject_name} ({period.label})"
        lines = [
            f"{actor} has approved {about}.",
            "",
            f"Plan and period: {where}",
            "It will appear in the board pack for the period.",
            "",
            f"Read it here:\n{write_url}",
        ]
    body = "\n".join([f"Dear {person_name(to)},", "", *lines, "", "CYPP", ""])
    return EmailMessage(subject=subject, body=body, to=[to.email])


def _send(messages: list[EmailMessage], *, what: str) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception:
        # The step has committed: a mail server that is down must not turn it into an
        # error page. The reminders still list what each person owes.
        logger.exception("Could not send the e-mails about %s", what)


def step_notify(*, thing: Thing, step: str, by: Any) -> None:
    """Compose the e-mails about a workflow step now and send them once the current
    transaction commits (never if it rolls back). Call inside the service's transaction,
    after the step; ``thing`` must have its period and plan loaded."""
    found = recipients(thing=thing, step=step, by=by)
    what = f"{step} of {type(thing).__name__} {thing.pk}"
    for user in found.unreachable:
        # Information, not a warning: many people in a partnership have no address, and
        # the page that took the step tells the person acting (``views_common.not_told``).
        logger.info("Not e-mailed about the %s: %s has no e-mail address", what, user)
    if not found.reachable:
        return
    messages = [message_compose(thing=thing, step=step, by=by, to=u) for u in found.reachable]
    transaction.on_commit(lambda: _send(messages, what=what))
