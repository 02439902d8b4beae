"""Writes for family records and early help roles: recording and withdrawing evidence,
giving and taking away early help roles. Each is atomic and recorded in the partnership's
audit trail, which its administrators read: so the records say who did what to which kind
of thing, never a family's reference, an evidence value or a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import actor_name, audit_context, audit_record
from cypp.accounts.models import AuditEvent, Partnership, PartnershipRole
from cypp.accounts.selectors import access_forget
from cypp.errors import ApplicationError
from cypp.families import access
from cypp.families.evaluation import framework_of
from cypp.families.hashing import Hasher
from cypp.families.models import (
    EarlyHelpRole,
    Evidence,
    Family,
    FamilyView,
    Member,
    Professional,
)
from cypp.families.selectors_records import SOURCES, framework_evidence_types

SOURCE_CODES = frozenset(code for code, _ in SOURCES)


class RecordsError(ApplicationError):
    """A refused change to a family record or an early help role."""


def family_view_record(family: Family, *, by: Any, what: str) -> FamilyView:
    """Log that ``by`` viewed ``what`` of the family ("family record", "audit page"): every
    view of family-level data is logged, for the partnership's administrators to read."""
    return FamilyView.objects.create(
        partnership_id=family.partnership_id,
        family=family,
        user=by if getattr(by, "is_authenticated", False) else None,
        user_name=actor_name(by),
        what=what,
    )


def evidence_record(
    family: Family,
    *,
    by: Any,
    outcome_code: str,
    evidence_type: str,
    date: dt.date,
    value: float,
    source: str,
    note: str = "",
    member: Member | None = None,
) -> Evidence:
    """Record a piece of evidence about the family, entered by its lead practitioner or
    their manager; the family's outcomes are judged with it from now on."""
    if not access.evidence_addable(by, family):
        raise RecordsError(
            "Only the family's lead practitioner or their manager can record evidence."
        )
    declared = framework_evidence_types(framework_of(family.partnership))
    if outcome_code not in declared:
        raise RecordsError("Choose one of the framework's outcomes.", field="outcome_code")
    if evidence_type not in declared[outcome_code]:
        raise RecordsError(
            "Choose an evidence type the framework uses for this outcome.", field="evidence_type"
        )
    if source not in SOURCE_CODES:
        raise RecordsError("Choose where the evidence comes from.", field="source")
    if member is not None and member.family_id != family.pk:
        raise RecordsError("Choose a member of this family.", field="member")
    if date > timezone.localdate():
        raise RecordsError("The date of the evidence must be today or in the past.", field="date")
    with transaction.atomic():
        evidence = Evidence.objects.create(
            family=family,
            member=member,
            outcome_code=outcome_code,
            evidence_type=evidence_type,
            date=date,
            value=float(value),
            source=source,
            note=note.strip(),
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        # No value, date or note in the trail: its readers need not be able to see the family.
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=evidence,
            context=audit_context(partnership=family.partnership),
        )
    return evidence


def evidence_withdraw(evidence: Evidence, *, by: Any, reason: str) -> Evidence:
    """Mark a piece of evidence entered by mistake as withdrawn: it stays on the record
    (struck through, with the reason) and judging no longer counts it."""
    if not access.evidence_addable(by, evidence.family):
        raise RecordsError(
            "Only the family's lead practitioner or their manager can withdraw evidence."
        )
    if evidence.withdrawn_at is not None:
        raise RecordsError("This evidence has already been withdrawn.")
    if not reason.strip():
        raise RecordsError("Say why the evidence is withdrawn.", field="reason")
    with transaction.atomic():
        evidence.withdrawn_at = timezone.now()
        evidence.withdrawn_reason = reason.strip()
        evidence.withdrawn_by = by if getattr(by, "is_authenticated", False) else None
        evidence.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=evidence,
            context=audit_context(partnership=evidence.family.partnership),
            changes={"withdrawn": [False, True]},
        )
    return evidence


def _role_fields(role: EarlyHelpRole) -> dict[str, str]:
    """How a role reads in the audit trail: the professional's job title and agency, never
    their hashed id."""
    professional = role.professional
    return {
        "early help role": role.get_kind_display(),
        "practitioner": (
            f"{professional.job_title or 'practitioner'}, {professional.agency or 'no agency'}"
            if professional
            else ""
        ),
        "agency": role.agency,
    }


def early_help_role_give(
    *,
    by: Any,
    partnership: Partnership,
    user: Any,
    kind: str,
    professional_id: str = "",
    agency: str = "",
) -> EarlyHelpRole:
    """Give a person with a role in the partnership an early help role (replacing the one
    they had): a practitioner is matched to a professional in the extract by the id typed
    (hashed, never kept); a manager manages one agency of the extract."""
    if not access.roles_manageable(by, partnership):
        raise RecordsError("Only the partnership's administrators give early help roles.")
    if not PartnershipRole.objects.filter(user=user, partnership=partnership).exists():
        raise RecordsError(
            f"{user.get_username()} has no role in {partnership.name}: give them one first.",
            field="user",
        )
    professional = None
    if kind == EarlyHelpRole.Kind.PRACTITIONER:
        if not professional_id.strip():
            raise RecordsError(
                "Enter the practitioner's id in the case management system.",
                field="professional_id",
            )
        key_hash = Hasher(partnership)("professional", professional_id)
        professional = Professional.objects.filter(
            partnership=partnership, key_hash=key_hash
        ).first()
        if professional is None:
            raise RecordsError(
                "No professional with that id is in the partnership's case management extract. "
                "Check the id, or import an extract that includes them.",
                field="professional_id",
            )
        agency = ""
    elif kind == EarlyHelpRole.Kind.MANAGER:
        if not agency:
            raise RecordsError("Choose the agency they manage.", field="agency")
    elif kind == EarlyHelpRole.Kind.AUDITOR:
        agency = ""
    else:
        raise RecordsError("Choose an early help role.", field="kind")
    with transaction.atomic():
        role = (
            # Only the role's row is locked: PostgreSQL cannot lock the professional's side
            # of the outer join.
            EarlyHelpRole.objects.select_for_update(of=("self",))
            .filter(user=user, partnership=partnership)
            .select_related("professional")
            .first()
        )
        before = _role_fields(role) if role else {}
        created = role is None
        if role is None:
            role = EarlyHelpRole(user=user, partnership=partnership)
        role.kind, role.professional, role.agency = kind, professional, agency
        role.save()
        after = _role_fields(role)
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=role,
            context=audit_context(partnership=partnership),
            changes={k: [before.get(k, ""), v] for k, v in after.items() if before.get(k) != v},
        )
    access_forget(user)
    return role


def early_help_role_remove(*, by: Any, role: EarlyHelpRole) -> None:
    """Take away a person's early help role: they see the family counts only, as their plan
    role allows; what they recorded stays."""
    if not access.roles_manageable(by, role.partnership):
        raise RecordsError("Only the partnership's administrators take away early help roles.")
    with transaction.atomic():
        audit_record(
            by=by,
            action=AuditEvent.Action.DELETE,
            obj=role,
            context=audit_context(partnership=role.partnership),
            changes={k: [v, ""] for k, v in _role_fields(role).items() if v},
        )
        role.delete()
