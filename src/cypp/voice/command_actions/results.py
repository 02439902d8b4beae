"""``cypp voice results --survey KEY [--wave W] [--by audience|area] [--json]``: a wave's
results, small numbers shown as "c" (``cypp.voice.results``). The JSON's keys are a
contract (docs/voice.md, "Results")."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cypp.errors import ApplicationError
from cypp.voice.models import Survey
from cypp.voice.results import (
    BREAKDOWNS,
    QuestionResult,
    SurveyResults,
    survey_results,
    wave_chosen,
)

ACTION = "results"
HELP = "A wave's results by question (small numbers shown as c)."
READS_ONLY = True


class NoSuchSurvey(ApplicationError):
    """No survey has the key given."""


def survey_named(key: str) -> Survey:
    """The survey with this key, or a refusal naming the key."""
    found = Survey.objects.filter(key=key).select_related("partnership").first()
    if found is None:
        raise NoSuchSurvey(f"There is no survey with the key {key!r}.")
    return found


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--survey", required=True, help="The survey's key.")
    parser.add_argument(
        "--wave", default=None, help="The wave's key (default: the latest that has opened)."
    )
    parser.add_argument(
        "--by", choices=sorted(BREAKDOWNS), default=None, help="Break the results down."
    )
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")


def _question_lines(question: QuestionResult, indent: str = "  ") -> list[str]:
    lines = [f"{indent}{question.text} ({question.key})"]
    if not question.cells:
        return [*lines, f"{indent}  free text: see the themes"]
    width = max(len(c.label) for c in question.cells)
    return lines + [f"{indent}  {c.label:<{width}}  {c.count!s:>6}" for c in question.cells]


def results_words(results: SurveyResults) -> str:
    """The results as a readable table, for people at a terminal."""
    lines = [
        f"{results.survey.title} ({results.survey.key}), {results.wave.label}",
        f"Finished responses: {results.responses}",
        "",
    ]
    for question in results.questions:
        lines += [*_question_lines(question), ""]
    for group in results.groups:
        lines += [f"{group.label}: {group.responses} responses", ""]
        for question in group.questions:
            if question.cells:
                lines += [*_question_lines(question, "    "), ""]
    lines.append("Themes in what was written")
    lines += [f"  {t.name}  {t.count}" for t in results.themes] or ["  none yet"]
    if results.any_suppressed:
        lines += ["", results.rule.note() + "."]
    return "\n".join(lines)


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    survey = survey_named(options["survey"])
    wave = wave_chosen(survey, options["wave"])
    results = survey_results(survey=survey, wave=wave, by=options["by"])
    if options["json"]:
        command.stdout.write(json.dumps(results.as_json(), indent=2, ensure_ascii=False))
    else:
        command.stdout.write(results_words(results))
