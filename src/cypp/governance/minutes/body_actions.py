"""Actions written in the minutes' body outside a resolution: an actions list under its
heading ("Actions identified by the board included:"), and agreements ("It was agreed that
X would ... by DATE", or "It was agreed that:" with items)."""

from __future__ import annotations

import re

from cypp.governance.minutes.actions import action_in, due_in, owner_named
from cypp.governance.minutes.items import item_text, items
from cypp.governance.minutes.model import Action, ActionSource

_ACTIONS_HEADING = re.compile(
    r"^(?:the\s+)?(?:following\s+)?actions?\b(?:\s+points?)?(?P<middle>[^:]*):$", re.IGNORECASE
)
# "Actions from the last meeting:" lists old actions under review, not new ones.
_EARLIER_ACTIONS = re.compile(
    r"\b(?:last|previous|earlier|outstanding|completed|arising|log|update|progress)\b", re.I
)
_AGREED = re.compile(
    r"\b(?:it\s+was\s+(?:(?:also|further|unanimously|therefore|then)\s+)*agreed"
    r"|the\s+(?:[\w'’-]+\s+){0,3}?(?:board|committee|partnership|group|panel|cabinet|meeting)"
    r"\s+(?:also\s+|further\s+)?agreed|members\s+(?:also\s+)?agreed)\s+that\b\s*:?\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])")


def actions_at(body: tuple[str, ...], index: int) -> tuple[list[Action], int] | None:
    """The actions that start at logical line `index` and the index after them; None when
    the line starts no actions (the caller then reads the next line)."""
    line = body[index]
    actions: list[Action] = []
    heading = _ACTIONS_HEADING.match(line)
    if heading and not _EARLIER_ACTIONS.search(heading["middle"]):
        default_owner = owner_named(heading["middle"])
        found, index = items(body, index + 1)
        for item in found:
            text = item_text(item.text)
            if not text:
                continue
            asked = action_in(text)
            owner = asked.owner if asked is not None and asked.owner else default_owner
            actions.append(_action(text, owner, "actions list"))
        return actions, index
    agreed = _AGREED.search(line)
    if agreed and not line[agreed.end() :].strip() and line.rstrip().endswith(":"):
        found, index = items(body, index + 1)
        for item in found:
            _agreement(item_text(item.text), actions)
        return actions, index
    for sentence in _SENTENCE_END.split(line):
        agreed = _AGREED.search(sentence)
        if agreed and sentence[agreed.end() :].strip():
            _agreement(item_text(sentence[agreed.end() :]), actions)
    return (actions, index + 1) if actions else None


def _agreement(clause: str, actions: list[Action]) -> None:
    asked = action_in(clause)
    if asked is not None and clause:
        actions.append(_action(clause, asked.owner, "agreement"))


def _action(text: str, owner: str | None, source: ActionSource) -> Action:
    return Action(text=text, owner=owner, due=due_in(text), source=source)
