"""Themes, tags and "you said, we did", written.

An analyst names a theme, gives it the keywords that suggest it and links it to the outcomes
of the partnership's plans; themes free-text answers (a tag, ``suggested`` when they
accepted a suggestion); and writes the partnership's reply, linked to a commitment of its
plans or an action of its boards, then publishes it. A contributor writes and publishes
their own organisation's replies. Each write is all or nothing and recorded in the audit
trail under the partnership (``partnership:<key>``). A tag's record names the theme and the
answer's number, never the answer's words: an anonymous child's answers are not audited.

``by`` None is the command line (the operators who hold the database, like the demo).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record, audit_saved, field_values
from cypp.accounts.models import AuditEvent, Organisation, Partnership
from cypp.errors import ApplicationError
from cypp.governance.models import Action
from cypp.plans.models import Commitment, Outcome
from cypp.voice import access
from cypp.voice.models import Answer, Question, Tag, Theme, ThemeReply
from cypp.voice.suggest import keywords_clean

THEME_FIELDS = ["name", "description", "keywords"]
REPLY_FIELDS = ["you_said", "we_did", "status", "commitment", "action", "organisation"]


class ThemeError(ApplicationError):
    """A theme, tag or reply refused, with the reason (and the form field, where there is
    one)."""


def _context(partnership: Partnership) -> str:
    return audit_context(partnership=partnership)


def _analyst_required(by: Any, partnership: Partnership, what: str) -> None:
    if by is not None and not access.voice_manageable(by, partnership):
        raise ThemeError(f"Only an analyst or administrator in {partnership.name} may {what}.")


def _outcome_titles(outcomes: Iterable[Outcome]) -> list[str]:
    return sorted(f"{o.priority.plan.key}: {o.title}" for o in outcomes)


def theme_save(
    *,
    partnership: Partnership,
    by: Any,
    name: str,
    description: str = "",
    keywords: Iterable[str] = (),
    outcomes: Iterable[Outcome] = (),
    theme: Theme | None = None,
) -> Theme:
    """A new theme (``theme`` None) or a change to one: its name (unique in the partnership),
    description, keywords and the outcomes it is linked to (of the partnership's plans)."""
    _analyst_required(by, partnership, "change themes")
    if theme is not None and theme.partnership_id != partnership.pk:
        raise ThemeError("That theme is not one of this partnership's.")
    name = " ".join(name.split())
    if not name:
        raise ThemeError("Enter the theme's name", field="name")
    if len(name) > Theme._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ThemeError("The theme's name must be 120 characters or fewer", field="name")
    chosen = list(outcomes)
    foreign = [o for o in chosen if o.priority.plan.partnership_id != partnership.pk]
    if foreign:
        raise ThemeError(
            f"The outcome “{foreign[0].title}” is not in a plan of {partnership.name}.",
            field="outcomes",
        )
    same = Theme.objects.filter(partnership=partnership, name__iexact=name)
    if theme is not None:
        same = same.exclude(pk=theme.pk)
    if same.exists():
        raise ThemeError(f"There is already a theme called “{name}”.", field="name")
    with transaction.atomic():
        created = theme is None
        if theme is None:
            theme = Theme(partnership=partnership)
            before: dict[str, Any] = {}
            outcomes_before: list[str] = []
        else:
            theme = Theme.objects.select_for_update().get(pk=theme.pk)
            before = field_values(theme, THEME_FIELDS)
            outcomes_before = _outcome_titles(theme.outcomes.select_related("priority__plan"))
        theme.name = name
        theme.description = description.strip()
        theme.keywords = keywords_clean(keywords)
        try:
            with transaction.atomic():
                theme.save()
        except IntegrityError as error:  # two people saving the same name at once
            raise ThemeError(f"There is already a theme called “{name}”.", field="name") from error
        theme.outcomes.set(chosen)
        if not created:
            before["outcomes"] = outcomes_before
        after = field_values(theme, THEME_FIELDS)
        after["outcomes"] = _outcome_titles(chosen)
        changes = {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}
        if created or changes:
            audit_record(
                by=by,
                action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
                obj=theme,
                context=_context(partnership),
                changes=changes,
            )
    return theme


def theme_delete(*, theme: Theme, by: Any) -> None:
    """Delete a theme with its tags and unpublished replies; refused while it has a
    published reply (children were told about it: unpublish the reply first)."""
    partnership = theme.partnership
    _analyst_required(by, partnership, "delete themes")
    with transaction.atomic():
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        if theme.replies.filter(published_at__isnull=False).exists():
            raise ThemeError(
                f"“{theme.name}” has a published reply. Unpublish its replies before deleting it."
            )
        audit_record(
            by=by,
            action=AuditEvent.Action.DELETE,
            obj=theme,
            context=_context(partnership),
            note=f"{theme.tags.count()} answer(s) were tagged with it.",
        )
        theme.delete()


def _free_text_of(theme: Theme, answer: Answer) -> None:
    question = answer.question
    if question.kind != Question.Kind.FREE_TEXT:
        raise ThemeError("Only free-text answers are themed.")
    if question.audience.survey.partnership_id != theme.partnership_id:
        raise ThemeError("That answer is not to a survey of this theme's partnership.")


def tag_set(*, theme: Theme, answer: Answer, by: Any, suggested: bool = False) -> Tag:
    """Give a free-text answer a theme (``suggested``: the analyst accepted a suggestion).
    Tagging an answer already tagged with the theme changes nothing."""
    _analyst_required(by, theme.partnership, "theme answers")
    _free_text_of(theme, answer)
    with transaction.atomic():
        tag, created = Tag.objects.get_or_create(
            theme=theme,
            answer=answer,
            defaults={
                "suggested": suggested,
                "tagged_by_name": by.get_username() if by is not None else "",
            },
        )
        if created:
            audit_record(
                by=by,
                action=AuditEvent.Action.CREATE,
                obj=tag,
                context=_context(theme.partnership),
                changes={"suggested": [None, suggested]},
            )
    return tag


def tag_remove(*, theme: Theme, answer: Answer, by: Any) -> bool:
    """Take a theme off an answer; whether it had it."""
    _analyst_required(by, theme.partnership, "theme answers")
    with transaction.atomic():
        tag = Tag.objects.select_for_update().filter(theme=theme, answer=answer).first()
        if tag is None:
            return False
        audit_record(
            by=by, action=AuditEvent.Action.DELETE, obj=tag, context=_context(theme.partnership)
        )
        tag.delete()
    return True


def _reply_links_check(
    partnership: Partnership, commitment: Commitment | None, action: Action | None
) -> None:
    if commitment is not None and commitment.plan.partnership_id != partnership.pk:
        raise ThemeError(
            f"The commitment “{commitment.title}” is not in a plan of {partnership.name}.",
            field="commitment",
        )
    if action is not None and action.body.partnership_id != partnership.pk:
        raise ThemeError(f"That action is not one of {partnership.name}'s boards'.", field="action")


def reply_save(
    *,
    theme: Theme,
    by: Any,
    you_said: str,
    we_did: str,
    status: str = ThemeReply.Status.PLANNED,
    organisation: Organisation | None = None,
    commitment: Commitment | None = None,
    action: Action | None = None,
    reply: ThemeReply | None = None,
) -> ThemeReply:
    """A new reply to ``theme`` (``reply`` None) or a change to one. ``organisation`` None is
    the partnership's reply (analysts and administrators); a partner's reply may be written
    by a contributor who works for it. A reply keeps the organisation it was written for."""
    partnership = theme.partnership
    if reply is not None:
        if reply.theme_id != theme.pk:
            raise ThemeError("That reply is not to this theme.")
        organisation = reply.organisation
    org_id = organisation.pk if organisation is not None else None
    if by is not None and not access.reply_editable(by, partnership, org_id):
        who = organisation.name if organisation else partnership.name
        raise ThemeError(f"You may not write {who}'s replies.")
    you_said, we_did = you_said.strip(), we_did.strip()
    if not you_said:
        raise ThemeError("Enter what children and young people said", field="you_said")
    if not we_did:
        raise ThemeError("Enter what was done, or will be done, about it", field="we_did")
    if status not in ThemeReply.Status.values:
        raise ThemeError("Choose how far the reply has got", field="status")
    _reply_links_check(partnership, commitment, action)
    with transaction.atomic():
        created = reply is None
        if reply is None:
            reply = ThemeReply(theme=theme, organisation=organisation)
            before: dict[str, Any] = {}
        else:
            reply = ThemeReply.objects.select_for_update().get(pk=reply.pk)
            before = field_values(reply, REPLY_FIELDS)
        reply.you_said, reply.we_did, reply.status = you_said, we_did, status
        reply.commitment, reply.action = commitment, action
        reply.save()
        audit_saved(
            by=by,
            obj=reply,
            created=created,
            before=before,
            fields=REPLY_FIELDS,
            context=_context(partnership),
        )
    return reply


def _reply_editable_required(reply: ThemeReply, by: Any, what: str) -> None:
    partnership = reply.theme.partnership
    if by is not None and not access.reply_editable(by, partnership, reply.organisation_id):
        who = reply.organisation.name if reply.organisation else partnership.name
        raise ThemeError(f"You may not {what} {who}'s replies.")


def reply_publish(*, reply: ThemeReply, by: Any) -> ThemeReply:
    """Publish a reply on the "you said, we did" page and in the board pack. Publishing one
    already published keeps its first date."""
    _reply_editable_required(reply, by, "publish")
    with transaction.atomic():
        reply = ThemeReply.objects.select_for_update().get(pk=reply.pk)
        if reply.published_at is None:
            reply.published_at = timezone.now()
            reply.save(update_fields=["published_at", "updated_at"])
            audit_record(
                by=by,
                action=AuditEvent.Action.UPDATE,
                obj=reply,
                context=_context(reply.theme.partnership),
                changes={"published_at": [None, reply.published_at.isoformat()]},
                note="Published",
            )
    return reply


def reply_unpublish(*, reply: ThemeReply, by: Any) -> ThemeReply:
    """Take a reply off the "you said, we did" page (and future board packs)."""
    _reply_editable_required(reply, by, "unpublish")
    with transaction.atomic():
        reply = ThemeReply.objects.select_for_update().get(pk=reply.pk)
        if reply.published_at is not None:
            was = reply.published_at.isoformat()
            reply.published_at = None
            reply.save(update_fields=["published_at", "updated_at"])
            audit_record(
                by=by,
                action=AuditEvent.Action.UPDATE,
                obj=reply,
                context=_context(reply.theme.partnership),
                changes={"published_at": [was, None]},
                note="Unpublished",
            )
    return reply
