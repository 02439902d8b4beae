"""Forms for the commentary pages. They only check what a person typed; the services decide
what the workflow allows."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.commentary.models import QualitativeEvidence, ReportingPeriod
from cypp.commentary.periods import COMMENTARY_DUE_DAYS, MEETING_DAYS, SIGNOFF_DUE_DAYS
from cypp.forms.dates import GovukDateField

SUBMIT = "submit"
SAVE = "save"


class CommentaryForm(forms.Form):
    """The four questions of results-based accountability's "turn the curve" talk."""

    story_behind_curve = forms.CharField(
        label="The story behind the curve",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why the figures look as they do this period: the causes and forces at work, "
        "good and bad.",
    )
    what_is_working = forms.CharField(
        label="What is working",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partners do that is making a difference, with the evidence for it.",
    )
    next_steps = forms.CharField(
        label="What we will do next",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The actions for the next period, who will take them and by when.",
    )
    partners = forms.CharField(
        label="Partners who help",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Organisations and groups with a part to play in turning the curve.",
    )

    def __init__(self, *args: Any, submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.submitting and not (data.get("story_behind_curve") or "").strip():
            self.add_error(
                "story_behind_curve", "Write the story behind the curve before you submit"
            )
        return data


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of evidence is it?", choices=QualitativeEvidence.Kind.choices
    )
    title = forms.CharField(label="Title", max_length=200)
    text = forms.CharField(
        label="The case study or quote",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Take out names and anything else that could identify a child or family.",
    )
    attributed_to = forms.CharField(
        label="Who said it or who it is about (optional)",
        max_length=200,
        required=False,
        help_text="Without a name, for example: a parent; a young person, 15.",
    )
    consent_recorded = forms.BooleanField(
        label="Consent to use these words is recorded",
        required=False,
        help_text="A quote or a case study can be submitted only with consent recorded.",
    )
    consent_note = forms.CharField(
        label="Where the consent is recorded (optional)",
        max_length=300,
        required=False,
        help_text="For example: consent form in the early help record, 3 May 2016.",
    )

    def __init__(self, *args: Any, submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.submitting
            and data.get("kind") in QualitativeEvidence.NEEDS_CONSENT
            and not data.get("consent_recorded")
        ):
            self.add_error(
                "consent_recorded",
                "Record the person's consent before you submit a quote or a case study",
            )
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("return", "Return to the writer")],
        # Given by the button pressed (Approve, or Return), not by a field on the page.
        error_messages={"required": "Choose whether to approve or return it"},
    )
    reason = forms.CharField(
        label="Why are you returning it?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return it: say what to change.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you are returning it")
        return data


class PeriodsCreateForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often does the partnership report?",
        choices=ReportingPeriod.Frequency.choices,
        initial=ReportingPeriod.Frequency.QUARTERLY,
        help_text=(
            "Periods run from the start of the plan to its end. For each, commentary is due "
            f"{COMMENTARY_DUE_DAYS} days after it ends, sign-off {SIGNOFF_DUE_DAYS} days after, "
            f"and the board meets {MEETING_DAYS} days after; you can change each date later."
        ),
    )


class PeriodForm(forms.Form):
    label = forms.CharField(label="Name", max_length=100)
    commentary_due = GovukDateField(label="Commentary due")
    signoff_due = GovukDateField(label="Sign-off due")
    meeting_date = GovukDateField(label="Board meeting", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, signoff = data.get("commentary_due"), data.get("signoff_due")
        if due and signoff and signoff < due:
            self.add_error("signoff_due", "Sign-off must be on or after the commentary due date")
        return data
