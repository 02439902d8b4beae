"""A child's journey through a survey, as pages: public, no account, no CAPTCHA.

start -> language (if more than one) -> who are you -> agreeing (by age, or the setting's
basis) -> the questions (one a page, or all on one, with skip logic and "Save and come back
later") -> send -> thank you. An answer that says a child may be unsafe goes next to the
help page, then on with the survey.

Which response is the child's is kept in a signed cookie (the response's number, scoped to
the survey's pages), not in a server-side session: nothing about the visit is written to
the database but the answers (ADR 0020). Before the response exists, the language and the
audience travel in the address. Every POST that writes is counted by the rate limit
(``ratelimit``) and checked for the honeypot.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cypp.voice import ratelimit
from cypp.voice.forms_journey import (
    AnswersForm,
    ChoiceForm,
    ConsentForm,
    ResumeForm,
    field_name,
    rank_name,
)
from cypp.voice.journey_words import LANGUAGE_NAMES, PAGE_LANG, words
from cypp.voice.models import Audience, Question, Response, Survey
from cypp.voice.selectors_journey import (
    QuestionWords,
    answers_of,
    audience_label,
    audiences_of,
    is_shown,
    question_after,
    question_before,
    question_first_unanswered,
    question_words,
    questions_of,
    questions_shown,
    response_for_journey,
    survey_answerable,
    survey_for_journey,
)
from cypp.voice.services_journey import (
    FREE_TEXT_LIMIT,
    JourneyError,
    answers_save,
    consents_allowed,
    response_finish,
    response_resume,
    response_start,
    resume_code_issue,
)

NOT_FOUND = "Page not found"
SALT = "cypp.voice.journey"
COOKIE_DAYS = 30


# --- the survey, the language, the child's response ---------------------------------------


def _survey(key: str) -> Survey:
    survey = survey_for_journey(key)
    if survey is None:
        raise Http404(NOT_FOUND)
    return survey


def _languages(survey: Survey) -> list[str]:
    return [str(c) for c in (survey.languages or [])] or ["en"]


def _language(request: HttpRequest, survey: Survey, response: Response | None = None) -> str:
    if response is not None:
        return response.language
    asked = request.GET.get("lang", "")
    return asked if asked in _languages(survey) else _languages(survey)[0]


def _cookie(survey: Survey) -> str:
    return f"voice-{survey.key}"


def _cookie_path(survey: Survey) -> str:
    return reverse("voice:journey_start", kwargs={"survey": survey.key})


def _response(request: HttpRequest, survey: Survey) -> Response | None:
    """The child's unfinished response to this survey, from the signed cookie."""
    try:
        value = request.get_signed_cookie(_cookie(survey), salt=SALT, max_age=COOKIE_DAYS * 86400)
    except (KeyError, signing.BadSignature):
        return None
    if not value or not value.isdigit():
        return None
    return response_for_journey(survey, int(value))


def _remember(page: HttpResponse, request: HttpRequest, response: Response) -> HttpResponse:
    page.set_signed_cookie(
        _cookie(response.survey),
        str(response.pk),
        salt=SALT,
        max_age=COOKIE_DAYS * 86400,
        path=_cookie_path(response.survey),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return page


def _forget(page: HttpResponse, survey: Survey) -> HttpResponse:
    page.delete_cookie(_cookie(survey), path=_cookie_path(survey), samesite="Lax")
    return page


def _url(name: str, survey: Survey, **query: str) -> str:
    url = reverse(f"voice:journey_{name}", kwargs={"survey": survey.key})
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def _question_url(survey: Survey, question: Question | None) -> str:
    if question is None:
        return _url("finish", survey)
    if not survey.one_question_per_page:
        return _url("questions", survey)
    return reverse(
        "voice:journey_question", kwargs={"survey": survey.key, "question": question.key}
    )


def _carry_on_url(response: Response) -> str:
    """Where a child carries on: the first question asked and not answered, else sending."""
    questions = questions_of(response.audience)
    return _question_url(
        response.survey, question_first_unanswered(questions, answers_of(response))
    )


def _page(
    request: HttpRequest,
    template: str,
    survey: Survey,
    language: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    said = words(language)
    return render(
        request,
        f"voice/journey/{template}",
        {
            "survey": survey,
            "w": said,
            "language": language,
            "page_lang": PAGE_LANG.get(language, language),
            "help_url": _url("help", survey, lang=language if language != "en" else ""),
            "privacy_url": _url("privacy", survey, lang=language if language != "en" else ""),
            **(context or {}),
        },
        status=status,
    )


def _closed(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    return _page(request, "closed.html", survey, language)


def _wait(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    """Too many answers from this address this hour: a kind page, in the child's words."""
    return _page(request, "wait.html", survey, language, status=429)


def _no_response(survey: Survey) -> HttpResponse:
    return HttpResponseRedirect(_url("start", survey))


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST, even an empty one (which must show its errors)."""
    return request.POST if request.method == "POST" else None


def _errors(form: Any, targets: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(the id to link to, the message) for the error summary, in the form's order."""
    found: list[tuple[str, str]] = []
    for name, messages in form.errors.items():
        target = (targets or {}).get(name, name)
        found.extend((target, str(m)) for m in messages)
    return found


# --- start, privacy, help -----------------------------------------------------------------


@require_GET
def journey_start(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = _survey(survey)
    language = _language(request, the_survey)
    if survey_answerable(the_survey) is None:
        return _closed(request, the_survey, language)
    audiences = audiences_of(the_survey)
    longest = max((len(questions_of(a)) for a in audiences), default=0)
    said = words(language)
    if len(_languages(the_survey)) > 1:
        begin = _url("language", the_survey)
    else:
        begin = _url("audience", the_survey, lang=language)
    return _page(
        request,
        "start.html",
        the_survey,
        language,
        {
            "begin": begin,
            "how_long": said["how_long"].format(n=longest, minutes=max(1, math.ceil(longest / 2)))
            if longest
            else "",
            "resume_url": _url("resume", the_survey, lang=language if language != "en" else ""),
        },
    )


@require_GET
def journey_privacy(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = _survey(survey)
    response = _response(request, the_survey)
    language = _language(request, the_survey, response)
    return _page(request, "privacy.html", the_survey, language)


@require_GET
def journey_help(request: HttpRequest, survey: str) -> HttpResponse:
    """Where to get help: after an answer that says a child may be unsafe, and from every
    page's footer. "You are not in trouble", then the survey's help, Childline and 999."""
    the_survey = _survey(survey)
    response = _response(request, the_survey)
    language = _language(request, the_survey, response)
    carry_on = _url("start", the_survey)
    if response is not None:
        # On from the question that brought the child here (a key, never an address).
        questions = questions_of(response.audience)
        after = request.GET.get("after", "")
        if any(q.key == after for q in questions):
            carry_on = _question_url(
                the_survey, question_after(questions, answers_of(response), after)
            )
        else:
            carry_on = _carry_on_url(response)
    return _page(
        request,
        "help.html",
        the_survey,
        language,
        {"carry_on": carry_on, "carrying_on": response is not None},
    )


# --- language, who you are, agreeing ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def journey_language(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = _survey(survey)
    language = _language(request, the_survey)
    if survey_answerable(the_survey) is None:
        return _closed(request, the_survey, language)
    said = words(language)
    choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in _languages(the_survey)]
    form = ChoiceForm(_posted(request), choices=choices, error=said["language_error"], initial={})
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(_url("audience", the_survey, lang=form.cleaned_data["choice"]))
    options = [
        {"value": code, "label": name, "lang": PAGE_LANG.get(code, code)} for code, name in choices
    ]
    return _page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": _errors(form),
            "title": f"{said['language_title']}",
            "options": options,
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": _url("start", the_survey),
            "action": _url("language", the_survey, lang=language),
        },
    )


def _audience(the_survey: Survey, key: str) -> Audience | None:
    return next((a for a in audiences_of(the_survey) if a.key == key), None)


@require_http_methods(["GET", "POST"])
def journey_audience(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = _survey(survey)
    language = _language(request, the_survey)
    if survey_answerable(the_survey) is None:
        return _closed(request, the_survey, language)
    said = words(language)
    audiences = audiences_of(the_survey)
    if len(audiences) == 1 and request.method == "GET":
        # One version only: nothing to choose.
        return HttpResponseRedirect(
            _url("consent", the_survey, lang=language, audience=audiences[0].key)
        )
    choices = [(a.key, audience_label(a, language)) for a in audiences]
    form = ChoiceForm(_posted(request), choices=choices, error=said["audience_error"])
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(
            _url("consent", the_survey, lang=language, audience=form.cleaned_data["choice"])
        )
    back = (
        _url("language", the_survey)
        if len(_languages(the_survey)) > 1
        else _url("start", the_survey)
    )
    return _page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": _errors(form),
            "title": said["audience_title"],
            "options": [{"value": k, "label": label, "lang": ""} for k, label in choices],
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": back,
            "action": _url("audience", the_survey, lang=language),
        },
    )


@require_http_methods(["GET", "POST"])
def journey_consent(request: HttpRequest, survey: str) -> HttpResponse:
    """Agreeing to take part, by age (ICO Children's Code): 13 and over agree themselves,
    under 13 a parent or carer ticks that they agree; where the age band spans 13, the child
    is asked first. A survey run in a setting needs no tick: the setting's basis covers it."""
    the_survey = _survey(survey)
    language = _language(request, the_survey)
    wave = survey_answerable(the_survey)
    if wave is None:
        return _closed(request, the_survey, language)
    said = words(language)
    audience = _audience(the_survey, request.GET.get("audience", ""))
    if audience is None:
        return HttpResponseRedirect(_url("audience", the_survey, lang=language))
    allowed = consents_allowed(the_survey, audience)
    age = request.GET.get("age", "")
    here = {"lang": language, "audience": audience.key}
    back = _url("audience", the_survey, lang=language)
    if len(allowed) > 1 and age not in ("over", "under"):
        return _age_page(request, the_survey, language, here, back)
    consent: str = allowed[0]
    if len(allowed) > 1:
        consent = Response.Consent.SELF if age == "over" else Response.Consent.PARENT
        back = _url("consent", the_survey, **here)
    mode = str(consent)
    error = said["agree_parent_error"] if mode == "parent" else said["agree_self_error"]
    form = ConsentForm(
        _posted(request),
        tick=mode != "setting",
        named=not the_survey.anonymous,
        words=said,
        error=error,
    )
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return _wait(request, the_survey, language)
        if form.robot():
            # Saved nothing; a robot learns nothing from the page it gets.
            return _page(request, "thanks.html", the_survey, language)
        if form.is_valid():
            try:
                response = response_start(
                    survey=the_survey,
                    audience=audience,
                    wave=wave,
                    language=language,
                    consent=consent,
                    respondent_name=form.cleaned_data.get("name", ""),
                )
            except JourneyError as error:
                form.add_error(None, error.message)
            else:
                return _remember(HttpResponseRedirect(_carry_on_url(response)), request, response)
    setting = the_survey.setting_name or said["setting_default"]
    return _page(
        request,
        "consent.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": _errors(form, {"agree": "agree", "name": "name", "__all__": "agree"}),
            "mode": mode,
            "setting_body": said["setting_body"].format(setting=setting),
            "back": back,
            "action": _url("consent", the_survey, **here, age=age if len(allowed) > 1 else ""),
        },
    )


def _age_page(
    request: HttpRequest, the_survey: Survey, language: str, here: dict[str, str], back: str
) -> HttpResponse:
    """Where the age band spans 13: "are you 13 or over?", so the right person agrees."""
    said = words(language)
    choices = [("over", said["age_yes"]), ("under", said["age_no"])]
    form = ChoiceForm(_posted(request), choices=choices, error=said["age_error"])
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(
            _url("consent", the_survey, **here, age=form.cleaned_data["choice"])
        )
    return _page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": _errors(form),
            "title": said["age_title"],
            "hint": said["age_hint"],
            "options": [{"value": v, "label": label, "lang": ""} for v, label in choices],
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": back,
            "action": _url("consent", the_survey, **here),
        },
    )


# --- the questions ------------------------------------------------------------------------


def _shown_words(questions: list[Question], language: str) -> list[QuestionWords]:
    return [question_words(q, language) for q in questions]


def _targets(shown: list[QuestionWords]) -> dict[str, str]:
    """The id each form field's error links to: a ranking's first list, else the field."""
    targets = {}
    for item in shown:
        if item.question.kind == Question.Kind.RANKING:
            targets[rank_name(item.question, 1)] = rank_name(item.question, 1)
        else:
            targets[field_name(item.question)] = field_name(item.question)
    return targets


def _answers_post(
    request: HttpRequest, response: Response, shown: list[QuestionWords]
) -> tuple[AnswersForm, list[str] | None, HttpResponse | None]:
    """Save the page's answers: (the form, the flagged keys or None if not saved, a page to
    show instead: the wait page, or the thanks a robot gets)."""
    survey = response.survey
    saving = request.POST.get("action") == "save"
    form = AnswersForm(request.POST, shown=shown, words=words(response.language))
    if saving:
        # Saving to come back later never insists on an answer.
        for field in form.fields.values():
            field.required = False
    if not ratelimit.answer_allowed(request):
        return form, None, _wait(request, survey, response.language)
    if form.robot():
        return form, None, _page(request, "thanks.html", survey, response.language)
    if not form.is_valid():
        return form, None, None
    try:
        flagged = answers_save(response=response, answers=form.answers())
    except JourneyError as error:
        name = f"q-{error.field}" if error.field else None
        form.add_error(name if name in form.fields else None, error.message)
        return form, None, None
    return form, flagged, None


def _after_save(
    request: HttpRequest, response: Response, flagged: list[str], next_url: str
) -> HttpResponse:
    if request.POST.get("action") == "save":
        return _code_page(request, response, flagged=bool(flagged))
    if flagged:
        return HttpResponseRedirect(_url("help", response.survey, after=flagged[-1]))
    return HttpResponseRedirect(next_url)


def _journey_guard(
    request: HttpRequest, survey: str
) -> tuple[Survey, Response | None, HttpResponse | None]:
    the_survey = _survey(survey)
    response = _response(request, the_survey)
    if response is None:
        return the_survey, None, _no_response(the_survey)
    wave = survey_answerable(the_survey)
    if wave is None or wave.pk != response.wave_id:
        return the_survey, None, _closed(request, the_survey, response.language)
    return the_survey, response, None


@require_http_methods(["GET", "POST"])
def journey_question(request: HttpRequest, survey: str, question: str) -> HttpResponse:
    """One question a page, with a Back link and "Save and come back later"."""
    the_survey, response, other = _journey_guard(request, survey)
    if other is not None or response is None:
        return other or _no_response(the_survey)
    if not the_survey.one_question_per_page:
        return HttpResponseRedirect(_url("questions", the_survey))
    questions = questions_of(response.audience)
    asked = next((q for q in questions if q.key == question), None)
    if asked is None:
        raise Http404(NOT_FOUND)
    answers = answers_of(response)
    if not is_shown(asked, answers):
        return HttpResponseRedirect(_carry_on_url(response))
    shown = _shown_words([asked], response.language)
    if request.method == "POST":
        form, flagged, instead = _answers_post(request, response, shown)
        if instead is not None:
            return instead
        if flagged is not None:
            after = answers_of(response)
            return _after_save(
                request,
                response,
                flagged,
                _question_url(the_survey, question_after(questions, after, asked.key)),
            )
    else:
        form = AnswersForm(shown=shown, words=words(response.language))
        form.initial_from(answers)
    before = question_before(questions, answers, asked.key)
    position = [q.key for q in questions_shown(questions, answers)].index(asked.key) + 1
    return _page(
        request,
        "question.html",
        the_survey,
        response.language,
        {
            "form": form,
            "errors": _errors(form, _targets(shown)),
            "items": _drawn(form, shown),
            "text_limit": words(response.language)["text_limit"].format(n=f"{FREE_TEXT_LIMIT:,}"),
            "one": True,
            "position": position,
            "back": _question_url(the_survey, before) if before else _url("start", the_survey),
            "action": request.path,
        },
    )


@require_http_methods(["GET", "POST"])
def journey_questions(request: HttpRequest, survey: str) -> HttpResponse:
    """Every question on one page (a survey that says so). A question that depends on an
    answer on this page appears once that answer is saved: the page comes back with it."""
    the_survey, response, other = _journey_guard(request, survey)
    if other is not None or response is None:
        return other or _no_response(the_survey)
    questions = questions_of(response.audience)
    answers = answers_of(response)
    asked = questions_shown(questions, answers)
    shown = _shown_words(asked, response.language)
    if request.method == "POST":
        form, flagged, instead = _answers_post(request, response, shown)
        if instead is not None:
            return instead
        if flagged is not None:
            now_shown = {q.key for q in questions_shown(questions, answers_of(response))}
            more = now_shown - {q.key for q in asked}
            next_url = _url("questions", the_survey) if more else _url("finish", the_survey)
            return _after_save(request, response, flagged, next_url)
    else:
        form = AnswersForm(shown=shown, words=words(response.language))
        form.initial_from(answers)
    return _page(
        request,
        "question.html",
        the_survey,
        response.language,
        {
            "form": form,
            "errors": _errors(form, _targets(shown)),
            "items": _drawn(form, shown),
            "text_limit": words(response.language)["text_limit"].format(n=f"{FREE_TEXT_LIMIT:,}"),
            "one": False,
            "back": _url("start", the_survey),
            "action": request.path,
        },
    )


def _drawn(form: AnswersForm, shown: list[QuestionWords]) -> list[dict[str, Any]]:
    """What the template draws for each question: its words, the field's name, its value
    as given (or as saved) and its error."""
    said = form.words
    drawn = []
    for item in shown:
        question = item.question
        if question.kind == Question.Kind.RANKING:
            positions = []
            for p in range(1, len(item.options) + 1):
                name = rank_name(question, p)
                label = said["rank_first"] if p == 1 else said["rank_position"].format(n=p)
                positions.append(
                    {"name": name, "label": label, "value": str(form[name].value() or "")}
                )
            error = " ".join(str(e) for e in form.errors.get(rank_name(question, 1), []))
            drawn.append(
                {"q": item, "name": rank_name(question, 1), "positions": positions, "error": error}
            )
        else:
            name = field_name(question)
            error = " ".join(str(e) for e in form.errors.get(name, []))
            drawn.append(
                {"q": item, "name": name, "value": str(form[name].value() or ""), "error": error}
            )
    return drawn


# --- save and come back, send -------------------------------------------------------------


def _code_page(request: HttpRequest, response: Response, flagged: bool = False) -> HttpResponse:
    """A new code, shown once (only its SHA-256 is kept); with where to get help first if
    the answers just saved say the child may be unsafe."""
    code = resume_code_issue(response=response)
    page = _page(
        request,
        "code.html",
        response.survey,
        response.language,
        {
            "code": code,
            "code_words": code.split("-"),
            "resume_url": request.build_absolute_uri(_url("resume", response.survey)),
            "carry_on": _carry_on_url(response),
            "flagged": flagged,
        },
    )
    page["Cache-Control"] = "no-store"
    return page


@require_http_methods(["GET", "POST"])
def journey_save(request: HttpRequest, survey: str) -> HttpResponse:
    """Save and come back later: a code to carry on with, shown once."""
    the_survey, response, other = _journey_guard(request, survey)
    if other is not None or response is None:
        return other or _no_response(the_survey)
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return _wait(request, the_survey, response.language)
        return _code_page(request, response)
    return _page(
        request,
        "save.html",
        the_survey,
        response.language,
        {"back": _carry_on_url(response), "carry_on": _carry_on_url(response)},
    )


@require_http_methods(["GET", "POST"])
def journey_resume(request: HttpRequest, survey: str) -> HttpResponse:
    """Carry on with a code. Each try counts towards the rate limit, so codes cannot be
    guessed in bulk."""
    the_survey = _survey(survey)
    language = _language(request, the_survey)
    said = words(language)
    form = ResumeForm(_posted(request), words=said)
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return _wait(request, the_survey, language)
        if form.is_valid():
            response = response_resume(survey=the_survey, code=form.cleaned_data["code"])
            if response is None:
                form.add_error("code", said["resume_error"])
            else:
                wave = survey_answerable(the_survey)
                if wave is None or wave.pk != response.wave_id:
                    return _closed(request, the_survey, response.language)
                return _remember(HttpResponseRedirect(_carry_on_url(response)), request, response)
    return _page(
        request,
        "resume.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": _errors(form, {"code": "code"}),
            "back": _url("start", the_survey),
            "value": form.data.get("code", "") if form.is_bound else "",
        },
    )


@require_http_methods(["GET", "POST"])
def journey_finish(request: HttpRequest, survey: str) -> HttpResponse:
    """Send the answers, then "thank you", what happens next and where to get help."""
    the_survey, response, other = _journey_guard(request, survey)
    if other is not None or response is None:
        return other or _no_response(the_survey)
    questions = questions_of(response.audience)
    answers = answers_of(response)
    last = questions_shown(questions, answers)
    back = _question_url(the_survey, last[-1] if last else None)
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return _wait(request, the_survey, response.language)
        try:
            response_finish(response=response)
        except JourneyError as error:
            missing = next((q for q in questions if q.key == error.field), None)
            return HttpResponseRedirect(_question_url(the_survey, missing))
        page = _page(request, "thanks.html", the_survey, response.language)
        return _forget(page, the_survey)
    return _page(request, "finish.html", the_survey, response.language, {"back": back})
