"""The plan file format (docs/plan-files.md) as data: every key, in canonical order, its type.

One description serves the reader (what is allowed, what is required, what a missing key
defaults to), the exporter (which keys, in which order) and the diff (how the elements of a
list are matched). Changing the format means changing this module and the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cypp.accounts.models import Sector
from cypp.plans.models import BudgetLine, Commitment, Measure, Plan, Provenance

FORMAT = "cypp-plan/1"


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping in the file.

    ``type`` is one of: text, slug, date, number, amount, bool, enum, map, list (a list of
    mappings described by ``fields``). ``default`` is what a missing key reads as; keys with
    a default are always written on export. ``match`` names the field that matches the
    elements of a list between two versions ("" matches them by position).
    """

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Key, ...] = ()
    max_length: int = 0
    default: Any = None
    match: str = ""


def _text(name: str, max_length: int = 0, *, required: bool = False) -> Key:
    return Key(name, "text", required=required, max_length=max_length)


def _slug(name: str, *, required: bool = False) -> Key:
    return Key(name, "slug", required=required, max_length=80)


def _enum(name: str, choices: Any, *, required: bool = False, default: Any = None) -> Key:
    return Key(name, "enum", required=required, choices=tuple(choices.values), default=default)


KEY = _slug("key", required=True)

MEASURE = Key(
    "measures",
    "list",
    match="key",
    fields=(
        KEY,
        _text("title", 300, required=True),
        _enum("kind", Measure.Kind, default=Measure.Kind.INDICATOR.value),
        _text("indicator", 201),
        _text("area", 9),
        _text("unit", 120),
        Key(
            "baseline",
            "map",
            fields=(
                _text("period", 40),
                Key("value", "number"),
                _text("source", 300),
                _enum("provenance", Provenance),
            ),
        ),
        Key(
            "target",
            "map",
            fields=(
                Key("value", "number"),
                Key("low", "number"),
                Key("high", "number"),
                Key("due", "date"),
                _enum("direction", Measure.Direction),
                _text("note", 300),
            ),
        ),
        Key(
            "milestones",
            "list",
            fields=(
                Key("due", "date", required=True),
                Key("value", "number", required=True),
                _text("label", 200),
            ),
        ),
        Key(
            "owner",
            "map",
            fields=(_text("organisation", 200), _slug("subgroup"), _text("lead", 200)),
        ),
        Key(
            "values",
            "list",
            match="period",
            fields=(
                _text("period", 40, required=True),
                Key("value", "number", required=True),
                _enum("provenance", Provenance, default=Provenance.MEASURED.value),
                _text("note", 300),
            ),
        ),
    ),
)

PRIORITY = Key(
    "priorities",
    "list",
    match="key",
    fields=(
        KEY,
        _text("title", 200, required=True),
        _text("description"),
        _text("lead", 200),
        Key(
            "outcomes",
            "list",
            match="key",
            fields=(KEY, _text("title", 300, required=True), _text("description"), MEASURE),
        ),
    ),
)

COMMITMENT = Key(
    "commitments",
    "list",
    match="key",
    fields=(
        KEY,
        _text("title", 300, required=True),
        _slug("priority"),
        _text("description"),
        Key("owner", "map", fields=(_text("organisation", 200), _text("lead", 200))),
        Key("due", "date"),
        _enum("status", Commitment.Status, default=Commitment.Status.NOT_STARTED.value),
        Key(
            "milestones",
            "list",
            fields=(
                _text("title", 300, required=True),
                Key("due", "date"),
                Key("done", "bool", default=False),
            ),
        ),
        Key(
            "notes",
            "list",
            fields=(
                Key("date", "date", required=True),
                _text("text", required=True),
                _text("author", 200),
            ),
        ),
    ),
)

BUDGET = Key(
    "budget",
    "list",
    match="key",
    fields=(
        KEY,
        _text("title", 300, required=True),
        _enum("kind", BudgetLine.Kind, required=True),
        Key("amount", "amount", required=True),
        _slug("priority"),
        _text("period", 60),
        Key("realised", "amount"),
        _enum("provenance", Provenance, default=Provenance.MEASURED.value),
        _text("note", 300),
    ),
)

PARTNERSHIP = Key(
    "partnership",
    "map",
    required=True,
    fields=(
        KEY,
        _text("name", 200, required=True),
        _text("area", 9, required=True),
        _text("description"),
        Key(
            "members",
            "list",
            match="organisation",
            fields=(
                _text("organisation", 200, required=True),
                # No default here: a missing sector reads as the organisation's own, once known.
                _enum("sector", Sector),
                _text("role", 200),
            ),
        ),
    ),
)

PLAN = Key(
    "plan",
    "map",
    required=True,
    fields=(
        KEY,
        _text("title", 200, required=True),
        Key("start", "date", required=True),
        Key("end", "date", required=True),
        _text("version", 20),
        _enum("status", Plan.Status, required=True),
        _text("approved_by", 200),
        Key("approved_on", "date"),
        _slug("succeeds"),
        Key("public", "bool", default=False),
        _enum("priority_word", Plan.PriorityWord, default=Plan.PriorityWord.PRIORITY.value),
        _text("vision"),
        _text("summary"),
        Key("principles", "list", match="key", fields=(KEY, _text("text", required=True))),
        Key(
            "strategies",
            "list",
            match="key",
            fields=(
                KEY,
                _text("title", 200, required=True),
                _text("relation", 200),
                _text("url", 200),
            ),
        ),
        Key("subgroups", "list", match="key", fields=(KEY, _text("name", 200, required=True))),
        PRIORITY,
        COMMITMENT,
        BUDGET,
    ),
)

ROOT = Key(
    "",
    "map",
    fields=(Key("format", "enum", required=True, choices=(FORMAT,)), PARTNERSHIP, PLAN),
)


def is_empty(value: Any) -> bool:
    """Empty optional values are left out of a canonical file."""
    return value is None or value == "" or value == [] or value == {}


def prune(key: Key, data: dict[str, Any]) -> dict[str, Any]:
    """The mapping in canonical order with empty optional values left out (for export)."""
    out: dict[str, Any] = {}
    for sub in key.fields:
        value = data.get(sub.name)
        if sub.type == "map" and isinstance(value, dict):
            value = prune(sub, value)
        elif sub.type == "list" and isinstance(value, list):
            value = [prune(sub, item) for item in value]
        if is_empty(value) and sub.default is None:
            continue
        out[sub.name] = sub.default if value is None else value
    return out


def child(key: Key, name: str) -> Key:
    """The description of one key of a mapping."""
    return next(f for f in key.fields if f.name == name)
