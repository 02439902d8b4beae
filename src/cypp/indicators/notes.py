"""Indicator notes: what an analyst knows of an indicator that its publisher's file does not say.

Two things so far, kept in a small YAML file (``demo/indicator-notes.yaml`` for the demo)
and loaded with ``cypp data notes FILE``:

* how a count is compared with other areas: on its paired published rate
  (``rate_indicator``) or on a rate computed from a population in the evidence store
  (``rate_population`` and ``rate_multiplier``);
* breaks in a series (``series_breaks``), such as the 2021/22 reform of the early years
  foundation stage profile, so that charts mark them and nobody reads across them.

Importers never change these fields, so re-importing a file keeps them. Loading is
all-or-nothing: every problem is reported with the file, its line, the indicator and the
field. The file's shape is one typed model (``NotesFile``, pydantic); whether a named
indicator exists is checked against the evidence store beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.db import transaction
from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from cypp.indicators.importers.base import ImportRejected, Problem
from cypp.indicators.models import Indicator
from cypp.safe_yaml import YamlProblem, line_of, model_check, yaml_lines, yaml_load


@dataclass(frozen=True, slots=True)
class NotesReport:
    indicators: int
    changed: int


def _indicator(reference: str) -> Indicator | None:
    source, _, code = reference.partition(":")
    return Indicator.objects.filter(source__key=source, code=code).first()


BREAKS_REASON = "expected a list of {period: ..., note: ...}, both text"


def _fail(reason: str) -> PydanticCustomError:
    return PydanticCustomError("notes", reason)


def _said(text: str) -> str:
    if not text.strip():
        raise _fail(BREAKS_REASON)
    return text


def _per_whole_number(multiplier: int) -> int:
    if multiplier <= 0:
        raise _fail("a rate is per a whole number above zero, e.g. 10000")
    return multiplier


class _Strict(BaseModel):
    # Strict: YAML gives native types; "10000" is not a number, 1 is not text.
    model_config = ConfigDict(strict=True, extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _given(cls, value: Any) -> Any:
        # A field written as ``~`` is a mistake, not "leave it out": each would clear a note.
        if value is None:
            raise _fail("a value is required")
        return value


class SeriesBreak(_Strict):
    """A break in a series: from this period on, figures are not comparable with earlier ones."""

    period: Annotated[str, AfterValidator(_said)]
    note: Annotated[str, AfterValidator(_said)]


class IndicatorNotes(_Strict):
    """The notes of one indicator (``SOURCE:CODE``); every field may be left out."""

    rate_indicator: str | None = None
    rate_population: str | None = None
    rate_multiplier: Annotated[int | None, AfterValidator(_per_whole_number)] = None
    series_breaks: list[SeriesBreak] | None = None

    @model_validator(mode="after")
    def _one_way_to_a_rate(self) -> IndicatorNotes:
        if self.rate_indicator is not None and self.rate_population is not None:
            raise _fail("give a paired rate or a population to compute one from, not both")
        return self


class NotesFile(_Strict):
    """An indicator notes file: ``indicators:`` mapping references to their notes. Other
    top-level keys are left alone (a file may carry its own, as it always could)."""

    model_config = ConfigDict(strict=True, extra="ignore")

    indicators: dict[str, IndicatorNotes]


FIELDS = tuple(IndicatorNotes.model_fields)


def _reason(error: ErrorDetails, path: str) -> str | None:
    loc = error["loc"]
    if len(loc) <= 1:
        return "expected `indicators:` mapping references"
    if len(loc) == 2:
        if error["type"] == "notes":
            return None  # the model's own words
        return "expected the indicator's notes as a mapping of field: value"
    if error["type"] == "extra_forbidden":
        return f"unknown field; known: {', '.join(FIELDS)}"
    if loc[-1] == "[key]":
        return "an indicator is named as SOURCE:CODE"
    if loc[2] in ("rate_indicator", "rate_population"):
        return REFERENCE_REASON
    if loc[2] == "rate_multiplier":
        return "a rate is per a whole number above zero, e.g. 10000"
    return BREAKS_REASON  # series_breaks and anything in it


REFERENCE_REASON = "no such indicator in the evidence store (SOURCE:CODE)"


def _problem(file: str, found: YamlProblem) -> Problem:
    """A problem as the import reports show it: the column is the reference and field
    (``lait:CPP_Num.rate_multiplier``), without the ``indicators.`` every path starts with."""
    where = found.path.removeprefix("indicators.")
    if found.path in ("(top)", "indicators"):
        where = "indicators"
    value = None if found.value is None else str(found.value)
    return Problem(file, found.line, where, value, found.reason)


def _not_in_the_store(file: str, data: Any, lines: dict[str, int]) -> list[Problem]:
    """The indicators the file names, and those its notes point to, that the evidence
    store does not hold: read from the file as given, so they are reported beside the
    model's problems rather than after them are fixed."""
    indicators = data.get("indicators") if isinstance(data, dict) else None
    problems: list[Problem] = []
    for reference, notes in indicators.items() if isinstance(indicators, dict) else ():
        where = f"indicators.{reference}"
        if _indicator(str(reference)) is None:
            reason = "no such indicator in the evidence store"
            problems.append(Problem(file, line_of(lines, where), str(reference), None, reason))
            continue
        for field in ("rate_indicator", "rate_population"):
            given = notes.get(field) if isinstance(notes, dict) else None
            if isinstance(given, str) and _indicator(given) is None:
                line = line_of(lines, f"{where}.{field}")
                problems.append(
                    Problem(file, line, f"{reference}.{field}", given, REFERENCE_REASON)
                )
    return problems


def indicator_notes_load(*, path: Path) -> NotesReport:
    """Apply the notes in ``path`` to the indicators it names, all or nothing.

    Raises ``ImportRejected`` naming the file, indicator, field and reason of every problem.
    """
    file = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        data = yaml_load(text)
    except UnicodeDecodeError:
        reason = "is not UTF-8 text: save it as UTF-8"
        raise ImportRejected([Problem(file, None, None, None, reason)]) from None
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
        raise ImportRejected([Problem(file, None, None, None, reason)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise ImportRejected([Problem(file, line, None, None, reason)]) from None
    lines = yaml_lines(text)
    notes_file, found = model_check(NotesFile, data, lines=lines, reason=_reason)
    problems = [_problem(file, p) for p in found]
    problems += _not_in_the_store(file, data, lines)
    if problems or notes_file is None:
        raise ImportRejected(problems)
    wanted = [
        (indicator, notes.model_dump(exclude_unset=True))
        for reference, notes in notes_file.indicators.items()
        if (indicator := _indicator(reference)) is not None
    ]
    changed = 0
    with transaction.atomic():
        for indicator, notes in wanted:
            if any(getattr(indicator, f) != v for f, v in notes.items()):
                for f, v in notes.items():
                    setattr(indicator, f, v)
                indicator.save(update_fields=list(notes))
                changed += 1
    return NotesReport(indicators=len(wanted), changed=changed)
