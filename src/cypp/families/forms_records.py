"""Forms for a family's evidence, the log of views' filters and early help roles. They check
what was typed; ``cypp.families.services_records`` decides."""

from __future__ import annotations

from typing import Any

from django import forms

from cypp.families.models import EarlyHelpRole
from cypp.families.selectors_records import (
    EVIDENCE_TYPES,
    SOURCES,
    MemberRow,
    evidence_type_words,
)
from cypp.forms.dates import GovukDateField


class EvidenceForm(forms.Form):
    outcome_code = forms.ChoiceField(label="Outcome")
    evidence_type = forms.ChoiceField(
        label="Evidence type", help_text="The framework's evidence for the outcome chosen."
    )
    member = forms.ChoiceField(
        label="Family member (optional)",
        required=False,
        help_text="Leave as the whole family when the evidence is about the family.",
    )
    date = GovukDateField(label="Date of the evidence", help_text="For example, 27 3 2025")
    value = forms.FloatField(label="Value")
    source = forms.ChoiceField(label="Where the evidence comes from", choices=SOURCES)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        outcomes: list[tuple[str, str]],
        types: dict[str, list[str]],
        members: list[MemberRow],
        document: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.types = types
        self.document = document
        self.outcome_labels = dict(outcomes)
        self.members = {str(row.member.pk): row.member for row in members}
        self.fields["outcome_code"].choices = [("", "Choose an outcome"), *outcomes]  # type: ignore[attr-defined]
        kinds: list[tuple[str, str]] = []
        for code, _label in outcomes:
            for kind in types.get(code, []):
                if kind not in dict(kinds):
                    kinds.append((kind, evidence_type_words(kind, document)))
        self.fields["evidence_type"].choices = [("", "Choose an evidence type"), *kinds]  # type: ignore[attr-defined]
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", "The whole family"),
            *((str(row.member.pk), row.label) for row in members),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome, kind = data.get("outcome_code"), data.get("evidence_type")
        if outcome and kind and kind not in self.types.get(outcome, []):
            allowed = ", ".join(
                evidence_type_words(k, self.document).lower() for k in self.types.get(outcome, [])
            )
            self.add_error(
                "evidence_type",
                f"{self.outcome_labels[outcome]} is judged on {allowed or 'no evidence type'}: "
                "choose one of those",
            )
        value = data.get("value")
        if kind in EVIDENCE_TYPES and value is not None:
            words, low, high, whole = EVIDENCE_TYPES[kind]
            if not low <= value <= high or (whole and value != int(value)):
                self.add_error(
                    "value",
                    f"{words}: enter a whole number from {low:g} to {high:g}"
                    if whole
                    else f"{words}: enter a number from {low:g} to {high:g}",
                )
        data["member"] = self.members.get(data.get("member") or "")
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this evidence withdrawn?",
        help_text="For example, it was entered for the wrong family. The evidence stays on the "
        "record, marked withdrawn, and no longer counts towards the outcome.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the evidence is withdrawn"},
    )


class ViewsFilterForm(forms.Form):
    person = forms.TypedChoiceField(label="Person", required=False, coerce=int, empty_value=None)
    since = GovukDateField(label="From", required=False)
    until = GovukDateField(label="To", required=False)

    def __init__(self, *args: Any, viewers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Anyone"), *viewers]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date must be the same as or after the start date")
        return data


class RoleGiveForm(forms.Form):
    user = forms.TypedChoiceField(label="Person", coerce=int)
    kind = forms.ChoiceField(
        label="Early help role",
        choices=EarlyHelpRole.Kind.choices,
        widget=forms.RadioSelect,
        help_text="A practitioner sees the families they lead; a manager, the families led "
        "from their agency; an auditor, the families assigned to them in an audit.",
    )
    professional_id = forms.CharField(
        label="Practitioner's id in the case management system",
        required=False,
        max_length=100,
        help_text="For a practitioner only. The id is checked against the latest extract "
        "and not kept.",
    )
    agency = forms.ChoiceField(label="Agency they manage", required=False)

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], agencies: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Choose a person"), *people]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "For a manager only: choose the agency"),
            *((a, a) for a in agencies),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == EarlyHelpRole.Kind.PRACTITIONER and not data.get("professional_id"):
            self.add_error(
                "professional_id", "Enter the practitioner's id in the case management system"
            )
        if kind == EarlyHelpRole.Kind.MANAGER and not data.get("agency"):
            self.add_error("agency", "Choose the agency they manage")
        return data
