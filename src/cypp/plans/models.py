"""A partnership's plan as structured data: priorities (or pledges), outcomes, measures,
commitments, delivery principles, budget lines and the strategies it serves.

Every element has a ``key``, unique within its parent, so a plan file can be loaded over
an earlier version and matched element by element (a diff, not a replacement). Measures
point at indicators and areas in the evidence store; they never copy its values.
"""

from __future__ import annotations

from django.db import models

from cypp.accounts.models import Organisation, Partnership
from cypp.geography.models import Area
from cypp.indicators.models import Indicator


class Provenance(models.TextChoices):
    """Where an entered figure comes from. Estimates are never to be shown as fact."""

    MEASURED = "measured", "Measured"
    ESTIMATE = "estimate", "Estimate"
    MODELLED = "modelled", "Modelled"
    NATIONAL_RATE = "national_rate", "National rate applied locally"


ESTIMATED = (Provenance.ESTIMATE, Provenance.MODELLED, Provenance.NATIONAL_RATE)


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="member_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "Consultation"
        APPROVED = "approved", "Approved"
        ARCHIVED = "archived", "Archived"

    class PriorityWord(models.TextChoices):
        PRIORITY = "priority", "Priority"
        PLEDGE = "pledge", "Pledge"

    key = models.SlugField(max_length=80, unique=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    start = models.DateField("period start")
    end = models.DateField("period end")
    version = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField(max_length=200, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    succeeds = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    vision = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    priority_word = models.CharField(
        max_length=10, choices=PriorityWord.choices, default=PriorityWord.PRIORITY
    )
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["partnership__name", "-start"]

    def __str__(self) -> str:
        return self.title


class Subgroup(models.Model):
    """A subgroup or board of the partnership that owns measures (e.g. Worcestershire's four)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="subgroups")
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="subgroup_key")]

    def __str__(self) -> str:
        return self.name


class DeliveryPrinciple(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="principles")
    key = models.SlugField(max_length=80)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="principle_key")]

    def __str__(self) -> str:
        return self.text[:80]


class StrategyLink(models.Model):
    """A wider strategy the plan delivers or sits beside (the Health and Wellbeing Strategy...)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategies")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    relation = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="strategy_key")]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A priority or pledge (the plan says which word it uses)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.CharField(max_length=200, blank=True)
    # The person who approves or returns the commentary on this priority's measures.
    lead_person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_priorities",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="priority_key")]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="outcomes")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "order"]
        constraints = [models.UniqueConstraint(fields=["priority", "key"], name="outcome_key")]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """How an outcome is measured: an indicator for an area, a baseline, a target, an owner.

    ``kind`` distinguishes population indicators (is the outcome improving for all
    children?) from performance measures of a service in results-based accountability's
    three questions (how much did we do, how well, is anyone better off).
    """

    class Kind(models.TextChoices):
        INDICATOR = "indicator", "Population indicator"
        HOW_MUCH = "how_much", "How much did we do?"
        HOW_WELL = "how_well", "How well did we do it?"
        BETTER_OFF = "better_off", "Is anyone better off?"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Increase"
        DECREASE = "decrease", "Decrease"
        MAINTAIN = "maintain", "Maintain"

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="measures")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INDICATOR)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="measures"
    )
    unit = models.CharField(max_length=120, blank=True, help_text="For measures with no indicator.")
    baseline_period = models.CharField(max_length=40, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_source = models.CharField(max_length=300, blank=True)
    baseline_provenance = models.CharField(max_length=20, choices=Provenance.choices, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_low = models.FloatField(null=True, blank=True)
    target_high = models.FloatField(null=True, blank=True)
    target_due = models.DateField(null=True, blank=True)
    target_direction = models.CharField(max_length=10, choices=Direction.choices, blank=True)
    target_note = models.CharField(max_length=300, blank=True)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    owner_subgroup = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    lead = models.CharField("named lead", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome", "order"]
        constraints = [models.UniqueConstraint(fields=["outcome", "key"], name="measure_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_target(self) -> bool:
        return self.target_value is not None or (
            self.target_low is not None and self.target_high is not None
        )

    @property
    def has_owner(self) -> bool:
        return bool(self.owner_organisation_id or self.owner_subgroup_id or self.lead)


class Milestone(models.Model):
    """An interim target on the way to a measure's final one."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField()
    value = models.FloatField()
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measure", "due"]

    def __str__(self) -> str:
        return f"{self.value} by {self.due}"


class MeasureValue(models.Model):
    """A figure the partnership enters itself for a period (local performance data)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="local_values")
    period = models.CharField(max_length=40)
    value = models.FloatField()
    provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.MEASURED
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="measure_value_period")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Commitment(models.Model):
    """An action the plan promises ("develop a 16+ service"), tracked to done."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead = models.CharField(max_length=200, blank=True)
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="commitment_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_note(self) -> ProgressNote | None:
        """The newest progress note (from the prefetched notes when there are some)."""
        notes = list(self.notes.all())
        return notes[-1] if notes else None


class CommitmentMilestone(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["commitment", "order"]

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField()
    text = models.TextField()
    author = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["commitment", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        RECONFIGURED = "reconfigured", "Reconfigured funding"
        INVESTMENT = "investment", "Investment"
        SAVINGS = "savings", "Savings"
        COST_AVOIDANCE = "cost_avoidance", "Cost avoidance"
        EXPECTED_RETURN = "expected_return", "Expected return"
        EXTERNAL_FUNDING = "external_funding", "External funding"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    priority = models.ForeignKey(
        Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="budget_lines"
    )
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    realised = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    period = models.CharField(max_length=60, blank=True)
    provenance = models.CharField(
        max_length=20, choices=Provenance.choices, default=Provenance.MEASURED
    )
    note = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="budget_key")]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """The plan as it stood before a later file replaced it: the file text, kept whole."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20, blank=True)
    document = models.TextField(help_text="The plan file (YAML) as it stood.")
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.CharField(max_length=150, blank=True)
    diff = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["plan", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version} (replaced {self.replaced_at:%Y-%m-%d})"


class DeletedItem(models.Model):
    """A part of a plan that a plan file or an edit deleted, kept whole so it can come back.

    ``snapshot`` holds the part and every row that hung from it (commentary with its
    revisions, figures, milestones, progress notes, governance links) as Django serialises
    them, with their ids, plus the rows that pointed at it and were set to none; restoring
    writes them back exactly (``cypp.plans.deleted_items``).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deleted_items")
    kind = models.CharField(max_length=40, help_text="e.g. measure, outcome, priority")
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True, help_text="Where it was in the plan file.")
    carried = models.JSONField(
        default=dict, blank=True, help_text="What it carried: {'commentaries': 2, ...}"
    )
    snapshot = models.JSONField(default=dict)
    deleted_at = models.DateTimeField(auto_now_add=True)
    deleted_by = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["plan", "-deleted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} of {self.plan} (deleted {self.deleted_at:%Y-%m-%d})"
