"""Early help: the families a partnership works with, taken from pseudonymised extracts of
its case management system in the Standard Safeguarding Dataset (SSD) shape, the outcomes
framework their progress is judged against, the evidence, the claims and their audit.

CYPP is not a case management system. Every id from the extract is kept only as a keyed
hash (``key_hash``, HMAC-SHA256 under the partnership's key, ``cypp.families.hashing``), so
the store can match a re-import row for row without holding the council's ids. Names and
full dates of birth are kept only where the partnership has turned on identifiable data
(``FamiliesSettings.identifiable_data``). Who may see a family is in
``cypp.families.access``: its lead practitioner, their agency's early help manager and the
auditors assigned to it; everyone else sees counts, small numbers suppressed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cypp.accounts.models import Partnership

# -- Outcome frameworks: versioned data, not code -------------------------------------------


class Framework(models.Model):
    """One version of an outcomes framework, loaded from a YAML file
    (``cypp families framework load FILE``; the format is in docs/families.md)."""

    key = models.SlugField(max_length=80)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    # The file as loaded (parsed, checked), so a later version never rewrites an earlier one.
    document = models.JSONField(default=dict)
    file_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="framework_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Outcome(models.Model):
    """A headline outcome of one framework version. ``code`` is stable across versions
    (``education``); ``label`` is this version's wording. ``descriptors`` are the needs
    that qualify a family and ``rules`` the success rules, both as the file gave them
    (checked by ``cypp.families.frameworks``; read by ``cypp.families.rules``)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="outcomes")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=300)
    order = models.PositiveIntegerField(default=0)
    descriptors = models.JSONField(default=list)
    rules = models.JSONField(default=list)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="outcome_code_unique")
        ]

    def __str__(self) -> str:
        return self.label


class FamiliesSettings(models.Model):
    """A partnership's early help settings: the framework its families are judged
    against and whether it holds identifiable data (names, full dates of birth)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="families_settings"
    )
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="partnerships"
    )
    identifiable_data = models.BooleanField(
        default=False,
        help_text="Keep names and full dates of birth from the case management extract. "
        "Off: names are refused and dates of birth kept as month and year only.",
    )
    # Extra pepper for the keyed hashes, made once per partnership (cypp.families.hashing).
    hash_salt = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name_plural = "families settings"

    def __str__(self) -> str:
        return f"Early help settings of {self.partnership}"


# -- Early help roles ------------------------------------------------------------------------


class EarlyHelpRole(models.Model):
    """A person's early help role in a partnership, beside (not instead of) their plan
    role: practitioners see the families they lead, managers the families led from their
    agency, auditors the families assigned to them in an audit."""

    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", "Early help practitioner"
        MANAGER = "manager", "Early help manager"
        AUDITOR = "auditor", "Auditor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="early_help_roles"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="early_help_roles"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A practitioner is a professional in the extract (their SSD professional id, hashed).
    professional = models.ForeignKey(
        "Professional", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    # A manager manages the practitioners of one agency (the episode's organisation).
    agency = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["partnership", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership"], name="one_early_help_role_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} in {self.partnership}"


# -- What the extract holds --------------------------------------------------------------------


class FamiliesImport(models.Model):
    """One import of an SSD extract directory: who, when, the files' fingerprints, counts."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="families_imports"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_by_name = models.CharField(max_length=150, blank=True)
    directory_name = models.CharField(max_length=300)
    # {file name: SHA-256}; the same files again change nothing.
    files = models.JSONField(default=dict)
    # {object: {"new": n, "changed": n, "unchanged": n}}
    counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.directory_name} on {self.imported_at:%d %B %Y}"


class Professional(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="early_help_professionals"
    )
    key_hash = models.CharField(max_length=64)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.CharField(max_length=200, blank=True)  # prof_professional_department
    team = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=200, blank=True)  # only with identifiable data

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key_hash"], name="professional_unique")
        ]

    def __str__(self) -> str:
        return f"Professional {self.key_hash[:8]}"


class Family(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="families")
    key_hash = models.CharField(max_length=64)
    # A short reference people can say aloud ("F-3K9Q2"), made from the hash, never the id.
    reference = models.CharField(max_length=12)
    # The lead practitioner: the worker on the family's latest episode (open first).
    lead_professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="families"
    )
    lead_agency = models.CharField(max_length=200, blank=True, db_index=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["reference"]
        verbose_name_plural = "families"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key_hash"], name="family_unique"),
            models.UniqueConstraint(
                fields=["partnership", "reference"], name="family_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Family {self.reference}"


class Member(models.Model):
    """A person in the extract, in one family (ssd_person joined to ssd_family)."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Female"
        MALE = "M", "Male"
        UNKNOWN = "U", "Not known"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="family_members"
    )
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    key_hash = models.CharField(max_length=64)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=10, blank=True)
    # Month and year of birth (day 1), or the full date with identifiable data on.
    born = models.DateField(null=True, blank=True)
    born_full_date = models.BooleanField(default=False)
    name = models.CharField(max_length=200, blank=True)  # only with identifiable data

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key_hash"], name="member_unique")
        ]

    def __str__(self) -> str:
        return f"Member {self.key_hash[:8]}"


class Episode(models.Model):
    """An early help episode (ssd_early_help_episodes): one person's, in their family."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="early_help_episodes"
    )
    key_hash = models.CharField(max_length=64)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="episodes")
    family = models.ForeignKey(
        Family, null=True, blank=True, on_delete=models.CASCADE, related_name="episodes"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    worker = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.SET_NULL, related_name="episodes"
    )

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key_hash"], name="episode_unique")
        ]

    def __str__(self) -> str:
        return f"Episode {self.key_hash[:8]} from {self.start:%d %B %Y}"


class Involvement(models.Model):
    """A professional's involvement with a person (ssd_involvements)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="early_help_involvements"
    )
    key_hash = models.CharField(max_length=64)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="involvements")
    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="involvements"
    )
    role = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    change_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key_hash"], name="involvement_unique")
        ]

    def __str__(self) -> str:
        return f"Involvement {self.key_hash[:8]}"


class Evidence(models.Model):
    """A dated piece of outcome evidence about a family or one of its members: school
    attendance, police, housing, employment, health; from ``family_outcome_evidence.csv``
    or entered by the family's practitioner."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="evidence")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    outcome_code = models.SlugField(max_length=60)
    evidence_type = models.SlugField(max_length=60)
    date = models.DateField()
    value = models.FloatField()
    source = models.CharField(max_length=60)
    note = models.TextField(blank=True)
    # Imported rows carry their row's hash (re-import matches them); entered rows do not.
    row_hash = models.CharField(max_length=64, blank=True, db_index=True)
    imported = models.ForeignKey(
        FamiliesImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A mistaken entry is withdrawn, never deleted: judging ignores it, the record keeps it.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_evidence_withdrawn",
    )

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["family", "outcome_code", "date"])]

    def __str__(self) -> str:
        # No type, date or value: this is what the audit trail and the admin show, and
        # they are read by people who may not see the family.
        return "Evidence for a family"


class Revision(models.Model):
    """What a row of the extract held before an import changed it: nothing loaded is lost."""

    imported = models.ForeignKey(FamiliesImport, on_delete=models.CASCADE, related_name="revisions")
    object_type = models.CharField(max_length=40)  # "member", "episode", "evidence", ...
    key_hash = models.CharField(max_length=64)
    before = models.JSONField()
    after = models.JSONField()

    def __str__(self) -> str:
        return f"{self.object_type} {self.key_hash[:8]} before import {self.imported_id}"


# -- Claims and their audit ------------------------------------------------------------------


class Claim(models.Model):
    """A results claim for a family in a period: every need at entry met and sustained
    under the framework's rules, as judged when the claim was made (kept in ``outcomes``)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        WITHDRAWN = "withdrawn", "Withdrawn after audit"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="claims")
    period = models.CharField(max_length=20)  # a financial year as CYPP writes it: 2024-25
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="claims")
    made_on = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CLAIMED)
    # {outcome code: {"status": ..., "reason": ...}} at the time of the claim.
    outcomes = models.JSONField(default=dict)

    class Meta:
        ordering = ["period", "family"]
        constraints = [
            models.UniqueConstraint(fields=["family", "period"], name="one_claim_per_period")
        ]

    def __str__(self) -> str:
        return f"Claim for family {self.family_id} in {self.period}"


class Audit(models.Model):
    """The audit of a period's claims: a sample drawn reproducibly (the seed is recorded)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="family_audits"
    )
    period = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    risk_based = models.PositiveIntegerField(help_text="How many of the sample are chosen by risk")
    seed = models.BigIntegerField()
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "period"], name="one_audit_per_period")
        ]

    def __str__(self) -> str:
        return f"Audit of {self.period} claims"


class AuditCase(models.Model):
    """A claim drawn into an audit: why it was chosen and the auditor assigned to it."""

    class Chosen(models.TextChoices):
        RANDOM = "random", "At random"
        RISK = "risk", "By risk"

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="audit_cases")
    chosen = models.CharField(max_length=10, choices=Chosen.choices)
    risk_reason = models.CharField(max_length=300, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="family_audit_cases",
    )

    class Meta:
        ordering = ["audit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "claim"], name="claim_once_per_audit")
        ]

    def __str__(self) -> str:
        return f"Audit case {self.pk} ({self.get_chosen_display()})"


class AuditFinding(models.Model):
    """An auditor's finding on one claimed outcome of a sampled family."""

    case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="findings")
    outcome_code = models.SlugField(max_length=60)
    upheld = models.BooleanField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "outcome_code"], name="one_finding_per_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.outcome_code}: {'upheld' if self.upheld else 'not upheld'}"


# -- Who looked ------------------------------------------------------------------------------


class FamilyView(models.Model):
    """Every view of a family record: who, when, what. Read by the partnership's
    administrators; never deleted by the application."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="family_views"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    user_name = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    what = models.CharField(max_length=200)  # the page, e.g. "family record", "audit page"

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_name} viewed {self.what} at {self.at:%Y-%m-%d %H:%M}"
