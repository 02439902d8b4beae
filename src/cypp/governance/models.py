"""Governance: the bodies that run a partnership's plan, their meetings, what they resolve
and the actions that come back to the next meeting until they are done.

``PlanLink`` ties an agenda item, a resolution or an action to the pledge or priority,
outcome, measure or commitment it is about: one row per link, with exactly one subject and
exactly one plan item (both enforced by check constraints). That one table lets a measure
page, a plan's board pack and the minutes review ask the same question in one query.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q


def exactly_one(*fields: str) -> Q:
    """A condition true when exactly one of these nullable foreign keys is set."""
    condition = Q()
    for field in fields:
        one = Q(**{f"{field}__isnull": False})
        for other in fields:
            if other != field:
                one &= Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


class Body(models.Model):
    """A board, subgroup, cabinet or scrutiny committee of a partnership."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        SUBGROUP = "subgroup", "Subgroup"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="governance_bodies"
    )
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BOARD)
    chair = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chair_name = models.CharField(
        max_length=200, blank=True, help_text="When the chair has no account: their name or role."
    )
    terms_of_reference = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # The council's committee (ModernGov's committee id) that this body is: set, its meetings
    # come from the committee system (``committee_sync``). One body per committee.
    committee_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The committee in the council's committee system."
    )

    class Meta:
        ordering = ["partnership", "order", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="governance_body_key"),
            models.UniqueConstraint(
                fields=["partnership", "committee_id"],
                condition=Q(committee_id__isnull=False),
                name="governance_body_committee_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def chair_words(self) -> str:
        return str(self.chair) if self.chair_id else self.chair_name


class BodyMember(models.Model):
    """A person or an organisation (or a person for an organisation) that sits on a body."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    role = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="governance_member_person_or_organisation",
            )
        ]

    def __str__(self) -> str:
        who = ", ".join(str(x) for x in (self.person, self.organisation) if x is not None)
        return f"{who} ({self.role})" if self.role else who


class BodyRelation(models.Model):
    """One arrow of the governance chart: a body reports to, or gives feedback to, another."""

    class Kind(models.TextChoices):
        REPORTS_TO = "reports_to", "Reports to"
        GIVES_FEEDBACK_TO = "gives_feedback_to", "Gives feedback to"

    from_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_out")
    to_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["from_body", "kind", "to_body"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_body", "to_body", "kind"], name="governance_relation_once"
            ),
            models.CheckConstraint(
                condition=~Q(from_body=models.F("to_body")), name="governance_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_body} {self.get_kind_display().lower()} {self.to_body}"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Where it came from, when a committee system sync made it ("moderngov:4967"): a re-run
    # finds it by this and updates it instead of making another.
    external_id = models.CharField(max_length=50, blank=True)
    source_url = models.URLField(blank=True, help_text="The meeting's page on the council's site.")

    class Meta:
        ordering = ["body", "date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "external_id"],
                condition=~Q(external_id=""),
                name="governance_meeting_external_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}, {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    class Review(models.TextChoices):
        # Blank: typed in, not from a committee system, or nothing to review.
        NONE = "", "Nothing to review"
        TO_REVIEW = "to_review", "Decisions to review"
        CONFIRMED = "confirmed", "Confirmed"
        NONE_FOUND = "none_found", "No decisions found"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    external_id = models.CharField(max_length=50, blank=True)
    number = models.CharField(max_length=20, blank=True, help_text="As the council numbers it: 9.")
    # The minutes as the council published them (HTML); ``minutes`` holds them as plain text.
    minutes_html = models.TextField(blank=True)
    review = models.CharField(max_length=20, choices=Review.choices, blank=True, default="")
    # The extraction's draft decisions from the synced minutes (MinutesExtract.to_json_dict(),
    # "confidence" and "reason" on each row), until an officer confirms them.
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "external_id"],
                condition=~Q(external_id=""),
                name="governance_item_external_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


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
        # Made in the reports app: moved here (docs/adr/0016-layers.md) with its table, so
        # that an agenda's paper points at a pack in its own app; no row was copied.
        db_table = "reports_boardpack"
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


class Paper(models.Model):
    """A paper for an agenda item: an uploaded file, a board pack made in CYPP, or a link to
    the council's copy of a paper (from a committee system sync: linked, never copied)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="governance/papers/%Y/", blank=True)
    board_pack = models.ForeignKey(
        BoardPack,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="governance_papers",
    )
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["agenda_item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(board_pack__isnull=True) & ~Q(file="") & Q(url=""))
                | (Q(board_pack__isnull=False) & Q(file="") & Q(url=""))
                | (Q(board_pack__isnull=True) & Q(file="") & ~Q(url="")),
                name="governance_paper_file_board_pack_or_url",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=10, blank=True, help_text="As the minutes number it: (a)")
    text = models.TextField()

    class Meta:
        ordering = ["agenda_item", "order", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.text[:80]}".strip()


class Action(models.Model):
    """Something a body asked someone to do, carried to its next meetings until done.

    Owned by exactly one of a person, an organisation or a role named in words. "Overdue" is
    not stored: an open or in-progress action is overdue once its due date, or the date of
    the meeting it is due at, has passed (``overdue_on``).
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_raised"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.TextField()
    owner_person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_role = models.CharField(max_length=200, blank=True)
    raised_on = models.DateField(help_text="The date of the meeting that raised it, or entry.")
    due_date = models.DateField(null=True, blank=True)
    due_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions_due"
    )
    due_at_future_meeting = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    dropped_reason = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    dropped_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "raised_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_person__isnull=False, owner_organisation__isnull=True, owner_role="")
                    | Q(owner_person__isnull=True, owner_organisation__isnull=False, owner_role="")
                    | (
                        Q(owner_person__isnull=True, owner_organisation__isnull=True)
                        & ~Q(owner_role="")
                    )
                ),
                name="governance_action_one_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="governance_action_dropped_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:120]

    @property
    def owner_words(self) -> str:
        if self.owner_person_id:
            return str(self.owner_person)
        if self.owner_organisation_id:
            return str(self.owner_organisation)
        return self.owner_role

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def due_dates(self) -> list[dt.date]:
        dates = [self.due_date] if self.due_date else []
        if self.due_meeting_id and self.due_meeting is not None:
            dates.append(self.due_meeting.date)
        return dates

    def overdue_on(self, today: dt.date) -> bool:
        """Open or in progress, and past its due date or its due meeting's date."""
        return self.is_open and any(d < today for d in self.due_dates())


OPEN_STATUSES = (Action.Status.OPEN.value, Action.Status.IN_PROGRESS.value)
CLOSED_STATUSES = (Action.Status.DONE.value, Action.Status.DROPPED.value)


class ActionUpdate(models.Model):
    """A progress update on an action, with the status before and after it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    by_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()
    text = models.TextField(blank=True)
    status_before = models.CharField(max_length=20, choices=Action.Status.choices)
    status_after = models.CharField(max_length=20, choices=Action.Status.choices)

    class Meta:
        ordering = ["action", "at", "id"]

    def __str__(self) -> str:
        return f"{self.by_name}, {self.at:%Y-%m-%d}: {self.text[:60]}"


class PlanLink(models.Model):
    """An agenda item, resolution or action is about a priority (or pledge), outcome, measure
    or commitment of a plan."""

    SUBJECTS = ("agenda_item", "resolution", "action")
    TARGETS = ("priority", "outcome", "measure", "commitment")

    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="plan_links"
    )
    resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.CASCADE, related_name="plan_links"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="plan_links"
    )
    priority = models.ForeignKey(
        "plans.Priority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_links",
    )
    outcome = models.ForeignKey(
        "plans.Outcome",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_links",
    )
    measure = models.ForeignKey(
        "plans.Measure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_links",
    )
    commitment = models.ForeignKey(
        "plans.Commitment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_links",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one("agenda_item", "resolution", "action"),
                name="governance_link_one_subject",
            ),
            models.CheckConstraint(
                condition=exactly_one("priority", "outcome", "measure", "commitment"),
                name="governance_link_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} is about {self.target}"

    @property
    def subject(self) -> models.Model | None:
        return self.agenda_item or self.resolution or self.action

    @property
    def target(self) -> models.Model | None:
        return self.priority or self.outcome or self.measure or self.commitment

    @property
    def target_kind(self) -> str:
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return name
        return ""


class CommitteeSystem(models.Model):
    """The council's committee system (ModernGov) a partnership's meetings come from.

    The public web service is ``<address>/mgWebService.asmx``; which committees are the
    partnership's boards is ``Body.committee_id``.
    """

    partnership = models.OneToOneField(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="committee_system"
    )
    address = models.URLField(
        help_text="The council's ModernGov site: https://democracy.example.gov.uk/"
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    sync_on_schedule = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.address


class CommitteeSync(models.Model):
    """One run of the committee system sync: when, by whom (nobody when scheduled), the dates
    it read, and what it made or changed. A failed run keeps its error; it changed nothing."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="committee_syncs"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    # {"meetings_created", "meetings_updated", "meetings_unchanged", "items_created",
    #  "items_updated", "items_unchanged", "papers_linked", "drafts_made",
    #  "changed_after_confirming"}
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.partnership} sync, {self.started_at:%Y-%m-%d %H:%M}"
