"""The review of one agenda item synced from the council's committee system (issue 18,
part 4): its minutes as the council published them beside the draft resolutions and
actions the extractor found, each marked Sure or Check, in the same form as the review of
pasted minutes. Confirming records the kept decisions onto the existing item and marks it
confirmed, all or nothing; a second confirmation is refused in words. Officers only."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cypp.governance.minutes.html_page import html_to_text
from cypp.governance.minutes.model import Action, ActionSource, MinutesExtract, Resolution
from cypp.governance.models import AgendaItem
from cypp.governance.permissions import officer_required
from cypp.governance.services import GovernanceError
from cypp.governance.services.minutes_review import synced_item_decisions_confirm
from cypp.governance.views_common import meeting_of, meeting_url
from cypp.governance.views_minutes import draft_forms, draft_initial, kept_drafts, targets_of


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _source(value: Any) -> ActionSource:
    if value == "resolution":
        return "resolution"
    return "actions list" if value == "actions list" else "agreement"


def draft_extract(item: AgendaItem) -> MinutesExtract:
    """The item's stored draft (the extractor's JSON) as the extractor's own rows. A row
    missing a mark reads as "check": the draft is data, and an officer should look."""
    draft = item.draft if isinstance(item.draft, dict) else {}

    def mark(row: dict[str, Any]) -> tuple[Any, str | None]:
        sure = row.get("confidence") == "sure"
        return ("sure", None) if sure else ("check", _text(row.get("reason")) or "not marked")

    resolutions = tuple(
        Resolution(_text(r.get("label")) or None, _text(r.get("text")), *mark(r))
        for r in draft.get("resolutions") or []
        if isinstance(r, dict) and _text(r.get("text"))
    )
    actions = tuple(
        Action(
            _text(a.get("text")),
            _text(a.get("owner")) or None,
            _text(a.get("due")) or None,
            _source(a.get("source")),
            *mark(a),
        )
        for a in draft.get("actions") or []
        if isinstance(a, dict) and _text(a.get("text"))
    )
    return MinutesExtract(item.title, item.purpose or None, resolutions, actions)


def published_minutes(item: AgendaItem) -> str:
    """The minutes as the council published them, as plain text: the council's HTML is
    never put into the page (no scripts, styles or event attributes can come through)."""
    text = html_to_text(item.minutes_html) if item.minutes_html else item.minutes
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


@login_required
def item_review(
    request: HttpRequest, partnership: str, body: str, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    item.meeting = meeting
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "agenda_item": item,
        "back": meeting_url(meeting),
        "published": published_minutes(item),
        "papers": list(item.papers.all()),
    }
    if item.review != AgendaItem.Review.TO_REVIEW:
        # Confirmed already, or nothing to review: say so instead of a form.
        return render(request, "governance/item_review.html", {**context, "closed": True})

    if request.method == "POST":
        drafts = draft_forms(request, meeting, data=request.POST)
        resolutions, actions = drafts["resolutions"], drafts["actions"]
        item_form = drafts["item"]
        problems: list[str] = []
        if item_form.is_valid() & resolutions.is_valid() & actions.is_valid():
            p = meeting.body.partnership
            kept = kept_drafts(p, resolutions, actions)
            try:
                synced_item_decisions_confirm(
                    by=request.user,
                    item=item,
                    item_targets=targets_of(p, item_form.cleaned_data["link"]),
                    resolutions=kept[0],
                    actions=kept[1],
                )
            except GovernanceError as error:
                problems.append(str(error))
            else:
                return redirect(meeting_url(meeting) + f"#item-{item.pk}")
        return render(
            request,
            "governance/item_review.html",
            {**context, **drafts, "problems": problems},
            status=400,
        )

    initial = draft_initial(draft_extract(item), item.minutes, meeting)
    drafts = draft_forms(request, meeting, initial=initial)
    return render(request, "governance/item_review.html", {**context, **drafts, "problems": []})
