"""The minutes review's draft: the agenda item, each resolution and each action as an
editable form row. The draft travels in the form's own fields between the two steps; it
is never kept in the session or the database before the officer confirms."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from cypp.forms.dates import GovukDateField
from cypp.governance.forms import OwnerFields

LinkChoices = list[tuple[str, Any]]


class ItemDraftForm(forms.Form):
    title = forms.CharField(max_length=300, label="Title of the agenda item")
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Purpose"
    )
    presenter = forms.CharField(max_length=200, required=False, label="Presented by")
    link = forms.ChoiceField(required=False, label="The item is about (optional)")
    minutes = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, links: LinkChoices, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["link"].choices = links  # type: ignore[attr-defined]


class ResolutionDraftForm(forms.Form):
    keep = forms.BooleanField(required=False, initial=True, label="Keep this resolution")
    label = forms.CharField(max_length=10, required=False, label="Label")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Resolution"
    )
    link = forms.ChoiceField(required=False, label="It is about (optional)")

    def __init__(self, *args: Any, links: LinkChoices, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["link"].choices = links  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") and not (data.get("text") or "").strip():
            self.add_error("text", "Enter the text of the resolution, or untick Keep")
        return data


class ActionDraftForm(OwnerFields):
    keep = forms.BooleanField(required=False, initial=True, label="Keep this action")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Action")
    due_date = GovukDateField(required=False, label="Due date (optional)")
    due_at_future_meeting = forms.BooleanField(
        required=False, label="Due at a future meeting (it goes on the forward plan)"
    )
    resolution = forms.ChoiceField(required=False, label="Raised under the resolution")
    link = forms.ChoiceField(required=False, label="It is about (optional)")
    source = forms.CharField(widget=forms.HiddenInput, required=False)
    due_words = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = [
        "keep",
        "text",
        "owner_role",
        "owner_person",
        "owner_organisation",
        "due_date",
        "due_at_future_meeting",
        "resolution",
        "link",
        "source",
        "due_words",
    ]

    def __init__(
        self,
        *args: Any,
        links: LinkChoices,
        resolutions: list[tuple[str, str]],
        partnership: Any,
        **kw: Any,
    ):
        super().__init__(*args, **kw)
        self.set_partnership(partnership)
        self.fields["link"].choices = links  # type: ignore[attr-defined]
        self.fields["resolution"].choices = [("", "None"), *resolutions]  # type: ignore[attr-defined]
        self.fields["owner_role"].label = "Owner: a role or name, in words"
        self.fields["owner_person"].label = "Or a person"
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        if not self.cleaned_data.get("keep"):
            return self.cleaned_data  # a row the officer leaves out is not checked
        data = super().clean()
        if not (data.get("text") or "").strip():
            self.add_error("text", "Enter what must be done, or untick Keep")
        return data


ResolutionDraftFormSet = forms.formset_factory(ResolutionDraftForm, extra=0, max_num=100)
ActionDraftFormSet = forms.formset_factory(ActionDraftForm, extra=0, max_num=100)

_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%B %Y", "%b %Y")


def due_from_words(words: str | None) -> tuple[dt.date | None, bool]:
    """A due date and "at a future meeting" read from the minutes' words, when they say so
    plainly ("by 31 March 2026", "a future meeting"); else nothing (the officer decides)."""
    if not words:
        return None, False
    text = words.strip().lower()
    if "future meeting" in text or "next meeting" in text:
        return None, True
    text = _ORDINAL.sub(r"\1", text)
    text = re.sub(r"^(by|before|on|at|the end of|end of)\s+", "", text).strip(" .,")
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), False
        except ValueError:
            continue
    return None, False
