"""YAML read safely and checked against a typed model: every file CYPP reads as YAML (plan
files, EES mappings, indicator notes) goes through here.

``yaml.safe_load`` builds no arbitrary objects, but it still follows anchors and aliases
(``&a`` / ``*a``), so a few hundred bytes can expand to gigabytes (the "billion laughs") or
refer to themselves (``&a [*a]``) and send the composer into endless recursion; and a deep
enough nesting (``[[[[...``) overflows Python's stack. None of CYPP's formats needs
anchors, so they are refused outright; the text is also capped in size and nesting depth.
The checks run on the parser's event stream before anything is built, so a hostile file is
refused in the time it takes to scan it.

Refusals are ``yaml.MarkedYAMLError`` (as the parser's own are), so callers that already
catch ``yaml.YAMLError`` report them with the line, in the same words.

A file's shape is then checked by a pydantic model (``model_check``): each problem names the
key path (``indicators[2].code``), the line of that key in the file (``yaml_lines``, from
the parser's marks; a missing key is reported at the line of the mapping that lacks it) and
the reason in the reader's words. Plan files keep their own declarative format
(``cypp.plans.plan_files.spec``): the same description drives the reader, the exporter's
key order and the diff, which a validation model alone would not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

# libyaml scans fast where it is installed; the events and marks are the same.
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_CHARACTERS = 2_000_000
"""The longest YAML text read (2 million characters); a large plan file is about 100,000."""

MAX_YAML_DEPTH = 50
"""The deepest nesting of mappings and lists; a plan file nests about 12 levels."""


class YamlRefused(yaml.MarkedYAMLError):
    """A YAML text CYPP will not read: too large, too deep, or using anchors and aliases."""


def yaml_check(text: str) -> None:
    """Raise ``YamlRefused`` (or the parser's own ``yaml.YAMLError``) if ``text`` is unsafe.

    Refused: more than ``MAX_YAML_CHARACTERS``, nesting deeper than ``MAX_YAML_DEPTH``,
    any anchor (``&name``) or alias (``*name``).
    """
    if len(text) > MAX_YAML_CHARACTERS:
        raise YamlRefused(
            problem=f"the file is {len(text):,} characters long; at most "
            f"{MAX_YAML_CHARACTERS:,} are read"
        )
    depth = 0
    for event in yaml.parse(text, Loader=_PARSER):
        if isinstance(event, AliasEvent) or (
            isinstance(event, NodeEvent) and getattr(event, "anchor", None)
        ):
            raise YamlRefused(
                problem="anchors and aliases (&name, *name) are not accepted: "
                "write the value out in full",
                problem_mark=cast(Mark, event.start_mark),
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise YamlRefused(
                    problem=f"nested more than {MAX_YAML_DEPTH} levels deep",
                    problem_mark=cast(Mark, event.start_mark),
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def yaml_compose(text: str) -> yaml.Node | None:
    """The node tree of a checked text (for readers that report the line of every key)."""
    yaml_check(text)
    return yaml.compose(text, Loader=yaml.SafeLoader)


def yaml_load(text: str) -> Any:
    """Plain Python values from a checked text, as ``yaml.safe_load`` would give them.

    Besides ``yaml.YAMLError``, a value the safe constructor cannot make (a date such as
    2022-02-30) raises ``YamlRefused`` naming its line, never a bare ``ValueError``.
    """
    yaml_check(text)
    try:
        return yaml.safe_load(text)
    except (ValueError, OverflowError) as error:
        raise YamlRefused(problem=f"a value cannot be read: {error}") from error


def yaml_lines(text: str) -> dict[str, int]:
    """The 1-based line of each key path (``indicators[2].value``) in a YAML document; the
    whole document is ``(top)``. Empty if the text cannot be composed."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        lines.setdefault(path or "(top)", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    try:
        root = yaml_compose(text)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, "")
    return lines


_LAST_STEP = re.compile(r"(\.[^.\[]+|\[\d+\])$")


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path``, or of its nearest ancestor the file has (a missing key has no
    line of its own: the mapping that lacks it does)."""
    while path not in lines and _LAST_STEP.search(path):
        path = _LAST_STEP.sub("", path)
    return lines.get(path)


def yaml_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as the file's key path: ``("indicators", 2, "code")`` is
    ``indicators[2].code``; the whole document is ``(top)``."""
    path = ""
    for step in loc:
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else str(step))
    return path or "(top)"


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """One problem with a YAML file's content: where (key path and line), what was given."""

    path: str
    line: int | None
    value: Any
    reason: str


# Pydantic's error types in the words the problem lists use; a validator's own message
# (a PydanticCustomError) is used as it is.
_WORDS = {
    "missing": "required",
    "extra_forbidden": "unknown key",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "dict_type": "must be a mapping of key: value",
    "model_type": "must be a mapping of key: value",
    "list_type": "must be a list",
}
# Errors about a whole mapping or list, or a key that is absent: no single value to show.
_NO_VALUE = {"missing", "extra_forbidden", "model_type", "list_type", "too_short"}

M = TypeVar("M", bound=BaseModel)
Reason = Callable[[ErrorDetails, str], str | None]


def model_check(
    model: type[M], data: Any, *, lines: dict[str, int], reason: Reason | None = None
) -> tuple[M | None, list[YamlProblem]]:
    """``data`` (as ``yaml_load`` gave it) validated by ``model``: the model, or None and
    every problem found. ``reason(error, path)`` may word a problem for its file (a "did
    you mean" for an unknown key); otherwise the validator's own message or ``_WORDS``."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            path = yaml_path(detail["loc"])
            words = (reason(detail, path) if reason else None) or _WORDS.get(detail["type"])
            value = detail.get("input")
            if detail["type"] in _NO_VALUE or isinstance(value, dict):
                value = None  # a whole mapping, or a key that is not there: no value to show
            problems.append(YamlProblem(path, line_of(lines, path), value, words or detail["msg"]))
        return None, problems
