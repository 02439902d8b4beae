"""Writes to bodies: create and change a body, its members and how it relates to others."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from cypp.accounts.audit import field_values
from cypp.accounts.models import Organisation, Partnership, Person
from cypp.governance.models import Body, BodyMember, BodyRelation
from cypp.governance.services.common import (
    GovernanceError,
    UserLike,
    audit_changed,
    audit_created,
    text_required,
)

BODY_FIELDS = ["key", "name", "kind", "chair", "chair_name", "terms_of_reference", "order"]
# Path words under /governance/<partnership>/ that a body's key must not take.
RESERVED_KEYS = frozenset({"bodies", "relations", "actions", "your-actions"})


def _check_body(*, partnership: Partnership, key: str, kind: str, exclude: int | None) -> None:
    if not key:
        raise GovernanceError("Enter a key of letters, numbers and hyphens")
    if key in RESERVED_KEYS:
        raise GovernanceError(f"The key {key!r} is used by the site; choose another")
    if kind not in Body.Kind.values:
        raise GovernanceError(f"Choose the kind of body: {', '.join(Body.Kind.values)}")
    clash = Body.objects.filter(partnership=partnership, key=key)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise GovernanceError(f"{partnership} already has a body with the key {key!r}")


@transaction.atomic
def body_create(
    *,
    by: UserLike,
    partnership: Partnership,
    name: str,
    kind: str = Body.Kind.BOARD,
    key: str = "",
    chair: Person | None = None,
    chair_name: str = "",
    terms_of_reference: str = "",
    order: int = 0,
) -> Body:
    """A new board, subgroup, cabinet or scrutiny committee of the partnership."""
    name = text_required(name, "name of the body")
    key = slugify(key or name)[:80]
    _check_body(partnership=partnership, key=key, kind=kind, exclude=None)
    body = Body.objects.create(
        partnership=partnership,
        key=key,
        name=name,
        kind=kind,
        chair=chair,
        chair_name=chair_name.strip(),
        terms_of_reference=terms_of_reference.strip(),
        order=order,
    )
    audit_created(by=by, obj=body, body=body, fields=BODY_FIELDS)
    return body


@transaction.atomic
def body_update(
    *,
    by: UserLike,
    body: Body,
    name: str,
    kind: str,
    chair: Person | None,
    chair_name: str = "",
    terms_of_reference: str = "",
    order: int | None = None,
) -> Body:
    """Change a body's name, kind, chair or terms of reference (its key stays: it is in
    every address and audit record of the body)."""
    before = field_values(Body.objects.get(pk=body.pk), BODY_FIELDS)
    body.name = text_required(name, "name of the body")
    _check_body(partnership=body.partnership, key=body.key, kind=kind, exclude=body.pk)
    body.kind = kind
    body.chair = chair
    body.chair_name = chair_name.strip()
    body.terms_of_reference = terms_of_reference.strip()
    if order is not None:
        body.order = order
    body.save()
    audit_changed(by=by, obj=body, body=body, before=before, fields=BODY_FIELDS)
    return body


@transaction.atomic
def body_member_add(
    *,
    by: UserLike,
    body: Body,
    person: Person | None = None,
    organisation: Organisation | None = None,
    role: str = "",
) -> BodyMember:
    """Someone who sits on the body: a person, an organisation, or a person for one."""
    if person is None and organisation is None:
        raise GovernanceError("Choose a person or an organisation")
    order = body.members.count()
    member = BodyMember.objects.create(
        body=body, person=person, organisation=organisation, role=role.strip(), order=order
    )
    audit_created(by=by, obj=member, body=body, fields=["person", "organisation", "role"])
    return member


@transaction.atomic
def body_relation_add(
    *,
    by: UserLike,
    from_body: Body,
    to_body: Body,
    kind: str,
    two_way: bool = False,
) -> list[BodyRelation]:
    """An arrow of the governance chart. ``two_way`` with ``reports_to`` also records that
    ``to_body`` gives feedback to ``from_body`` (reporting and feedback both ways)."""
    if kind not in BodyRelation.Kind.values:
        raise GovernanceError("Choose how the bodies relate: reports to, or gives feedback to")
    if from_body.pk == to_body.pk:
        raise GovernanceError("A body cannot report to or give feedback to itself")
    if from_body.partnership_id != to_body.partnership_id:
        raise GovernanceError("Both bodies must belong to the same partnership")
    wanted = [(from_body, to_body, kind)]
    if two_way:
        other = (
            BodyRelation.Kind.GIVES_FEEDBACK_TO
            if kind == BodyRelation.Kind.REPORTS_TO
            else BodyRelation.Kind.REPORTS_TO
        )
        wanted.append((to_body, from_body, other))
    made = []
    for source, target, relation_kind in wanted:
        relation, created = BodyRelation.objects.get_or_create(
            from_body=source, to_body=target, kind=relation_kind
        )
        if created:
            audit_created(by=by, obj=relation, body=source, fields=["from_body", "kind", "to_body"])
        made.append(relation)
    return made
