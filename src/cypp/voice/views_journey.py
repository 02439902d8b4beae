"""A child's journey through a survey, as pages: public, no account, no CAPTCHA
(docs/voice.md, "A child's journey").

start -> language (if more than one) -> who are you -> agreeing (by age, or the setting's
basis) -> the questions (``views_journey_answers``) -> send -> thank you. This module has
the pages before the questions, and the help and privacy pages. Before the response
exists, the language and the audience travel in the address. Every POST that writes is
counted by the rate limit (``ratelimit``) and checked for the honeypot.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET, require_http_methods

from cypp.voice import ratelimit
from cypp.voice.forms_journey import (
    ChoiceForm,
    ConsentForm,
)
from cypp.voice.journey_pages import (
    carry_on_url,
    closed_page,
    errors_for,
    journey_page,
    journey_url,
    language_of,
    languages_of,
    posted,
    question_url,
    remember,
    response_of,
    survey_or_404,
    wait_page,
)
from cypp.voice.journey_words import LANGUAGE_NAMES, PAGE_LANG, words
from cypp.voice.models import Audience, Response, Survey
from cypp.voice.selectors_journey import (
    answers_of,
    audience_label,
    audiences_of,
    question_after,
    questions_of,
    survey_answerable,
)
from cypp.voice.services_journey import (
    JourneyError,
    consents_allowed,
    response_start,
)

# --- start, privacy, help -----------------------------------------------------------------


@require_GET
def journey_start(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = survey_or_404(survey)
    language = language_of(request, the_survey)
    if survey_answerable(the_survey) is None:
        return closed_page(request, the_survey, language)
    audiences = audiences_of(the_survey)
    longest = max((len(questions_of(a)) for a in audiences), default=0)
    said = words(language)
    if len(languages_of(the_survey)) > 1:
        begin = journey_url("language", the_survey)
    else:
        begin = journey_url("audience", the_survey, lang=language)
    return journey_page(
        request,
        "start.html",
        the_survey,
        language,
        {
            "begin": begin,
            "how_long": said["how_long"].format(n=longest, minutes=max(1, math.ceil(longest / 2)))
            if longest
            else "",
            "resume_url": journey_url(
                "resume", the_survey, lang=language if language != "en" else ""
            ),
        },
    )


@require_GET
def journey_privacy(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = survey_or_404(survey)
    response = response_of(request, the_survey)
    language = language_of(request, the_survey, response)
    return journey_page(request, "privacy.html", the_survey, language)


@require_GET
def journey_help(request: HttpRequest, survey: str) -> HttpResponse:
    """Where to get help: after an answer that says a child may be unsafe, and from every
    page's footer. "You are not in trouble", then the survey's help, Childline and 999."""
    the_survey = survey_or_404(survey)
    response = response_of(request, the_survey)
    language = language_of(request, the_survey, response)
    carry_on = journey_url("start", the_survey)
    if response is not None:
        # On from the question that brought the child here (a key, never an address).
        questions = questions_of(response.audience)
        after = request.GET.get("after", "")
        if any(q.key == after for q in questions):
            carry_on = question_url(
                the_survey, question_after(questions, answers_of(response), after)
            )
        else:
            carry_on = carry_on_url(response)
    return journey_page(
        request,
        "help.html",
        the_survey,
        language,
        {"carry_on": carry_on, "carrying_on": response is not None},
    )


# --- language, who you are, agreeing ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def journey_language(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = survey_or_404(survey)
    language = language_of(request, the_survey)
    if survey_answerable(the_survey) is None:
        return closed_page(request, the_survey, language)
    said = words(language)
    choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in languages_of(the_survey)]
    form = ChoiceForm(posted(request), choices=choices, error=said["language_error"], initial={})
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(
            journey_url("audience", the_survey, lang=form.cleaned_data["choice"])
        )
    options = [
        {"value": code, "label": name, "lang": PAGE_LANG.get(code, code)} for code, name in choices
    ]
    return journey_page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": errors_for(form),
            "title": f"{said['language_title']}",
            "options": options,
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": journey_url("start", the_survey),
            "action": journey_url("language", the_survey, lang=language),
        },
    )


def _audience(the_survey: Survey, key: str) -> Audience | None:
    return next((a for a in audiences_of(the_survey) if a.key == key), None)


@require_http_methods(["GET", "POST"])
def journey_audience(request: HttpRequest, survey: str) -> HttpResponse:
    the_survey = survey_or_404(survey)
    language = language_of(request, the_survey)
    if survey_answerable(the_survey) is None:
        return closed_page(request, the_survey, language)
    said = words(language)
    audiences = audiences_of(the_survey)
    if len(audiences) == 1 and request.method == "GET":
        # One version only: nothing to choose.
        return HttpResponseRedirect(
            journey_url("consent", the_survey, lang=language, audience=audiences[0].key)
        )
    choices = [(a.key, audience_label(a, language)) for a in audiences]
    form = ChoiceForm(posted(request), choices=choices, error=said["audience_error"])
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(
            journey_url("consent", the_survey, lang=language, audience=form.cleaned_data["choice"])
        )
    back = (
        journey_url("language", the_survey)
        if len(languages_of(the_survey)) > 1
        else journey_url("start", the_survey)
    )
    return journey_page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": errors_for(form),
            "title": said["audience_title"],
            # A label not translated is in English: marked so a screen reader reads it right.
            "options": [
                {
                    "value": a.key,
                    "label": audience_label(a, language),
                    "lang": "en-GB"
                    if language != "en" and audience_label(a, language) == a.label
                    else "",
                }
                for a in audiences
            ],
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": back,
            "action": journey_url("audience", the_survey, lang=language),
        },
    )


@require_http_methods(["GET", "POST"])
def journey_consent(request: HttpRequest, survey: str) -> HttpResponse:
    """Agreeing to take part, by age (ICO Children's Code): 13 and over agree themselves,
    under 13 a parent or carer ticks that they agree; where the age band spans 13, the child
    is asked first. A survey run in a setting needs no tick: the setting's basis covers it."""
    the_survey = survey_or_404(survey)
    language = language_of(request, the_survey)
    wave = survey_answerable(the_survey)
    if wave is None:
        return closed_page(request, the_survey, language)
    said = words(language)
    audience = _audience(the_survey, request.GET.get("audience", ""))
    if audience is None:
        return HttpResponseRedirect(journey_url("audience", the_survey, lang=language))
    allowed = consents_allowed(the_survey, audience)
    age = request.GET.get("age", "")
    here = {"lang": language, "audience": audience.key}
    back = journey_url("audience", the_survey, lang=language)
    if len(allowed) > 1 and age not in ("over", "under"):
        return _age_page(request, the_survey, language, here, back)
    consent: str = allowed[0]
    if len(allowed) > 1:
        consent = Response.Consent.SELF if age == "over" else Response.Consent.PARENT
        back = journey_url("consent", the_survey, **here)
    mode = str(consent)
    error = said["agree_parent_error"] if mode == "parent" else said["agree_self_error"]
    form = ConsentForm(
        posted(request),
        tick=mode != "setting",
        named=not the_survey.anonymous,
        words=said,
        error=error,
    )
    if request.method == "POST":
        if not ratelimit.answer_allowed(request):
            return wait_page(request, the_survey, language)
        if form.robot():
            # Saved nothing; a robot learns nothing from the page it gets.
            return journey_page(request, "thanks.html", the_survey, language)
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
                return remember(HttpResponseRedirect(carry_on_url(response)), request, response)
    setting = the_survey.setting_name or said["setting_default"]
    return journey_page(
        request,
        "consent.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": errors_for(form, {"agree": "agree", "name": "name", "__all__": "agree"}),
            "mode": mode,
            "setting_body": said["setting_body"].format(setting=setting),
            "back": back,
            "action": journey_url(
                "consent", the_survey, **here, age=age if len(allowed) > 1 else ""
            ),
        },
    )


def _age_page(
    request: HttpRequest, the_survey: Survey, language: str, here: dict[str, str], back: str
) -> HttpResponse:
    """Where the age band spans 13: "are you 13 or over?", so the right person agrees."""
    said = words(language)
    choices = [("over", said["age_yes"]), ("under", said["age_no"])]
    form = ChoiceForm(posted(request), choices=choices, error=said["age_error"])
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect(
            journey_url("consent", the_survey, **here, age=form.cleaned_data["choice"])
        )
    return journey_page(
        request,
        "choose.html",
        the_survey,
        language,
        {
            "form": form,
            "errors": errors_for(form),
            "title": said["age_title"],
            "hint": said["age_hint"],
            "options": [{"value": v, "label": label, "lang": ""} for v, label in choices],
            "selected": form.data.get("choice", "") if form.is_bound else "",
            "back": back,
            "action": journey_url("consent", the_survey, **here),
        },
    )
