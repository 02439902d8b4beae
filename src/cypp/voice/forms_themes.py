"""The forms of the theme and reply pages (drawn with cypp.forms' GOV.UK templates; the
outcome checkboxes and reply radios by their own templates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cypp.accounts.models import Organisation
from cypp.governance.models import Action
from cypp.plans.models import Commitment, Outcome
from cypp.voice.models import ThemeReply


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="Theme",
        max_length=120,
        help_text="In the partnership's words, for example “Getting about”.",
        error_messages={
            "required": "Enter the theme's name",
            "max_length": "The theme's name must be 120 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What it covers (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keywords = forms.CharField(
        label="Words that suggest it (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line. An answer that has one of these as a whole word, in any case, "
        "is suggested for this theme: “bus” suggests it for “the bus is late” but not for "
        "“buses”.",
    )
    outcomes = forms.MultipleChoiceField(
        label="Outcomes of the plans it is about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose outcomes from the list"},
    )

    def __init__(self, *args: Any, outcomes: list[Outcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcome_list = outcomes
        field = self.fields["outcomes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(o.pk), o.title) for o in outcomes]

    def outcome_groups(self) -> list[tuple[str, list[tuple[Outcome, bool]]]]:
        """The outcomes by plan, each with whether it is ticked, for the checkboxes."""
        ticked = {str(v) for v in (self["outcomes"].value() or [])}
        groups: dict[str, list[tuple[Outcome, bool]]] = {}
        for o in self.outcome_list:
            groups.setdefault(o.priority.plan.title, []).append((o, str(o.pk) in ticked))
        return list(groups.items())

    def outcomes_chosen(self) -> list[Outcome]:
        wanted = set(self.cleaned_data["outcomes"])
        return [o for o in self.outcome_list if str(o.pk) in wanted]

    def keywords_list(self) -> list[str]:
        return [k for k in self.cleaned_data["keywords"].splitlines() if k.strip()]


class _Choice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def __init__(self, *args: Any, words: Any = str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.words = words

    def label_from_instance(self, obj: Any) -> str:
        return str(self.words(obj))


def _commitment_words(c: Commitment) -> str:
    return f"{c.title} ({c.plan.title}, {c.get_status_display().lower()})"


def _action_words(a: Action) -> str:
    text = a.text if len(a.text) <= 100 else a.text[:99].rstrip() + "…"
    return f"{text} ({a.body.name}, {a.get_status_display().lower()})"


class ReplyForm(forms.Form):
    organisation = _Choice(
        label="Whose reply is this?",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The partnership's",
        help_text="A partner may publish its own reply, as well as the partnership's.",
        error_messages={"invalid_choice": "Choose the partnership or one of its partners"},
    )
    you_said = forms.CharField(
        label="You said",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What children and young people told us, in words a 10-year-old can read. "
        "Do not quote an answer: it could say who wrote it.",
        error_messages={"required": "Enter what children and young people said"},
    )
    we_did = forms.CharField(
        label="We did",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, or will be done, about it, in words a 10-year-old can read.",
        error_messages={"required": "Enter what was done, or will be done, about it"},
    )
    status = forms.ChoiceField(
        label="How far it has got",
        choices=[("", "Choose one"), *ThemeReply.Status.choices],
        error_messages={"required": "Choose how far the reply has got"},
    )
    commitment = _Choice(
        label="The plan's commitment it led to (optional)",
        queryset=Commitment.objects.none(),
        required=False,
        empty_label="None",
        words=_commitment_words,
    )
    action = _Choice(
        label="The board's action it led to (optional)",
        queryset=Action.objects.none(),
        required=False,
        empty_label="None",
        words=_action_words,
    )

    def __init__(
        self,
        *args: Any,
        commitments: QuerySet[Commitment],
        actions: QuerySet[Action],
        organisations: QuerySet[Organisation] | None,
        **kwargs: Any,
    ) -> None:
        """``organisations`` None: the reply's organisation is fixed (a contributor's, or a
        reply being changed), so the question is not asked."""
        super().__init__(*args, **kwargs)
        self._set("commitment", commitments)
        self._set("action", actions)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self._set("organisation", organisations)

    def _set(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset
