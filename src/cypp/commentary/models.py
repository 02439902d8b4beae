"""Reporting periods and the leads' words for each: commentary on every measure in the
results-based accountability shape, and qualitative evidence (case studies, quotes) for the
outcomes that data cannot measure.

Both go through the same workflow (draft, submitted, then approved or returned with a
reason) and are locked once the period's board pack is published. Every change of text
keeps the text it replaced (``CommentaryRevision``) and is recorded in the audit trail
under ``plan:<key>``. Writes happen only in ``cypp.commentary.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cypp.plans.models import Measure, Outcome, Plan


class ReportingPeriod(models.Model):
    """A period the partnership reports on (a quarter by default), with its timetable."""

    class Frequency(models.TextChoices):
        QUARTERLY = "quarterly", "Quarterly"
        HALF_YEARLY = "half-yearly", "Half-yearly"
        ANNUAL = "annual", "Annual"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_periods")
    key = models.SlugField(max_length=40, help_text="e.g. 2016-q3")
    label = models.CharField(max_length=100, help_text="e.g. July to September 2016")
    start = models.DateField()
    end = models.DateField()
    commentary_due = models.DateField("commentary due")
    signoff_due = models.DateField("sign-off due")
    meeting_date = models.DateField("board meeting", null=True, blank=True)
    locked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the period's board pack is published."
    )

    class Meta:
        ordering = ["plan", "start"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="reporting_period_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"


class Reviewed(models.Model):
    """What commentary and evidence share: who wrote it, its place in the workflow."""

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)

    # The text fields a revision keeps (set by each model).
    TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    period: models.ForeignKey[ReportingPeriod, ReportingPeriod]

    @property
    def is_locked(self) -> bool:
        return self.period.locked_at is not None

    def text_values(self) -> dict[str, object]:
        return {f: getattr(self, f) for f in self.TEXT_FIELDS}


class MeasureCommentary(Reviewed):
    """The period's story behind the curve of one measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="commentaries")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="measure_commentaries"
    )
    story_behind_curve = models.TextField("the story behind the curve", blank=True)
    what_is_working = models.TextField("what is working", blank=True)
    next_steps = models.TextField("what we will do next", blank=True)
    partners = models.TextField("partners who help", blank=True)

    TEXT_FIELDS = ("story_behind_curve", "what_is_working", "next_steps", "partners")

    class Meta:
        ordering = ["period", "measure"]
        verbose_name_plural = "measure commentaries"
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_commentary_a_period")
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.measure} for {self.period}"


class QualitativeEvidence(Reviewed):
    """A case study or a quote from a child or family, for an outcome data cannot measure."""

    class Kind(models.TextChoices):
        CASE_STUDY = "case_study", "Case study"
        QUOTE = "quote", "Quote"
        OTHER = "other", "Other evidence"

    # A quote or a case study is a person's words or story: published only with consent.
    NEEDS_CONSENT = (Kind.CASE_STUDY, Kind.QUOTE)

    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, related_name="qualitative_evidence"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CASE_STUDY)
    title = models.CharField(max_length=200)
    text = models.TextField()
    attributed_to = models.CharField(
        max_length=200, blank=True, help_text="e.g. a parent; a young person, 15"
    )
    consent_recorded = models.BooleanField(default=False)
    consent_note = models.CharField(max_length=300, blank=True)

    TEXT_FIELDS = (
        "kind",
        "title",
        "text",
        "attributed_to",
        "consent_recorded",
        "consent_note",
    )

    class Meta:
        ordering = ["period", "outcome", "id"]
        verbose_name_plural = "qualitative evidence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def needs_consent(self) -> bool:
        return self.kind in self.NEEDS_CONSENT

    @property
    def publishable(self) -> bool:
        return self.status == Status.APPROVED and (self.consent_recorded or not self.needs_consent)


class CommentaryRevision(models.Model):
    """The text a save replaced, with who wrote it and when: the history of a commentary or
    a piece of evidence (exactly one of the two)."""

    commentary = models.ForeignKey(
        MeasureCommentary, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    evidence = models.ForeignKey(
        QualitativeEvidence,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    text = models.JSONField(default=dict, help_text="field: the text as it stood")
    status = models.CharField(max_length=20, choices=Status.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(commentary__isnull=False, evidence__isnull=True)
                    | models.Q(commentary__isnull=True, evidence__isnull=False)
                ),
                name="revision_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Revision written {self.written_at:%Y-%m-%d %H:%M}"
