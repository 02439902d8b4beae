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
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import ErrorDetails, PydanticCustomError

from cypp.errors import ApplicationError, rejection_message
from cypp.safe_yaml import line_of, model_check, yaml_lines, yaml_load
from cypp.voice.models import LANGUAGES
from cypp.voice.scales import SCALES, scale_of_item
from cypp.voice.standard_items import STANDARD_ITEMS, standard_item_allowed

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SYMBOLS = ("very-sad", "sad", "okay", "happy", "very-happy")
WITH_OPTIONS = ("choice", "scale", "ranking")
# Words of the survey pages' addresses (``<partnership>/surveys/upload/``), not survey keys.
RESERVED = frozenset({"upload"})


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
        problems += [checked.problem(path, why) for path, why in _across(model)]
    if problems or model is None:
        problems.sort(key=lambda p: p.line or 0)
        raise SurveyRejected(problems)
    return checked


def _across(survey: SurveyFile) -> list[tuple[str, str]]:
    """(path, reason) for each rule across entries the file breaks."""
    found: list[tuple[str, str]] = []
    head = survey.survey
    if head.key in RESERVED:
        found.append(("survey.key", f"{head.key!r} is a word of the survey pages' addresses"))
    if head.languages[0] != "en" or len(set(head.languages)) != len(head.languages):
        found.append(("survey.languages", "English (en) first, then each other language once"))
    for language in head.languages:
        if language not in LANGUAGES:
            known = ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())
            found.append(("survey.languages", f"{language!r} is not a language CYPP has: {known}"))
    if head.consent == "setting" and not head.setting_name.strip():
        found.append(
            ("survey.setting_name", 'name the setting for consent: setting, e.g. "your school"')
        )
    if not head.anonymous and not head.safeguarding.contact:
        found.append(
            (
                "survey.safeguarding.contact",
                "a named survey needs a safeguarding contact (a username)",
            )
        )
    found += _unique([w.key for w in survey.waves], "waves", "wave")
    for i, wave in enumerate(survey.waves):
        if wave.closes is not None and wave.closes < wave.opens:
            found.append((f"waves[{i}].closes", "closes before it opens"))
    found += _unique([a.key for a in survey.audiences], "audiences", "audience")
    first_seen: dict[str, tuple[str, list[str]]] = {}
    for i, audience in enumerate(survey.audiences):
        where = f"audiences[{i}]"
        found += _translated(audience.translations, head.languages, f"{where}.translations")
        low, high = audience.age_min, audience.age_max
        if low is not None and high is not None and high < low:
            found.append((f"{where}.age_max", "below age_min"))
        found += _unique([q.key for q in audience.questions], f"{where}.questions", "question")
        if sum(q.area for q in audience.questions) > 1:
            found.append((f"{where}.questions", "at most one question is the area (area: true)"))
        for j, question in enumerate(audience.questions):
            at = f"{where}.questions[{j}]"
            found += _question(question, at, audience, audience.questions[:j], head.languages)
            kind, values = question_fields(question)["kind"], _values(question)
            if question.key in first_seen and first_seen[question.key] != (kind, values):
                found.append(
                    (
                        f"{at}.key",
                        "the same key in another audience must be the same question: the "
                        "same kind and the same option values (results add up by key)",
                    )
                )
            first_seen.setdefault(question.key, (kind, values))
    return found


def _unique(keys: list[str], where: str, what: str) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    found = []
    for i, key in enumerate(keys):
        if key in seen:
            found.append((f"{where}[{i}].key", f"the same key as {what} {seen[key] + 1}"))
        seen.setdefault(key, i)
    return found


def _translated(
    translations: dict[str, Any], languages: list[str], at: str
) -> list[tuple[str, str]]:
    return [
        (f"{at}.{code}", f"{code!r} is not one of the survey's other languages")
        for code in translations
        if code == "en" or code not in languages
    ]


def _values(question: QuestionEntry) -> list[str]:
    return [o["value"] for o in question_fields(question)["options"]]


def _question(
    question: QuestionEntry,
    at: str,
    audience: AudienceEntry,
    earlier: list[QuestionEntry],
    languages: list[str],
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if question.standard:
        item = STANDARD_ITEMS.get(question.standard)
        if item is None:
            known = ", ".join(STANDARD_ITEMS)
            return [(f"{at}.standard", f"no standard item {question.standard!r}; known: {known}")]
        if not standard_item_allowed(item, kind=audience.kind, age_min=audience.age_min):
            found.append(
                (
                    f"{at}.standard",
                    f"{item.code} is asked of people aged {item.min_age} and over: use it "
                    f"only in a version whose age_min is {item.min_age} or more, or for adults",
                )
            )
        for name in ("text", "hint", "options", "scale_item"):
            if getattr(question, name):
                found.append((f"{at}.{name}", "leave it out: the standard item gives it"))
        if question.kind not in (None, "scale"):
            found.append((f"{at}.kind", "a standard item is a scale: leave kind out"))
    else:
        if question.kind is None:
            found.append((f"{at}.kind", "required: choice, scale, free_text or ranking"))
        if not question.text.strip():
            found.append((f"{at}.text", "required: the question in the audience's words"))
    if question.scale_item:
        scale = scale_of_item(question.scale_item)
        if scale is None:
            known = ", ".join(f"{s.items[0]} to {s.items[-1]}" for s in SCALES.values())
            found.append(
                (
                    f"{at}.scale_item",
                    f"no licensed scale item {question.scale_item!r}; known: {known}",
                )
            )
        else:
            allowed = {str(n) for n in range(scale.low, scale.high + 1)}
            if (
                question.kind not in ("choice", "scale")
                or {o.value for o in question.options} != allowed
            ):
                found.append(
                    (
                        f"{at}.options",
                        f"a {scale.name} item is a choice or scale whose option values are "
                        f"{scale.low} to {scale.high}, each once, so it can be scored",
                    )
                )
    values = [o.value for o in question.options]
    if question.kind in WITH_OPTIONS and not question.standard and len(values) < 2:
        found.append((f"{at}.options", "at least two options are needed"))
    if question.kind == "free_text" and values:
        found.append((f"{at}.options", "a free text question has no options"))
    for index, value in enumerate(values):
        if value in values[:index]:
            found.append((f"{at}.options[{index}].value", f"{value!r} is given twice"))
    given = set(_values(question))
    for answer in question.safeguarding_answers:
        if answer not in given:
            found.append(
                (f"{at}.safeguarding_answers", f"{answer!r} is not one of its option values")
            )
    if question.area and question.kind != "choice":
        found.append((f"{at}.area", "the area question is a choice (one of the places)"))
    if question.show_if is not None:
        target = next((q for q in earlier if q.key == question.show_if.question), None)
        if target is None:
            found.append(
                (
                    f"{at}.show_if.question",
                    f"{question.show_if.question!r} is not an earlier question in this audience",
                )
            )
        else:
            theirs = set(_values(target))
            for answer in question.show_if.answers:
                if answer not in theirs:
                    found.append(
                        (
                            f"{at}.show_if.answers",
                            f"{answer!r} is not one of {target.key}'s option values",
                        )
                    )
    found += _translated(question.translations, languages, f"{at}.translations")
    for code, words in question.translations.items():
        for value in words.options:
            if value not in given:
                found.append(
                    (
                        f"{at}.translations.{code}.options",
                        f"{value!r} is not one of its option values",
                    )
                )
    return found


def question_fields(question: QuestionEntry) -> dict[str, Any]:
    """What a question is asked as: its kind, text, hint and options, from the standard
    item where it names one (the published wording), else from the file."""
    if question.standard and question.standard in STANDARD_ITEMS:
        item = STANDARD_ITEMS[question.standard]
        return {"kind": "scale", "text": item.text, "hint": item.hint, "options": item.options()}
    return {
        "kind": question.kind or "",
        "text": question.text,
        "hint": question.hint,
        "options": [o.model_dump() for o in question.options],
    }
