"""Who may see what of a partnership's families: the strictest access in CYPP.

A family record (its members, episodes, evidence, claims) is seen only by:

- its **lead practitioner**: an early help practitioner whose professional record is the
  family's lead professional;
- their **early help manager**: a manager of the agency the family is led from;
- an **auditor** assigned to the family's claim in an audit.

Everyone else with a role in the partnership (any plan role, or an early help role that
does not reach this family) sees aggregates only, small numbers suppressed. There is no
exception for superusers or administrators: Django's ``has_perm`` lets a superuser do
everything, so these checks are plain functions, not ``rules`` predicates, and views use
them and nothing else. Administrators read the log of who viewed which family
(``log_readable``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cypp.accounts.models import Partnership
from cypp.accounts.selectors import access_get
from cypp.families.models import AuditCase, EarlyHelpRole, Family


def early_help_role(user: Any, partnership: Partnership) -> EarlyHelpRole | None:
    """The person's early help role in the partnership, if they have one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    # An early help role stands beside a role in the partnership, never alone: someone whose
    # partnership role is taken away loses the families with it, whoever forgets the other.
    if access_get(user).role_in(partnership.pk) is None:
        return None
    return (
        EarlyHelpRole.objects.filter(user=user, partnership=partnership)
        .select_related("professional")
        .first()
    )


def aggregates_readable(user: Any, partnership: Partnership) -> bool:
    """Anyone with a role in the partnership (plan or early help) reads the counts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if access_get(user).reads(partnership.pk):
        return True
    return early_help_role(user, partnership) is not None


def families_visible(user: Any, partnership: Partnership) -> QuerySet[Family]:
    """The families whose records this person may open (none without an early help role)."""
    role = early_help_role(user, partnership)
    families = Family.objects.filter(partnership=partnership)
    if role is None:
        return families.none()
    if role.kind == EarlyHelpRole.Kind.PRACTITIONER:
        if role.professional_id is None:
            return families.none()
        return families.filter(lead_professional_id=role.professional_id)
    if role.kind == EarlyHelpRole.Kind.MANAGER:
        if not role.agency:
            return families.none()
        return families.filter(lead_agency=role.agency)
    assigned = AuditCase.objects.filter(auditor=user, audit__partnership=partnership)
    return families.filter(Q(claims__audit_cases__in=assigned)).distinct()


def family_visible(user: Any, family: Family) -> bool:
    """Whether this person may open this family's record."""
    return families_visible(user, family.partnership).filter(pk=family.pk).exists()


def evidence_addable(user: Any, family: Family) -> bool:
    """The family's lead practitioner and their manager record evidence; auditors do not."""
    role = early_help_role(user, family.partnership)
    if role is None or role.kind == EarlyHelpRole.Kind.AUDITOR:
        return False
    return family_visible(user, family)


def audits_manageable(user: Any, partnership: Partnership) -> bool:
    """Early help managers make claims, draw audit samples and assign auditors."""
    role = early_help_role(user, partnership)
    return role is not None and role.kind == EarlyHelpRole.Kind.MANAGER


def findings_recordable(user: Any, case: AuditCase) -> bool:
    """Only the auditor assigned to a case records findings on it."""
    role = early_help_role(user, case.audit.partnership)
    return (
        role is not None
        and role.kind == EarlyHelpRole.Kind.AUDITOR
        and case.auditor_id == getattr(user, "pk", None)
    )


def log_readable(user: Any, partnership: Partnership) -> bool:
    """The partnership's administrators read who viewed which family."""
    return access_get(user).manages_roles(partnership.pk)


def roles_manageable(user: Any, partnership: Partnership) -> bool:
    """The partnership's administrators give and take away early help roles."""
    return access_get(user).manages_roles(partnership.pk)
