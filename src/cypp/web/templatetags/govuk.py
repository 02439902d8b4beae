"""GOV.UK Frontend markup for Django form fields: label, hint, error, input, in one tag.

Rendering in Python keeps every form on the service identical and accessible: the error
message is tied to its input with aria-describedby, the error summary links to each field.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cypp.forms.dates import GovukDateWidget

register = template.Library()


def _described_by(field: BoundField) -> tuple[str, SafeString, SafeString]:
    ids = []
    hint = error = mark_safe("")
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
        hint = format_html(
            '<div id="{}-hint" class="govuk-hint">{}</div>', field.auto_id, field.help_text
        )
    if field.errors:
        ids.append(f"{field.auto_id}-error")
        error = format_html(
            '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>',
            field.auto_id,
            " ".join(str(e) for e in field.errors),
        )
    return " ".join(ids), hint, error


@register.simple_tag
def govuk_field(field: BoundField) -> SafeString:
    """One form field as a GOV.UK form group."""
    widget = field.field.widget
    described, hint, error = _described_by(field)
    group = "govuk-form-group" + (" govuk-form-group--error" if field.errors else "")
    if isinstance(widget, GovukDateWidget):
        return _date(field, group, described, hint, error)
    if isinstance(widget, forms.CheckboxInput):
        attrs: dict[str, str | bool] = {"class": "govuk-checkboxes__input"}
        if described:
            attrs["aria-describedby"] = described
        return format_html(
            '<div class="{}"><div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">{}<label class="govuk-label govuk-checkboxes__label" for="{}">{}</label>'
            "</div></div>{}{}</div>",
            group,
            field.as_widget(attrs=attrs),
            field.id_for_label,
            field.label,
            hint,
            error,
        )
    if isinstance(widget, forms.Select):
        css = "govuk-select" + (" govuk-select--error" if field.errors else "")
    elif isinstance(widget, forms.Textarea):
        css = "govuk-textarea" + (" govuk-textarea--error" if field.errors else "")
    else:
        css = "govuk-input" + (" govuk-input--error" if field.errors else "")
        if isinstance(widget, forms.NumberInput):
            css += " govuk-input--width-10"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = described
    return format_html(
        '<div class="{}"><label class="govuk-label" for="{}">{}</label>{}{}{}</div>',
        group,
        field.id_for_label,
        field.label,
        hint,
        error,
        field.as_widget(attrs=attrs),
    )


def _date(
    field: BoundField, group: str, described: str, hint: SafeString, error: SafeString
) -> SafeString:
    values = (
        field.field.widget.decompress(field.value())
        if not isinstance(field.value(), list)
        else field.value()
    )
    parts = []
    for index, (name, label, width) in enumerate(
        (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
    ):
        input_id = f"{field.auto_id}_{name}"
        value = (
            values[index] if values and index < len(values) and values[index] is not None else ""
        )
        css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
        if field.errors:
            css += " govuk-input--error"
        parts.append(
            format_html(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
                '<input class="{}" id="{}" name="{}_{}" type="text" inputmode="numeric" value="{}">'
                "</div></div>",
                input_id,
                label,
                css,
                input_id,
                field.html_name,
                name,
                value,
            )
        )
    return format_html(
        '<div class="{}"><fieldset class="govuk-fieldset" role="group"{}>'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{}</legend>{}{}'
        '<div class="govuk-date-input" id="{}">{}</div></fieldset></div>',
        group,
        format_html(' aria-describedby="{}"', described) if described else "",
        field.label,
        hint,
        error,
        field.auto_id,
        mark_safe("".join(parts)),  # noqa: S308 - each part built with format_html
    )


@register.simple_tag
def govuk_error_summary(form: forms.BaseForm) -> SafeString:
    """The error summary at the top of a page, linking to each field in error."""
    if not form.errors:
        return mark_safe("")
    items: list[tuple[str | None, str]] = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend((None, str(e)) for e in errors)
            continue
        bound = form[name]
        target = bound.auto_id
        if isinstance(bound.field.widget, GovukDateWidget):
            target = f"{bound.auto_id}_day"
        items.extend((target, str(e)) for e in errors)
    links = format_html_join(
        "",
        "<li>{}</li>",
        (
            (format_html('<a href="#{}">{}</a>', target, message) if target else message,)
            for target, message in items
        ),
    )
    return format_html(
        '<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">'
        '<h2 class="govuk-error-summary__title">There is a problem</h2>'
        '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">{}</ul>'
        "</div></div></div>",
        links,
    )
