"""What every page of a child's journey shares: the survey (404 for a draft or an unknown
one), the child's language, the child's response (kept in a signed cookie holding only its
number, scoped to the survey's pages: nothing of the visit is written to the database but
the answers, ADR 0020), the journey's addresses, and drawing a page in the child's words.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from cypp.voice.journey_words import PAGE_LANG, words
from cypp.voice.models import Question, Response, Survey
from cypp.voice.selectors_journey import (
    answers_of,
    question_first_unanswered,
    questions_of,
    response_for_journey,
    survey_answerable,
    survey_for_journey,
)

NOT_FOUND = "Page not found"
SALT = "cypp.voice.journey"
COOKIE_DAYS = 30


# --- the survey, the language, the child's response ---------------------------------------


def survey_or_404(key: str) -> Survey:
    survey = survey_for_journey(key)
    if survey is None:
        raise Http404(NOT_FOUND)
    return survey


def languages_of(survey: Survey) -> list[str]:
    return [str(c) for c in (survey.languages or [])] or ["en"]


def language_of(request: HttpRequest, survey: Survey, response: Response | None = None) -> str:
    if response is not None:
        return response.language
    asked = request.GET.get("lang", "")
    return asked if asked in languages_of(survey) else languages_of(survey)[0]


def cookie_name(survey: Survey) -> str:
    return f"voice-{survey.key}"


def cookie_path(survey: Survey) -> str:
    return reverse("voice:journey_start", kwargs={"survey": survey.key})


def response_of(request: HttpRequest, survey: Survey) -> Response | None:
    """The child's unfinished response to this survey, from the signed cookie."""
    try:
        value = request.get_signed_cookie(
            cookie_name(survey), salt=SALT, max_age=COOKIE_DAYS * 86400
        )
    except (KeyError, signing.BadSignature):
        return None
    if not value or not value.isdigit():
        return None
    return response_for_journey(survey, int(value))


def remember(page: HttpResponse, request: HttpRequest, response: Response) -> HttpResponse:
    page.set_signed_cookie(
        cookie_name(response.survey),
        str(response.pk),
        salt=SALT,
        max_age=COOKIE_DAYS * 86400,
        path=cookie_path(response.survey),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return page


def forget(page: HttpResponse, survey: Survey) -> HttpResponse:
    page.delete_cookie(cookie_name(survey), path=cookie_path(survey), samesite="Lax")
    return page


def journey_url(name: str, survey: Survey, **query: str) -> str:
    url = reverse(f"voice:journey_{name}", kwargs={"survey": survey.key})
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def question_url(survey: Survey, question: Question | None) -> str:
    if question is None:
        return journey_url("finish", survey)
    if not survey.one_question_per_page:
        return journey_url("questions", survey)
    return reverse(
        "voice:journey_question", kwargs={"survey": survey.key, "question": question.key}
    )


def carry_on_url(response: Response) -> str:
    """Where a child carries on: the first question asked and not answered, else sending."""
    questions = questions_of(response.audience)
    return question_url(response.survey, question_first_unanswered(questions, answers_of(response)))


def journey_page(
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
            "help_url": journey_url("help", survey, lang=language if language != "en" else ""),
            "privacy_url": journey_url(
                "privacy", survey, lang=language if language != "en" else ""
            ),
            **(context or {}),
        },
        status=status,
    )


def closed_page(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    return journey_page(request, "closed.html", survey, language)


def wait_page(request: HttpRequest, survey: Survey, language: str) -> HttpResponse:
    """Too many answers from this address this hour: a kind page, in the child's words."""
    return journey_page(request, "wait.html", survey, language, status=429)


def no_response(survey: Survey) -> HttpResponse:
    return HttpResponseRedirect(journey_url("start", survey))


def posted(request: HttpRequest) -> Any:
    """The form's data on a POST, even an empty one (which must show its errors)."""
    return request.POST if request.method == "POST" else None


def errors_for(form: Any, targets: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(the id to link to, the message) for the error summary, in the form's order."""
    found: list[tuple[str, str]] = []
    for name, messages in form.errors.items():
        target = (targets or {}).get(name, name)
        found.extend((target, str(m)) for m in messages)
    return found


def journey_guard(
    request: HttpRequest, survey: str
) -> tuple[Survey, Response | None, HttpResponse | None]:
    the_survey = survey_or_404(survey)
    response = response_of(request, the_survey)
    if response is None:
        return the_survey, None, no_response(the_survey)
    wave = survey_answerable(the_survey)
    if wave is None or wave.pk != response.wave_id:
        return the_survey, None, closed_page(request, the_survey, response.language)
    return the_survey, response, None
