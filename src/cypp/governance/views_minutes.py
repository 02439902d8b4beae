"""The minutes review (issue 7, part 5, in the browser): an officer pastes or uploads one
agenda item's minutes page, reviews the resolutions and actions found in it, edits owners,
dates and links, and confirms. Nothing is saved before the confirmation; then one service
saves the item, its resolutions and actions together. Bad input gets a clear message."""

from __future__ import annotations

import logging
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cypp.accounts.models import Organisation, Person
from cypp.governance import forms
from cypp.governance.minutes_forms import (
    ActionDraftFormSet,
    ItemDraftForm,
    ResolutionDraftFormSet,
    due_from_words,
)
from cypp.governance.models import Meeting
from cypp.governance.permissions import officer_required
from cypp.governance.selectors import plan_item_choices, plan_items_resolve
from cypp.governance.services import (
    ActionDraft,
    GovernanceError,
    Owner,
    ResolutionDraft,
    minutes_decisions_record,
)
from cypp.governance.views_common import meeting_of, meeting_url

logger = logging.getLogger(__name__)

# The parser refuses anything bigger; the upload is refused before it is read whole.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
NO_DECISIONS = (
    "The page has no resolutions or actions that CYPP can find. Check that it is the "
    "minutes of one agenda item, with its decisions (RESOLVED, It was resolved that, "
    "Actions identified, It was agreed that), or add the item by hand"
)


def _parser() -> Any:
    """The minutes parser, or ``None`` while it is not installed."""
    try:
        from cypp.governance import minutes
    except ImportError:  # pragma: no cover - only before the parser exists
        return None
    if not hasattr(minutes, "extract_minutes"):  # pragma: no cover
        return None
    return minutes


def _read(form: forms.MinutesForm, parser: Any) -> str | None:
    """The page's text from the upload or the box, or ``None`` with an error on the form."""
    upload = form.cleaned_data.get("file")
    pasted = (form.cleaned_data.get("text") or "").strip()
    if upload is not None:
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", "The file must be smaller than 2 MB")
            return None
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            return str(parser.decode_minutes_bytes(data, name=upload.name or "the file"))
        except parser.MinutesError as error:
            form.add_error("file", f"The file cannot be used: {getattr(error, 'reason', error)}")
            return None
    if pasted:
        if len(pasted.encode("utf-8")) > MAX_UPLOAD_BYTES:
            form.add_error("text", "The pasted text must be smaller than 2 MB")
            return None
        return pasted
    form.add_error("text", "Paste the minutes page or choose a file")
    return None


def _links(partnership: Any) -> list[tuple[str, Any]]:
    return [("", "Not linked"), *plan_item_choices(partnership=partnership)]


def _owner_initial(
    owner: str | None, meeting: Meeting, people: list[Person], orgs: list[Organisation]
) -> dict[str, Any]:
    """The owner the page names: a person or organisation when the name matches one, else
    the words; the body itself when the page names nobody."""
    if not owner:
        return {"owner_role": meeting.body.name}
    wanted = owner.strip().lower()
    for person in people:
        if str(person).lower() == wanted:
            return {"owner_person": person.pk}
    for org in orgs:
        if org.name.lower() == wanted:
            return {"owner_organisation": org.pk}
    return {"owner_role": owner.strip()[:200]}


def _under(action_text: str, resolutions: list[Any]) -> str:
    text = action_text.strip().lower()
    for index, r in enumerate(resolutions):
        other = r.text.strip().lower()
        if text and (text in other or other in text):
            return str(index)
    return ""


def draft_forms(
    request: HttpRequest, meeting: Meeting, data: Any = None, initial: Any = None
) -> dict[str, Any]:
    partnership = meeting.body.partnership
    links = _links(partnership)
    if data is not None:
        count = (
            int(data.get("res-TOTAL_FORMS") or 0)
            if str(data.get("res-TOTAL_FORMS", "0")).isdigit()
            else 0
        )
    else:
        count = len(initial["resolutions"])
    resolution_choices = [
        (
            str(i),
            (
                data.get(f"res-{i}-label")
                if data is not None
                else initial["resolutions"][i].get("label")
            )
            or f"Resolution {i + 1}",
        )
        for i in range(min(count, 100))
    ]
    item = ItemDraftForm(
        data, prefix="item", initial=None if data is not None else initial["item"], links=links
    )
    resolutions = ResolutionDraftFormSet(
        data,
        prefix="res",
        initial=None if data is not None else initial["resolutions"],
        form_kwargs={"links": links},
    )
    actions = ActionDraftFormSet(
        data,
        prefix="act",
        initial=None if data is not None else initial["actions"],
        form_kwargs={"links": links, "resolutions": resolution_choices, "partnership": partnership},
    )
    for n, f in enumerate(resolutions.forms, start=1):
        f.legend = f"Resolution {n}"  # type: ignore[attr-defined]
        f.anchor = f"resolution-{n}"  # type: ignore[attr-defined]
        _confidence_fields(f)
    for n, g in enumerate(actions.forms, start=1):
        g.legend = f"Action {n}"  # type: ignore[attr-defined]
        g.anchor = f"action-{n}"  # type: ignore[attr-defined]
        _confidence_fields(g)
    return {
        "item": item,
        "resolutions": resolutions,
        "actions": actions,
        "to_check": [
            f for f in (*resolutions.forms, *actions.forms) if getattr(f, "mark", "") == "check"
        ],
    }


def _confidence_fields(form: Any) -> None:
    """How sure the extractor was of a row ("sure", or "check" with the reason), carried in
    hidden fields so the marks stay when the page comes back with an error, and set on the
    form for the template. Anything but "check" reads as sure: the marks only guide."""
    for name in ("confidence", "reason"):
        form.fields[name] = django_forms.CharField(widget=django_forms.HiddenInput, required=False)
    # Not named "confidence"/"reason": a template's f.confidence would find the field first.
    value = form["confidence"].value()
    form.mark = "check" if value == "check" else "sure"
    form.mark_reason = (form["reason"].value() or "").strip()[:200] if form.mark == "check" else ""


def draft_initial(extract: Any, text: str, meeting: Meeting) -> dict[str, Any]:
    partnership = meeting.body.partnership
    people = list(
        Person.objects.filter(user__partnership_roles__partnership=partnership).select_related(
            "user"
        )
    )
    orgs = list(Organisation.objects.all())
    resolutions = [
        {
            "keep": True,
            "label": r.label or "",
            "text": r.text,
            "confidence": r.confidence,
            "reason": r.reason or "",
        }
        for r in extract.resolutions
    ]
    actions = []
    for a in extract.actions:
        due, future = due_from_words(a.due)
        actions.append(
            {
                "keep": True,
                "text": a.text,
                "due_date": due,
                "due_at_future_meeting": future,
                "resolution": _under(a.text, list(extract.resolutions))
                if a.source == "resolution"
                else "",
                "source": a.source,
                "due_words": a.due or "",
                "confidence": a.confidence,
                "reason": a.reason or "",
                **_owner_initial(a.owner, meeting, people, orgs),
            }
        )
    return {
        "item": {
            "title": extract.title,
            "purpose": extract.purpose or "",
            "minutes": _plain_text(text).strip(),
        },
        "resolutions": resolutions,
        "actions": actions,
    }


def _plain_text(text: str) -> str:
    """The page as plain text, to keep as the item's minutes (an uploaded page is HTML)."""
    try:
        from cypp.governance.minutes.html_page import html_to_text, looks_like_html
    except ImportError:  # pragma: no cover - the parser keeps these helpers
        return text
    return html_to_text(text) if looks_like_html(text) else text


def targets_of(partnership: Any, value: str) -> tuple[Any, ...]:
    """The plan item a form's "it is about" choice names, if any."""
    return tuple(plan_items_resolve(partnership=partnership, values=[value])) if value else ()


def kept_drafts(
    partnership: Any, resolutions: Any, actions: Any
) -> tuple[list[ResolutionDraft], list[ActionDraft]]:
    """The resolutions and actions the officer kept, from valid forms, ready for a service
    (an action's resolution is its place among the kept resolutions)."""
    p = partnership
    kept_res = [f for f in resolutions.forms if f.cleaned_data.get("keep")]
    index = {
        str(i): n
        for n, i in enumerate(
            i for i, f in enumerate(resolutions.forms) if f.cleaned_data.get("keep")
        )
    }
    return (
        [
            ResolutionDraft(
                text=f.cleaned_data["text"],
                label=f.cleaned_data["label"],
                targets=targets_of(p, f.cleaned_data["link"]),
            )
            for f in kept_res
        ],
        [
            ActionDraft(
                text=f.cleaned_data["text"],
                owner=Owner(
                    person=f.cleaned_data.get("owner_person"),
                    organisation=f.cleaned_data.get("owner_organisation"),
                    role=f.cleaned_data.get("owner_role") or "",
                ),
                due_date=f.cleaned_data.get("due_date"),
                due_at_future_meeting=bool(f.cleaned_data.get("due_at_future_meeting")),
                targets=targets_of(p, f.cleaned_data.get("link") or ""),
                resolution=index.get(f.cleaned_data.get("resolution") or ""),
            )
            for f in actions.forms
            if f.cleaned_data.get("keep")
        ],
    )


@login_required
def minutes_review(request: HttpRequest, partnership: str, body: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, body, pk)
    officer_required(request.user, meeting.body.partnership_id)
    parser = _parser()
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "back": meeting_url(meeting),
    }
    step = request.POST.get("step") if request.method == "POST" else None

    if step == "confirm":
        drafts = draft_forms(request, meeting, data=request.POST)
        item, resolutions, actions = drafts["item"], drafts["resolutions"], drafts["actions"]
        valid = item.is_valid() & resolutions.is_valid() & actions.is_valid()
        problems: list[str] = []
        if valid:
            p = meeting.body.partnership
            kept = kept_drafts(p, resolutions, actions)
            try:
                minutes_decisions_record(
                    by=request.user,
                    meeting=meeting,
                    title=item.cleaned_data["title"],
                    purpose=item.cleaned_data["purpose"],
                    presenter=item.cleaned_data["presenter"],
                    minutes=item.cleaned_data["minutes"],
                    item_targets=targets_of(p, item.cleaned_data["link"]),
                    resolutions=kept[0],
                    actions=kept[1],
                )
            except GovernanceError as error:
                problems.append(str(error))
            else:
                return redirect(meeting_url(meeting))
        return render(
            request,
            "governance/minutes_review.html",
            {**context, **drafts, "problems": problems},
            status=400,
        )

    form = forms.MinutesForm(request.POST or None, request.FILES or None)
    if parser is None:
        context["unavailable"] = True
    elif step == "extract" and form.is_valid():
        text = _read(form, parser)
        if text is not None:
            try:
                extract = parser.extract_minutes(text)
            except parser.MinutesError as error:
                form.add_error(
                    "text", f"The page cannot be read: {getattr(error, 'reason', error)}"
                )
            except Exception:  # never a server error for a page we cannot read
                logger.exception("Minutes extraction failed")
                form.add_error("text", "The page cannot be read as minutes. " + NO_DECISIONS)
            else:
                if not extract.has_decisions:
                    form.add_error("text", NO_DECISIONS)
                else:
                    drafts = draft_forms(
                        request, meeting, initial=draft_initial(extract, text, meeting)
                    )
                    return render(
                        request,
                        "governance/minutes_review.html",
                        {**context, **drafts, "problems": []},
                    )
    return render(
        request,
        "governance/minutes_start.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )
