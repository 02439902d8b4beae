"""Canonical YAML for plan files: the one way CYPP writes a document, so exports are stable.

Block style with two-space indentation and list items indented under their key; keys in
the order the document holds them (``spec.prune`` puts them in the format's order); text
quoted only where YAML would otherwise read it as something else, and then in double
quotes; text with line breaks as a literal block; dates unquoted; no line wrapping, so a
value is always on one line and a diff of two files is a diff of values.
"""

from __future__ import annotations

from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"


class CanonicalDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # PyYAML writes a list under a key without indenting it; the format indents it.
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar(_STR, data, style=style)


CanonicalDumper.add_representer(str, _represent_text)


def document_dump(doc: dict[str, Any]) -> str:
    """The document as canonical YAML text (ending in one newline)."""
    return yaml.dump(
        doc,
        Dumper=CanonicalDumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=1_000_000,
        indent=2,
    )
