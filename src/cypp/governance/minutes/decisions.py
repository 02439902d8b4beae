"""The decisions in the minutes' body: resolution blocks, actions lists and agreements.

The body is a list of logical lines (layout.logical_lines). Shapes recognised:
`RESOLVED` / `THAT:` with (a), (b) items; `It was resolved that:` with (a) items;
`Resolved that:` with a) items; a resolution written inline ("RESOLVED: That ...");
`Actions identified by the board included:` with bullets; and sentences "It was agreed
that X would ... by DATE" (or "It was agreed that:" with items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cypp.governance.minutes.actions import resolution_action
from cypp.governance.minutes.body_actions import actions_at
from cypp.governance.minutes.items import LABEL, Item, item_text, items
from cypp.governance.minutes.model import Action, Resolution

_RESOLVED = re.compile(
    r"^(?:(?-i:RESOLVED)\b|resolved\b(?=\s*(?:$|[:–—.,-]|that\b|\(|unanimously\b))"
    r"|it\s+was\s+(?:(?:further|also|unanimously|therefore|then)\s+)*resolved\b"
    r"|the\s+(?:[\w'’-]+\s+){0,3}?(?:board|committee|cabinet|partnership|panel|group|forum|"
    r"council|meeting)\s+(?:unanimously\s+)?resolved\b)"
    r"(?:\s*\(?unanimously\)?)?\s*[:–—.,-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_THAT = re.compile(r"^that\b\s*[:,–—-]?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decisions:
    resolutions: tuple[Resolution, ...]
    actions: tuple[Action, ...]


def decisions_read(body: tuple[str, ...]) -> Decisions:
    """The resolutions and actions in `body`, in the page's order."""
    resolutions: list[Resolution] = []
    actions: list[Action] = []
    index = 0
    while index < len(body):
        line = body[index]
        resolved = _RESOLVED.match(line)
        that_only = _THAT.fullmatch(line) and index + 1 < len(body) and LABEL.match(body[index + 1])
        if resolved or that_only:
            rest = resolved["rest"] if resolved else ""
            block, index = _resolution_block(body, index + 1, rest)
            for item in block:
                if not item_text(item.text):
                    continue  # a label with nothing after it
                resolution = Resolution(label=item.label, text=item_text(item.text))
                resolutions.append(resolution)
                action = resolution_action(resolution.text)
                if action is not None:
                    actions.append(action)
            continue
        found = actions_at(body, index)
        if found is not None:
            new_actions, index = found
            actions.extend(new_actions)
            continue
        index += 1
    return Decisions(resolutions=tuple(resolutions), actions=tuple(actions))


def _resolution_block(body: tuple[str, ...], index: int, rest: str) -> tuple[list[Item], int]:
    """The items after a resolution heading whose own line continued with `rest`."""
    rest = _THAT.sub("", rest).strip()
    if rest and not LABEL.match(rest):
        if rest.endswith(":"):
            found, after = items(body, index)
            if found:
                return found, after
        return [Item(None, rest)], index
    if rest:  # "RESOLVED THAT: (a) ..." with the first item on the heading's line
        found, after = items((rest, *body[index:]), 0)
        return found, index + after - 1
    while index < len(body) and _THAT.fullmatch(body[index]):
        index += 1
    found, after = items(body, index)
    if found:
        return found, after
    if index < len(body) and not _RESOLVED.match(body[index]):
        return [Item(None, _THAT.sub("", body[index]))], index + 1
    return [], index
