"""The forms of the claims and audit pages (drawn with cypp.forms' GOV.UK templates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from cypp.accounts.models import Partnership
from cypp.families.models import EarlyHelpRole


class ClaimsMakeForm(forms.Form):
    period = forms.CharField(
        label="Financial year",
        max_length=20,
        help_text="For example, 2024-25. Families whose claim was ready by 31 March of that "
        "year and never claimed are claimed.",
        error_messages={"required": "Enter the financial year, for example 2024-25"},
    )


class AuditDrawForm(forms.Form):
    size = forms.IntegerField(
        label="How many claims to sample",
        min_value=1,
        error_messages={
            "required": "Enter how many claims to sample",
            "invalid": "The sample size must be a whole number, like 20",
            "min_value": "The sample size must be at least 1",
        },
    )
    risk_based = forms.IntegerField(
        label="How many of them to choose by risk",
        min_value=0,
        help_text="The rest are chosen at random.",
        error_messages={
            "required": "Enter how many claims to choose by risk (0 for none)",
            "invalid": "The number chosen by risk must be a whole number, like 5",
            "min_value": "The number chosen by risk must be 0 or more",
        },
    )
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Give the seed of an earlier draw to draw the same sample again. Left "
        "empty, one is chosen and recorded.",
        error_messages={
            "invalid": "The seed must be a whole number",
            "min_value": "The seed must be 0 or more",
            "max_value": "The seed is too large",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        size, risk = data.get("size"), data.get("risk_based")
        if size is not None and risk is not None and risk > size:
            self.add_error("risk_based", "The number chosen by risk cannot be more than the sample")
        return data


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class AuditorAssignForm(forms.Form):
    auditor = _PersonChoice(
        label="Auditor",
        queryset=get_user_model().objects.none(),
        empty_label="Choose an auditor",
        error_messages={"required": "Choose the auditor", "invalid_choice": "Choose the auditor"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auditor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            get_user_model()
            .objects.filter(
                early_help_roles__partnership=partnership,
                early_help_roles__kind=EarlyHelpRole.Kind.AUDITOR,
                is_active=True,
            )
            .order_by("username")
        )


class FindingForm(forms.Form):
    finding = forms.ChoiceField(
        label="Finding",
        choices=[("", "Choose a finding"), ("upheld", "Upheld"), ("not_upheld", "Not upheld")],
        error_messages={"required": "Choose upheld or not upheld"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="What the evidence shows, in a sentence or two.",
        error_messages={"required": "Enter the reason for the finding"},
    )

    @property
    def upheld(self) -> bool:
        return bool(self.cleaned_data["finding"] == "upheld")
