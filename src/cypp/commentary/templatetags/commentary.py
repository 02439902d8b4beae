"""Template pieces of the commentary app that other apps' pages include: the story behind
the curve on a measure page, what a person owes on the home page."""

from __future__ import annotations

from typing import Any

from django import template

from cypp.commentary.selectors import latest_approved_commentary
from cypp.plans.models import Measure

register = template.Library()

_LABELS = {
    "story_behind_curve": "The story behind the curve",
    "what_is_working": "What is working",
    "next_steps": "What we will do next",
    "partners": "Partners who help",
    "kind": "Kind",
    "title": "Title",
    "text": "Text",
    "attributed_to": "Attributed to",
    "consent_recorded": "Consent recorded",
    "consent_note": "Where consent is recorded",
}


@register.filter
def answer_label(field: str) -> str:
    """The words a form shows for a commentary or evidence field."""
    return _LABELS.get(field, field.replace("_", " ").capitalize())


@register.inclusion_tag("commentary/includes/story.html")
def story_behind_the_curve(measure: Measure) -> dict[str, Any]:
    """The measure's latest approved commentary (one query). The measure page caches its body
    per plan version, and every commentary change is audited under the plan, so the page
    shows a newly approved commentary at once."""
    return {"measure": measure, "commentary": latest_approved_commentary(measure=measure)}
