"""The evidence store: sources, indicators, periods, observations, import batches, revisions.

Plans and reports reference these rows; they never copy the values. Nothing here is
overwritten silently: a changed value keeps its old self as an ObservationRevision.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cypp.geography.models import Area


class Source(models.Model):
    """Who publishes a family of indicators and under what licence (credited wherever shown)."""

    key = models.SlugField(max_length=40, unique=True)  # lait, ees, fingertips, local
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    credit = models.CharField(max_length=300, blank=True)
    url = models.URLField(blank=True)

    def __str__(self) -> str:
        return self.name


class ValueType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    RATE = "rate", "Rate"
    COUNT = "count", "Count"
    MEAN = "mean", "Mean"
    DSR = "dsr", "Directly standardised rate"
    OTHER = "other", "Other"


class Polarity(models.TextChoices):
    HIGH = "high", "High is good"
    LOW = "low", "Low is good"
    NONE = "none", "No judgement"


class Indicator(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField("source code", max_length=100)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    topic = models.CharField(max_length=120, blank=True)
    unit = models.CharField(max_length=120, blank=True)
    value_type = models.CharField(max_length=20, choices=ValueType.choices, default="other")
    multiplier = models.PositiveIntegerField(
        default=1, help_text="1 for counts and means, 100 for percentages, 10,000 for rates..."
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default="none")
    decimals = models.PositiveSmallIntegerField(null=True, blank=True)
    source_organisation = models.CharField(max_length=200, blank=True)
    methodology_url = models.TextField("methodology", blank=True)
    period_type = models.CharField(max_length=30, blank=True)
    population = models.CharField(
        max_length=120, blank=True, help_text="Who is counted, e.g. 'Persons, <15 yrs'."
    )
    quartiles_published = models.BooleanField(
        default=True,
        help_text="False where the source says bands make no sense (LAIT No_Quartile).",
    )
    # A count is shown as a count for the area but compared with other areas on a rate:
    # the indicator's paired published rate, or one computed from a population indicator.
    rate_indicator = models.CharField(
        "paired rate", max_length=140, blank=True, help_text="SOURCE:CODE of the published rate."
    )
    rate_population = models.CharField(
        "population for a rate",
        max_length=140,
        blank=True,
        help_text="SOURCE:CODE of the population a rate is computed from.",
    )
    rate_multiplier = models.PositiveIntegerField("rate per", default=10_000)
    series_breaks = models.JSONField(
        default=list,
        blank=True,
        help_text='Breaks in the series: [{"period": "2021/22", "note": "..."}], the first '
        "period of the new framework and why it is not comparable with the one before.",
    )

    class Meta:
        ordering = ["source__key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="indicator_source_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source.key}:{self.code})"

    @property
    def reference(self) -> str:
        """The SOURCE:CODE form the command line and API take."""
        return f"{self.source.key}:{self.code}"


class PeriodType(models.TextChoices):
    FINANCIAL = "financial", "Financial year"
    ACADEMIC = "academic", "Academic year"
    CALENDAR = "calendar", "Calendar year"
    REPORTING = "reporting", "Reporting year"
    ROLLING = "rolling", "Rolling multi-year"
    QUARTER = "quarter", "Quarter"
    MONTH = "month", "Month"
    # One day: "31 March 2025", a census day (ADR 0014).
    SNAPSHOT = "snapshot", "Snapshot date"
    # An average over December, January and February: NCCIS's NEET and not known.
    DEC_FEB = "dec_feb_average", "December to February average"
    OTHER = "other", "Other"


class Period(models.Model):
    """A typed time period with a display label and a key that sorts periods in time order."""

    period_type = models.CharField(max_length=20, choices=PeriodType.choices)
    label = models.CharField(max_length=40)
    sort_key = models.IntegerField(db_index=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sort_key", "label"]
        constraints = [
            models.UniqueConstraint(fields=["period_type", "label"], name="period_unique")
        ]

    def __str__(self) -> str:
        return self.label


class ImportBatch(models.Model):
    """One import of one file: who, when, what file, and what happened to each row."""

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        ROLLED_BACK = "rolled_back", "Rolled back"
        ROLLBACK = "rollback", "Rollback of an earlier batch"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="batches")
    importer = models.CharField(max_length=40)
    file_name = models.CharField(max_length=300)
    file_hash = models.CharField("SHA-256 of the file and its options", max_length=64)
    options = models.JSONField(default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_by_name = models.CharField(max_length=150, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.COMPLETED)
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0, help_text="New observations.")
    rows_revised = models.PositiveIntegerField(default=0, help_text="Changed observations.")
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    indicators_revised = models.PositiveIntegerField(
        default=0, help_text="Indicators whose description (title, unit, polarity...) changed."
    )
    warnings = models.JSONField(default=list, blank=True)
    # A rolled-back batch stays in the history, marked with who rolled it back and when; the
    # rollback is itself a batch (``rollback_of``) holding the revisions it made and the
    # observations it removed, so nothing is lost.
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by_name = models.CharField(max_length=150, blank=True)
    rollback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rollbacks"
    )
    removed = models.JSONField(
        default=list, blank=True, help_text="Observations a rollback removed, with their values."
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.importer} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Status(models.TextChoices):
    """What a published cell says when it is not (only) a number: the DfE and ONS marks."""

    PUBLISHED = "", "Published"
    CONFIDENTIAL = "confidential", "Confidential (c)"
    NOT_APPLICABLE = "not_applicable", "Not applicable (z)"
    UNAVAILABLE = "unavailable", "Unavailable (x or -)"
    LOW_RELIABILITY = "low_reliability", "Low reliability (u)"
    ROUNDS_TO_ZERO = "rounds_to_zero", "Rounds to zero (low or k)"


# The numbers an observation can carry, the value first (importers map columns to these).
OBSERVATION_NUMBERS = (
    "value",
    "numerator",
    "denominator",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
)
# Fields compared between a stored observation and an incoming one; a difference in any
# of them makes a revision.
OBSERVATION_VALUE_FIELDS = (
    *OBSERVATION_NUMBERS,
    "status",
    "provisional",
    "estimate",
    "value_note",
)


class Observation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="observations")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_998 = models.FloatField(null=True, blank=True)
    upper_998 = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, blank=True, default="")
    provisional = models.BooleanField(default=False)
    estimate = models.BooleanField(default=False)
    value_note = models.TextField(blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="observations")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="observation_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="observation_ind_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period_id}: {self.value}"


class ObservationRevision(models.Model):
    """The values an observation had before a later batch changed them."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    previous = models.JSONField(help_text="The replaced values, field by field.")
    previous_batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="+", null=True
    )
    replaced_by = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="revisions")
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["observation", "replaced_at"]

    def __str__(self) -> str:
        return f"Revision of observation {self.observation_id} by batch {self.replaced_by_id}"


class PendingImport(models.Model):
    """An import whose rows are being written to the staging table in short transactions.

    Readers never see it: its rows reach the observations in one short switch-in
    transaction at the end, or are discarded whole (ADR 0011).
    """

    importer = models.CharField(max_length=40)
    file_name = models.CharField(max_length=300)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"pending {self.importer} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class StagedObservation(models.Model):
    """A new or changed observation of a pending import, waiting to be switched in.

    Ids are plain integers, not foreign keys: a new indicator or period has a placeholder
    (negative) id until the switch-in creates it, and staging stays cheap to write.
    """

    pending = models.ForeignKey(
        PendingImport, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    # The stored observation this row revises (null for a new one), and the batch that
    # observation came from when it was compared: a different batch at switch-in means
    # another import changed it meanwhile.
    observation_id = models.BigIntegerField(null=True)
    expected_batch_id = models.BigIntegerField(null=True)
    indicator_id = models.BigIntegerField()
    area_id = models.BigIntegerField()
    period_id = models.BigIntegerField()
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    lower_95 = models.FloatField(null=True)
    upper_95 = models.FloatField(null=True)
    lower_998 = models.FloatField(null=True)
    upper_998 = models.FloatField(null=True)
    status = models.CharField(max_length=20, blank=True, default="")
    provisional = models.BooleanField(default=False)
    estimate = models.BooleanField(default=False)
    value_note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"staged {self.indicator_id} {self.area_id} {self.period_id}: {self.value}"


class IndicatorRevision(models.Model):
    """An indicator's description before and after a batch changed it (title, unit...)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="revisions")
    previous = models.JSONField(help_text="The changed fields' values before the batch.")
    current = models.JSONField(help_text="The same fields' values the batch gave them.")
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="indicator_revisions"
    )
    revised_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "revised_at", "id"]

    def __str__(self) -> str:
        return f"Revision of indicator {self.indicator_id} by batch {self.batch_id}"


class ImportUpload(models.Model):
    """A file uploaded in the browser: previewed, then imported by a background task.

    The file is kept under ``CYPP_VAR_DIR/uploads`` with a random name and never served.
    """

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        COMPLETED = "completed", "Imported"
        FAILED = "failed", "Not imported"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField()
    original_name = models.CharField(max_length=300)
    stored_name = models.CharField(max_length=100, unique=True)
    size = models.PositiveBigIntegerField(default=0)
    importer = models.CharField(max_length=40)
    options = models.JSONField(default=dict, blank=True, help_text="With an EES mapping.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.UPLOADED)
    stage = models.CharField(max_length=120, blank=True)
    rows_done = models.PositiveBigIntegerField(default=0)
    rows_total = models.PositiveBigIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True, help_text="The report or the problems.")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="uploads"
    )
    task_id = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"upload {self.original_name} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.COMPLETED, self.State.FAILED)


class RefreshSchedule(models.Model):
    """A refresh from an official API run on a schedule (docs/live-refresh.md): what to
    fetch, how often, and how the last run went. ``cypp data refresh --due`` queues the
    ones that are due; the worker runs each as an import batch like a file's."""

    class Api(models.TextChoices):
        FINGERTIPS = "fingertips", "OHID Fingertips"
        EES = "ees", "DfE explore education statistics"

    name = models.SlugField(max_length=60, unique=True)
    api = models.CharField(max_length=20, choices=Api.choices)
    # Fingertips: indicator ids ("90284,90285") and/or a profile, for an area type.
    indicator_ids = models.CharField(max_length=800, blank=True)
    profile_id = models.PositiveIntegerField(null=True, blank=True)
    area_type = models.PositiveSmallIntegerField(default=502)
    # EES: a data set by id and version, chosen into indicators by a mapping.
    dataset_id = models.CharField(max_length=100, blank=True)
    dataset_version = models.CharField(max_length=20, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    mapping_file = models.CharField(max_length=200, blank=True)
    # A folder of recorded responses read instead of the web (the demo, a closed network).
    recorded_dir = models.CharField(max_length=500, blank=True)
    every_hours = models.PositiveIntegerField(default=24 * 7)
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_result = models.CharField(max_length=300, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"refresh {self.name}"
