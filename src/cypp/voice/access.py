"""Who may do what with a partnership's voice work.

- **Anyone**, signed in or not, may answer an open survey and read the published "you said,
  we did" page: children must not need an account.
- **Anyone with a role in the partnership** reads results: counts only, small numbers
  suppressed (``cypp.voice.results``).
- **Analysts and administrators** load surveys, open and close waves, import answers from
  other tools, read free text (it can say who wrote it), theme it, link themes to outcomes,
  and write and publish the partnership's replies.
- **A contributor** writes and publishes their own organisation's replies, as partners do.
- **A safeguarding alert** is read and acted on only by the survey's safeguarding contact
  and its escalation contact (when the survey names none, the partnership's administrators
  once it has been escalated), while they keep a role in the partnership. There is no
  exception for superusers or administrators: an alert names a child, so like a family
  record (ADR 0019) these are plain functions, not ``rules`` predicates.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cypp.accounts.models import Partnership, Role
from cypp.accounts.selectors import access_get
from cypp.voice.models import SafeguardingAlert, Survey, ThemeReply


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def results_readable(user: Any, partnership: Partnership) -> bool:
    """Any role in the partnership reads the counts (small numbers suppressed)."""
    return _signed_in(user) and access_get(user).reads(partnership.pk)


def voice_manageable(user: Any, partnership: Partnership) -> bool:
    """Analysts and administrators: surveys, waves, imports, free text, themes, replies."""
    return _signed_in(user) and access_get(user).edits_structure(partnership.pk)


def survey_manageable(user: Any, survey: Survey) -> bool:
    return voice_manageable(user, survey.partnership)


def reply_editable(user: Any, partnership: Partnership, organisation_id: int | None) -> bool:
    """The partnership's reply: analysts and administrators. A partner's own reply: those
    too, and a contributor who works for that organisation."""
    if not _signed_in(user):
        return False
    access = access_get(user)
    if organisation_id is None:
        return access.edits_structure(partnership.pk)
    return access.edits_owned(partnership.pk, organisation_id)


def replies_editable(user: Any, partnership: Partnership) -> QuerySet[ThemeReply]:
    """The replies this person may change."""
    replies = ThemeReply.objects.filter(theme__partnership=partnership)
    if not _signed_in(user):
        return replies.none()
    access = access_get(user)
    if access.edits_structure(partnership.pk):
        return replies
    if access.role_in(partnership.pk) == Role.CONTRIBUTOR and access.organisation_id:
        return replies.filter(organisation_id=access.organisation_id)
    return replies.none()


def alerts_visible(user: Any) -> QuerySet[SafeguardingAlert]:
    """The alerts this person is the contact or escalation contact for, in partnerships where
    they still have a role; and an alert escalated from a survey that names no escalation
    contact, for the administrators it was escalated to (``services_alerts``)."""
    if not _signed_in(user):
        return SafeguardingAlert.objects.none()
    roles = access_get(user).roles
    administered = [p for p, role in roles.items() if role == Role.ADMINISTRATOR]
    return SafeguardingAlert.objects.filter(
        Q(contact=user)
        | Q(escalation_contact=user)
        | Q(
            escalation_contact__isnull=True,
            escalated_at__isnull=False,
            survey__partnership_id__in=administered,
        ),
        survey__partnership_id__in=list(roles),
    )


def alert_visible(user: Any, alert: SafeguardingAlert) -> bool:
    return alerts_visible(user).filter(pk=alert.pk).exists()
