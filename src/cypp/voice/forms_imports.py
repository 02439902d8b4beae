"""The form of the imports page: a file exported from another tool, what it is, and where
its answers go."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from cypp.voice.importers import MAX_BYTES
from cypp.voice.models import Survey, VoiceImport

WHOLE = ""  # the audience choice "work it out from the columns"


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label="Where the file comes from",
        choices=[("", "Choose one"), *VoiceImport.Format.choices],
        error_messages={"required": "Choose where the file comes from"},
    )
    wave = forms.ChoiceField(
        label="Wave",
        help_text="The round of asking these answers belong to.",
        error_messages={"required": "Choose the wave", "invalid_choice": "Choose the wave"},
    )
    audience = forms.ChoiceField(
        label="Who answered",
        required=False,
        help_text="Leave this if only one version of the survey has every question in the file.",
        error_messages={"invalid_choice": "Choose who answered"},
    )
    ignore = forms.CharField(
        label="Columns that are not answers (optional)",
        help_text=(
            "One heading a line, as the file has it, for example “Other (please specify)”. "
            "Every other column must match a question."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label="The CSV file",
        help_text=(
            "Saved as UTF-8 CSV, no larger than 50 MB. Columns that say who answered (ids, "
            "names, e-mail and IP addresses, times) are dropped, not stored."
        ),
        error_messages={"required": "Choose the CSV file to import"},
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        waves = list(survey.waves.order_by("-opens", "key"))
        wave = cast("forms.ChoiceField", self.fields["wave"])
        wave.choices = [(w.key, w.label) for w in waves]
        if waves:
            wave.initial = waves[0].key
        audience = cast("forms.ChoiceField", self.fields["audience"])
        audience.choices = [
            (WHOLE, "Work it out from the columns"),
            *((a.key, a.label) for a in survey.audiences.all()),
        ]
        audience.initial = WHOLE

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("The CSV file is empty")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The CSV file must be no larger than 50 MB")
        upload.data = b"".join(upload.chunks())
        return upload

    def ignored(self) -> list[str]:
        text = self.cleaned_data.get("ignore") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]
