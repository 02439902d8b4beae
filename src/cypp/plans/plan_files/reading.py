"""Read a plan file's text into a plain document, checking its shape against the format.

``yaml.compose`` keeps the node tree with its marks, so every problem can name the line.
The document that comes out has the keys in canonical order, empty optional values left
out and defaults filled in: it is what the exporter would write for the same plan, so two
documents compare equal exactly when their canonical files would be the same bytes.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cypp.plans.plan_files.problems import PlanProblem
from cypp.plans.plan_files.spec import ROOT, Key, is_empty
from cypp.safe_yaml import yaml_compose

_LAST_STEP = re.compile(r"(^|\.)[^.\[\]]+$|\[[^\]]*\]$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# BudgetLine amounts are DecimalField(max_digits=14, decimal_places=2).
AMOUNT_LIMIT = decimal.Decimal(10) ** 12
# Measures, targets and milestones: far beyond any real figure, and still exact as a float.
NUMBER_LIMIT = 10**15


@dataclass
class Reading:
    """A file being read: its name, the line of every path, and the problems found so far."""

    file: str
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[PlanProblem] = field(default_factory=list)

    def line(self, path: str) -> int | None:
        """The line of the path, or of its nearest ancestor that the file has."""
        while path and path not in self.lines:
            # Drop the last step: "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "".
            shorter = _LAST_STEP.sub("", path)
            path = shorter if shorter != path else ""  # a key with odd characters in it
        return self.lines.get(path)

    def has_problem_under(self, path: str) -> bool:
        """Whether a problem was already found at the path or inside it (a value that could
        not be read is missing from the document; saying so twice would mislead)."""
        return any(
            p.path == path or p.path.startswith((f"{path}.", f"{path}[")) for p in self.problems
        )

    def problem(self, path: str, reason: str) -> None:
        self.problems.append(PlanProblem(self.file, path, self.line(path), reason))


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _shown(value: Any) -> str:
    """The value as the file wrote it, cut to a readable length for a problem."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text):,} characters)"


def plain_number(value: float | int) -> float | int:
    """80.0 reads and writes as 80; 12.5 stays 12.5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def document_read(*, text: str, file: str) -> tuple[dict[str, Any], Reading]:
    """The document in canonical shape, and the reading with its lines and problems."""
    reading = Reading(file)
    text = text.removeprefix("\ufeff")
    try:
        node = yaml_compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = None if mark is None else mark.line + 1
        reason = getattr(error, "problem", None) or str(error)
        reading.problems.append(PlanProblem(file, "", line, f"not valid YAML: {reason}"))
        return {}, reading
    if node is None:
        reading.problems.append(PlanProblem(file, "", 1, "the file is empty"))
        return {}, reading
    reading.lines[""] = node.start_mark.line + 1
    tree = _build(node, "", reading, SafeConstructor())
    return _read_map(ROOT, tree, "", reading), reading


def _build(node: Node, path: str, reading: Reading, constructor: SafeConstructor) -> Any:
    """Plain Python values from the node tree, recording the line of every path."""
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, path, reading, constructor)
            if not isinstance(key, str):
                reading.lines[join(path, str(key))] = key_node.start_mark.line + 1
                reading.problem(join(path, str(key)), "keys are words, e.g. title")
                continue
            child = join(path, key)
            reading.lines[child] = key_node.start_mark.line + 1
            if key in out:
                reading.problem(child, "this key appears twice")
            out[key] = _build(value_node, child, reading, constructor)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            reading.lines[child] = item.start_mark.line + 1
            items.append(_build(item, child, reading, constructor))
        return items
    return _scalar(node, path, reading, constructor)


def _scalar(node: Node, path: str, reading: Reading, constructor: SafeConstructor) -> Any:
    if not isinstance(node, ScalarNode):
        reading.problem(path, "a key must be a single word")
        return None
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        reading.problems.append(
            PlanProblem(reading.file, path, node.start_mark.line + 1, f"cannot be read: {error}")
        )
        return None
    except (ValueError, OverflowError) as error:
        # A date the calendar lacks (2022-02-30) looks like a date to YAML, then fails.
        what = "is an invalid date" if node.tag.endswith(":timestamp") else "cannot be read"
        reason = f"{_shown(node.value)} {what} ({error})"
        reading.problems.append(PlanProblem(reading.file, path, node.start_mark.line + 1, reason))
        return None


def _read_map(key: Key, value: Any, path: str, reading: Reading) -> dict[str, Any]:
    if not isinstance(value, dict):
        reading.problem(path, "must be a mapping of keys to values (key: value on each line)")
        return {}
    known = [f.name for f in key.fields]
    for name in value:
        if name not in known:
            reading.problem(join(path, name), f"unknown key; expected one of: {', '.join(known)}")
    out: dict[str, Any] = {}
    for child in key.fields:
        child_path = join(path, child.name)
        raw = value.get(child.name)
        read = None if is_empty(raw) else _read_value(child, raw, child_path, reading)
        if is_empty(read):
            if child.required and is_empty(raw) and not reading.has_problem_under(child_path):
                reading.problem(child_path, "is required")
            if child.default is not None:
                out[child.name] = child.default
            continue
        out[child.name] = read
    return out


def _read_value(key: Key, value: Any, path: str, reading: Reading) -> Any:
    if key.type == "map":
        return _read_map(key, value, path, reading)
    if key.type == "list":
        if not isinstance(value, list):
            reading.problem(path, "must be a list (each element on a line starting with -)")
            return None
        return [_read_map(key, item, f"{path}[{i}]", reading) for i, item in enumerate(value)]
    if key.type in ("text", "slug", "enum"):
        return _read_text(key, value, path, reading)
    if key.type == "date":
        if isinstance(value, dt.datetime):
            reading.problem(path, "must be a date without a time, written YYYY-MM-DD")
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as error:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                reading.problem(path, f"{_shown(value)} is an invalid date ({error})")
            else:
                reading.problem(path, f"{_shown(value)} is not a date written YYYY-MM-DD")
            return None
    if key.type == "bool":
        if isinstance(value, bool):
            return value
        reading.problem(path, f"{_shown(value)} must be true or false")
        return None
    return _read_number(key, value, path, reading)


def _read_text(key: Key, value: Any, path: str, reading: Reading) -> str | None:
    # A whole number where text is expected (period: 2014) is read as the text it spells;
    # a decimal is not, because 1.10 would silently read as 1.1.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        reading.problem(path, f"{_shown(value)} must be text; put it in quotes")
        return None
    if key.type == "slug" and not SLUG.match(value):
        reading.problem(
            path, f"{_shown(value)} is not a key: use lower-case letters, digits and hyphens"
        )
        return None
    if key.type == "enum" and value not in key.choices:
        reading.problem(path, f"{_shown(value)} must be one of: {', '.join(key.choices)}")
        return None
    if key.max_length and len(value) > key.max_length:
        reading.problem(path, f"is {len(value)} characters long; at most {key.max_length}")
        return None
    return value


def _read_number(key: Key, value: Any, path: str, reading: Reading) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        reading.problem(path, f"{_shown(value)} must be a number")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        reading.problem(path, "must be a finite number")
        return None
    if abs(value) >= NUMBER_LIMIT:
        reading.problem(path, f"{_shown(value)} is too large: numbers are below 10^15")
        return None
    if key.type == "amount":
        amount = decimal.Decimal(str(value))
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            reading.problem(path, f"{value} has more than two decimal places (pence)")
            return None
        if abs(amount) >= AMOUNT_LIMIT:
            reading.problem(path, f"{value} is too large for an amount in pounds")
            return None
    return plain_number(value)
