"""The reports' own records: a board report's words, comparator groups. (The board pack
itself, ``BoardPack``, is a governance model: the agenda's papers point at it.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The board pack's model sits in governance since docs/adr/0016-layers.md (its table is
# still reports_boardpack); named here too for the reports code that builds it.
from cypp.governance.models import BoardPack as BoardPack


class BoardReport(models.Model):
    """The officer's words at the front of a plan's board report for one reporting period:
    the committee-report parts (purpose, recommendations, key messages, background,
    implications) and the meeting it goes to.

    Key messages and recommendations are drafted by CYPP from the judgements and the
    exceptions (``cypp.reports.board_pack.front``); the officer edits them before publishing.
    Both are kept: the draft as it stood when the officer first saved an edit, and the edited
    text. Every save is in the audit trail with its before and after. A pack built after a save
    uses the edited words; a pack built before any edit uses the fresh draft.
    """

    class Implication(models.TextChoices):
        FINANCIAL = "financial", "Financial"
        LEGAL = "legal", "Legal"
        EQUALITY = "equality", "Equality"
        SAFEGUARDING = "safeguarding", "Safeguarding"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="board_reports")
    period = models.ForeignKey(
        "commentary.ReportingPeriod",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="board_reports",
    )
    # The board meeting the report goes to (its agenda item and paper are made in governance).
    meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_reports",
    )
    lead_officer = models.CharField(
        max_length=200, blank=True, help_text="Name and job title, e.g. Jo Smith, Director"
    )
    author = models.CharField(max_length=200, blank=True, help_text="Name, job title and contact")
    purpose = models.TextField(blank=True)
    background = models.TextField(blank=True)
    # One recommendation or key message a line, as the officer left them.
    recommendations = models.TextField(blank=True)
    key_messages = models.TextField(blank=True)
    # As CYPP drafted them when the officer first edited them: [{"text", "kind", "measure"}].
    recommendations_draft = models.JSONField(default=list, blank=True)
    key_messages_draft = models.JSONField(default=list, blank=True)
    recommendations_edited = models.BooleanField(default=False)
    key_messages_edited = models.BooleanField(default=False)
    # Each implication is written by the officer or marked not applicable: {kind: text}, and
    # the kinds marked not applicable. A kind in neither is not yet considered.
    implications = models.JSONField(default=dict, blank=True)
    implications_not_applicable = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="one_board_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: board report, {self.period or 'no period'}"


class ComparatorGroup(models.Model):
    """A partnership's own group of local authorities to compare with in the explorer (the
    councils it benchmarks against besides the DfE statistical neighbours)."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="comparator_groups"
    )
    name = models.CharField(max_length=120)
    members = models.ManyToManyField("geography.Area", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="comparator_group_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
