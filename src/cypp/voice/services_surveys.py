"""Loading a survey file, and the changes analysts make to a survey: open and close it, add
a wave, register a licensed scale.

``survey_load`` is all or nothing: the file is checked whole (``cypp.voice.definitions``),
then what needs the database (the partnership, the safeguarding contacts, the licensed
scales registered), then, for a survey already loaded, whether the change would lose or
change the meaning of answers already given: a question with answers may not be removed,
nor its kind or option values changed (its wording and labels may be corrected), and an
audience or wave with responses may not be removed. Any problem refuses the whole file,
naming each. A reload of a file that says the same thing changes nothing and records
nothing. Every change is audited, in the same transaction; a child's answers never are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cypp.accounts.audit import actor_name, audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.accounts.selectors import access_get
from cypp.errors import ApplicationError
from cypp.voice.access import survey_manageable, voice_manageable
from cypp.voice.definitions import (
    SLUG,
    SurveyChecked,
    SurveyFile,
    SurveyProblem,
    SurveyRejected,
    question_fields,
    survey_check,
)
from cypp.voice.exports_surveys import survey_export as survey_export  # the named contract
from cypp.voice.models import Audience, Question, Response, ScaleRegistration, Survey, Wave
from cypp.voice.scales import SCALES, scale_of_item

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    Actor = User | AnonymousUser | None


class SurveyRefused(ApplicationError):
    """A change to a survey that this person may not make, or that would not make sense."""


@dataclass(frozen=True, slots=True)
class SurveyLoadReport:
    survey: Survey
    created: bool
    changed: bool
    message: str


def _refuse_unless_manager(by: Actor, partnership: Partnership) -> None:
    # None is the command line, run by whoever runs the server.
    if by is not None and not voice_manageable(by, partnership):
        raise SurveyRefused(
            f"Only the analysts and administrators of {partnership.name} change its surveys."
        )


def survey_load(*, text: str, file_name: str, by: Actor) -> Survey:
    """Load the survey file ``text`` (named ``file_name`` in its problems); see the module."""
    return survey_load_report(text=text, file_name=file_name, by=by).survey


def survey_load_report(
    *, text: str, file_name: str, by: Actor, partnership: Partnership | None = None
) -> SurveyLoadReport:
    """``survey_load``, saying what changed. With ``partnership`` (an upload on that
    partnership's page), a file for any other partnership is refused."""
    checked = survey_check(text, file_name)
    head = checked.file.survey
    if partnership is not None and head.partnership != partnership.key:
        reason = (
            f"this file is for {head.partnership!r}; this page loads {partnership.key!r}'s surveys"
        )
        raise SurveyRejected([checked.problem("survey.partnership", reason)])
    partnership, contacts = _database_checks(checked, by)
    definition = checked.file.model_dump(mode="json")
    digest = hashlib.sha256(_canonical(definition).encode()).hexdigest()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(key=head.key).first()
        if survey is not None and survey.definition_sha256 == digest:
            message = f"{survey.title} ({survey.key}) is already loaded as the file says; nothing changed."
            return SurveyLoadReport(survey, created=False, changed=False, message=message)
        created = survey is None
        if survey is None:
            survey = Survey(partnership=partnership, key=head.key, status=Survey.Status.DRAFT)
        else:
            problems = _answers_kept(survey, checked)
            if problems:
                raise SurveyRejected(problems)
        _survey_fields(survey, checked.file, contacts)
        survey.definition = definition
        survey.definition_sha256 = digest
        survey.loaded_by_name = actor_name(by)[:150]
        survey.save()
        waves, audiences, questions = _parts_save(survey, checked.file)
        summary = f"{waves} wave(s), {audiences} audience(s), {questions} question(s)"
        audit_record(
            by=by,
            action=AuditEvent.Action.LOAD,
            obj=survey,
            context=f"partnership:{partnership.key}",
            note=f"{file_name}: {summary}",
        )
    said = "Loaded" if created else "Reloaded"
    message = f"{said} {survey.title} ({survey.key}): {summary}."
    return SurveyLoadReport(survey, created=created, changed=True, message=message)


def _database_checks(checked: SurveyChecked, by: Actor) -> tuple[Partnership, dict[str, Any]]:
    head = checked.file.survey
    problems: list[SurveyProblem] = []
    partnership = Partnership.objects.filter(key=head.partnership).first()
    if partnership is None:
        known = ", ".join(Partnership.objects.order_by("key").values_list("key", flat=True))
        raise SurveyRejected(
            [
                checked.problem(
                    "survey.partnership", f"no partnership {head.partnership!r}; known: {known}"
                )
            ]
        )
    _refuse_unless_manager(by, partnership)
    taken = Survey.objects.filter(key=head.key).exclude(partnership=partnership).exists()
    if taken:
        problems.append(checked.problem("survey.key", "another partnership's survey has this key"))
    contacts: dict[str, Any] = {}
    people = get_user_model().objects
    for name in ("contact", "escalation"):
        username = getattr(head.safeguarding, name)
        if not username:
            contacts[name] = None
            continue
        person = people.filter(username=username, is_active=True).first()
        where = f"survey.safeguarding.{name}"
        if person is None:
            problems.append(checked.problem(where, f"no active account {username!r}"))
        elif not access_get(person).role_in(partnership.pk):
            problems.append(
                checked.problem(
                    where,
                    f"{username} has no role in {partnership.name}: a safeguarding contact "
                    "needs one to see the alerts",
                )
            )
        contacts[name] = person
    registered = set(
        ScaleRegistration.objects.filter(partnership=partnership).values_list("scale", flat=True)
    )
    for i, audience in enumerate(checked.file.audiences):
        for j, question in enumerate(audience.questions):
            scale = scale_of_item(question.scale_item) if question.scale_item else None
            if scale is not None and scale.code not in registered:
                problems.append(
                    checked.problem(
                        f"audiences[{i}].questions[{j}].scale_item",
                        f"{partnership.name} has not registered its licence for {scale.name}: "
                        f"cypp voice scale register --partnership {partnership.key} "
                        f"--scale {scale.code} --licence REF",
                    )
                )
    if problems:
        raise SurveyRejected(problems)
    return partnership, contacts


def _answers_kept(survey: Survey, checked: SurveyChecked) -> list[SurveyProblem]:
    """A problem for each change that would remove or change what answers were given to."""
    problems: list[SurveyProblem] = []
    audiences = {a.key: (i, a) for i, a in enumerate(checked.file.audiences)}
    answered = (
        Question.objects.filter(audience__survey=survey, answers__isnull=False)
        .select_related("audience")
        .distinct()
    )
    for question in answered:
        i, audience = audiences.get(question.audience.key, (None, None))
        j, given = next(
            ((j, q) for j, q in enumerate(audience.questions) if q.key == question.key)
            if audience is not None
            else iter(()),
            (None, None),
        )
        if given is None:
            problems.append(
                checked.problem(
                    "audiences" if i is None else f"audiences[{i}].questions",
                    f"question {question.key} ({question.audience.key}) has answers: it "
                    "cannot be removed",
                )
            )
            continue
        fields = question_fields(given)
        values = sorted(o["value"] for o in fields["options"])
        if fields["kind"] != question.kind or values != sorted(
            o["value"] for o in question.options
        ):
            problems.append(
                checked.problem(
                    f"audiences[{i}].questions[{j}]",
                    f"question {question.key} has answers: its kind and option values "
                    "cannot change (its wording and labels may); ask a new question instead",
                )
            )
    with_responses = set(
        Response.objects.filter(survey=survey).values_list("audience__key", "wave__key")
    )
    wave_keys = {w.key for w in checked.file.waves}
    for audience_key in sorted({a for a, _ in with_responses} - set(audiences)):
        problems.append(
            checked.problem(
                "audiences", f"audience {audience_key} has responses: it cannot be removed"
            )
        )
    for wave_key in sorted({w for _, w in with_responses} - wave_keys):
        problems.append(
            checked.problem("waves", f"wave {wave_key} has responses: it cannot be removed")
        )
    return problems


def _survey_fields(survey: Survey, file: SurveyFile, contacts: dict[str, Any]) -> None:
    head = file.survey
    survey.title = head.title
    survey.summary = head.summary
    survey.anonymous = head.anonymous
    survey.consent_basis = head.consent
    survey.setting_name = head.setting_name
    survey.privacy_notice = head.privacy_notice
    survey.retention_days = head.retention_days
    survey.languages = list(head.languages)
    survey.one_question_per_page = head.one_question_per_page
    survey.help_text = head.help
    survey.safeguarding_words = list(head.safeguarding.words)
    survey.safeguarding_contact = contacts["contact"]
    survey.escalation_contact = contacts["escalation"]
    survey.acknowledge_within_hours = head.safeguarding.acknowledge_within_hours
    survey.synthetic = head.synthetic


def _parts_save(survey: Survey, file: SurveyFile) -> tuple[int, int, int]:
    """Waves, audiences and questions made to match the file (the checks above have made
    sure nothing answered is removed)."""
    for wave in file.waves:
        Wave.objects.update_or_create(
            survey=survey,
            key=wave.key,
            defaults={"label": wave.label, "opens": wave.opens, "closes": wave.closes},
        )
    survey.waves.exclude(key__in=[w.key for w in file.waves]).delete()
    questions = 0
    for order, entry in enumerate(file.audiences):
        audience, _ = Audience.objects.update_or_create(
            survey=survey,
            key=entry.key,
            defaults={
                "label": entry.label,
                "kind": entry.kind,
                "age_min": entry.age_min,
                "age_max": entry.age_max,
                "order": order,
                "translations": {k: v.model_dump() for k, v in entry.translations.items()},
            },
        )
        for position, question in enumerate(entry.questions):
            Question.objects.update_or_create(
                audience=audience,
                key=question.key,
                defaults={
                    **question_fields(question),
                    "order": position,
                    "required": question.required,
                    "show_if": question.show_if.model_dump() if question.show_if else {},
                    "safeguarding_answers": list(question.safeguarding_answers),
                    "is_area": question.area,
                    "standard_item": question.standard,
                    "scale_item": question.scale_item,
                    "translations": {k: v.model_dump() for k, v in question.translations.items()},
                },
            )
            questions += 1
        audience.questions.exclude(key__in=[q.key for q in entry.questions]).delete()
    survey.audiences.exclude(key__in=[a.key for a in file.audiences]).delete()
    return len(file.waves), len(file.audiences), questions


def _canonical(document: Any) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def survey_status_set(*, survey: Survey, status: str, by: Actor) -> Survey:
    """Open a survey (children may answer its current wave) or close it."""
    if by is not None and not survey_manageable(by, survey):
        raise SurveyRefused(
            "Only the partnership's analysts and administrators open and close surveys."
        )
    if status not in (Survey.Status.OPEN, Survey.Status.CLOSED):
        raise SurveyRefused(f"A survey is opened or closed, not set to {status!r}.")
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status == status:
            return survey
        before = survey.status
        survey.status = status
        survey.save(update_fields=["status"])
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=survey,
            context=f"partnership:{survey.partnership.key}",
            changes={"status": [before, status]},
        )
    return survey


def wave_add(
    *, survey: Survey, key: str, label: str, opens: dt.date, closes: dt.date | None, by: Actor
) -> Wave:
    """A new round of asking, added to the survey and to its file (so an export has it)."""
    if by is not None and not survey_manageable(by, survey):
        raise SurveyRefused("Only the partnership's analysts and administrators add waves.")
    if not SLUG.match(key) or len(key) > 40:
        raise SurveyRefused(f"{key!r} is not a wave key: lower-case letters, digits, '-' or '_'.")
    if not label.strip():
        raise SurveyRefused("Give the wave a label, e.g. Spring 2026.")
    if closes is not None and closes < opens:
        raise SurveyRefused("The wave closes before it opens.")
    if survey.waves.filter(key=key).exists():
        raise SurveyRefused(f"{survey.title} already has a wave {key}.")
    entry = {
        "key": key,
        "label": label,
        "opens": opens.isoformat(),
        "closes": closes.isoformat() if closes else None,
    }
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        wave = Wave.objects.create(survey=locked, key=key, label=label, opens=opens, closes=closes)
        definition = dict(locked.definition)
        definition["waves"] = [*definition.get("waves", []), entry]
        locked.definition = definition
        locked.definition_sha256 = hashlib.sha256(
            _canonical(locked.definition).encode()
        ).hexdigest()
        locked.save(update_fields=["definition", "definition_sha256", "loaded_at"])
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=wave,
            context=f"partnership:{locked.partnership.key}",
            note=f"wave {key} of {locked.key}",
        )
    return wave


def scale_register(
    *, partnership: Partnership, scale: str, licence: str, by: Actor
) -> ScaleRegistration:
    """Record the partnership's licence for a licensed scale, so its surveys may ask it."""
    _refuse_unless_manager(by, partnership)
    if scale not in SCALES:
        raise SurveyRefused(f"No licensed scale {scale!r}; known: {', '.join(SCALES)}.")
    if not licence.strip():
        raise SurveyRefused("Give the licence's reference (from the scale's owner).")
    with transaction.atomic():
        registration, created = ScaleRegistration.objects.get_or_create(
            partnership=partnership,
            scale=scale,
            defaults={
                "licence_reference": licence.strip(),
                "registered_by_name": actor_name(by)[:150],
            },
        )
        if not created and registration.licence_reference != licence.strip():
            before = registration.licence_reference
            registration.licence_reference = licence.strip()
            registration.save(update_fields=["licence_reference"])
            audit_record(
                by=by,
                action=AuditEvent.Action.UPDATE,
                obj=registration,
                context=f"partnership:{partnership.key}",
                changes={"licence_reference": [before, registration.licence_reference]},
            )
        elif created:
            audit_record(
                by=by,
                action=AuditEvent.Action.CREATE,
                obj=registration,
                context=f"partnership:{partnership.key}",
            )
    return registration
