"""The survey file: its shape (pydantic models), its checks, and what a question becomes.

A survey file (docs/voice.md, "The survey file") says what the survey is (``survey``), its
rounds of asking (``waves``) and one version per audience (``audiences``), each with its
questions. It is read through ``cypp.safe_yaml`` and checked whole: every problem names the
file, the line, the field and the reason, and a file with any problem loads nothing.

The shape is checked first (unknown keys, types, required fields); once it holds, the rules
across entries (keys unique, skip logic pointing at an earlier question's answers, standard
items only for 16 and over, licensed scale items with whole-number scores) are checked, all
reported together. What needs the database (the partnership, the safeguarding contacts, a
licensed scale's registration) is checked by ``cypp.voice.services_surveys`` with the same
lines, through ``SurveyChecked.problem``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import ErrorDetails, PydanticCustomError

from cypp.errors import ApplicationError, rejection_message
from cypp.safe_yaml import line_of, model_check, yaml_lines, yaml_load

# The rules across entries (which read the models below only as types); question_fields is
# part of this module's contract (services_surveys, and the journey).
from cypp.voice.definitions_rules import across
from cypp.voice.definitions_rules import question_fields as question_fields

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SYMBOLS = ("very-sad", "sad", "okay", "happy", "very-happy")


@dataclass(frozen=True, slots=True)
class SurveyProblem:
    """One problem with a survey file: where (file, line, field) and why."""

    file: str
    line: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line is not None else "")
        return f"{where}{f', {self.field}' if self.field else ''}: {self.reason}"


class SurveyRejected(ApplicationError):
    """The survey file was refused whole; nothing was loaded or changed."""

    def __init__(self, problems: list[SurveyProblem]) -> None:
        self.problems = problems
        super().__init__(rejection_message("Survey file", problems, shown=50))


def _fail(reason: str) -> PydanticCustomError:
    return PydanticCustomError("survey", reason)


def _slug(code: str) -> str:
    if not SLUG.match(code) or len(code) > 40:
        raise _fail(
            "a key of lower-case letters, digits, '-' or '_' (at most 40 characters), "
            'e.g. feel-safe or "2025"'
        )
    return code


def _said(text: str) -> str:
    if not text.strip():
        raise _fail("must not be empty")
    return text


Key = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_said)]


class _Strict(BaseModel):
    # Strict: YAML gives native types; 2025 is a number, "2025" is text.
    model_config = ConfigDict(strict=True, extra="forbid")


class Option(_Strict):
    value: Annotated[str, AfterValidator(_said), Field(max_length=40)]
    label: Text
    symbol: Literal["", "very-sad", "sad", "okay", "happy", "very-happy"] = ""


class ShowIf(_Strict):
    question: Key
    answers: Annotated[list[str], Field(min_length=1)]


class QuestionTranslation(_Strict):
    text: str = ""
    hint: str = ""
    options: dict[str, str] = {}


class QuestionEntry(_Strict):
    key: Key
    kind: Literal["choice", "scale", "free_text", "ranking"] | None = None
    text: str = ""
    hint: str = ""
    options: list[Option] = []
    required: bool = False
    show_if: ShowIf | None = None
    safeguarding_answers: list[str] = []
    area: bool = False
    standard: str = ""
    scale_item: str = ""
    translations: dict[str, QuestionTranslation] = {}


class AudienceTranslation(_Strict):
    label: Text


class AudienceEntry(_Strict):
    key: Key
    label: Text
    kind: Literal["children", "parents", "professionals"]
    age_min: Annotated[int, Field(ge=0, le=120)] | None = None
    age_max: Annotated[int, Field(ge=0, le=120)] | None = None
    translations: dict[str, AudienceTranslation] = {}
    questions: Annotated[list[QuestionEntry], Field(min_length=1)]


class WaveEntry(_Strict):
    key: Key
    label: Text
    opens: dt.date
    closes: dt.date | None = None


class Safeguarding(_Strict):
    words: list[Text] = []
    contact: str = ""
    escalation: str = ""
    acknowledge_within_hours: Annotated[int, Field(ge=1, le=720)] = 24


class SurveyHeader(_Strict):
    key: Key
    partnership: Key
    title: Annotated[str, AfterValidator(_said), Field(max_length=200)]
    summary: str = ""
    anonymous: bool = True
    consent: Literal["online", "setting"] = "online"
    setting_name: Annotated[str, Field(max_length=200)] = ""
    privacy_notice: Text
    retention_days: Annotated[int, Field(ge=1, le=3660)] = 730
    languages: Annotated[list[str], Field(min_length=1)] = ["en"]
    one_question_per_page: bool = True
    help: Text
    safeguarding: Safeguarding = Safeguarding()
    synthetic: bool = False


class SurveyFile(_Strict):
    survey: SurveyHeader
    waves: Annotated[list[WaveEntry], Field(min_length=1)]
    audiences: Annotated[list[AudienceEntry], Field(min_length=1)]


_KNOWN: dict[str, type[BaseModel]] = {
    "": SurveyFile,
    "survey": SurveyHeader,
    "survey.safeguarding": Safeguarding,
    "waves[]": WaveEntry,
    "audiences[]": AudienceEntry,
    "audiences[].questions[]": QuestionEntry,
    "audiences[].questions[].options[]": Option,
    "audiences[].questions[].show_if": ShowIf,
}


def _reason(error: ErrorDetails, path: str) -> str | None:
    kind = error["type"]
    if kind == "extra_forbidden":
        parent = re.sub(r"\[\d+\]", "[]", path.rpartition(".")[0] if "." in path else "")
        model = _KNOWN.get(parent)
        return f"unknown field; known: {', '.join(model.model_fields)}" if model else None
    if kind == "string_type" and path.endswith(".key"):
        return 'must be text: put a key that is a number in quotes, e.g. "2025"'
    if kind == "literal_error":
        return f"must be one of: {error.get('ctx', {}).get('expected', '')}"
    if kind in ("date_type", "date_from_datetime_parsing"):
        return "a date written YYYY-MM-DD"
    if kind == "too_short":
        return "at least one is required"
    if kind == "string_too_long":
        return f"too long: at most {error.get('ctx', {}).get('max_length')} characters"
    if kind in ("greater_than_equal", "less_than_equal"):
        ctx = error.get("ctx", {})
        bound = "at least " + str(ctx["ge"]) if "ge" in ctx else "at most " + str(ctx.get("le"))
        return f"a whole number {bound}"
    return None


@dataclass
class SurveyChecked:
    """A survey file whose shape and rules hold, with the lines of its keys, so the loader
    can report what needs the database at the right line."""

    file: SurveyFile
    file_name: str
    lines: dict[str, int]

    def problem(self, path: str, reason: str) -> SurveyProblem:
        return SurveyProblem(self.file_name, line_of(self.lines, path), path, reason)


def survey_check(text: str, file_name: str) -> SurveyChecked:
    """The checked survey in ``text``; raise ``SurveyRejected`` with every problem."""
    try:
        data = yaml_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise SurveyRejected([SurveyProblem(file_name, line, None, reason)]) from None
    lines = yaml_lines(text)
    if not isinstance(data, dict):
        reason = "a survey file is a mapping with survey, waves and audiences"
        raise SurveyRejected([SurveyProblem(file_name, 1, None, reason)])
    model, found = model_check(SurveyFile, data, lines=lines, reason=_reason)
    problems = [
        SurveyProblem(file_name, p.line, None if p.path == "(top)" else p.path, p.reason)
        for p in found
    ]
    if model is not None:
        checked = SurveyChecked(model, file_name, lines)
        problems += [checked.problem(path, why) for path, why in across(model)]
    if problems or model is None:
        problems.sort(key=lambda p: p.line or 0)
        raise SurveyRejected(problems)
    return checked
