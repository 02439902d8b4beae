"""Reads for a family's record, the log of who viewed family records, and the early help
roles of a partnership. Who may call which is decided in ``cypp.families.access``: these
functions read what they are asked for and nothing else."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from cypp.accounts.models import Partnership
from cypp.families.evaluation import NoFramework, families_judged, framework_of
from cypp.families.models import (
    EarlyHelpRole,
    Episode,
    Evidence,
    FamiliesSettings,
    Family,
    FamilyView,
    Framework,
    Member,
    Outcome,
    Professional,
)
from cypp.families.rules import OutcomeResult, Status

# The age bands of the family record (the same bands the cohort's counts use for children).
AGE_BANDS = ((0, 4, "0 to 4"), (5, 10, "5 to 10"), (11, 15, "11 to 15"), (16, 17, "16 to 17"))
ADULT_BANDS = ((18, 24, "18 to 24"),)

# The GOV.UK tag colour for each status, beside its word (colour never carries it alone).
STATUS_TAGS = {
    Status.SUSTAINED: "govuk-tag--green",
    Status.MET: "govuk-tag--turquoise",
    Status.NOT_YET: "govuk-tag--yellow",
    Status.LAPSED: "govuk-tag--red",
    Status.UNSET: "govuk-tag--grey",
    Status.NO_NEED: "govuk-tag--grey",
}


# The sources a piece of evidence comes from (the `source` column of the evidence file).
SOURCES = (
    ("school_attendance", "School attendance records"),
    ("police", "Police"),
    ("housing", "Housing"),
    ("employment", "Employment support"),
    ("health", "Health"),
    ("early_years", "Early years"),
    ("children_services", "Children's services"),
    ("practitioner", "The practitioner"),
)


# What each evidence type of the shared vocabulary means and the values it can take, so a
# mistyped value is caught at once. A type the framework adds beyond these takes any number.
EVIDENCE_TYPES: dict[str, tuple[str, float, float, bool]] = {
    # type: (words, lowest, highest, whole numbers only)
    "school_attendance_pct": ("School attendance over the term just ended (%)", 0, 100, False),
    "early_years_on_track": ("On track at a development review (1 yes, 0 no)", 0, 1, True),
    "health_needs_met": ("Health need being met (1 yes, 0 no)", 0, 1, True),
    "substance_use_in_treatment": ("Engaged with or completed treatment (1 yes, 0 no)", 0, 1, True),
    "family_conflict_reported": ("Significant conflict reported (1 yes, 0 no)", 0, 1, True),
    "exploitation_risk": ("A child at risk of abuse or exploitation (1 yes, 0 no)", 0, 1, True),
    "offences_6_months": ("Proven offences in the last 6 months", 0, 10_000, True),
    "domestic_abuse_incidents_6_months": (
        "Police-recorded domestic abuse incidents in the last 6 months",
        0,
        10_000,
        True,
    ),
    "housing_at_risk": ("At risk of losing their home (1 yes, 0 no)", 0, 1, True),
    "adult_in_work": ("An adult in work or a work programme (1 yes, 0 no)", 0, 1, True),
}


def evidence_type_words(kind: str, document: dict[str, Any] | None = None) -> str:
    """The evidence type in words: the framework file's label when it gives one (its
    ``document``), else the shared vocabulary's, else the code with spaces."""
    declared = (document or {}).get("evidence_types")
    entry = declared.get(kind) if isinstance(declared, dict) else None
    if isinstance(entry, dict) and entry.get("label"):
        return str(entry["label"])
    return (
        EVIDENCE_TYPES[kind][0] if kind in EVIDENCE_TYPES else kind.replace("_", " ").capitalize()
    )


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """Whole years from ``born`` to ``day`` (None when the date of birth is not known)."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(age: int | None) -> str:
    if age is None:
        return "not known"
    for low, high, words in (*AGE_BANDS, *ADULT_BANDS):
        if low <= age <= high:
            return words
    return "25 and over" if age >= 25 else "not known"


def member_role(age: int | None) -> str:
    """A child is under 18 at the start of early help; anyone older is an adult."""
    if age is None:
        return "not known"
    return "child under 18" if age < 18 else "adult"


@dataclass(frozen=True, slots=True)
class MemberRow:
    member: Member
    number: int  # 1, 2...: how the record names a member without identifiable data
    role: str
    band: str
    name: str

    @property
    def label(self) -> str:
        who = self.name or f"Member {self.number}"
        return f"{who}: {self.role}, aged {self.band}, {self.member.get_sex_display().lower()}"


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """A piece of evidence as the record shows it: the type, the member and the source in
    words."""

    piece: Evidence
    kind: str
    member: str
    source: str


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One headline outcome on the record: its status with the reason, the need at entry
    and every piece of evidence entered or imported for it, oldest first."""

    code: str
    label: str
    result: OutcomeResult | None
    evidence: list[EvidenceRow] = field(default_factory=list)

    @property
    def status_words(self) -> str:
        return self.result.status.words if self.result else "not judged"

    @property
    def tag_class(self) -> str:
        return STATUS_TAGS[self.result.status] if self.result else "govuk-tag--grey"

    @property
    def is_need(self) -> bool:
        return self.result is not None and self.result.status != Status.NO_NEED


@dataclass(frozen=True, slots=True)
class FamilyRecord:
    family: Family
    identifiable: bool
    start: dt.date | None
    end: dt.date | None
    members: list[MemberRow]
    episodes: list[tuple[Episode, str]]  # each with its member as the record names them
    lead: Professional | None
    outcomes: list[OutcomeRow]
    judged: bool  # False: no framework chosen, or no episode yet
    not_judged_reason: str
    claim_ready: bool
    claim_reason: str

    @property
    def has_evidence(self) -> bool:
        return any(o.evidence for o in self.outcomes)

    @property
    def needs(self) -> list[OutcomeRow]:
        return [o for o in self.outcomes if o.is_need]


def family_record(family: Family, *, as_at: dt.date) -> FamilyRecord:
    """Everything the family's record shows, judged as at ``as_at``: a fixed number of
    queries, however many members, episodes and pieces of evidence it has."""
    partnership = family.partnership
    identifiable = FamiliesSettings.objects.filter(
        partnership=partnership, identifiable_data=True
    ).exists()
    episodes = list(
        Episode.objects.filter(family=family).select_related("member", "worker").order_by("start")
    )
    start = min((e.start for e in episodes), default=None)
    end = None
    if episodes and all(e.end is not None for e in episodes):
        end = max(e.end for e in episodes if e.end is not None)
    members = _member_rows(family, start, identifiable)
    evidence = list(
        Evidence.objects.filter(family=family)
        .select_related("member", "recorded_by", "withdrawn_by")
        .order_by("date", "pk")
    )
    results: dict[str, OutcomeResult] = {}
    reason, claim_ready, claim_reason = "", False, ""
    outcomes: list[tuple[str, str]] = []
    document: dict[str, Any] = {}
    try:
        framework = framework_of(partnership)
    except NoFramework as error:
        reason = error.message
    else:
        document = framework.document
        outcomes = list(framework.outcomes.order_by("order", "code").values_list("code", "label"))
        judged = families_judged(
            partnership, as_at=as_at, family_ids=[family.pk], framework=framework
        )
        if judged:
            result = judged[0].result
            results = {o.code: o for o in result.outcomes}
            claim_ready, claim_reason = result.claim_ready, result.claim_reason
        else:
            reason = "The family has no early help episode starting on or before today."
    labels = {row.member.pk: row.label for row in members}
    sources = dict(SOURCES)
    by_outcome: dict[str, list[EvidenceRow]] = defaultdict(list)
    for piece in evidence:
        by_outcome[piece.outcome_code].append(
            EvidenceRow(
                piece,
                evidence_type_words(piece.evidence_type, document),
                labels.get(piece.member_id, "") if piece.member_id else "The whole family",
                sources.get(piece.source, piece.source.replace("_", " ")),
            )
        )
    known = {code for code, _ in outcomes}
    # Evidence for an outcome the framework does not name is still shown, never dropped.
    outcomes += [(code, code.replace("_", " ")) for code in sorted(set(by_outcome) - known)]
    lead = family.lead_professional
    return FamilyRecord(
        family=family,
        identifiable=identifiable,
        start=start,
        end=end,
        members=members,
        episodes=[(e, labels.get(e.member_id, "")) for e in episodes],
        lead=lead,
        outcomes=[
            OutcomeRow(code, label, results.get(code), by_outcome.get(code, []))
            for code, label in outcomes
        ],
        judged=bool(results),
        not_judged_reason=reason,
        claim_ready=claim_ready,
        claim_reason=claim_reason,
    )


def _member_rows(family: Family, start: dt.date | None, identifiable: bool) -> list[MemberRow]:
    """Members oldest first, each with their role and age band at the start of early help."""
    rows = []
    for number, member in enumerate(Member.objects.filter(family=family).order_by("born", "pk"), 1):
        age = age_on(member.born, start) if start else None
        name = member.name if identifiable else ""
        rows.append(MemberRow(member, number, member_role(age), age_band(age), name))
    return rows


def family_members(family: Family) -> list[MemberRow]:
    """The family's members as the record names them (for choosing one in a form)."""
    first = Episode.objects.filter(family=family).order_by("start").values_list("start", flat=True)
    identifiable = FamiliesSettings.objects.filter(
        partnership_id=family.partnership_id, identifiable_data=True
    ).exists()
    return _member_rows(family, first.first(), identifiable)


def framework_evidence_types(framework: Framework) -> dict[str, list[str]]:
    """The evidence types the framework declares for each outcome (its descriptors' and its
    rules'), in the order the file gives them, by outcome code."""
    found: dict[str, list[str]] = {}
    outcomes: QuerySet[Outcome] = framework.outcomes.order_by("order", "code")
    for outcome in outcomes:
        kinds: list[str] = []
        for part in (*outcome.descriptors, *outcome.rules):
            kind = part.get("evidence_type") if isinstance(part, dict) else None
            if kind and kind not in kinds:
                kinds.append(kind)
        found[outcome.code] = kinds
    return found


def family_views(
    partnership: Partnership,
    *,
    user_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[FamilyView]:
    """The views of the partnership's family records, newest first, filtered by person and
    by the day they were made (inclusive)."""
    views = FamilyView.objects.filter(partnership=partnership).select_related("family")
    if user_id is not None:
        views = views.filter(user_id=user_id)
    if since is not None:
        views = views.filter(at__date__gte=since)
    if until is not None:
        views = views.filter(at__date__lte=until)
    return views.order_by("-at", "-id")


def family_viewers(partnership: Partnership) -> list[tuple[int, str]]:
    """Everyone who has viewed one of the partnership's family records: (user id, name)."""
    return sorted(
        {
            (user_id, name)
            for user_id, name in FamilyView.objects.filter(
                partnership=partnership, user__isnull=False
            ).values_list("user_id", "user_name")
        },
        key=lambda pair: pair[1].lower(),
    )


def early_help_roles(partnership: Partnership) -> list[EarlyHelpRole]:
    return list(
        EarlyHelpRole.objects.filter(partnership=partnership)
        .select_related("user", "user__person", "professional")
        .order_by("kind", "user__username")
    )


def extract_agencies(partnership: Partnership) -> list[str]:
    """The agencies families are led from, and the agencies of the professionals, in the
    partnership's extract."""
    names: set[str] = set(
        Family.objects.filter(partnership=partnership)
        .exclude(lead_agency="")
        .values_list("lead_agency", flat=True)
    )
    names |= set(
        Professional.objects.filter(partnership=partnership)
        .exclude(agency="")
        .values_list("agency", flat=True)
    )
    return sorted(names, key=str.lower)


def person_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return (getattr(person, "display_name", "") or "") or user.get_username()
