"""A child's journey, the questions onwards: one a page or all on one (skip logic, Back
links, "Save and come back later"), the code to come back with, carrying on with it, and
sending. An answer that says a child may be unsafe goes next to the help page. Every POST
that writes (and every try of a code) is counted by the rate limit; a filled honeypot
saves nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_http_methods

from cypp.voice import ratelimit
from cypp.voice.forms_journey import (
    AnswersForm,
    ResumeForm,
    field_name,
    rank_name,
)
from cypp.voice.journey_pages import (
    NOT_FOUND,
    carry_on_url,
    closed_page,
    errors_for,
    forget,
    journey_guard,
    journey_page,
    journey_url,
    language_of,
    no_response,
    posted,
    question_url,
    remember,
    survey_or_404,
    wait_page,
)
from cypp.voice.journey_words import words
from cypp.voice.models import Question, Response
from cypp.voice.selectors_journey import (
    QuestionWords,
    answers_of,
    is_shown,
    question_after,
    question_before,
    question_words,
    questions_of,
    questions_shown,
    survey_answerable,
)
from cypp.voice.services_journey import (
    FREE_TEXT_LIMIT,
    JourneyError,
    answers_save,
    response_finish,
    response_resume,
    resume_code_issue,
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
        return form, None, wait_page(request, survey, response.language)
    if form.robot():
        return form, None, journey_page(request, "thanks.html", survey, response.language)
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
        return HttpResponseRedirect(journey_url("help", response.survey, after=flagged[-1]))
    return HttpResponseRedirect(next_url)


@require_http_methods(["GET", "POST"])
def journey_question(request: HttpRequest, survey: str, question: str) -> HttpResponse:
    """One question a page, with a Back link and "Save and come back later"."""
    the_survey, response, other = journey_guard(request, survey)
    if other is not None or response is None:
        return other or no_response(the_survey)
    if not the_survey.one_question_per_page:
        return HttpResponseRedirect(journey_url("questions", the_survey))
    questions = questions_of(response.audience)
    asked = next((q for q in questions if q.key == question), None)
    if asked is None:
        raise Http404(NOT_FOUND)
    answers = answers_of(response)
    if not is_shown(asked, answers):
        return HttpResponseRedirect(carry_on_url(response))
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
                question_url(the_survey, question_after(questions, after, asked.key)),
            )
    else:
        form = AnswersForm(shown=shown, words=words(response.language))
        form.initial_from(answers)
    before = question_before(questions, answers, asked.key)
    position = [q.key for q in questions_shown(questions, answers)].index(asked.key) + 1
    return journey_page(
        request,
        "question.html",
        the_survey,
        response.language,
        {
            "form": form,
            "errors": errors_for(form, _targets(shown)),
            "items": _drawn(form, shown),
            "text_limit": words(response.language)["text_limit"].format(n=f"{FREE_TEXT_LIMIT:,}"),
            "one": True,
            "position": position,
            "back": question_url(the_survey, before)
            if before
            else journey_url("start", the_survey),
            "action": request.path,
        },
    )


@require_http_methods(["GET", "POST"])
def journey_questions(request: HttpRequest, survey: str) -> HttpResponse:
    """Every question on one page (a survey that says so). A question that depends on an
    answer on this page appears once that answer is saved: the page comes back with it."""
    the_survey, response, other = journey_guard(request, survey)
    if other is not None or response is None:
        return other or no_response(the_survey)
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
            next_url = (
                journey_url("questions", the_survey) if more else journey_url("finish", the_survey)
            )
            return _after_save(request, response, flagged, next_url)
    else:
        form = AnswersForm(shown=shown, words=words(response.language))
        form.initial_from(answers)
    return journey_page(
        request,
        "question.html",
        the_survey,
        response.language,
        {
            "form": form,
            "errors": errors_for(form, _targets(shown)),
            "items": _drawn(form, shown),
            "text_limit": words(response.language)["text_limit"].format(n=f"{FREE_TEXT_LIMIT:,}"),
            "one": False,
            "back": journey_url("start", the_survey),
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
    page = journey_page(
        request,
        "code.html",
        response.survey,
        response.language,
        {
            "code": code,
            "code_words": code.split("-"),
            "resume_url": request.build_absolute_uri(journey_url("resume", response.survey)),
            "carry_on": carry_on_url(response),
            "flagged": flagged,
        },
    )
    page["Cache-Control"] = "no-store"
    return page


@require_http_methods(["GET", "POST"])
def journey_save(request: HttpRequest, survey: str) -> HttpResponse:
    """Save and come back later: a code to carry on with, shown once."""
    the_survey, response, other = journey_guard(request, survey)
    if other is not None or response is None:
        return other or no_response(the_survey)
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return wait_page(request, the_survey, response.language)
        return _code_page(request, response)
    return journey_page(
        request,
        "save.html",
        the_survey,
        response.language,
        {"back": carry_on_url(response), "carry_on": carry_on_url(response)},
    )


@require_http_methods(["GET", "POST"])
def journey_resume(request: HttpRequest, survey: str) -> HttpResponse:
    """Carry on with a code. Each try counts towards the rate limit, so codes cannot be
    guessed in bulk."""
    the_survey = survey_or_404(survey)
    language = language_of(request, the_survey)
    said = words(language)
    form = ResumeForm(posted(request), words=said)
    if request.method == "POST":
        if not (ratelimit.answer_allowed(request) and ratelimit.code_try_allowed(request)):
            return wait_page(request, the_survey, language)
        if form.is_valid():
            response = response_resume(survey=the_survey, code=form.cleaned_data["code"])
            if response is None:
                form.add_error("code", said["resume_error"])
            else:
                wave = survey_answerable(the_survey)
                if wave is None or wave.pk != response.wave_id:
                    return closed_page(request, the_survey, response.language)
                return remember(HttpResponseRedirect(carry_on_url(response)), request, response)
    return journey_page(
        request,
        "resume.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": errors_for(form, {"code": "code"}),
            "back": journey_url("start", the_survey),
            "value": form.data.get("code", "") if form.is_bound else "",
        },
    )


@require_http_methods(["GET", "POST"])
def journey_finish(request: HttpRequest, survey: str) -> HttpResponse:
    """Send the answers, then "thank you", what happens next and where to get help."""
    the_survey, response, other = journey_guard(request, survey)
    if other is not None or response is None:
        return other or no_response(the_survey)
    questions = questions_of(response.audience)
    answers = answers_of(response)
    last = questions_shown(questions, answers)
    back = question_url(the_survey, last[-1] if last else None)
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return wait_page(request, the_survey, response.language)
        try:
            response_finish(response=response)
        except JourneyError as error:
            missing = next((q for q in questions if q.key == error.field), None)
            return HttpResponseRedirect(question_url(the_survey, missing))
        page = journey_page(request, "thanks.html", the_survey, response.language)
        return forget(page, the_survey)
    return journey_page(request, "finish.html", the_survey, response.language, {"back": back})
