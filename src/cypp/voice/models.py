"""Voice: what children, young people, parents and professionals tell the partnership, and
what the partnership did about it.

A survey is defined in a YAML file (docs/voice.md, "A survey file") and loaded as a
``Survey`` with one ``Audience`` per version (children aged 8 to 11, parents and carers...)
and its ``Question``s; each ``Wave`` is one round of asking. A child's answers are a
``Response`` and its ``Answer``s. Anonymous surveys (the default) keep nothing that could
say who answered: no address, no browser, no account, no time of day (``started_on`` and
``finished_on`` are dates), and no name (``respondent_*`` stay empty; the journey's service
refuses them). An answer that says a child is unsafe shows help at once; on a named survey
it also raises a ``SafeguardingAlert`` in the same transaction as the answer.

Analysts theme free text (``Theme``, ``Tag``), link themes to the plan's outcomes, and write
the partnership's reply (``ThemeReply``: "you said, we did"), linked to a commitment or a
board action; partners write their own replies. Results leave the system only through
``cypp.voice.results``, small numbers suppressed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cypp.accounts.models import Organisation, Partnership

LANGUAGES = {"en": "English", "cy": "Cymraeg"}


class Survey(models.Model):
    """A survey or consultation, loaded from its file (``cypp voice survey load FILE``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Consent(models.TextChoices):
        # ICO Children's Code and UK GDPR article 8: a child of 13 or over may agree online
        # for themselves; under 13 a parent or carer agrees. A survey run in a school or
        # other setting is run under that setting's basis instead (its privacy notice).
        ONLINE = "online", "Online: 13 and over agree themselves, under 13 a parent or carer"
        SETTING = "setting", "Run in a school or other setting, under its basis"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="surveys")
    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    # What the survey is for, in words a child can read (the start page).
    summary = models.TextField(blank=True)
    anonymous = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    consent_basis = models.CharField(max_length=10, choices=Consent.choices, default=Consent.ONLINE)
    setting_name = models.CharField(max_length=200, blank=True, help_text="e.g. your school")
    privacy_notice = models.TextField()
    retention_days = models.PositiveIntegerField(default=730)
    languages = models.JSONField(default=list)  # ["en", "cy"]: English always first
    one_question_per_page = models.BooleanField(default=True)
    # Where to get help, shown at once after an answer that says a child is unsafe, and on
    # every page's footer of the journey.
    help_text = models.TextField()
    # Words in free text that show help (and raise an alert on a named survey).
    safeguarding_words = models.JSONField(default=list)
    safeguarding_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledge_within_hours = models.PositiveSmallIntegerField(default=24)
    # The file as loaded (parsed and checked), for export and for telling a reload apart.
    definition = models.JSONField(default=dict)
    definition_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    loaded_by_name = models.CharField(max_length=150, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Made-up answers (the demo)")

    class Meta:
        ordering = ["partnership_id", "key"]

    def __str__(self) -> str:
        return self.title


class Audience(models.Model):
    """One version of a survey, for one audience: its own words and questions."""

    class Kind(models.TextChoices):
        CHILDREN = "children", "Children and young people"
        PARENTS = "parents", "Parents and carers"
        PROFESSIONALS = "professionals", "Professionals"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="audiences")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=200)  # "I am 8 to 11", as the child picks it
    kind = models.CharField(max_length=20, choices=Kind.choices)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    translations = models.JSONField(default=dict, blank=True)  # {"cy": {"label": ...}}

    class Meta:
        ordering = ["survey_id", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="voice_audience_key")]

    def __str__(self) -> str:
        return self.label

    def who_agrees(self) -> str:
        """Online, who agrees to a child taking part (ICO Children's Code, UK GDPR art. 8):
        "self" at 13 and over (and for adults), "parent" under 13, and "ask" when the age
        band spans 13, so the journey asks the child whether they are 13 or over."""
        if self.kind != self.Kind.CHILDREN:
            return "self"
        if self.age_min is not None and self.age_min >= 13:
            return "self"
        if self.age_max is not None and self.age_max < 13:
            return "parent"
        return "ask"


class Question(models.Model):
    """A question in one audience's version. The same ``key`` in two audiences is the same
    question asked in their words, so results add up across audiences by key."""

    class Kind(models.TextChoices):
        CHOICE = "choice", "Choose one"
        SCALE = "scale", "A scale with words (and symbols)"
        FREE_TEXT = "free_text", "Free text"
        RANKING = "ranking", "Put in order"

    audience = models.ForeignKey(Audience, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    hint = models.TextField(blank=True)
    # [{"value": "yes", "label": "Yes", "symbol": "happy"}]; empty for free text.
    options = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    # Skip logic: {"question": "<key>", "answers": ["yes"]}: asked only after one of these.
    show_if = models.JSONField(default=dict, blank=True)
    # Option values that show help (and raise an alert on a named survey).
    safeguarding_answers = models.JSONField(default=list, blank=True)
    # This question's answer is where the respondent lives or goes to school: results by area.
    is_area = models.BooleanField(default=False)
    standard_item = models.CharField(max_length=60, blank=True)  # "ons4-life-satisfaction"
    scale_item = models.CharField(max_length=60, blank=True)  # "swemwbs-1": a licensed scale
    translations = models.JSONField(default=dict, blank=True)  # {"cy": {"text", "hint", "options"}}

    class Meta:
        ordering = ["audience_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["audience", "key"], name="voice_question_key")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Wave(models.Model):
    """One round of asking ("spring 2025"); results compare waves."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    opens = models.DateField()
    closes = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["survey_id", "opens", "key"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="voice_wave_key")]

    def __str__(self) -> str:
        return self.label


class VoiceImport(models.Model):
    """Answers brought in from another tool: a Microsoft Forms or SurveyMonkey export, or the
    SSD ``ssd_voice_of_child`` object. Identifying columns are dropped, never stored."""

    class Format(models.TextChoices):
        FORMS = "forms", "Microsoft Forms (CSV)"
        SURVEYMONKEY = "surveymonkey", "SurveyMonkey (CSV)"
        SSD = "ssd", "SSD ssd_voice_of_child (CSV)"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="imports")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="imports")
    format = models.CharField(max_length=20, choices=Format.choices)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "file_sha256"], name="voice_import_once")
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_format_display()})"


class Response(models.Model):
    """One person's answers to one wave. On an anonymous survey nothing here says who."""

    class Status(models.TextChoices):
        STARTED = "started", "Started"
        FINISHED = "finished", "Finished"

    class Consent(models.TextChoices):
        SELF = "self", "Agreed themselves (13 or over)"
        PARENT = "parent", "A parent or carer agreed"
        SETTING = "setting", "Run by a setting under its basis"
        IMPORTED = "imported", "Imported from another tool"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    audience = models.ForeignKey(Audience, on_delete=models.PROTECT, related_name="responses")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    language = models.CharField(max_length=8, default="en")
    consent = models.CharField(max_length=10, choices=Consent.choices)
    source = models.ForeignKey(
        VoiceImport, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    area = models.CharField(max_length=100, blank=True)  # the answer to the area question
    # Dates, not times: a time of day beside a school timetable could say who answered.
    started_on = models.DateField()
    finished_on = models.DateField(null=True, blank=True)
    # Save and return: the SHA-256 of the code the child was shown; the code is never kept.
    resume_code_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    help_shown = models.BooleanField(default=False)
    # Named surveys only (``Survey.anonymous`` false): who answered, for the safeguarding lead.
    respondent_name = models.CharField(max_length=200, blank=True)
    respondent_contact = models.CharField(max_length=200, blank=True)
    respondent_setting = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "wave", "status"])]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    """One answer: an option's value, a scale point, free text, or for a ranking the option
    values in the order given, one a line."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="voice_answer_once")
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class SafeguardingAlert(models.Model):
    """A named survey's answer that says a child may be unsafe: raised in the same transaction
    as the answer, sent to the survey's safeguarding contact, escalated when not acknowledged
    in time, and kept until closed with what was done (retention never deletes its answer)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        CLOSED = "closed", "Closed"

    class Reason(models.TextChoices):
        ANSWER = "answer", "An answer that says a child may be unsafe"
        WORDS = "words", "Words that say a child may be unsafe"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="alerts")
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="alerts")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    said = models.TextField()  # the answer as given (an option's label or the text)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="voice_alerts"
    )
    escalation_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField()
    due_at = models.DateTimeField()
    # Set once the e-mail has gone; the sweep (``cypp voice alerts``) sends any not yet sent,
    # so a process killed between the commit and the e-mail loses nothing.
    notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_was_done = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"Safeguarding alert {self.pk}"


class Theme(models.Model):
    """Something children said, in the partnership's words, linked to the plan's outcomes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    # Words that suggest the theme for a free-text answer (the analyst decides).
    keywords = models.JSONField(default=list, blank=True)
    outcomes = models.ManyToManyField("plans.Outcome", blank=True, related_name="voice_themes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="voice_theme_name")
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """An answer given a theme by an analyst (``suggested``: they accepted a suggestion)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="tags")
    suggested = models.BooleanField(default=False)
    tagged_at = models.DateTimeField(auto_now_add=True)
    tagged_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["theme", "answer"], name="voice_tag_once")]

    def __str__(self) -> str:
        return f"{self.theme} on answer {self.answer_id}"


class ThemeReply(models.Model):
    """ "You said, we did": the partnership's (or one partner's) reply to a theme, the
    commitment or board action it led to, and how far it has got."""

    class Status(models.TextChoices):
        PLANNED = "planned", "We are going to do this"
        IN_PROGRESS = "in_progress", "We are doing this"
        DONE = "done", "We have done this"
        NOT_DOING = "not_doing", "We cannot do this, and here is why"

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="replies")
    # Empty: the partnership's reply. Set: a partner's own (as #BeeWell partners publish).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    you_said = models.TextField()
    we_did = models.TextField()
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PLANNED)
    commitment = models.ForeignKey(
        "plans.Commitment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        "governance.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme_id", "organisation_id", "pk"]

    def __str__(self) -> str:
        return f"Reply to {self.theme}"


class ScaleRegistration(models.Model):
    """A licensed scale (SWEMWBS, SDQ) the partnership has registered to use: only then may a
    survey file ask its items, in the wording the partnership's licence gives it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    scale = models.CharField(max_length=20)  # a code in cypp.voice.scales.SCALES
    licence_reference = models.CharField(max_length=200)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "scale"], name="voice_scale_once")
        ]

    def __str__(self) -> str:
        return f"{self.scale} ({self.licence_reference})"
