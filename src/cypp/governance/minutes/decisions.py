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

from cypp.governance.minutes.actions import action_in, due_in, owner_named
from cypp.governance.minutes.layout import BULLET, LABEL
from cypp.governance.minutes.model import Action, ActionSource, Resolution

_RESOLVED = re.compile(
    r"^(?:(?-i:RESOLVED)\b|resolved\b(?=\s*(?:$|[:–—.,-]|that\b|\(|unanimously\b))"
    r"|it\s+was\s+(?:(?:further|also|unanimously|therefore|then)\s+)*resolved\b"
    r"|the\s+(?:[\w'’-]+\s+){0,3}?(?:board|committee|cabinet|partnership|panel|group|forum|"
    r"council|meeting)\s+(?:unanimously\s+)?resolved\b)"
    r"(?:\s*\(?unanimously\)?)?\s*[:–—.,-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_THAT = re.compile(r"^that\b\s*[:,–—-]?\s*", re.IGNORECASE)
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
_ROMAN = re.compile(r"^[ivxlc]+$")
_TRAILING = re.compile(r"(?:\s*[;,]\s*(?:and|or)?|\s+(?:and|or)|\s*\.)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Decisions:
    resolutions: tuple[Resolution, ...]
    actions: tuple[Action, ...]


@dataclass(slots=True)
class _Item:
    label: str | None
    text: str


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
            items, index = _resolution_block(body, index + 1, rest)
            for item in items:
                if not item_text(item.text):
                    continue  # a label with nothing after it
                resolution = Resolution(label=item.label, text=item_text(item.text))
                resolutions.append(resolution)
                asked = action_in(resolution.text)
                if asked is not None:
                    actions.append(_action(resolution.text, asked.owner, "resolution"))
            continue
        heading = _ACTIONS_HEADING.match(line)
        if heading and not _EARLIER_ACTIONS.search(heading["middle"]):
            default_owner = owner_named(heading["middle"])
            items, index = _items(body, index + 1)
            for item in items:
                text = item_text(item.text)
                if not text:
                    continue
                asked = action_in(text)
                owner = asked.owner if asked is not None and asked.owner else default_owner
                actions.append(_action(text, owner, "actions list"))
            continue
        agreed = _AGREED.search(line)
        if agreed and not line[agreed.end() :].strip() and line.rstrip().endswith(":"):
            items, index = _items(body, index + 1)
            for item in items:
                _agreement(item_text(item.text), actions)
            continue
        for sentence in _SENTENCE_END.split(line):
            agreed = _AGREED.search(sentence)
            if agreed and sentence[agreed.end() :].strip():
                _agreement(item_text(sentence[agreed.end() :]), actions)
        index += 1
    return Decisions(resolutions=tuple(resolutions), actions=tuple(actions))


def item_text(text: str) -> str:
    """A resolved item or bullet as it will be stored: without a leading "that" (part of
    "resolved that") and without trailing list punctuation ("; and", ";", the full stop)."""
    text = re.sub(r"^that\b\s*[:,]?\s*", "", text.strip(), flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous, text = text, _TRAILING.sub("", text).strip()
    return text


def label_normalised(match: re.Match[str]) -> str:
    """ "(a)", "a)" and "a." are all stored as "(a)"; "1." as "(1)"."""
    return f"({match['p'] or match['b'] or match['d']})"


def _agreement(clause: str, actions: list[Action]) -> None:
    asked = action_in(clause)
    if asked is not None and clause:
        actions.append(_action(clause, asked.owner, "agreement"))


def _action(text: str, owner: str | None, source: ActionSource) -> Action:
    return Action(text=text, owner=owner, due=due_in(text), source=source)


def _resolution_block(body: tuple[str, ...], index: int, rest: str) -> tuple[list[_Item], int]:
    """The items after a resolution heading whose own line continued with `rest`."""
    rest = _THAT.sub("", rest).strip()
    if rest and not LABEL.match(rest):
        if rest.endswith(":"):
            items, after = _items(body, index)
            if items:
                return items, after
        return [_Item(None, rest)], index
    if rest:  # "RESOLVED THAT: (a) ..." with the first item on the heading's line
        items, after = _items((rest, *body[index:]), 0)
        return items, index + after - 1
    while index < len(body) and _THAT.fullmatch(body[index]):
        index += 1
    items, after = _items(body, index)
    if items:
        return items, after
    if index < len(body) and not _RESOLVED.match(body[index]):
        return [_Item(None, _THAT.sub("", body[index]))], index + 1
    return [], index


def _items(body: tuple[str, ...], index: int) -> tuple[list[_Item], int]:
    """Labelled items and bullets from `index`, until a line that is neither.

    Roman sub-items, e.g. (i) and (ii) inside (c), and bullets under a labelled item or
    under an item that ends with a colon, are kept in that item's text."""
    items: list[_Item] = []
    while index < len(body):
        line = body[index]
        label = LABEL.match(line)
        bullet = BULLET.match(line) if label is None else None
        if label is not None:
            text = line[label.end() :].strip()
            inner = LABEL.match(text)
            if inner is not None:  # an <ol> label before the label as printed
                label, text = inner, text[inner.end() :].strip()
            name = label_normalised(label)
            if items and _sub_item(items, name):
                items[-1].text = f"{items[-1].text} {name} {text}"
            else:
                items.append(_Item(name, text))
        elif bullet is not None:
            text = line[bullet.end() :].strip()
            if not text:
                index += 1
                continue
            if items and (items[-1].label is not None or items[-1].text.endswith(":")):
                items[-1].text = f"{items[-1].text} {text}"
            else:
                items.append(_Item(None, text))
        else:
            break
        index += 1
    return items, index


def _sub_item(items: list[_Item], name: str) -> bool:
    """(i), (ii) after (1) or after (a)...(h) are sub-items of it; (i) after (h) and (v)
    after (u) are the next letter; (ii) after (i) continues a roman series."""
    value = name[1:-1]
    previous = items[-1].label
    if previous is None or not _ROMAN.match(value):
        return False
    top = previous[1:-1]
    if top.isdigit():
        return True
    if len(top) == 1 and top.lower() != "i":
        return value != chr(ord(top) + 1)
    return False
