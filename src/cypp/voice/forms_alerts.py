"""The forms of a safeguarding alert's page (drawn with cypp.forms' GOV.UK templates)."""

from __future__ import annotations

from django import forms


class AlertCloseForm(forms.Form):
    what_was_done = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="For example, who was contacted, the referral made and its reference. "
        "Closing the alert acknowledges it too, if it is not yet acknowledged.",
        error_messages={
            "required": "Say what was done before closing the alert",
            "max_length": "What was done must be 5,000 characters or fewer",
        },
    )

    def clean_what_was_done(self) -> str:
        text = str(self.cleaned_data.get("what_was_done", "")).strip()
        if not text:
            raise forms.ValidationError("Say what was done before closing the alert")
        return text
