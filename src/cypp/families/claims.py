"""Claims and their audit, read: which families' results claims are ready and why not,
the claims of each period, an audit's sample, the evidence behind a sampled claim, the
risk signals that put a claim in the risk-based part of a sample, and an audit's result.

Writes are in ``cypp.families.services_claims``. Everything family-level here is for
people allowed to see the family (``cypp.families.access``); the counts are for anyone
who reads the partnership's aggregates.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from cypp.accounts.models import Partnership
from cypp.errors import ApplicationError
from cypp.families import access
from cypp.families.evaluation import FamilyJudgement, families_judged
from cypp.families.frameworks import evidence_type_label
from cypp.families.models import Audit, AuditCase, Claim, Evidence
from cypp.families.rules import FamilyResult, Status
from cypp.indicators.periods import ParsedPeriod, period_parse

# A risk signal: early help shorter than this is "short" (12 weeks).
SHORT_HELP_DAYS = 84
# A risk signal: a passing value within this share of its threshold is "just over" it.
JUST_OVER_SHARE = 0.05


class ClaimsError(ApplicationError):
    """A refusal about claims or their audit, with the reason in words."""


def financial_year(label: str) -> ParsedPeriod:
    """A financial year as CYPP writes it (``2024-25``), or a refusal in words."""
    try:
        parsed = period_parse(label, "financial")
    except ApplicationError as error:
        raise ClaimsError(
            f"{label!r} is not a financial year: write it as CYPP does, e.g. 2024-25."
        ) from error
    if parsed.period_type != "financial":
        raise ClaimsError(f"{label!r} is not a financial year: write it as 2024-25.")
    return parsed


# -- Readiness --------------------------------------------------------------------------------


def ready_on(result: FamilyResult) -> dt.date | None:
    """When the family's claim became ready: the latest date on which one of its needs was
    sustained (None while it is not ready)."""
    if not result.claim_ready:
        return None
    dates = [o.sustained_on for o in result.outcomes if o.code in result.needs and o.sustained_on]
    return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class NeedReadiness:
    code: str
    label: str
    status: str  # in words: "sustained", "met", "not yet"...
    sustained: bool
    reason: str


@dataclass(frozen=True, slots=True)
class FamilyReadiness:
    family_id: int
    reference: str
    ready: bool
    reason: str
    ready_on: dt.date | None
    needs: tuple[NeedReadiness, ...]
    claimed_in: str  # the period of its claim, or ""


def readiness_of(judgement: FamilyJudgement, claimed_in: str = "") -> FamilyReadiness:
    result = judgement.result
    return FamilyReadiness(
        family_id=judgement.family_id,
        reference=judgement.reference,
        ready=result.claim_ready,
        reason=result.claim_reason,
        ready_on=ready_on(result),
        needs=tuple(
            NeedReadiness(o.code, o.label, o.status.words, o.status == Status.SUSTAINED, o.reason)
            for o in result.outcomes
            if o.code in result.needs
        ),
        claimed_in=claimed_in,
    )


def readiness(
    partnership: Partnership, *, as_at: dt.date, family_ids: Iterable[int] | None = None
) -> list[FamilyReadiness]:
    """Each family's claim readiness as at ``as_at``: every need with its status and the
    reason in words. Callers pass only the families the person may see."""
    judged = families_judged(partnership, as_at=as_at, family_ids=family_ids)
    claimed = dict(
        Claim.objects.filter(family_id__in=[j.family_id for j in judged]).values_list(
            "family_id", "period"
        )
    )
    return [readiness_of(j, claimed.get(j.family_id, "")) for j in judged]


def readiness_for(user: Any, partnership: Partnership, *, as_at: dt.date) -> list[FamilyReadiness]:
    """Readiness of the families this person may see (none for most people)."""
    visible = list(access.families_visible(user, partnership).values_list("pk", flat=True))
    if not visible:
        return []
    return readiness(partnership, as_at=as_at, family_ids=visible)


# -- Claims by period ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodClaims:
    period: str
    made: int
    withdrawn: int
    audited: bool


def claims_by_period(partnership: Partnership) -> list[PeriodClaims]:
    """The count of claims made in each period and of those withdrawn after audit, latest
    period first."""
    rows = (
        Claim.objects.filter(family__partnership=partnership)
        .values("period")
        .annotate(
            made=Count("pk"),
            withdrawn=Count("pk", filter=Q(status=Claim.Status.WITHDRAWN)),
        )
        .order_by("-period")
    )
    audited = set(Audit.objects.filter(partnership=partnership).values_list("period", flat=True))
    return [
        PeriodClaims(r["period"], r["made"], r["withdrawn"], r["period"] in audited) for r in rows
    ]


def period_claims(partnership: Partnership, period: str) -> list[Claim]:
    return list(
        Claim.objects.filter(family__partnership=partnership, period=period)
        .select_related("family")
        .order_by("family__reference")
    )


# -- Risk signals -------------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _passes(comparison: str, threshold: float, value: float) -> bool:
    return {
        "at_least": value >= threshold,
        "at_most": value <= threshold,
        "below": value < threshold,
        "above": value > threshold,
    }.get(comparison, False)


def risk_signals(claims: Sequence[Claim]) -> dict[int, list[str]]:
    """{claim id: its risk signals in words}, for the risk-based part of an audit sample.

    The signals (each a reason an auditor can check):

    - evidence behind a claimed outcome entered by hand rather than imported;
    - an outcome met and sustained on a single reading of its rule's evidence;
    - early help shorter than 12 weeks;
    - a value that passed its rule within 5% of the threshold (only for thresholds above 1,
      so yes/no evidence, 0 or 1, is never "just over").
    """
    family_ids = {c.family_id for c in claims}
    readings: dict[int, list[tuple[str, str, dt.date, float, bool]]] = defaultdict(list)
    for family_id, code, kind, date, value, imported_id, row_hash in Evidence.objects.filter(
        family_id__in=family_ids, withdrawn_at__isnull=True
    ).values_list(
        "family_id", "outcome_code", "evidence_type", "date", "value", "imported_id", "row_hash"
    ):
        by_hand = imported_id is None and not row_hash
        readings[family_id].append((code, kind, date, value, by_hand))
    found: dict[int, list[str]] = {}
    for claim in claims:
        signals: list[str] = []
        spans: set[int] = set()
        for code, outcome in claim.outcomes.items():
            label = outcome.get("label", code)
            start = _date(outcome.get("start"))
            end = _date(outcome.get("end"))
            sustained = _date(outcome.get("sustained_on"))
            met = _date(outcome.get("met_on"))
            need_date = _date(outcome.get("need_date"))
            rule_type = outcome.get("rule_type", "")
            test = outcome.get("rule_test") or {}
            if start is None or sustained is None:
                continue
            if end is not None:
                spans.add((end - start).days)
            own = [r for r in readings[claim.family_id] if r[0] == code]
            low = need_date or start
            behind = [
                r
                for r in own
                if low <= r[2] <= sustained and r[1] in (rule_type, outcome.get("need_type"))
            ]
            if any(r[4] for r in behind):
                signals.append(f"{label}: evidence entered by hand rather than imported")
            rule_readings = [r for r in own if r[1] == rule_type and start < r[2] <= sustained]
            if len(rule_readings) == 1:
                signals.append(f"{label}: sustained on a single reading")
            comparison, threshold = test.get("comparison", ""), test.get("value")
            if threshold is not None and abs(float(threshold)) > 1 and met is not None:
                close = [
                    r
                    for r in rule_readings
                    if r[2] >= met
                    and _passes(comparison, float(threshold), r[3])
                    and abs(r[3] - float(threshold)) <= JUST_OVER_SHARE * abs(float(threshold))
                ]
                if close:
                    r = close[0]
                    signals.append(
                        f"{label}: {r[3]:g} on {r[2].day} {r[2]:%B %Y}, within 5% of its "
                        f"threshold ({outcome.get('rule_words', '')})".replace(" ()", "")
                    )
        if spans and min(spans) < SHORT_HELP_DAYS:
            signals.insert(0, f"early help lasted {min(spans) // 7} weeks, under 12")
        found[claim.pk] = signals
    return found


# -- The sample -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pick:
    claim: Claim
    chosen: str  # AuditCase.Chosen
    risk_reason: str


REASON_LENGTH = AuditCase._meta.get_field("risk_reason").max_length or 300


def _reason(signals: list[str]) -> str:
    """The signals in words, shortened to fit the case's reason (a claim with many outcomes
    can have many signals: the count is kept)."""
    text = "; ".join(signals)
    if len(text) <= REASON_LENGTH:
        return text
    more = f"… ({len(signals)} signals in all)"
    return text[: REASON_LENGTH - len(more)].rstrip("; ") + more


def sample_pick(claims: Sequence[Claim], *, size: int, risk_based: int, seed: int) -> list[Pick]:
    """The audit sample, reproducibly from ``seed``:

    1. the claims in order of their family's reference, shuffled with
       ``random.Random(seed).shuffle``;
    2. by risk: in that shuffled order, the claims with at least one risk signal, most
       signals first (ties keep the shuffled order), the first ``risk_based`` of them;
    3. at random: the rest of the sample, the first claims in the shuffled order not
       already chosen (also filling any risk-based places no risky claim took).
    """
    ordered = sorted(claims, key=lambda c: c.family.reference)
    random.Random(seed).shuffle(ordered)
    signals = risk_signals(ordered)
    risky = sorted((c for c in ordered if signals[c.pk]), key=lambda c: -len(signals[c.pk]))
    picks = [Pick(c, AuditCase.Chosen.RISK, _reason(signals[c.pk])) for c in risky[:risk_based]]
    taken = {p.claim.pk for p in picks}
    for claim in ordered:
        if len(picks) >= size:
            break
        if claim.pk not in taken:
            picks.append(Pick(claim, AuditCase.Chosen.RANDOM, ""))
    return picks


# -- An audit -------------------------------------------------------------------------------------


def audit_of(partnership: Partnership, period: str) -> Audit | None:
    return Audit.objects.filter(partnership=partnership, period=period).first()


def audit_cases(audit: Audit) -> list[AuditCase]:
    return list(audit.cases.select_related("claim__family", "auditor").prefetch_related("findings"))


def cases_visible(user: Any, audit: Audit) -> list[AuditCase]:
    """The cases this person may open: a manager those of the families they may see, an
    auditor those assigned to them; nobody else any."""
    visible = set(access.families_visible(user, audit.partnership).values_list("pk", flat=True))
    return [c for c in audit_cases(audit) if c.claim.family_id in visible]


def case_visible(user: Any, case: AuditCase) -> bool:
    """The assigned auditor and the managers allowed to see the family open a case page."""
    if not access.family_visible(user, case.claim.family):
        return False
    role = access.early_help_role(user, case.audit.partnership)
    if role is None:
        return False
    if role.kind == role.Kind.AUDITOR:
        return bool(case.auditor_id == user.pk)
    return role.kind == role.Kind.MANAGER


def case_missing(case: AuditCase) -> list[str]:
    """The claimed outcomes (codes) of a case with no finding yet."""
    found = {f.outcome_code for f in case.findings.all()}
    return [code for code in case.claim.outcomes if code not in found]


def case_upheld(case: AuditCase) -> bool | None:
    """True: every claimed outcome upheld; False: any not upheld; None: findings missing."""
    findings = list(case.findings.all())
    if any(not f.upheld for f in findings):
        return False
    if case_missing(case):
        return None
    return True


@dataclass(frozen=True, slots=True)
class AuditResult:
    sampled: int
    complete: int  # cases with a finding on every claimed outcome
    upheld: int  # complete, every outcome upheld
    not_upheld: int  # complete, any outcome not upheld
    completed: bool  # the audit was completed (its claims not upheld withdrawn)

    @property
    def in_progress(self) -> int:
        return self.sampled - self.complete

    @property
    def share_upheld(self) -> float | None:
        """Upheld as a share of the cases with complete findings."""
        return self.upheld / self.complete if self.complete else None

    def as_dict(self) -> dict[str, Any]:
        share = self.share_upheld
        return {
            "sampled": self.sampled,
            "complete": self.complete,
            "upheld": self.upheld,
            "not_upheld": self.not_upheld,
            "share_upheld": None if share is None else round(share, 4),
            "completed": self.completed,
        }


def audit_result(audit: Audit) -> AuditResult:
    cases = audit_cases(audit)
    complete = [c for c in cases if not case_missing(c)]
    upheld = sum(1 for c in complete if case_upheld(c))
    return AuditResult(
        sampled=len(cases),
        complete=len(complete),
        upheld=upheld,
        not_upheld=len(complete) - upheld,
        completed=audit.completed_at is not None,
    )


# -- The evidence behind a claimed outcome ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    date: dt.date
    evidence_type: str
    value: float
    source: str
    by_hand: bool
    role: str  # "need at entry", "met", "reading", "covers the end of the sustain period"
    withdrawn: bool = False  # withdrawn as a mistake since (judging now ignores it)
    label: str = ""  # the evidence type as the framework names it

    @property
    def words(self) -> str:
        return self.label or self.evidence_type.replace("_", " ")

    @property
    def source_words(self) -> str:
        return self.source.replace("_", " ")


@dataclass(frozen=True, slots=True)
class ClaimedOutcome:
    code: str
    label: str
    status: str
    reason: str
    need: str
    rule: str
    lines: tuple[EvidenceLine, ...] = field(default=())


def claimed_outcomes(claim: Claim) -> list[ClaimedOutcome]:
    """Each claimed outcome with the evidence behind it: the reading that showed the need
    at entry, and the readings of the rule's evidence from the start to the one that covers
    the end of the sustain period, each with its date and source."""
    evidence = list(
        Evidence.objects.filter(family_id=claim.family_id, outcome_code__in=list(claim.outcomes))
    )
    found = []
    for code, o in claim.outcomes.items():
        start, sustained = _date(o.get("start")), _date(o.get("sustained_on"))
        need_date, met = _date(o.get("need_date")), _date(o.get("met_on"))
        lines = []
        # The reading on or after the end of the sustain window shows the evidence covers
        # it (docs/families.md): the auditor needs to see it beside the others.
        covering = min(
            (
                e.date
                for e in evidence
                if e.outcome_code == code
                and e.evidence_type == o.get("rule_type")
                and sustained is not None
                and e.date >= sustained
            ),
            default=sustained,
        )
        for e in evidence:
            if e.outcome_code != code:
                continue
            by_hand = e.imported_id is None and not e.row_hash
            if e.evidence_type == o.get("need_type") and e.date == need_date:
                lines.append(
                    EvidenceLine(
                        e.date,
                        e.evidence_type,
                        e.value,
                        e.source,
                        by_hand,
                        "need at entry",
                        e.withdrawn_at is not None,
                        evidence_type_label(claim.framework, e.evidence_type),
                    )
                )
            elif (
                e.evidence_type == o.get("rule_type")
                and start is not None
                and covering is not None
                and start < e.date <= covering
            ):
                role = "met" if e.date == met else "reading"
                if e.date == covering and covering != met:
                    role = "covers the end of the sustain period"
                lines.append(
                    EvidenceLine(
                        e.date,
                        e.evidence_type,
                        e.value,
                        e.source,
                        by_hand,
                        role,
                        e.withdrawn_at is not None,
                        evidence_type_label(claim.framework, e.evidence_type),
                    )
                )
        lines.sort(key=lambda line: line.date)
        found.append(
            ClaimedOutcome(
                code,
                o.get("label", code),
                o.get("status", ""),
                o.get("reason", ""),
                o.get("need", ""),
                o.get("rule_words", ""),
                tuple(lines),
            )
        )
    return found
