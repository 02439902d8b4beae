"""GOV.UK Frontend 5 markup for Django forms, written once for every app (ADR 0017).

``{% govuk_field form.x %}`` draws one field as a GOV.UK form group: label, hint, error and
input, with the hint and error tied to the input by ``aria-describedby``; radios, checkboxes
and the date input sit in a fieldset. ``{% govuk_error_summary form ... %}`` draws the error
summary at the top of a page, linking each message to its field. The markup lives in the
templates under ``forms/`` so a change to GOV.UK Frontend is made in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cypp.forms.dates import GovukDateWidget

register = template.Library()

_DATE_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


def _described_by(field: BoundField, *, has_hint: bool) -> str:
    ids = []
    if has_hint:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def _input_class(field: BoundField) -> str:
    widget = field.field.widget
    error = bool(field.errors)
    if isinstance(widget, forms.Select):
        return "govuk-select" + (" govuk-select--error" if error else "")
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea" + (" govuk-textarea--error" if error else "")
    if isinstance(widget, forms.FileInput):
        return "govuk-file-upload" + (" govuk-file-upload--error" if error else "")
    css = "govuk-input" + (" govuk-input--error" if error else "")
    if isinstance(widget, forms.NumberInput):
        css += " govuk-input--width-10"
    return css


@register.simple_tag
def govuk_field(field: BoundField, hint: str | None = None, label_class: str = "") -> SafeString:
    """One form field as a GOV.UK form group.

    ``hint`` replaces the field's help text where the page knows more (a size limit, say);
    ``label_class`` adds a label size such as ``govuk-label--s``.
    """
    widget = field.field.widget
    hint_text = field.help_text if hint is None else hint
    described = _described_by(field, has_hint=bool(hint_text))
    context: dict[str, Any] = {
        "field": field,
        "hint": hint_text,
        "described": described,
        "label_class": f" {label_class}" if label_class else "",
    }
    if isinstance(widget, GovukDateWidget):
        context["parts"] = _date_parts(field)
        return render_to_string("forms/date_input.html", context)
    checkbox = isinstance(widget, forms.CheckboxInput)
    attrs: dict[str, str | bool] = {
        "class": "govuk-checkboxes__input" if checkbox else _input_class(field)
    }
    if described:
        attrs["aria-describedby"] = described
    context["input"] = field.as_widget(attrs=attrs)
    return render_to_string("forms/checkbox.html" if checkbox else "forms/field.html", context)


def _date_parts(field: BoundField) -> list[dict[str, Any]]:
    value = field.value()
    values = value if isinstance(value, list) else field.field.widget.decompress(value)
    parts = []
    for index, (name, label, width) in enumerate(_DATE_PARTS):
        part = values[index] if values and index < len(values) else None
        css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
        parts.append(
            {
                "id": f"{field.auto_id}_{name}",
                "name": f"{field.html_name}_{name}",
                "label": label,
                "value": "" if part is None else part,
                "css": css + (" govuk-input--error" if field.errors else ""),
            }
        )
    return parts


def _field_target(bound: BoundField) -> str:
    # The summary links to the first box of a date: the date itself is a fieldset.
    if isinstance(bound.field.widget, GovukDateWidget):
        return f"{bound.auto_id}_day"
    return str(bound.auto_id)


def _form_items(form: forms.BaseForm, where: str) -> list[tuple[str | None, str]]:
    items: list[tuple[str | None, str]] = []
    for name, errors in form.errors.items():
        target = None if name == "__all__" else _field_target(form[name])
        items.extend((target, f"{where}{e}") for e in errors)
    return items


def error_summary_items(
    groups: Iterable[Any], problems: Any = None, link: str | None = None
) -> list[tuple[str | None, str]]:
    """Every message for the summary, in page order: ``problems`` first (words that belong
    to no form field; each a string, or a (field id, message) pair), then each form's and
    formset's errors (a formset row's errors say which row, from the form's ``legend``)."""
    if isinstance(problems, str):
        problems = [problems] if problems else []
    items: list[tuple[str | None, str]] = []
    for problem in problems or []:
        if isinstance(problem, tuple):
            items.append((problem[0], str(problem[1])))
        else:
            items.append((link, str(problem)))
    for group in groups:
        if group is None:
            continue
        if isinstance(group, forms.BaseFormSet):
            items.extend((None, str(e)) for e in group.non_form_errors())
            for row in group.forms:
                legend = getattr(row, "legend", "")
                items.extend(_form_items(row, f"{legend}: " if legend else ""))
        else:
            items.extend(_form_items(group, ""))
    return items


@register.simple_tag
def govuk_error_summary(
    *groups: Any,
    problems: Any = None,
    link: str | None = None,
    title: str = "There is a problem",
    description: str = "",
    quiet: bool = False,
) -> SafeString:
    """The GOV.UK error summary for any number of forms and formsets, plus ``problems``.

    ``link`` is the id each plain-string problem links to (none: the message is not a link);
    ``description`` is a paragraph under the title; ``quiet`` keeps the focus where it is on
    page load (for a summary that reports an outcome rather than answers to correct).
    Nothing is drawn when there is neither an item nor a description.
    """
    items = error_summary_items(groups, problems, link)
    if not items and not description:
        return mark_safe("")
    return render_to_string(
        "forms/error_summary.html",
        {"items": items, "title": title, "description": description, "quiet": quiet},
    )


@register.simple_block_tag
def govuk_error_summary_body(
    content: str, title: str = "There is a problem", quiet: bool = False
) -> SafeString:
    """The error summary with the page's own words as its body, for an outcome that takes
    more than one sentence (``{% govuk_error_summary_body title="..." %}<p ...>...</p>
    {% endgovuk_error_summary_body %}``); ``quiet`` as for ``govuk_error_summary``."""
    return render_to_string(
        "forms/error_summary.html", {"items": [], "title": title, "body": content, "quiet": quiet}
    )
