"""Board packs: each build of a plan's report for a reporting period, its progress while it is
built in the background, and, once published, its files, kept unchanged for good."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BoardPack(models.Model):
    """One build of the board pack for a plan and a reporting period.

    A pack is built by a background task (``cypp.reports.tasks``), which reports its
    progress here. A built pack can be read and downloaded as a draft; publishing it
    (``board_pack_publish``) freezes it: its HTML and PDF files and the data they were built
    from (``data_as_of``) never change again, and the period's commentary is locked.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        BUILDING = "building", "Being built"
        READY = "ready", "Ready to check"
        FAILED = "failed", "Failed"
        PUBLISHED = "published", "Published"

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="board_packs")
    period = models.ForeignKey(
        "commentary.ReportingPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_packs",
    )
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    # The newest import batch and plan change the pack was built from: its data snapshot.
    data_as_of = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The pack's HTML (cover to glossary) as built: the page shows it, the PDF was made from it.
    html_file = models.FileField(upload_to="board-packs/", blank=True)
    pdf_file = models.FileField(upload_to="board-packs/", blank=True)
    html_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # Each measure's status and rating when the pack was built: the next pack's "changes
    # since the last pack" compares with the last published pack's snapshot.
    snapshot = models.JSONField(default=dict, blank=True)
    # The pack's tables as built, for the CSV and XLSX downloads: {key: {caption, columns, rows}}.
    tables = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # Nothing stuck: the build beats at each step; a pack "being built" whose beat is older than
    # BOARD_PACK_STALLED_MINUTES lost its worker (killed, out of memory, machine restarted) and
    # is marked failed (``board_pack_recover_stalled``). Each build has its own attempt id, so a
    # build that was given up for dead cannot overwrite a newer build of the same pack.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    build_attempt = models.CharField(max_length=32, blank=True)
    # Readiness: the gaps (commentary not approved, stale data, overdue actions...) that were
    # open when the officer asked for the build and accepted them, as the readiness check
    # listed them: {"accepted_by", "accepted_at", "gaps": [{"kind", "count", "items"}]}. Empty
    # when there were none. Publishing lists them again.
    accepted_gaps = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"],
                condition=models.Q(status="published"),
                name="one_published_pack_per_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.PUBLISHED)


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
