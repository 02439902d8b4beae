"""Template helpers for the governance pages: one error summary for several forms (the
minutes review has a form per row), and the status of an action as a tag with words."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cypp.forms.dates import GovukDateWidget

register = template.Library()


def _form_items(form: forms.BaseForm, where: str) -> list[tuple[str | None, str]]:
    items: list[tuple[str | None, str]] = []
    for name, errors in form.errors.items():
        if name == "__all__":
            items.extend((None, f"{where}{e}") for e in errors)
            continue
        bound = form[name]
        target = bound.auto_id
        if isinstance(bound.field.widget, GovukDateWidget):
            target = f"{bound.auto_id}_day"
        items.extend((target, f"{where}{e}") for e in errors)
    return items


@register.simple_tag
def governance_error_summary(*groups: Any, problems: Any = None) -> SafeString:
    """The GOV.UK error summary for any number of forms and formsets (each row's errors say
    which row), plus ``problems``: messages that belong to no field."""
    items: list[tuple[str | None, str]] = [(None, str(p)) for p in (problems or [])]
    for group in groups:
        if group is None:
            continue
        if isinstance(group, forms.BaseFormSet):
            items.extend((None, str(e)) for e in group.non_form_errors())
            for f in group.forms:
                where = f"{getattr(f, 'legend', '')}: " if getattr(f, "legend", "") else ""
                items.extend(_form_items(f, where))
        else:
            items.extend(_form_items(group, ""))
    if not items:
        return mark_safe("")
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


@register.simple_tag
def action_status(entry: Any) -> SafeString:
    """The action's status as a GOV.UK tag: the words carry the meaning, not the colour."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', entry.tag_class, entry.status_words
    )


@register.filter
def has_errors(*groups: Any) -> bool:
    return any(bool(getattr(g, "errors", None)) for g in groups)
