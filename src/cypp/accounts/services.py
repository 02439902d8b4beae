"""Writes for accounts: people and their roles, every change audited (``accounts.audit``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from cypp.accounts.audit import (
    audit_context,
    audit_record,
    audit_saved,
    field_values,
)
from cypp.accounts.models import AuditEvent, Organisation, PartnershipRole, Person, Role
from cypp.accounts.selectors import access_forget
from cypp.errors import ApplicationError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class AccountsError(ApplicationError, ValueError):
    """A change to people or roles that is refused; the message is shown to the person."""


def _check_not_last_administrator(
    *, by: User | AnonymousUser | None, user: User, partnership: Any, doing: str
) -> None:
    """A partnership keeps at least one administrator, or nobody could give roles in it
    from the app again. Superusers and the command line (``by=None``) may still do it:
    they reach every partnership without a role."""
    if by is None or getattr(by, "is_superuser", False):
        return
    others = (
        PartnershipRole.objects.select_for_update()
        .filter(partnership=partnership, role=Role.ADMINISTRATOR)
        .exclude(user=user)
    )
    if not others.exists():
        who = "You are" if getattr(by, "pk", None) == user.pk else f"{user.get_username()} is"
        raise AccountsError(
            f"{who} the last administrator of {partnership} and cannot be {doing}: "
            "make someone else an administrator first."
        )


@transaction.atomic
def partnership_role_set(
    *,
    by: User | AnonymousUser | None,
    user: User,
    partnership: Any,
    role: str,
) -> PartnershipRole:
    """Give ``user`` this role in ``partnership`` (replacing any other) and record the change.

    ``partnership`` is a ``plans.Partnership``; giving the same role again records nothing.
    """
    if role not in Role.values:
        raise ValueError(f"No role {role!r}; choose one of {', '.join(Role.values)}.")
    current = (
        PartnershipRole.objects.select_for_update()
        .filter(user=user, partnership=partnership)
        .first()
    )
    before = current.role if current else None
    if before == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
        _check_not_last_administrator(by=by, user=user, partnership=partnership, doing="demoted")
    if current is None:
        current = PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    elif current.role != role:
        current.role = role
        current.save(update_fields=["role"])
    if before != role:
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE,
            obj=current,
            context=audit_context(partnership=partnership),
            changes={"role": [before, role]},
        )
    access_forget(user)
    return current


@transaction.atomic
def partnership_role_remove(
    *, by: User | AnonymousUser | None, user: User, partnership: Any
) -> None:
    """Take away ``user``'s role in ``partnership`` (if any) and record the change.

    The last administrator of a partnership cannot be removed (see
    ``_check_not_last_administrator``)."""
    current = (
        PartnershipRole.objects.select_for_update()
        .filter(user=user, partnership=partnership)
        .first()
    )
    if current is not None:
        if current.role == Role.ADMINISTRATOR:
            _check_not_last_administrator(
                by=by, user=user, partnership=partnership, doing="removed"
            )
        audit_record(
            by=by,
            action=AuditEvent.Action.DELETE,
            obj=current,
            context=audit_context(partnership=partnership),
            changes={"role": [current.role, None]},
        )
        current.delete()
    access_forget(user)


@transaction.atomic
def person_save(
    *,
    by: User | AnonymousUser | None,
    user: User,
    organisation: Organisation | None,
    display_name: str = "",
) -> Person:
    """Create or change a person's profile (their organisation decides what a contributor
    may edit, so a change is recorded like a role change)."""
    person = Person.objects.filter(user=user).first()
    created = person is None
    before = {} if person is None else field_values(person, _PERSON_FIELDS)
    if person is None:
        person = Person(user=user)
    person.organisation = organisation
    person.display_name = display_name
    person.save()
    audit_saved(
        by=by,
        obj=person,
        created=created,
        before=before,
        fields=_PERSON_FIELDS,
        context=audit_context(person=user),
    )
    access_forget(user)
    return person


_PERSON_FIELDS = ["organisation", "display_name"]


@dataclass(frozen=True, slots=True)
class Invitation:
    """The outcome of inviting someone: the person, and whether they were new (and so sent
    a link to set their password)."""

    user: User
    created: bool


def link_days() -> int:
    """How many days a set-password link works (invitations and resets alike): Django's
    ``PASSWORD_RESET_TIMEOUT``, in seconds, in whole days, at least one."""
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def _invitation_send(*, user_id: int, partnership_name: str, link_base: str, by_name: str) -> None:
    """E-mail a new person their single-use link to set a password (Django's password reset
    token: it stops working once the password is set, and after PASSWORD_RESET_TIMEOUT)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.get(pk=user_id)
    path = reverse(
        "accounts_admin:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    days = link_days()
    send_mail(
        subject=f"You are invited to {partnership_name} on CYPP",
        message=(
            f"{by_name} has invited you to work on the plans of {partnership_name} in CYPP, "
            "the children and young people's plan service.\n\n"
            f"Set your password here (the link works once, for {days} day"
            f"{'s' if days != 1 else ''}):\n{link_base.rstrip('/')}{path}\n\n"
            f"Your username is {user.get_username()}.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def person_invite(
    *,
    by: User | AnonymousUser | None,
    partnership: Any,
    email: str,
    name: str,
    organisation: Organisation | None,
    role: str,
    link_base: str,
) -> Invitation:
    """Invite a person by e-mail to a role in ``partnership``.

    Someone new gets an account (their e-mail address is their username; no usable password)
    and, once the transaction has committed, an e-mail with a single-use link to set their
    password (``link_base`` is the site's address, such as ``https://cypp.example.org``).
    Someone who already has an account with that address is only given the role: their
    name, organisation and password are theirs to keep.
    """
    from django.contrib.auth import get_user_model

    address = (email or "").strip()
    if "@" not in address:
        raise AccountsError("Enter an e-mail address in the correct format, like name@example.org")
    if role not in Role.values:
        raise AccountsError(f"No role {role!r}; choose one of {', '.join(Role.values)}.")
    name = (name or "").strip()
    model = get_user_model()
    matches = list(model.objects.filter(email__iexact=address)[:2])
    if len(matches) > 1:
        raise AccountsError(
            f"More than one account has the e-mail address {address}: ask a site "
            "administrator to give the role in the Django admin."
        )
    if matches:
        partnership_role_set(by=by, user=matches[0], partnership=partnership, role=role)
        return Invitation(user=matches[0], created=False)
    if not name:
        raise AccountsError("Enter the person's name")
    username = address.lower()[:150]
    if model.objects.filter(username__iexact=username).exists():
        raise AccountsError(f"The username {username} is taken by an account with another e-mail")
    user = model.objects.create_user(username=username, email=address)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    audit_record(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=user,
        context=audit_context(partnership=partnership),
        changes={"username": [None, username], "email": [None, user.email]},
        note=f"Invited to {partnership} by e-mail",
    )
    person_save(by=by, user=user, organisation=organisation, display_name=name)
    partnership_role_set(by=by, user=user, partnership=partnership, role=role)
    by_name = str(getattr(by, "person", "") or "") if by is not None else ""
    if not by_name and by is not None and by.is_authenticated:
        by_name = by.get_username()
    # After the commit: a rolled-back invitation must not leave a link to nobody in an inbox.
    transaction.on_commit(
        lambda: _invitation_send(
            user_id=user.pk,
            partnership_name=str(partnership),
            link_base=link_base,
            by_name=by_name or "An administrator",
        )
    )
    return Invitation(user=user, created=True)
