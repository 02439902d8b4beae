"""``cypp voice import --survey KEY --wave W --format forms|surveymonkey|ssd FILE
[--ignore COLUMN ...] [--audience KEY] [--json]``: bring in answers from another tool, all
or nothing (``cypp.voice.services_imports.voice_import``; docs/voice.md, "Imports").

``--format ssd --partnership KEY`` (without ``--survey``) imports into the partnership's
"SSD voice of the child" survey, making it, and the wave, if missing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.accounts.models import Partnership
from cypp.indicators.importers.base import ImportRejected
from cypp.voice.models import Survey, VoiceImport, Wave
from cypp.voice.services_imports import ImportResult, ssd_survey_ensure, voice_import

ACTION = "import"
HELP = "Import answers from Microsoft Forms, SurveyMonkey or the SSD; all or nothing."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--survey", help="The survey's key.")
    parser.add_argument(
        "--partnership", help="With --format ssd and no --survey: the partnership's key."
    )
    parser.add_argument("--wave", required=True, help="The wave's key.")
    parser.add_argument(
        "--format", required=True, choices=[f.value for f in VoiceImport.Format], dest="format"
    )
    parser.add_argument(
        "--audience", help="The audience who answered (needed when several could have)."
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="COLUMN",
        help="A column that is not an answer, by its heading (repeat for each).",
    )
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    parser.add_argument("file", type=Path, help="The CSV file.")


def _survey_and_wave(options: dict[str, Any]) -> tuple[Survey, Wave]:
    if options["survey"]:
        survey = Survey.objects.filter(key=options["survey"]).first()
        if survey is None:
            raise CommandError(f"There is no survey with the key {options['survey']!r}.")
    elif options["format"] == VoiceImport.Format.SSD and options["partnership"]:
        partnership = Partnership.objects.filter(key=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"There is no partnership with the key {options['partnership']!r}.")
        survey = ssd_survey_ensure(partnership, wave=options["wave"])
    else:
        raise CommandError("Name the survey (--survey), or for --format ssd the partnership.")
    wave = survey.waves.filter(key=options["wave"]).first()
    if wave is None:
        raise CommandError(f"The survey {survey.key!r} has no wave {options['wave']!r}.")
    return survey, wave


def result_words(result: ImportResult) -> list[str]:
    if result.already_imported:
        return [
            f"{result.file_name} was already imported into {result.survey} wave {result.wave} "
            f"(import {result.import_id}, {result.responses} responses): nothing changed."
        ]
    lines = [
        f"Imported {result.file_name} into {result.survey} wave {result.wave}, audience "
        f"{result.audience} (import {result.import_id}): {result.responses} responses, "
        f"{result.answers} answers."
    ]
    if result.dropped_columns:
        lines.append(
            "  Dropped, not stored (they identify people): " + ", ".join(result.dropped_columns)
        )
    if result.empty_rows:
        lines.append(f"  {result.empty_rows} row(s) with no answer were left out.")
    if result.skipped_answers:
        lines.append(
            f"  {result.skipped_answers} answer(s) to questions the survey's skip logic would "
            "not have asked were left out, as the survey itself leaves them out."
        )
    if result.flagged:
        lines.append(
            f"  {result.flagged} answer(s) say a child may be unsafe. CYPP does not know who "
            "gave them: follow them up in the tool they came from."
        )
    return lines


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    survey, wave = _survey_and_wave(options)
    audience = None
    if options["audience"]:
        audience = survey.audiences.filter(key=options["audience"]).first()
        if audience is None:
            raise CommandError(
                f"The survey {survey.key!r} has no audience {options['audience']!r}."
            )
    path: Path = options["file"]
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror or error}).") from error
    try:
        result = voice_import(
            survey=survey,
            wave=wave,
            format=options["format"],
            data=data,
            file_name=path.name,
            ignore=options["ignore"],
            audience=audience,
            by=None,
        )
    except ImportRejected as rejected:
        if options["json"]:
            problems = [p.as_dict() for p in rejected.problems]
            command.stdout.write(json.dumps({"rejected": True, "problems": problems}, indent=2))
        else:
            for problem in rejected.problems:
                command.stdout.write(str(problem))
        raise CommandError(
            f"Import rejected: {len(rejected.problems)} problem(s); nothing was changed."
        ) from rejected
    if options["json"]:
        command.stdout.write(json.dumps(result.as_dict(), indent=2))
        return
    for line in result_words(result):
        command.stdout.write(line)
