"""The indicator picker's form parts, shared by every form where an indicator is typed.

Without JavaScript the field is a plain text box that takes an indicator's exact name or
its SOURCE:CODE, and its hint links to the catalogue; with JavaScript,
``cypp/indicator_picker.js`` turns every ``<input data-indicator-picker>`` into a combobox
that suggests indicators as the person types (the attribute's value is where it asks).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy

_WORDS = "Start typing its name and choose one, or enter its source and code, like lait:LAC."


def indicator_picker_widget() -> forms.TextInput:
    """A text box the picker script enhances; the browser's own autofill is turned off so
    that it does not cover the suggestions."""
    return forms.TextInput(
        attrs={
            "data-indicator-picker": reverse_lazy("evidence:indicator-suggest"),
            "autocomplete": "off",
            "spellcheck": "false",
        }
    )


def indicator_picker_help(*, link: bool = False) -> SafeString | str:
    """The field's hint; with ``link``, a link to the catalogue for finding a code without
    the script (a page that links to the catalogue beside the field needs no second one)."""
    if not link:
        return _WORDS
    return mark_safe(  # noqa: S308 - constant words and a reversed address only
        format_lazy(
            '{} <a class="govuk-link" href="{}">Find an indicator in the catalogue</a>.',
            _WORDS,
            reverse_lazy("evidence:indicators"),
        )
    )
