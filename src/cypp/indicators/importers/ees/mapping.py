"""The EES mapping file: which value columns under which filter values become indicators.

Its shape is one typed model (``Mapping``, pydantic); the problems name the file, the key
path and its line (``cypp.safe_yaml.model_check``) in the words the import pages show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from cypp.indicators.importers.base import (
    MAX_DECIMALS,
    MAX_MULTIPLIER,
    ImportRejected,
    Problem,
)
from cypp.indicators.importers.ees.common import CODE, INDICATOR_KEYS, LA_CODES, TOP_KEYS
from cypp.indicators.importers.suggestions import choice_reason, did_you_mean
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.safe_yaml import YamlProblem, line_of, model_check, yaml_lines, yaml_load


def given_keys(entry: dict[str, Any]) -> dict[str, Any]:
    """The keys given a value: ``lower_95: ~`` in YAML is the same as leaving it out."""
    return {k: v for k, v in entry.items() if v is not None}


def _fail(reason: str) -> PydanticCustomError:
    return PydanticCustomError("mapping", reason)


def _code(code: str) -> str:
    if not CODE.match(code):
        raise _fail(CODE_REASON)
    return code


def _value_column(column: str) -> str:
    if not column.strip():
        raise _fail(VALUE_REASON)
    return column


def _one_value(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    try:
        return handler(value)
    except ValidationError:
        raise _fail("must be one value (text or number)") from None


# The keys that take one of a few words, and the words.
_CHOICES: dict[str, list[str]] = {
    "value_type": list(ValueType.values),
    "polarity": list(Polarity.values),
    "period_type": list(PeriodType.values),
    "la_code": list(LA_CODES),
}


def _choice(key: str) -> AfterValidator:
    def check(given: str) -> str:
        if given not in _CHOICES[key]:
            raise _fail(choice_reason(given, _CHOICES[key]))
        return given

    return AfterValidator(check)


Text = str | None
FilterValue = Annotated[str | int | float, WrapValidator(_one_value)]
CODE_REASON = "required: letters, digits, '_', '-' or '.', up to 100"
VALUE_REASON = "required: the name of the value column"


class _Strict(BaseModel):
    # Strict: YAML gives native types; "12" is not a number, 1 is not text.
    model_config = ConfigDict(strict=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _nulls_left_out(cls, data: Any) -> Any:
        """A known key written as ``~`` is the same as leaving it out; an unknown one is
        still reported ("polarty: ~" is a misspelling too)."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None or k not in cls.model_fields}
        return data


class MappingIndicator(_Strict):
    """One entry of ``indicators``: which value column, under which filter values, becomes
    which indicator."""

    code: Annotated[str, AfterValidator(_code)]
    value: Annotated[str, AfterValidator(_value_column)]
    numerator: Text = None
    denominator: Text = None
    lower_95: Text = None
    upper_95: Text = None
    lower_998: Text = None
    upper_998: Text = None
    title: Text = None
    unit: Text = None
    definition: Text = None
    topic: Text = None
    population: Text = None
    methodology_url: Text = None
    filters: dict[str, FilterValue] = {}
    value_type: Annotated[str | None, _choice("value_type")] = None
    polarity: Annotated[str | None, _choice("polarity")] = None
    period_type: Annotated[str | None, _choice("period_type")] = None
    multiplier: Annotated[int | None, Field(ge=1, le=MAX_MULTIPLIER)] = None
    decimals: Annotated[int | None, Field(ge=0, le=MAX_DECIMALS)] = None


class Mapping(_Strict):
    """An EES mapping file (docs/importing.md): the publication and its indicators."""

    publication: Text = None
    organisation: Text = None
    url: Text = None
    topic: Text = None
    la_code: Annotated[str | None, _choice("la_code")] = None
    indicators: Annotated[list[MappingIndicator], Field(min_length=1)]


# Reasons for a key whatever the error (missing, wrong type, out of range), by its name.
_FIELD_REASONS = {
    "code": CODE_REASON,
    "value": VALUE_REASON,
    "filters": "must map filter columns to one value each",
    "multiplier": f"must be a whole number from 1 to {MAX_MULTIPLIER:,}",
    "decimals": f"must be a whole number from 0 to {MAX_DECIMALS:,}",
    "indicators": "a list of at least one indicator is required",
}


def _reason(error: ErrorDetails, path: str) -> str | None:
    loc = error["loc"]
    key = loc[-1] if loc else None
    if error["type"] == "extra_forbidden":
        top = len(loc) == 1
        allowed = sorted(TOP_KEYS if top else INDICATOR_KEYS)
        what = "the mapping takes" if top else "an indicator takes"
        return f"unknown key; {did_you_mean(key, allowed)}{what} {', '.join(allowed)}"
    if not loc:
        return "the mapping must be a YAML mapping with 'publication' and 'indicators'"
    if len(loc) == 2 and loc[0] == "indicators" and error["type"] == "model_type":
        return "each indicator must be a mapping with code, title and value"
    if error["type"] == "mapping" or len(loc) > 3:
        return None  # the validator's own words; or a filter column's value
    if isinstance(key, str) and key in _CHOICES:
        return choice_reason(error["input"], _CHOICES[key])  # given, but not as text
    return _FIELD_REASONS.get(key) if isinstance(key, str) else None


def _same_codes(mapping: Any) -> list[tuple[str, Any, str]]:
    """Two indicators with one code: a rule across entries, checked beside the model (a
    model validator over the list would run only once every entry is valid, and this is
    worth saying alongside the entries' own problems)."""
    entries = mapping.get("indicators") if isinstance(mapping, dict) else None
    found: list[tuple[str, Any, str]] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        code = entry.get("code") if isinstance(entry, dict) else None
        if not isinstance(code, str) or not CODE.match(code):
            continue
        if code in seen:
            found.append(
                (f"indicators[{i}].code", code, f"the same code as indicators[{seen[code]}]")
            )
        else:
            seen[code] = i
    return found


def mapping_problems(mapping: Any, file: str, lines: dict[str, int] | None = None) -> list[Problem]:
    """Every problem with a mapping's structure, each naming the file and key (and its line),
    in the order of the file's lines."""
    lines = lines or {}
    _model, found = model_check(Mapping, mapping, lines=lines, reason=_reason)
    found += [YamlProblem(p, line_of(lines, p), v, r) for p, v, r in _same_codes(mapping)]
    found.sort(key=lambda p: p.line or 0)
    return [
        Problem(file, p.line, p.path, None if p.value is None else str(p.value), p.reason)
        for p in found
    ]


def load_mapping(path: Path | str) -> dict[str, Any]:
    """Read and check an EES mapping (YAML); raise ImportRejected naming the file, key and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [Problem(path.name, None, None, None, "is not UTF-8 text: save it as UTF-8")]
        ) from error
    except OSError as error:
        raise ImportRejected(
            [Problem(path.name, None, None, None, f"cannot be read: {error}")]
        ) from error
    try:
        mapping = yaml_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        raise ImportRejected(
            [Problem(path.name, line, None, None, f"not valid YAML: {reason}")]
        ) from error
    problems = mapping_problems(mapping, path.name, yaml_lines(text))
    if problems:
        raise ImportRejected(problems)
    return cast(dict[str, Any], mapping)
