"""Themes, theming free text and "you said, we did", as pages.

- Analysts and administrators list, make, change and delete themes (linking each to the
  plans' outcomes), theme a wave's free-text answers (accepting suggestions or choosing a
  theme), and write and publish the partnership's replies.
- A contributor lists the themes and writes and publishes their own organisation's replies.
- Anyone, signed in or not, reads the published replies on the "you said, we did" page.

A partnership the person has no role in is a 404, as if it did not exist; a page their role
may not use is a 403.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cypp.accounts.models import Organisation, Partnership
from cypp.accounts.selectors import access_get
from cypp.disclosure import disclosure_rule
from cypp.errors import ApplicationError, error_message
from cypp.voice import access
from cypp.voice.forms_themes import ReplyForm, ThemeForm
from cypp.voice.models import Answer, Survey, Theme, ThemeReply
from cypp.voice.selectors_themes import (
    actions_of,
    commitments_of,
    organisations_of,
    outcomes_of,
    replies_published,
    themes_of,
    theming_page,
)
from cypp.voice.services_themes import (
    reply_publish,
    reply_save,
    reply_unpublish,
    tag_remove,
    tag_set,
    theme_delete,
    theme_save,
)

NOT_FOUND = "Page not found"


def _partnership(request: HttpRequest, key: str) -> Partnership:
    """The partnership, for anyone with a role in it; a 404 for anyone else."""
    found = Partnership.objects.filter(key=key).select_related("area").first()
    if found is None or not access.results_readable(request.user, found):
        raise Http404(NOT_FOUND)
    return found


def _own_organisation(user: Any, partnership: Partnership) -> Organisation | None:
    """The organisation whose replies this person writes as a contributor, if any."""
    org_id = access_get(user).organisation_id
    if org_id is None or not access.reply_editable(user, partnership, org_id):
        return None
    return Organisation.objects.filter(pk=org_id).first()


def _analyst(request: HttpRequest, key: str) -> Partnership:
    partnership = _partnership(request, key)
    if not access.voice_manageable(request.user, partnership):
        raise PermissionDenied
    return partnership


def _theme(partnership: Partnership, theme_id: int) -> Theme:
    theme = Theme.objects.filter(pk=theme_id, partnership=partnership).first()
    if theme is None:
        raise Http404(NOT_FOUND)
    return theme


def _form_error(form: Any, error: ApplicationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error_message(error))


@login_required
@require_http_methods(["GET"])
def themes_page(request: HttpRequest, partnership: str) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    analyst = access.voice_manageable(request.user, the_partnership)
    own = None if analyst else _own_organisation(request.user, the_partnership)
    if not analyst and own is None:
        raise PermissionDenied
    themes = list(themes_of(the_partnership))
    for theme in themes:
        theme.shown_replies = [  # type: ignore[attr-defined]
            r
            for r in theme.replies.all()
            if analyst or r.organisation_id == own.pk  # type: ignore[union-attr]
        ]
    return render(
        request,
        "voice/themes/themes.html",
        {
            "partnership": the_partnership,
            "themes": themes,
            "analyst": analyst,
            "own": own,
            "surveys": Survey.objects.filter(partnership=the_partnership).order_by("title"),
        },
    )


def _theme_form_page(
    request: HttpRequest, partnership: Partnership, theme: Theme | None
) -> HttpResponse:
    outcomes = outcomes_of(partnership)
    if request.method == "POST":
        form = ThemeForm(request.POST, outcomes=outcomes)
        if form.is_valid():
            try:
                saved = theme_save(
                    partnership=partnership,
                    by=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    keywords=form.keywords_list(),
                    outcomes=form.outcomes_chosen(),
                    theme=theme,
                )
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(request, f"The theme “{saved.name}” is saved.")
                return redirect("voice:themes", partnership=partnership.key)
    elif theme is not None:
        form = ThemeForm(
            initial={
                "name": theme.name,
                "description": theme.description,
                "keywords": "\n".join(theme.keywords),
                "outcomes": [str(pk) for pk in theme.outcomes.values_list("pk", flat=True)],
            },
            outcomes=outcomes,
        )
    else:
        form = ThemeForm(outcomes=outcomes)
    return render(
        request,
        "voice/themes/theme_form.html",
        {"partnership": partnership, "theme": theme, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_new_page(request: HttpRequest, partnership: str) -> HttpResponse:
    return _theme_form_page(request, _analyst(request, partnership), None)


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit_page(request: HttpRequest, partnership: str, theme_id: int) -> HttpResponse:
    the_partnership = _analyst(request, partnership)
    return _theme_form_page(request, the_partnership, _theme(the_partnership, theme_id))


@login_required
@require_http_methods(["GET", "POST"])
def theme_delete_page(request: HttpRequest, partnership: str, theme_id: int) -> HttpResponse:
    the_partnership = _analyst(request, partnership)
    theme = _theme(the_partnership, theme_id)
    problem = ""
    if request.method == "POST":
        try:
            theme_delete(theme=theme, by=request.user)
        except ApplicationError as error:
            problem = error_message(error)
        else:
            messages.success(request, f"The theme “{theme.name}” is deleted.")
            return redirect("voice:themes", partnership=the_partnership.key)
    return render(
        request,
        "voice/themes/theme_delete.html",
        {
            "partnership": the_partnership,
            "theme": theme,
            "problem": problem,
            "tagged": theme.tags.count(),
            "published": theme.replies.filter(published_at__isnull=False).count(),
        },
    )


def _survey(partnership: Partnership, key: str) -> Survey:
    survey = Survey.objects.filter(partnership=partnership, key=key).first()
    if survey is None:
        raise Http404(NOT_FOUND)
    return survey


@login_required
@require_http_methods(["GET"])
def theming_page_view(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    the_partnership = _analyst(request, partnership)
    the_survey = _survey(the_partnership, survey)
    wave_key = request.GET.get("wave") or None
    found = theming_page(survey=the_survey, wave_key=wave_key, page_number=request.GET.get("page"))
    if wave_key and found.wave is None:
        raise Http404(NOT_FOUND)
    return render(
        request,
        "voice/themes/theming.html",
        {"partnership": the_partnership, "survey": the_survey, "found": found},
    )


def _back_to_theming(partnership: Partnership, survey: Survey, post: Any, anchor: str) -> str:
    query = {k: post.get(k) for k in ("wave", "page") if post.get(k)}
    url = reverse("voice:theming", kwargs={"partnership": partnership.key, "survey": survey.key})
    return url + (f"?{urlencode(query)}" if query else "") + anchor


def _tag_post(request: HttpRequest, partnership: str, survey: str, *, remove: bool) -> HttpResponse:
    the_partnership = _analyst(request, partnership)
    the_survey = _survey(the_partnership, survey)
    answer_id, theme_id = request.POST.get("answer", ""), request.POST.get("theme", "")
    answer = (
        Answer.objects.filter(pk=answer_id, question__audience__survey=the_survey)
        .select_related("question__audience__survey")
        .first()
        if answer_id.isdigit()
        else None
    )
    theme = (
        Theme.objects.filter(pk=theme_id, partnership=the_partnership).first()
        if theme_id.isdigit()
        else None
    )
    anchor = f"#answer-{answer.pk}" if answer else ""
    if answer is None or theme is None:
        messages.error(request, "Choose a theme for the answer.")
    else:
        try:
            if remove:
                tag_remove(theme=theme, answer=answer, by=request.user)
                messages.success(request, f"“{theme.name}” taken off the answer.")
            else:
                suggested = request.POST.get("suggested") == "1"
                tag_set(theme=theme, answer=answer, by=request.user, suggested=suggested)
                messages.success(request, f"Answer given the theme “{theme.name}”.")
        except ApplicationError as error:
            messages.error(request, error_message(error))
    return redirect(_back_to_theming(the_partnership, the_survey, request.POST, anchor))


@login_required
@require_POST
def tag_set_page(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    return _tag_post(request, partnership, survey, remove=False)


@login_required
@require_POST
def tag_remove_page(request: HttpRequest, partnership: str, survey: str) -> HttpResponse:
    return _tag_post(request, partnership, survey, remove=True)


def _reply(theme: Theme, reply_id: int) -> ThemeReply:
    reply = (
        ThemeReply.objects.filter(pk=reply_id, theme=theme)
        .select_related("organisation", "theme__partnership")
        .first()
    )
    if reply is None:
        raise Http404(NOT_FOUND)
    return reply


def _reply_form_page(
    request: HttpRequest, partnership: Partnership, theme: Theme, reply: ThemeReply | None
) -> HttpResponse:
    analyst = access.voice_manageable(request.user, partnership)
    if reply is not None:
        if not access.reply_editable(request.user, partnership, reply.organisation_id):
            raise PermissionDenied
        fixed: Organisation | None = reply.organisation
    elif analyst:
        fixed = None
    else:
        fixed = _own_organisation(request.user, partnership)
        if fixed is None:
            raise PermissionDenied
    choose = reply is None and analyst
    kwargs: dict[str, Any] = {
        "commitments": commitments_of(partnership),
        "actions": actions_of(partnership),
        "organisations": organisations_of(partnership) if choose else None,
    }
    if request.method == "POST":
        form = ReplyForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = reply_save(
                    theme=theme,
                    by=request.user,
                    you_said=data["you_said"],
                    we_did=data["we_did"],
                    status=data["status"],
                    organisation=data.get("organisation") if choose else fixed,
                    commitment=data["commitment"],
                    action=data["action"],
                    reply=reply,
                )
            except ApplicationError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    "The reply is saved."
                    + ("" if saved.published_at else " Publish it when it is ready."),
                )
                return redirect("voice:themes", partnership=partnership.key)
    elif reply is not None:
        form = ReplyForm(
            initial={
                "you_said": reply.you_said,
                "we_did": reply.we_did,
                "status": reply.status,
                "commitment": reply.commitment_id,
                "action": reply.action_id,
            },
            **kwargs,
        )
    else:
        form = ReplyForm(initial={"status": ThemeReply.Status.PLANNED}, **kwargs)
    return render(
        request,
        "voice/themes/reply_form.html",
        {
            "partnership": partnership,
            "theme": theme,
            "reply": reply,
            "form": form,
            "who": fixed.name if fixed else partnership.name,
            "choose": choose,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_new_page(request: HttpRequest, partnership: str, theme_id: int) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    return _reply_form_page(request, the_partnership, _theme(the_partnership, theme_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def reply_edit_page(
    request: HttpRequest, partnership: str, theme_id: int, reply_id: int
) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    theme = _theme(the_partnership, theme_id)
    return _reply_form_page(request, the_partnership, theme, _reply(theme, reply_id))


def _publish_post(
    request: HttpRequest, partnership: str, theme_id: int, reply_id: int, *, publish: bool
) -> HttpResponse:
    the_partnership = _partnership(request, partnership)
    reply = _reply(_theme(the_partnership, theme_id), reply_id)
    if not access.reply_editable(request.user, the_partnership, reply.organisation_id):
        raise PermissionDenied
    try:
        if publish:
            reply_publish(reply=reply, by=request.user)
            messages.success(request, f"The reply to “{reply.theme.name}” is published.")
        else:
            reply_unpublish(reply=reply, by=request.user)
            messages.success(request, f"The reply to “{reply.theme.name}” is unpublished.")
    except ApplicationError as error:
        messages.error(request, error_message(error))
    return redirect(
        reverse("voice:themes", kwargs={"partnership": the_partnership.key}) + f"#reply-{reply.pk}"
    )


@login_required
@require_POST
def reply_publish_page(
    request: HttpRequest, partnership: str, theme_id: int, reply_id: int
) -> HttpResponse:
    return _publish_post(request, partnership, theme_id, reply_id, publish=True)


@login_required
@require_POST
def reply_unpublish_page(
    request: HttpRequest, partnership: str, theme_id: int, reply_id: int
) -> HttpResponse:
    return _publish_post(request, partnership, theme_id, reply_id, publish=False)


@require_http_methods(["GET"])
def you_said_we_did_page(request: HttpRequest, partnership: str) -> HttpResponse:
    """Public: the partnership's published replies, for children to read."""
    the_partnership = Partnership.objects.filter(key=partnership).first()
    if the_partnership is None:
        raise Http404(NOT_FOUND)
    replies = replies_published(partnership=the_partnership)
    themes: dict[int, dict[str, Any]] = {}
    for r in replies:
        themes.setdefault(r.theme_id, {"name": r.theme, "count": r.count, "replies": []})
        themes[r.theme_id]["replies"].append(r)
    return render(
        request,
        "voice/themes/you_said_we_did.html",
        {
            "partnership": the_partnership,
            "themes": list(themes.values()),
            "threshold": disclosure_rule().threshold,
        },
    )
