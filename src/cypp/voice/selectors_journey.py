"""Reads for a child's journey through a survey: which survey and wave are open, which
questions a child is asked after the answers given so far (skip logic), and each question in
the child's language.

A question's words in another language come from its ``translations`` (the survey file's);
anything not translated falls back to the survey's own words, so a page is never empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils import timezone

from cypp.voice.models import Answer, Audience, Question, Response, Survey, Wave


def survey_for_journey(key: str) -> Survey | None:
    """The survey a child may be sent to: open or closed (a closed one says so kindly), never
    a draft, which nobody outside the partnership should know exists."""
    return (
        Survey.objects.filter(key=key)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("partnership")
        .first()
    )


def wave_current(survey: Survey, today: dt.date | None = None) -> Wave | None:
    """The wave open today (opened, and not yet closed); the latest to open if two overlap."""
    today = today or timezone.localdate()
    waves = [
        w
        for w in survey.waves.all()
        if w.opens <= today and (w.closes is None or today <= w.closes)
    ]
    return max(waves, key=lambda w: (w.opens, w.key)) if waves else None


def survey_answerable(survey: Survey, today: dt.date | None = None) -> Wave | None:
    """The wave a child's answers go to, or None when the survey is closed or between waves."""
    if survey.status != Survey.Status.OPEN:
        return None
    return wave_current(survey, today)


def audiences_of(survey: Survey) -> list[Audience]:
    return list(survey.audiences.all())


def questions_of(audience: Audience) -> list[Question]:
    return list(audience.questions.all())


def is_shown(question: Question, answers: Mapping[str, str]) -> bool:
    """Skip logic: a question with ``show_if`` is asked only after one of its answers."""
    rule = question.show_if or {}
    if not rule.get("question"):
        return True
    return answers.get(str(rule["question"]), "") in [str(a) for a in rule.get("answers", [])]


def questions_shown(questions: Sequence[Question], answers: Mapping[str, str]) -> list[Question]:
    """The questions asked, in order, given these answers (question key to value)."""
    return [q for q in questions if is_shown(q, answers)]


def answers_of(response: Response) -> dict[str, str]:
    """The response's answers so far, question key to value."""
    return dict(Answer.objects.filter(response=response).values_list("question__key", "value"))


def question_after(
    questions: Sequence[Question], answers: Mapping[str, str], key: str | None
) -> Question | None:
    """The next question asked after ``key`` (None: the first), or None at the end."""
    shown = questions_shown(questions, answers)
    if key is None:
        return shown[0] if shown else None
    keys = [q.key for q in questions]
    if key not in keys:
        return None
    position = keys.index(key)
    later = [q for q in shown if keys.index(q.key) > position]
    return later[0] if later else None


def question_before(
    questions: Sequence[Question], answers: Mapping[str, str], key: str
) -> Question | None:
    """The question asked before ``key``, for the Back link (None: the first question)."""
    shown = questions_shown(questions, answers)
    keys = [q.key for q in questions]
    if key not in keys:
        return None
    position = keys.index(key)
    earlier = [q for q in shown if keys.index(q.key) < position]
    return earlier[-1] if earlier else None


def question_first_unanswered(
    questions: Sequence[Question], answers: Mapping[str, str]
) -> Question | None:
    """Where a child who comes back carries on: the first question asked and not answered."""
    for question in questions_shown(questions, answers):
        if question.key not in answers:
            return question
    return None


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    symbol: str


@dataclass(frozen=True)
class QuestionWords:
    """A question as a child reads it, in their language (``lang`` is set on the words that
    are in a language other than the page's, so a screen reader reads them right)."""

    question: Question
    text: str
    hint: str
    options: list[Option]
    lang: str


def question_words(question: Question, language: str) -> QuestionWords:
    """The question's words in ``language``, falling back to the survey's own words."""
    translated = (question.translations or {}).get(language, {}) if language != "en" else {}
    names = translated.get("options", {}) or {}
    text = translated.get("text") or question.text
    options = [
        Option(
            value=str(o.get("value", "")),
            label=str(names.get(str(o.get("value", ""))) or o.get("label", "")),
            symbol=str(o.get("symbol", "") or ""),
        )
        for o in (question.options or [])
    ]
    # The words are in the child's language only if they were translated; otherwise English.
    lang = language if translated.get("text") else "en"
    return QuestionWords(
        question=question,
        text=text,
        hint=translated.get("hint") or question.hint,
        options=options,
        lang=lang,
    )


def audience_label(audience: Audience, language: str) -> str:
    translated = (audience.translations or {}).get(language, {}) if language != "en" else {}
    return str(translated.get("label") or audience.label)


def response_for_journey(survey: Survey, response_id: int) -> Response | None:
    """A started response to this survey (a finished one can no longer be changed)."""
    return (
        Response.objects.filter(pk=response_id, survey=survey, status=Response.Status.STARTED)
        .select_related("audience", "wave", "survey")
        .first()
    )
