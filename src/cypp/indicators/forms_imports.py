"""Forms of the import pages: the upload, and the three ways to give an EES file a mapping."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from cypp.indicators.importers.base import MAX_DECIMALS, MAX_MULTIPLIER
from cypp.indicators.importers.ees.common import CODE
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.indicators.uploads import MAX_UPLOAD_BYTES, MAX_UPLOAD_WORDS, saved_mappings

FORMATS = [
    ("", "Work it out from the file"),
    ("ees", "DfE Explore Education Statistics CSV (with a mapping)"),
    ("fingertips", "OHID Fingertips export CSV"),
    ("tidy", "CYPP tidy CSV (local data)"),
    ("lait", "DfE LAIT Parquet file (with its data dictionary)"),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The file to import",
        help_text=f"A CSV or Parquet file, no larger than {MAX_UPLOAD_WORDS}.",
        # GOV.UK's file upload pattern: say what to do, not "This field is required".
        error_messages={"required": "Choose the file to import"},
    )
    importer = forms.ChoiceField(
        label="Format",
        choices=FORMATS,
        required=False,
        help_text="Leave it to CYPP unless it asks.",
    )
    dictionary = forms.FileField(
        label="LAIT data dictionary (CSV)",
        required=False,
        help_text=(
            "LAIT's data comes with a data dictionary, lait_data_dictionary.csv, "
            "that describes each indicator."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file must be no larger than {MAX_UPLOAD_WORDS}")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty")
        return upload


class SavedMappingForm(forms.Form):
    mapping = forms.ChoiceField(label="Saved mapping")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mapping"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a mapping")] + [(name, name) for name in saved_mappings()]


class YamlMappingForm(forms.Form):
    text = forms.CharField(
        label="Paste the mapping (YAML)",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        required=False,
    )
    file = forms.FileField(label="Or upload the mapping file (YAML)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError("Paste a mapping or choose a mapping file")
        upload = data.get("file")
        if upload is not None and upload.size > 1024 * 1024:
            self.add_error("file", "A mapping file must be no larger than 1 MB")
        return data


def code_from_column(column: str) -> str:
    """A suggested indicator code for a value column: letters, digits and underscores."""
    code = re.sub(r"[^A-Za-z0-9_.-]+", "_", column).strip("_.-")[:100]
    return code if CODE.match(code) else "indicator"


class BuildMappingForm(forms.Form):
    """A mapping from the file's own columns: the chosen value columns, described, and one
    value of each filter column (the rows all the indicators take)."""

    publication = forms.CharField(label="Publication", max_length=300, required=False)
    topic = forms.CharField(label="Topic", max_length=120, required=False)

    def __init__(
        self,
        *args: Any,
        columns: list[str],
        labels: dict[str, str],
        filters: dict[str, list[str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.filter_names = list(filters)
        for j, (name, values) in enumerate(filters.items()):
            self.fields[f"filter_{j}"] = forms.ChoiceField(
                label=f"Rows where {name} is",
                choices=[("", "Choose a value")] + [(v, v) for v in values],
            )
        for i, column in enumerate(columns):
            self.fields[f"code_{i}"] = forms.CharField(
                label="Code", max_length=100, initial=code_from_column(column)
            )
            self.fields[f"title_{i}"] = forms.CharField(
                label="Title", max_length=300, initial=labels.get(column) or column
            )
            self.fields[f"unit_{i}"] = forms.CharField(label="Unit", max_length=120, required=False)
            self.fields[f"value_type_{i}"] = forms.ChoiceField(
                label="Kind of value", choices=ValueType.choices, initial=ValueType.COUNT
            )
            self.fields[f"multiplier_{i}"] = forms.IntegerField(
                label="Per (100 for a percentage)",
                min_value=1,
                max_value=MAX_MULTIPLIER,
                initial=1,
            )
            self.fields[f"polarity_{i}"] = forms.ChoiceField(
                label="Polarity", choices=Polarity.choices, initial=Polarity.NONE
            )
            self.fields[f"decimals_{i}"] = forms.IntegerField(
                label="Decimal places", min_value=0, max_value=MAX_DECIMALS, required=False
            )
            # A file whose time_identifier is not a kind of year ("Week 30", "Spring term")
            # says what its periods are only through the mapping's period_type.
            self.fields[f"period_type_{i}"] = forms.ChoiceField(
                label="Kind of period",
                required=False,
                choices=[("", "As the file's time_identifier says")]
                + [(v, label) for v, label in PeriodType.choices if v != PeriodType.OTHER],
                help_text="Choose one when time_identifier is not a year, month or quarter "
                "(for example 'Week 30' of a year-to-date figure: academic year).",
            )
            self.fields[f"definition_{i}"] = forms.CharField(
                label="Definition", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes: dict[str, int] = {}
        for i in range(len(self.columns)):
            code = data.get(f"code_{i}")
            if code and not CODE.match(code):
                self.add_error(f"code_{i}", "Use letters, digits, '_', '-' or '.'")
            elif code in codes:
                self.add_error(f"code_{i}", "Each indicator needs its own code")
            elif code:
                codes[code] = i
        return data

    def column_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each chosen column with its fields, for the template."""
        names = (
            "code",
            "title",
            "unit",
            "value_type",
            "multiplier",
            "polarity",
            "decimals",
            "period_type",
        )
        return [
            (column, [self[f"{n}_{i}"] for n in (*names, "definition")])
            for i, column in enumerate(self.columns)
        ]

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[f"filter_{j}"] for j in range(len(self.filter_names))]

    def mapping(self) -> dict[str, Any]:
        """The mapping the form describes (checked again by the EES importer)."""
        data = self.cleaned_data
        filters = {name: data[f"filter_{j}"] for j, name in enumerate(self.filter_names)}
        indicators = []
        for i, column in enumerate(self.columns):
            entry: dict[str, Any] = {
                "code": data[f"code_{i}"],
                "title": data[f"title_{i}"],
                "value": column,
                "value_type": data[f"value_type_{i}"],
                "multiplier": data[f"multiplier_{i}"],
                "polarity": data[f"polarity_{i}"],
            }
            for key in ("unit", "definition", "period_type"):
                if data.get(f"{key}_{i}"):
                    entry[key] = data[f"{key}_{i}"]
            if data.get(f"decimals_{i}") is not None:
                entry["decimals"] = data[f"decimals_{i}"]
            if filters:
                entry["filters"] = dict(filters)
            indicators.append(entry)
        mapping: dict[str, Any] = {"indicators": indicators}
        for key in ("publication", "topic"):
            if data.get(key):
                mapping[key] = data[key]
        return mapping


class RollbackForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand the batch's values will be taken out of the evidence store",
        error_messages={"required": "Tick the box to roll the batch back"},
    )
