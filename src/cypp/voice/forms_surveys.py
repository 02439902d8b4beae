"""Forms of the analysts' survey pages: upload a survey file, open or close a survey."""

from __future__ import annotations

from typing import Any

from django import forms

MAX_SURVEY_FILE_BYTES = 1_000_000  # a survey file of 40 questions in two languages is ~20 kB


class SurveyUploadForm(forms.Form):
    file = forms.FileField(
        label="Survey file",
        help_text="A YAML file (.yaml or .yml) in the survey file format, no larger than 1 MB.",
        error_messages={"required": "Choose the survey file to load"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("The survey file is empty")
        if upload.size > MAX_SURVEY_FILE_BYTES:
            raise forms.ValidationError("The survey file must be no larger than 1 MB")
        try:
            upload.text = b"".join(upload.chunks()).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The survey file must be UTF-8 text: save it as UTF-8"
            ) from None
        return upload


class SurveyStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", "Open"), ("closed", "Closed")],
        widget=forms.HiddenInput,
        error_messages={"required": "Choose whether to open or close the survey"},
    )
