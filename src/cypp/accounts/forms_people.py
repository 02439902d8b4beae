"""Forms for a partnership's administrators: who has which role, inviting someone, changing
a role or an organisation, and the audit trail's filters. They check what was typed; the
services in ``cypp.accounts.services`` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cypp.accounts.models import AuditEvent, Organisation, Role
from cypp.forms.dates import GovukDateField

ANY = [("", "Any")]


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label="Role", required=False, choices=ANY + list(Role.choices))
    organisation = forms.ModelChoiceField(
        label="Organisation",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Any",
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="E-mail address",
        max_length=150,
        help_text="They are sent a link to set their password. Someone who already has an "
        "account with this address is given the role, nothing else.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation they work for",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Not yet known",
    )
    role = forms.ChoiceField(label="Role in this partnership", choices=Role.choices)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["spellcheck"] = "false"


class PersonChangeForm(forms.Form):
    role = forms.ChoiceField(label="Role in this partnership", choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation they work for",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="Not yet known",
        help_text="A contributor may change the measures and commitments their organisation owns.",
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label="Who made the change", required=False)
    object_type = forms.ChoiceField(label="Kind of thing changed", required=False)
    object = forms.CharField(
        label="Thing changed",
        required=False,
        max_length=200,
        help_text="Part of its name, or its number",
    )
    action = forms.ChoiceField(
        label="Change", required=False, choices=ANY + list(AuditEvent.Action.choices)
    )
    since = GovukDateField(label="From", required=False, help_text="For example, 1 4 2026")
    until = GovukDateField(label="To", required=False, help_text="For example, 30 4 2026")

    def __init__(
        self, *args: Any, people: list[str], object_types: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = ANY + [(p, p) for p in people]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = ANY + [  # type: ignore[attr-defined]
            (t, object_type_name(t)) for t in object_types
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data


# Models that moved app: records written before name them by their old label.
MOVED = {  # docs/adr/0016-layers.md; cypp.accounts.audit.AUDIT_LABELS
    "plans.partnership": "accounts.partnership",
    "reports.boardpack": "governance.boardpack",
}


def object_type_name(label: str) -> str:
    """``plans.measure`` as people say it: "Measure (plans)"."""
    from django.apps import apps

    try:
        model = apps.get_model(MOVED.get(label, label))
    except (LookupError, ValueError):
        return label
    return f"{str(model._meta.verbose_name).capitalize()} ({model._meta.app_label})"
