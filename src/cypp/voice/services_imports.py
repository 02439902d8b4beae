"""Bringing in answers from other tools (``voice_import``) and the partnership's survey for
the SSD's voice of the child (``ssd_survey_ensure``).

An import is all or nothing: the file is read and every answer checked first
(``cypp.voice.importers``); any problem refuses the whole file, listing each (file, row,
column, reason). A clean file becomes one ``VoiceImport`` and one finished ``Response`` a
row, with consent "imported" and the import as its source, so results, themes and "you
said, we did" count them as any other answers. The same file into the same wave a second
time changes nothing (the import is known by the file's SHA-256).

The audit trail records the import and its counts, never an answer: an anonymous child's
answers are not the partnership's actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cypp.accounts.audit import audit_context, audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.errors import ApplicationError
from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.voice import safeguarding
from cypp.voice.importers import Table, sha256
from cypp.voice.importers.answers import Prepared, answers_prepare
from cypp.voice.importers.forms import forms_read
from cypp.voice.importers.ssd import OPTIONS, QUESTIONS, ssd_read
from cypp.voice.importers.surveymonkey import surveymonkey_read
from cypp.voice.models import Answer, Audience, Question, Response, Survey, VoiceImport, Wave

READERS: dict[str, Callable[[bytes, str], Table]] = {
    VoiceImport.Format.FORMS: forms_read,
    VoiceImport.Format.SURVEYMONKEY: surveymonkey_read,
    VoiceImport.Format.SSD: ssd_read,
}

SSD_TITLE = "SSD voice of the child"


class ImportRefused(ApplicationError):
    """The import cannot start (an unknown format, a wave of another survey)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    import_id: int
    survey: str
    wave: str
    audience: str
    file_name: str
    responses: int
    answers: int
    empty_rows: int
    skipped_answers: int  # left out by the survey's skip logic, as the journey does
    # Answers that would have shown a child where to get help: their tool knows who gave
    # them, CYPP does not, so the person importing is told to follow them up there.
    flagged: int
    dropped_columns: tuple[str, ...]
    already_imported: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "import": self.import_id,
            "survey": self.survey,
            "wave": self.wave,
            "audience": self.audience,
            "file": self.file_name,
            "responses": self.responses,
            "answers": self.answers,
            "empty_rows": self.empty_rows,
            "skipped_answers": self.skipped_answers,
            "flagged": self.flagged,
            "dropped_columns": list(self.dropped_columns),
            "already_imported": self.already_imported,
        }


def _earlier(wave: Wave, digest: str, file_name: str) -> ImportResult | None:
    found = VoiceImport.objects.filter(wave=wave, file_sha256=digest).first()
    if found is None:
        return None
    responses = found.responses.count()
    return ImportResult(
        import_id=found.pk,
        survey=wave.survey.key,
        wave=wave.key,
        audience="",
        file_name=file_name,
        responses=responses,
        answers=Answer.objects.filter(response__source=found).count(),
        empty_rows=0,
        skipped_answers=0,
        flagged=0,
        dropped_columns=(),
        already_imported=True,
    )


def import_check(
    *,
    survey: Survey,
    format: str,
    data: bytes,
    file_name: str,
    ignore: Sequence[str] = (),
    audience: Audience | None = None,
) -> tuple[Table, Prepared]:
    """The file read and every answer checked, writing nothing (the upload page's preview)."""
    if format not in READERS:
        raise ImportRefused(f"{format!r} is not a format CYPP imports: forms, surveymonkey or ssd.")
    table = READERS[format](data, file_name)
    audiences = list(survey.audiences.prefetch_related("questions"))
    return table, answers_prepare(table, audiences=audiences, audience=audience, ignore=ignore)


def _flagged(survey: Survey, prepared: Prepared) -> int:
    return sum(
        1
        for answers in prepared.given
        for question, value in answers.items()
        if safeguarding.flagged(
            kind=question.kind,
            value=value,
            safeguarding_answers=[str(a) for a in question.safeguarding_answers or []],
            words=[str(w) for w in survey.safeguarding_words or []],
        )
    )


def voice_import(
    *,
    survey: Survey,
    wave: Wave,
    format: str,
    data: bytes,
    file_name: str,
    ignore: Sequence[str] = (),
    audience: Audience | None = None,
    by: Any = None,
) -> ImportResult:
    """Import the file's answers into the wave, all or nothing (``ImportRejected`` lists
    every problem); the same file into the same wave again changes nothing."""
    if wave.survey_id != survey.pk:
        raise ImportRefused(f"The wave {wave.key!r} is not a wave of the survey {survey.key!r}.")
    if audience is not None and audience.survey_id != survey.pk:
        raise ImportRefused(f"{audience.key!r} is not an audience of the survey {survey.key!r}.")
    digest = sha256(data)
    if earlier := _earlier(wave, digest, file_name):
        return earlier
    table, prepared = import_check(
        survey=survey,
        format=format,
        data=data,
        file_name=file_name,
        ignore=ignore,
        audience=audience,
    )
    if prepared.problems:
        raise ImportRejected(prepared.problems)
    if not prepared.rows:
        raise ImportRejected([Problem(file_name, None, None, None, "no row has an answer")])
    assert prepared.audience is not None
    try:
        return _write(survey, wave, format, file_name, digest, table, prepared, by)
    except IntegrityError:
        # The same file, imported at the same moment by someone else: theirs stands.
        if earlier := _earlier(wave, digest, file_name):
            return earlier
        raise


@transaction.atomic
def _write(
    survey: Survey,
    wave: Wave,
    format: str,
    file_name: str,
    digest: str,
    table: Table,
    prepared: Prepared,
    by: Any,
) -> ImportResult:
    audience = prepared.audience
    assert audience is not None
    today = timezone.localdate()
    made = VoiceImport.objects.create(
        survey=survey,
        wave=wave,
        format=format,
        file_name=file_name[:255],
        file_sha256=digest,
        rows=len(prepared.rows),
        imported_by_name=by.get_username() if by is not None and by.is_authenticated else "",
    )
    area = next((q for q in audience.questions.all() if q.is_area), None)
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            audience=audience,
            wave=wave,
            status=Response.Status.FINISHED,
            language="en",
            consent=Response.Consent.IMPORTED,
            source=made,
            area=answers.get(area, "")[:100] if area else "",
            # The day it came into CYPP: the tool's own times of day are not kept.
            started_on=today,
            finished_on=today,
        )
        for _, answers in prepared.rows
    )
    if any(r.pk is None for r in responses):  # a database that returns no ids on insert
        responses = list(Response.objects.filter(source=made).order_by("pk"))
    Answer.objects.bulk_create(
        Answer(response=response, question=question, value=value)
        for response, (_, answers) in zip(responses, prepared.rows, strict=True)
        for question, value in answers.items()
    )
    result = ImportResult(
        import_id=made.pk,
        survey=survey.key,
        wave=wave.key,
        audience=audience.key,
        file_name=file_name,
        responses=len(responses),
        answers=sum(len(a) for _, a in prepared.rows),
        empty_rows=prepared.empty,
        skipped_answers=prepared.skipped,
        flagged=_flagged(survey, prepared),
        dropped_columns=tuple(table.dropped),
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.LOAD,
        obj=made,
        context=audit_context(partnership=survey.partnership),
        changes={"responses": [None, result.responses], "answers": [None, result.answers]},
        note=f"Answers imported into {survey.key} wave {wave.key} from {file_name}",
    )
    return result


def ssd_survey_key(partnership: Partnership) -> str:
    return f"{partnership.key}-ssd-voice-of-child"[:80]


@transaction.atomic
def ssd_survey_ensure(
    partnership: Partnership,
    *,
    wave: str | None = None,
    by: Any = None,
    today: dt.date | None = None,
) -> Survey:
    """The partnership's "SSD voice of the child" survey, made if missing: one audience
    (children) and the five SSD questions, each yes / no / not sure; its answers only ever
    come from the SSD, so it is closed to the journey. ``wave``: a wave of that key, made
    if missing, opening and closing on ``today`` (retention counts from that day)."""
    key = ssd_survey_key(partnership)
    survey = Survey.objects.filter(key=key).first()
    if survey is None:
        survey = Survey.objects.create(
            partnership=partnership,
            key=key,
            title=SSD_TITLE,
            summary=(
                "What children told their social worker, from the Standard Safeguarding "
                "Dataset's ssd_voice_of_child object."
            ),
            status=Survey.Status.CLOSED,
            consent_basis=Survey.Consent.SETTING,
            setting_name="children's social care",
            privacy_notice=(
                "These answers come from children's social care records. CYPP keeps the "
                "answers only: not who gave them."
            ),
            languages=["en"],
            help_text="Talk to your social worker, or call Childline free on 0800 1111.",
            definition={"ssd": "ssd_voice_of_child"},
            definition_sha256=sha256(b"ssd_voice_of_child"),
            loaded_by_name=by.get_username() if by is not None and by.is_authenticated else "",
        )
        audience = Audience.objects.create(
            survey=survey, key="children", label="Children", kind=Audience.Kind.CHILDREN
        )
        Question.objects.bulk_create(
            Question(
                audience=audience,
                key=question_key,
                order=order,
                kind=Question.Kind.CHOICE,
                text=text,
                options=OPTIONS,
            )
            for order, (question_key, text) in enumerate(QUESTIONS.values())
        )
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=survey,
            context=audit_context(partnership=partnership),
            note="The SSD voice of the child survey, for imports",
        )
    if wave and not survey.waves.filter(key=wave).exists():
        day = today or timezone.localdate()
        made = Wave.objects.create(survey=survey, key=wave, label=wave, opens=day, closes=day)
        audit_record(
            by=by,
            action=AuditEvent.Action.CREATE,
            obj=made,
            context=audit_context(partnership=partnership),
            note=f"A wave of {survey.key} for SSD imports",
        )
    return survey
