"""Writes for a child's journey: starting a response, saving answers, save and return, and
finishing.

Nothing here is audited: the person answering is not signed in, and an anonymous child's
answers must not be tied to anything (ADR 0020). Nothing here keeps an address, a browser,
a time of day or, on an anonymous survey, a name.

``answers_save`` checks every answer against its question before writing any (all or
nothing), follows the skip logic, and in the same transaction raises a safeguarding alert
for each answer that says a child may be unsafe (``services_alerts.alert_raise``, which
raises none on an anonymous survey), so an answer and its alert are saved together or not
at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from cypp.errors import ApplicationError
from cypp.voice import safeguarding, services_alerts
from cypp.voice.models import Answer, Audience, Question, Response, Survey, Wave
from cypp.voice.selectors_journey import (
    answers_of,
    questions_of,
    questions_shown,
    survey_answerable,
)

FREE_TEXT_LIMIT = 2000

# Short words a child of eight can read and type, none of them rude or sad; three of them and
# two digits make 409,600,000 codes (160 words), and the rate limit stops anyone trying them all.
_RESUME_WORDS = (
    "ant apple arm baby bag ball band bank barn bath beach bean bear bed bee bell belt bike "
    "bird boat book boot bowl box bread brick bus cake calf camp car card cart cat chair "
    "chalk cheese chick clock cloud coat cook corn cow crab cup dance deer desk dish dog "
    "doll door dot drum duck egg elf farm fern fig fish flag fox frog gate gift goat gold "
    "grape grass hat hen hill home hook horse house jam jar jelly kite lamb lamp leaf lemon "
    "lime lion log map milk mint moon moss mouse mug nest net nut oak owl pan park pea pear "
    "pen pig pin plum pond pony pot rain ring road robin rock roof rope rose sand seal seed "
    "sheep ship shoe shop sky snail snow sock sofa star stick sun swan table tent toast toe "
    "top town toy train tree truck tulip van vest wall wave web whale wheel wind wing wolf "
    "wool yard zebra"
)
RESUME_WORDS = tuple(_RESUME_WORDS.split())


class JourneyError(ApplicationError):
    """An answer or a step of the journey refused, with words for the page to show."""


def _today() -> dt.date:
    return timezone.localdate()


def _languages(survey: Survey) -> list[str]:
    return [str(code) for code in (survey.languages or [])] or ["en"]


def consents_allowed(survey: Survey, audience: Audience) -> list[str]:
    """Who may agree to this child taking part: a setting's basis for a survey run in a
    setting; online, the child themselves at 13 and over, a parent or carer under 13."""
    if survey.consent_basis == Survey.Consent.SETTING:
        return [Response.Consent.SETTING]
    agrees = audience.who_agrees()
    if agrees == "self":
        return [Response.Consent.SELF]
    if agrees == "parent":
        return [Response.Consent.PARENT]
    return [Response.Consent.SELF, Response.Consent.PARENT]


def response_start(
    *,
    survey: Survey,
    audience: Audience,
    wave: Wave,
    language: str,
    consent: str,
    respondent_name: str = "",
) -> Response:
    """A new response to the survey's open wave, for one audience, in one language.

    ``respondent_name`` is for a named survey only (its safeguarding contact needs to know
    who to help); an anonymous survey refuses one: nothing may say who answered it."""
    if audience.survey_id != survey.pk or wave.survey_id != survey.pk:
        raise JourneyError("That is not part of this survey.")
    current = survey_answerable(survey, _today())
    if current is None or current.pk != wave.pk:
        raise JourneyError("This survey is not open for answers just now.")
    if language not in _languages(survey):
        raise JourneyError(f"This survey is not in the language {language!r}.", field="language")
    if consent not in consents_allowed(survey, audience):
        raise JourneyError("Someone who may agree must agree first.", field="consent")
    respondent_name = respondent_name.strip()
    if respondent_name and survey.anonymous:
        raise JourneyError(
            "This survey does not ask your name, and does not keep it.", field="name"
        )
    if len(respondent_name) > 200:
        raise JourneyError("Your name must be 200 characters or fewer", field="name")
    return Response.objects.create(
        survey=survey,
        audience=audience,
        wave=wave,
        language=language,
        consent=consent,
        started_on=_today(),
        respondent_name=respondent_name,
    )


def _option_values(question: Question) -> list[str]:
    return [str(o.get("value", "")) for o in (question.options or [])]


def _checked(question: Question, value: str) -> str:
    """The answer as stored ("" for none), or a JourneyError naming the question."""
    if question.kind == Question.Kind.FREE_TEXT:
        value = value.strip()
        if len(value) > FREE_TEXT_LIMIT:
            raise JourneyError(
                f"Your answer must be {FREE_TEXT_LIMIT:,} characters or fewer",
                field=question.key,
            )
        return value
    value = value.strip()
    if not value:
        return ""
    options = _option_values(question)
    if question.kind == Question.Kind.RANKING:
        order = [line.strip() for line in value.splitlines() if line.strip()]
        if sorted(order) != sorted(options) or len(set(order)) != len(order):
            raise JourneyError("Put every choice in a different place", field=question.key)
        return "\n".join(order)
    if value not in options:
        what = "point on the scale" if question.kind == Question.Kind.SCALE else "answer"
        raise JourneyError(f"Choose an {what} from the list", field=question.key)
    return value


def _said(question: Question, value: str) -> str:
    """The answer as the child gave it, for the safeguarding contact: an option's label."""
    for option in question.options or []:
        if str(option.get("value", "")) == value:
            return str(option.get("label", value))
    return value


def _settled(questions: list[Question], answers: dict[str, str]) -> dict[str, str]:
    """The answers kept after the skip logic: an answer to a question no longer asked goes
    (a child who says they feel safe after all is not kept as saying why not). Repeated,
    since dropping one answer can hide a question that depends on it."""
    while True:
        shown = {q.key for q in questions_shown(questions, answers)}
        kept = {k: v for k, v in answers.items() if k in shown}
        if kept == answers:
            return kept
        answers = kept


def answers_save(*, response: Response, answers: Mapping[str, str]) -> list[str]:
    """Save some of a response's answers (question key to value; "" removes an answer) and
    return the keys of those that say the child may be unsafe, to show them help at once.

    All or nothing: every answer is checked before any is written. On a named survey each
    such answer raises an alert in this same transaction."""
    questions = questions_of(response.audience)
    by_key = {q.key: q for q in questions}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        raise JourneyError(f"There is no question {unknown[0]!r} in this survey.")
    checked = {key: _checked(by_key[key], str(value)) for key, value in answers.items()}
    survey = response.survey
    flagged: list[str] = []
    with transaction.atomic():
        # One writer at a time per response: two tabs cannot interleave their skip logic.
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status != Response.Status.STARTED:
            raise JourneyError("These answers have been sent already.")
        before = answers_of(locked)
        merged = {**before, **checked}
        after = _settled(questions, {k: v for k, v in merged.items() if v})
        Answer.objects.filter(response=locked).exclude(question__key__in=list(after)).delete()
        for key, value in after.items():
            if before.get(key) == value:
                continue
            question = by_key[key]
            Answer.objects.update_or_create(
                response=locked, question=question, defaults={"value": value}
            )
            reason = safeguarding.flagged(
                kind=question.kind,
                value=value,
                safeguarding_answers=[str(a) for a in question.safeguarding_answers or []],
                words=[str(w) for w in survey.safeguarding_words or []],
            )
            if reason:
                flagged.append(key)
                services_alerts.alert_raise(
                    response=locked, question=question, reason=reason, said=_said(question, value)
                )
        area = next((q for q in questions if q.is_area), None)
        locked.area = after.get(area.key, "")[:100] if area else ""
        locked.help_shown = locked.help_shown or bool(flagged)
        locked.save(update_fields=["area", "help_shown"])
    response.area, response.help_shown = locked.area, locked.help_shown
    return flagged


def response_finish(*, response: Response) -> None:
    """Send the answers: the response is finished and can no longer be changed or resumed.
    Every required question asked must have an answer first."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status != Response.Status.STARTED:
            return
        answers = answers_of(locked)
        missing = [
            q
            for q in questions_shown(questions_of(locked.audience), answers)
            if q.required and q.key not in answers
        ]
        if missing:
            raise JourneyError("Answer this question first", field=missing[0].key)
        locked.status = Response.Status.FINISHED
        locked.finished_on = _today()
        # The code is of no more use, and keeping even its hash would be keeping something.
        locked.resume_code_sha256 = ""
        locked.save(update_fields=["status", "finished_on", "resume_code_sha256"])
    response.status, response.finished_on = locked.status, locked.finished_on


def resume_code_normalised(code: str) -> str:
    """The code as stored (before hashing): lower case, words and digits joined by hyphens,
    so "Sun tree FROG 47" and "sun-tree-frog-47" are the same code."""
    return "-".join(re.findall(r"[a-z]+|[0-9]+", code.casefold()))


def _sha256(code: str) -> str:
    return hashlib.sha256(resume_code_normalised(code).encode()).hexdigest()


def resume_code_issue(*, response: Response) -> str:
    """A new code to come back with (any earlier code stops working). Only its SHA-256 is
    kept; the code itself is shown to the child once and never stored."""
    if response.status != Response.Status.STARTED:
        raise JourneyError("These answers have been sent already.")
    while True:
        words = [secrets.choice(RESUME_WORDS) for _ in range(3)]
        code = "-".join([*words, f"{secrets.randbelow(100):02d}"])
        digest = _sha256(code)
        taken = Response.objects.filter(
            survey_id=response.survey_id, resume_code_sha256=digest
        ).exists()
        if not taken:
            break
    Response.objects.filter(pk=response.pk).update(resume_code_sha256=digest)
    response.resume_code_sha256 = digest
    return code


def response_resume(*, survey: Survey, code: str) -> Response | None:
    """The unfinished response this code was given for, or None."""
    if not resume_code_normalised(code):
        return None
    return (
        Response.objects.filter(
            survey=survey, status=Response.Status.STARTED, resume_code_sha256=_sha256(code)
        )
        .select_related("audience", "wave", "survey")
        .first()
    )
