"""Actions written in the minutes' body outside a resolution: an actions list under its
heading ("Actions identified by the board included:"), "ACTION:" lines, agreements ("It
was agreed that X would ... by DATE", or "It was agreed that:" with items), and tasks in
the discussion (actions_discussion: "Officers agreed to circulate ...")."""

from __future__ import annotations

import re

from cypp.governance.minutes.actions import action_in, actor_like, owner_named, owner_of
from cypp.governance.minutes.actions_confidence import action_checked
from cypp.governance.minutes.actions_discussion import (
    SENTENCE_END,
    discussion_actions,
    with_what_it_points_to,
)
from cypp.governance.minutes.items import item_text, items
from cypp.governance.minutes.model import Action

# "Actions identified by the board included:", "The following actions were agreed:",
# "New actions:", "Outstanding actions:" (one word may come before "actions").
_ACTIONS_HEADING = re.compile(
    r"^(?P<before>(?:the\s+)?(?:following\s+)?(?:[a-z]+\s+)?)actions?\b(?:\s+points?)?"
    r"(?P<middle>[^:]*):$",
    re.IGNORECASE,
)
# "Actions from the last meeting:" lists old actions under review, not new ones.
_EARLIER_ACTIONS = re.compile(
    r"\b(?:last|previous|earlier|outstanding|completed|arising|log|update|progress|review)\b",
    re.I,
)
_AGREED = re.compile(
    r"\b(?:it\s+was\s+(?:(?:also|further|unanimously|therefore|then)\s+)*agreed"
    r"|the\s+(?:[\w'’-]+\s+){0,3}?(?:board|committee|partnership|group|panel|cabinet|meeting)"
    r"\s+(?:also\s+|further\s+)?agreed|members\s+(?:also\s+)?agreed)\s+that\b\s*:?\s*",
    re.IGNORECASE,
)
# "ACTION: the clerk to circulate the slides", "Action - JB", "Actions by: Officers".
_ACTION_LABEL = re.compile(
    r"^actions?(?:\s+(?:by|for|point))?\s*(?::-?|[–—-])\s*(?P<rest>.+)$", re.IGNORECASE
)
# "... circulate the slides to members. (Action: Clerk)" at the end of a paragraph.
_TRAILING_ACTION = re.compile(
    r"[(\[]?\s*\bactions?(?:\s+(?:by|for))?\s*(?::-?|[–—-])\s*(?P<who>[^()\[\].;:]{1,60}?)"
    r"\s*[)\]]?\s*\.?$",
    re.IGNORECASE,
)
HEADING_OWNER = "owner taken from the actions heading"


def actions_at(body: tuple[str, ...], index: int) -> tuple[list[Action], int] | None:
    """The actions that start at logical line `index` and the index after them; None when
    the line starts no actions (the caller then reads the next line)."""
    line = body[index]
    heading = _ACTIONS_HEADING.match(line)
    if heading and _EARLIER_ACTIONS.search(heading["before"] + heading["middle"]):
        return [], items(body, index + 1)[1]  # actions under review: none of them new
    if heading:
        return _actions_list(body, index, owner_named(heading["middle"]))
    agreed = _AGREED.search(line)
    if agreed and not line[agreed.end() :].strip() and line.rstrip().endswith(":"):
        actions: list[Action] = []
        found, index = items(body, index + 1)
        for item in found:
            _agreement(item_text(item.text), actions)
        return actions, index
    actions = _action_lines(body, index)
    if not actions:
        sentences = SENTENCE_END.split(line)
        for at, sentence in enumerate(sentences):
            agreed = _AGREED.search(sentence)
            if agreed and sentence[agreed.end() :].strip():
                agreed_here: list[Action] = []
                _agreement(item_text(sentence[agreed.end() :]), agreed_here)
                actions.extend(with_what_it_points_to(a, sentences[:at]) for a in agreed_here)
    if not actions:
        actions = discussion_actions(line)
    return (actions, index + 1) if actions else None


def _actions_list(
    body: tuple[str, ...], index: int, heading_owner: str | None
) -> tuple[list[Action], int]:
    """Every item under an actions heading is an action; an item that names no one takes
    the owner the heading names ("Actions for the director:"), else none."""
    actions: list[Action] = []
    found, index = items(body, index + 1)
    for item in found:
        text = item_text(item.text)
        if not text:
            continue
        asked = action_in(text)
        if asked is not None and asked.owner is not None:
            actions.append(
                action_checked(text, asked.owner, "actions list", guessed_from=asked.guessed_from)
            )
        elif heading_owner is not None:
            actions.append(
                action_checked(text, heading_owner, "actions list", reasons=(HEADING_OWNER,))
            )
        else:
            actions.append(action_checked(text, None, "actions list"))
    return actions, index


def _action_lines(body: tuple[str, ...], index: int) -> list[Action]:
    """An "ACTION:" line (the task, or only its owner after the paragraph it closes), or a
    paragraph ending "(Action: owner)"."""
    line = body[index]
    label = _ACTION_LABEL.match(line)
    if label is not None:
        rest = item_text(label["rest"])
        owner = _owner_alone(rest)
        if owner is not None and index > 0 and body[index - 1]:
            task = item_text(SENTENCE_END.split(body[index - 1])[-1])
            return [action_checked(task, owner, "actions list")]
        asked = action_in(rest)
        owner, guessed = (asked.owner, asked.guessed_from) if asked else (None, None)
        return [action_checked(rest, owner, "actions list", guessed_from=guessed)] if rest else []
    trailing = _TRAILING_ACTION.search(line)
    if trailing is not None and trailing.start() > 0:
        owner = _owner_alone(trailing["who"].strip())
        task = item_text(SENTENCE_END.split(line[: trailing.start()].strip())[-1])
        if owner is not None and task:
            return [action_checked(task, owner, "actions list")]
    return []


def _owner_alone(text: str) -> str | None:
    """`text` when it is only who ("JB", "Clerk", "the Director of Public Health")."""
    words = text.split()
    if not words or len(words) > 8 or action_in(text) is not None:
        return None
    if all(re.fullmatch(r"[A-Z]{2,4}(?:/[A-Z]{2,4})*,?", w) for w in words):
        return text  # initials, as minutes often name people: "JB", "AS/KT"
    owner = owner_of(text)
    return owner if owner is not None and actor_like(owner) else None


def _agreement(clause: str, actions: list[Action]) -> None:
    asked = action_in(clause)
    if asked is not None and clause:
        actions.append(
            action_checked(clause, asked.owner, "agreement", guessed_from=asked.guessed_from)
        )
