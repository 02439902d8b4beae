"""Template helpers for the governance pages: the status of an action as a tag with words.
(The error summary for several forms, as on the minutes review, is the shared
``govuk_error_summary`` in cypp.forms.)"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def action_status(entry: Any) -> SafeString:
    """The action's status as a GOV.UK tag: the words carry the meaning, not the colour."""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', entry.tag_class, entry.status_words
    )


@register.filter
def has_errors(*groups: Any) -> bool:
    return any(bool(getattr(g, "errors", None)) for g in groups)
