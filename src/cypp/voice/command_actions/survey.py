"""``cypp voice survey load FILE [--json]`` (all or nothing: every problem with its line
and field), ``export KEY [--output FILE]``, ``open KEY``, ``close KEY`` and
``wave KEY --key K --label L --opens DATE [--closes DATE]`` (docs/voice.md, "The survey
file")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cypp.command_line import date_argument

ACTION = "survey"
HELP = "Load a survey file, export one, open or close a survey, or add a wave."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    sub = parser.add_subparsers(dest="survey_action", required=True)
    load = sub.add_parser("load", help="Load (or reload) a survey file; all or nothing.")
    load.add_argument("file", type=Path)
    load.add_argument("--json", action="store_true", help="Print the outcome or problems as JSON.")
    export = sub.add_parser("export", help="Print a survey as its survey file.")
    export.add_argument("key")
    export.add_argument("--output", type=Path, help="Write the file here instead.")
    for name, words in (("open", "Open a survey to answers."), ("close", "Close a survey.")):
        sub.add_parser(name, help=words).add_argument("key")
    wave = sub.add_parser("wave", help="Add a wave (a round of asking) to a survey.")
    wave.add_argument("survey")
    wave.add_argument("--key", required=True, help='The wave\'s key, e.g. "2026".')
    wave.add_argument("--label", required=True, help="e.g. Spring 2026")
    wave.add_argument("--opens", required=True, type=date_argument)
    wave.add_argument("--closes", type=date_argument)


def _survey(key: str) -> Any:
    from cypp.voice.models import Survey

    survey = Survey.objects.select_related("partnership").filter(key=key).first()
    if survey is None:
        raise CommandError(f"No survey {key!r}; see `cypp voice list`.")
    return survey


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.voice import services_surveys as services

    action = options["survey_action"]
    if action == "load":
        _load(command, options)
    elif action == "export":
        text = services.survey_export(survey=_survey(options["key"]))
        if options.get("output"):
            options["output"].write_text(text, encoding="utf-8")
            command.stdout.write(f"Wrote {options['output']}.")
        else:
            command.stdout.write(text, ending="")
    elif action in ("open", "close"):
        status = "open" if action == "open" else "closed"
        survey = services.survey_status_set(survey=_survey(options["key"]), status=status, by=None)
        command.stdout.write(f"{survey.title} ({survey.key}) is {survey.status}.")
    else:
        wave = services.wave_add(
            survey=_survey(options["survey"]),
            key=options["key"],
            label=options["label"],
            opens=options["opens"],
            closes=options.get("closes"),
            by=None,
        )
        command.stdout.write(f"Added wave {wave.key} ({wave.label}).")


def _load(command: BaseCommand, options: dict[str, Any]) -> None:
    from cypp.voice.definitions import SurveyRejected
    from cypp.voice.services_surveys import survey_load_report

    path: Path = options["file"]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CommandError(f"{path.name} cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} is not UTF-8 text: save it as UTF-8.") from None
    try:
        report = survey_load_report(text=text, file_name=path.name, by=None)
    except SurveyRejected as rejected:
        if options["json"]:
            problems = [
                {"file": p.file, "line": p.line, "field": p.field, "reason": p.reason}
                for p in rejected.problems
            ]
            command.stdout.write(json.dumps({"rejected": True, "problems": problems}, indent=2))
        raise CommandError(str(rejected)) from rejected
    if options["json"]:
        outcome = {
            "key": report.survey.key,
            "created": report.created,
            "changed": report.changed,
            "message": report.message,
        }
        command.stdout.write(json.dumps(outcome, indent=2))
        return
    command.stdout.write(report.message)
