"""Claims and their audit, written: making a period's claims, drawing the audit sample,
assigning auditors, recording findings and completing the audit. Each write is all or
nothing and recorded in the audit trail under the partnership's families context
(``families:<key>``), which no page of the partnership's history shows: a finding's reason
may speak of the family. Claims are recorded as counts only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cypp.accounts.audit import audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.families import access
from cypp.families.claims import (
    ClaimsError,
    audit_cases,
    case_missing,
    case_upheld,
    financial_year,
    period_claims,
    ready_on,
    sample_pick,
)
from cypp.families.evaluation import families_judged, framework_of
from cypp.families.models import (
    Audit,
    AuditCase,
    AuditFinding,
    Claim,
    EarlyHelpRole,
)
from cypp.families.rules import OutcomeResult

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A seed drawn when none is given: small enough to read out and type again.
SEED_LIMIT = 10**9


def families_context(partnership: Partnership) -> str:
    return f"families:{partnership.key}"


def _manager_required(by: Any, partnership: Partnership, what: str) -> None:
    """``by`` None is the command line (the operators who hold the database)."""
    if by is not None and not access.audits_manageable(by, partnership):
        raise ClaimsError(f"Only an early help manager in {partnership.name} may {what}.")


def _outcome_kept(result: OutcomeResult, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    """One claimed outcome as judged, kept on the claim (the audit page shows it)."""
    rule = result.rule
    test = rule.test if rule is not None else None

    def iso(d: dt.date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "label": result.label,
        "status": result.status.value,
        "reason": result.reason,
        "need": result.need.label if result.need else "",
        "need_type": result.need.evidence_type if result.need else "",
        "need_date": iso(result.need_reading.date if result.need_reading else None),
        "need_value": result.need_reading.value if result.need_reading else None,
        "rule_type": rule.evidence_type if rule else "",
        "rule_words": (
            f"{rule.evidence_type.replace('_', ' ')} {test.words}" if rule and test else ""
        ),
        "rule_test": {"comparison": test.comparison, "value": test.value} if test else None,
        "start": iso(start),
        "end": iso(end),
        "met_on": iso(result.met_on),
        "sustained_on": iso(result.sustained_on),
    }


@dataclass(frozen=True, slots=True)
class ClaimsMade:
    period: str
    made: int  # new claims
    already_claimed: int  # ready families claimed in this or an earlier period
    not_ready: int


def claims_make(partnership: Partnership, period: str, *, by: Any) -> ClaimsMade:
    """A claim for every family whose claim was ready by the end of ``period`` (a financial
    year, ``2024-25``) and that has never been claimed: a family is claimed once, in the
    first period it is claimed for. Judged as at the period's end; the claim keeps each
    need's status and reason as judged, and the framework. Making the same period's claims
    again adds only the families ready since."""
    parsed = financial_year(period)
    _manager_required(by, partnership, "make claims")
    with transaction.atomic():
        framework = framework_of(partnership)
        judged = families_judged(partnership, as_at=parsed.end, framework=framework)
        claimed = set(
            Claim.objects.filter(family__partnership=partnership).values_list(
                "family_id", flat=True
            )
        )
        new, already, not_ready = [], 0, 0
        made_on = timezone.localdate()
        for j in judged:
            ready = ready_on(j.result)
            if ready is None or ready > parsed.end:
                not_ready += 1
                continue
            if j.family_id in claimed:
                already += 1
                continue
            new.append(
                Claim(
                    family_id=j.family_id,
                    period=parsed.label,
                    framework=framework,
                    made_on=made_on,
                    made_by=by if by is not None and by.is_authenticated else None,
                    outcomes={
                        o.code: _outcome_kept(o, j.result.start, j.result.end)
                        for o in j.result.outcomes
                        if o.code in j.result.needs
                    },
                )
            )
        Claim.objects.bulk_create(new)
        if new:
            audit_record(
                by=by,
                action=AuditEvent.Action.CREATE,
                obj=partnership,
                context=families_context(partnership),
                changes={"claims": [0, len(new)]},
                note=f"{len(new)} claim(s) made for {parsed.label}",
            )
    return ClaimsMade(parsed.label, len(new), already, not_ready)


def audit_draw(
    partnership: Partnership,
    period: str,
    *,
    size: int,
    risk_based: int,
    seed: int | None = None,
    by: Any,
) -> Audit:
    """Draw the audit sample of ``period``'s claims (``cypp.families.claims.sample_pick``
    says how): ``risk_based`` of the ``size`` by risk, the rest at random, from ``seed``
    (drawn with ``secrets`` when not given, and recorded). One audit a period."""
    parsed = financial_year(period)
    _manager_required(by, partnership, "draw an audit sample")
    if size < 1:
        raise ClaimsError("The sample size must be at least 1.")
    if risk_based < 0 or risk_based > size:
        raise ClaimsError("The number chosen by risk must be from 0 to the sample size.")
    if seed is not None and not 0 <= seed < 2**63:
        raise ClaimsError("The seed must be a whole number from 0 to 9223372036854775807.")
    with transaction.atomic():
        if Audit.objects.filter(partnership=partnership, period=parsed.label).exists():
            raise ClaimsError(f"The claims of {parsed.label} already have an audit.")
        claims = [
            c for c in period_claims(partnership, parsed.label) if c.status == Claim.Status.CLAIMED
        ]
        if not claims:
            raise ClaimsError(f"There are no claims for {parsed.label} to audit.")
        if size > len(claims):
            raise ClaimsError(
                f"The sample size ({size}) is more than the {len(claims)} claim(s) of "
                f"{parsed.label}."
            )
        seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed
        picks = sample_pick(claims, size=size, risk_based=risk_based, seed=seed)
        audit = Audit.objects.create(
            partnership=partnership,
            period=parsed.label,
            size=size,
            risk_based=risk_based,
            seed=seed,
            drawn_by=by if by is not None and by.is_authenticated else None,
        )
        AuditCase.objects.bulk_create(
            AuditCase(audit=audit, claim=p.claim, chosen=p.chosen, risk_reason=p.risk_reason)
            for p in picks
        )
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=audit,
            context=families_context(partnership),
            changes={"size": [None, size], "risk_based": [None, risk_based], "seed": [None, seed]},
            note=f"Audit sample of {len(picks)} claim(s) drawn for {parsed.label}",
        )
    return audit


def _open(audit: Audit) -> None:
    """Refused once the audit is complete (read afresh: the caller's copy may be older)."""
    if Audit.objects.filter(pk=audit.pk, completed_at__isnull=False).exists():
        raise ClaimsError(f"The audit of {audit.period} is complete: it cannot change.")


def auditor_assign(case: AuditCase, auditor: User, *, by: Any) -> AuditCase:
    """Assign ``auditor`` (an auditor in the partnership) to a sampled claim; by a manager
    allowed to see the family."""
    partnership = case.audit.partnership
    _manager_required(by, partnership, "assign auditors")
    if by is not None and not access.family_visible(by, case.claim.family):
        raise ClaimsError("Only a manager of the family's agency may assign its auditor.")
    _open(case.audit)
    role = access.early_help_role(auditor, partnership)
    if role is None or role.kind != EarlyHelpRole.Kind.AUDITOR:
        raise ClaimsError(
            f"{auditor.get_full_name() or auditor.get_username()} is not an early help "
            f"auditor in {partnership.name}."
        )
    with transaction.atomic():
        before = case.auditor_id
        case.auditor = auditor
        case.save(update_fields=["auditor"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=case,
            context=families_context(partnership),
            changes={"auditor": [before, auditor.pk]},
        )
    return case


def finding_record(
    case: AuditCase, outcome_code: str, *, upheld: bool, reason: str, by: Any
) -> AuditFinding:
    """The assigned auditor's finding on one claimed outcome; recording it again revises
    it (the audit trail keeps what it said before)."""
    if by is None or not access.findings_recordable(by, case):
        raise ClaimsError("Only the auditor assigned to this claim may record its findings.")
    _open(case.audit)
    if outcome_code not in case.claim.outcomes:
        raise ClaimsError("That outcome is not one the claim made.", field="outcome")
    reason = (reason or "").strip()
    if not reason:
        raise ClaimsError("Give the reason for the finding.", field="reason")
    with transaction.atomic():
        finding = AuditFinding.objects.filter(case=case, outcome_code=outcome_code).first()
        before = {"upheld": finding.upheld, "reason": finding.reason} if finding is not None else {}
        if finding is None:
            finding = AuditFinding(case=case, outcome_code=outcome_code)
        finding.upheld, finding.reason, finding.by = upheld, reason, by
        finding.save()
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            obj=finding,
            context=families_context(case.audit.partnership),
            changes={
                "upheld": [before.get("upheld"), upheld],
                "reason": [before.get("reason"), reason],
            },
        )
    return finding


def audit_complete(audit: Audit, *, by: Any) -> Audit:
    """Complete the audit once every sampled claim has a finding on every claimed outcome;
    the claims not upheld (any outcome not upheld) are withdrawn."""
    _manager_required(by, audit.partnership, "complete an audit")
    _open(audit)
    with transaction.atomic():
        cases = audit_cases(audit)
        missing = sum(1 for c in cases if case_missing(c))
        if missing:
            raise ClaimsError(
                f"The audit cannot be completed: {missing} of the {len(cases)} sampled "
                "claim(s) still need a finding on every claimed outcome."
            )
        withdrawn = [c.claim_id for c in cases if case_upheld(c) is False]
        Claim.objects.filter(pk__in=withdrawn).update(status=Claim.Status.WITHDRAWN)
        completed_at = timezone.now()
        audit.completed_at = completed_at
        audit.save(update_fields=["completed_at"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=audit,
            context=families_context(audit.partnership),
            changes={
                "completed_at": [None, completed_at.isoformat()],
                "claims withdrawn": [0, len(withdrawn)],
            },
        )
    return audit
