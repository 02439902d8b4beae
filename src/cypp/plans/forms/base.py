"""What every plan form shares: keys made from titles, "Not set" choices, the plan's own options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Model, QuerySet
from django.utils.text import slugify

from cypp.forms.dates import GovukDateField
from cypp.plans.models import (
    Plan,
)

if TYPE_CHECKING:  # django-stubs makes ModelForm generic; at run time it is not
    ModelForm = forms.ModelForm[Any]
else:
    ModelForm = forms.ModelForm


def unique_key(title: str, taken: set[str]) -> str:
    """A slug from the title that no sibling uses yet (early-help, early-help-2...)."""
    base = slugify(title)[:70] or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def say_not_set(form: forms.BaseForm) -> None:
    """Empty choices read "Not set", not Django's dashes (a screen reader says "dash" nine times)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.empty_label = "Not set"
        elif isinstance(field, forms.ChoiceField):
            choices = cast("list[tuple[Any, Any]]", list(cast("Any", field.choices)))
            field.choices = [
                (value, "Not set" if value == "" else label) for value, label in choices
            ]


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only this plan's own items (its subgroups, its priorities) in a choice field."""
    cast("forms.ModelChoiceField[Any]", form.fields[name]).queryset = queryset


class PlanPartForm(ModelForm):
    """A part of a plan with a key: the key is made from the title when left blank."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_not_set(self)

    key = forms.SlugField(
        required=False,
        max_length=80,
        help_text="Used in plan files and links. Leave blank to make one from the title.",
    )

    def siblings(self) -> set[str]:  # keys already used beside this one
        return set()

    def clean_key(self) -> str:
        key: str = self.cleaned_data.get("key") or ""
        if key and key in self.siblings():
            raise forms.ValidationError("Another item in this list already uses this key")
        return key

    def fill_key(self, instance: Model, title_field: str = "title") -> None:
        if not getattr(instance, "key", ""):
            instance.key = unique_key(str(getattr(instance, title_field)), self.siblings())  # type: ignore[attr-defined]


class PlanForm(ModelForm):
    start = GovukDateField(label="Plan starts")
    end = GovukDateField(label="Plan ends")
    approved_on = GovukDateField(label="Approved on", required=False)

    class Meta:
        model = Plan
        fields = [
            "title",
            "start",
            "end",
            "version",
            "status",
            "approved_by",
            "approved_on",
            "priority_word",
            "vision",
            "summary",
            "public",
        ]
        labels = {
            "priority_word": "The plan calls its main parts",
            "public": "Published: anyone can read this plan without signing in",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", "The plan must end after it starts")
        if data.get("status") == Plan.Status.APPROVED and not data.get("approved_by"):
            self.add_error("approved_by", "Say who approved the plan")
        return data
