"""``cypp voice publish --survey KEY``: every wave's results as indicators in the evidence
store for the partnership's area (``cypp.voice.publishing``), small numbers as "c"."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.voice.command_actions.results import survey_named
from cypp.voice.publishing import survey_indicators_publish

ACTION = "publish"
HELP = "Publish a survey's results as indicators in the evidence store."
READS_ONLY = False


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--survey", required=True, help="The survey's key.")


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    survey = survey_named(options["survey"])
    report = survey_indicators_publish(survey=survey, by=None)
    if report is None:
        command.stdout.write(
            f"{survey.title} has no choice or scale questions: nothing to publish."
        )
        return
    if report.already_imported:
        command.stdout.write("Nothing has changed since the last publication.")
        return
    counts = report.as_dict()
    command.stdout.write(
        f"Published the results of {survey.title} as indicators: "
        f"{counts['rows_loaded']} new, {counts['rows_revised']} revised, "
        f"{counts['rows_unchanged']} unchanged (import {counts['batch']})."
    )
