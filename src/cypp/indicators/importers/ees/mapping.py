"""The EES mapping file: which value columns under which filter values become indicators."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import yaml

from cypp.indicators.importers.base import (
    MAX_DECIMALS,
    MAX_MULTIPLIER,
    ImportRejected,
    Problem,
)
from cypp.indicators.importers.ees.common import (
    CODE,
    INDICATOR_KEYS,
    LA_CODES,
    NUMERIC_KEYS,
    TEXT_KEYS,
    TOP_KEYS,
)
from cypp.indicators.importers.suggestions import choice_reason, did_you_mean
from cypp.indicators.models import PeriodType, Polarity, ValueType
from cypp.safe_yaml import yaml_compose, yaml_load


def _yaml_lines(text: str) -> dict[str, int]:
    """The 1-based line of each key path (``indicators[2].value``) in a YAML document."""
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


def given_keys(entry: dict[str, Any]) -> dict[str, Any]:
    """The keys given a value: ``lower_95: ~`` in YAML is the same as leaving it out."""
    return {k: v for k, v in entry.items() if v is not None}


def mapping_problems(mapping: Any, file: str, lines: dict[str, int] | None = None) -> list[Problem]:
    """Every problem with a mapping's structure, each naming the file and key (and its line)."""
    problems: list[Problem] = []
    lines = lines or {}

    def add(key: str, reason: str, value: Any = None) -> None:
        shown = None if value is None else str(value)
        # A missing key has no line of its own: name the line of the entry that lacks it.
        where = key
        while where not in lines and re.search(r"(\.[^.\[]+|\[\d+\])$", where):
            where = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", where)
        problems.append(Problem(file, lines.get(where), key, shown, reason))

    if not isinstance(mapping, dict):
        add("(top)", "the mapping must be a YAML mapping with 'publication' and 'indicators'")
        return problems
    for key in sorted(set(mapping) - TOP_KEYS):
        hint = did_you_mean(key, sorted(TOP_KEYS))
        add(str(key), f"unknown key; {hint}the mapping takes {', '.join(sorted(TOP_KEYS))}")
    for key in ("publication", "organisation", "url", "topic"):
        if mapping.get(key) is not None and not isinstance(mapping[key], str):
            add(key, "must be text", mapping[key])
    if (mapping.get("la_code") or LA_CODES[0]) not in LA_CODES:
        add("la_code", f"must be one of {', '.join(LA_CODES)}", mapping["la_code"])
    indicators = mapping.get("indicators")
    if not isinstance(indicators, list) or not indicators:
        add("indicators", "a list of at least one indicator is required")
        return problems
    seen: dict[str, int] = {}
    for i, entry in enumerate(indicators):
        where = f"indicators[{i}]"
        if not isinstance(entry, dict):
            add(where, "each indicator must be a mapping with code, title and value")
            continue
        # Unknown keys of the entry as written: "polarty: ~" is a misspelling too.
        for key in sorted(set(entry) - INDICATOR_KEYS, key=str):
            hint = did_you_mean(key, sorted(INDICATOR_KEYS))
            add(
                f"{where}.{key}",
                f"unknown key; {hint}an indicator takes {', '.join(sorted(INDICATOR_KEYS))}",
            )
        entry = given_keys(entry)
        code = entry.get("code")
        if not isinstance(code, str) or not CODE.match(code):
            add(f"{where}.code", "required: letters, digits, '_', '-' or '.', up to 100", code)
        elif code in seen:
            add(f"{where}.code", f"the same code as indicators[{seen[code]}]", code)
        else:
            seen[code] = i
        if not isinstance(entry.get("value"), str) or not entry["value"].strip():
            add(f"{where}.value", "required: the name of the value column", entry.get("value"))
        for key in (*NUMERIC_KEYS[1:], *TEXT_KEYS):
            if key in entry and not isinstance(entry[key], str):
                add(f"{where}.{key}", "must be text", entry[key])
        filters = entry.get("filters", {})
        if not isinstance(filters, dict):
            add(f"{where}.filters", "must map filter columns to one value each", filters)
        else:
            for column, wanted in filters.items():
                if isinstance(wanted, bool) or not isinstance(wanted, str | int | float):
                    add(f"{where}.filters.{column}", "must be one value (text or number)", wanted)
        choices = {
            "value_type": ValueType.values,
            "polarity": Polarity.values,
            "period_type": PeriodType.values,
        }
        for key, allowed in choices.items():
            if key in entry and entry[key] not in allowed:
                add(f"{where}.{key}", choice_reason(entry[key], allowed), entry[key])
        for key, least, most in (("multiplier", 1, MAX_MULTIPLIER), ("decimals", 0, MAX_DECIMALS)):
            given = entry.get(key)
            if key in entry and (
                isinstance(given, bool) or not isinstance(given, int) or not least <= given <= most
            ):
                add(f"{where}.{key}", f"must be a whole number from {least} to {most:,}", given)
    return problems


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
    problems = mapping_problems(mapping, path.name, _yaml_lines(text))
    if problems:
        raise ImportRejected(problems)
    return cast(dict[str, Any], mapping)
