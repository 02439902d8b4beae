"""YAML read safely: every file CYPP reads as YAML (plan files, EES mappings, indicator notes)
goes through here.

``yaml.safe_load`` builds no arbitrary objects, but it still follows anchors and aliases
(``&a`` / ``*a``), so a few hundred bytes can expand to gigabytes (the "billion laughs") or
refer to themselves (``&a [*a]``) and send the composer into endless recursion; and a deep
enough nesting (``[[[[...``) overflows Python's stack. None of CYPP's formats needs
anchors, so they are refused outright; the text is also capped in size and nesting depth.
The checks run on the parser's event stream before anything is built, so a hostile file is
refused in the time it takes to scan it.

Refusals are ``yaml.MarkedYAMLError`` (as the parser's own are), so callers that already
catch ``yaml.YAMLError`` report them with the line, in the same words.
"""

from __future__ import annotations

from typing import Any, cast

import yaml
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
