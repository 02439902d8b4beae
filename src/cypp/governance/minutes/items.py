"""Labelled items and bullets as a list reads them: shared by resolution blocks and
actions lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cypp.governance.minutes.layout import BULLET, HEADING, LABEL

__all__ = ["LABEL", "Item", "follows", "inline_items", "item_text", "items", "label_normalised"]

_ROMAN = re.compile(r"^[ivxlc]+$")
# Where an item printed in the same paragraph as the one before may start: after "; and",
# ";", ":" or a full stop ("That (1) the report be noted; and (2) the director ...").
_INLINE_BREAK = re.compile(r"(?:[;:.](?:\s*(?:and|or))?|,\s*and)\s+(?=\S)", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s*[;,]\s*(?:and|or)?|\s+(?:and|or)|\s*\.)\s*$", re.IGNORECASE)


@dataclass(slots=True)
class Item:
    label: str | None
    text: str


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
    return f"({match['p'] or match['b'] or match['n'] or match['d']})"


def items(body: tuple[str, ...], index: int) -> tuple[list[Item], int]:
    """Labelled items and bullets from `index`, until a line that is neither.

    Roman sub-items, e.g. (i) and (ii) inside (c), and bullets under a labelled item or
    under an item that ends with a colon, are kept in that item's text; so are items
    lettered under a numbered item, or labelled in another way after an item that ends
    with a colon ("(a) the following be approved:" then (i), (ii)), until a label like the
    list's own, unless the label carries on the list ((v) after (iv), (i) after (h))."""
    items: list[Item] = []
    while index < len(body):
        line = body[index]
        label = LABEL.match(line)
        bullet = BULLET.match(line) if label is None else None
        if label is not None:
            text = line[label.end() :].strip()
            if HEADING.match(text) and items:
                break  # "8.4 RESOLVED:" starts a resolution of its own, not an item
            inner = LABEL.match(text)
            if inner is not None:  # an <ol> label before the label as printed
                label, text = inner, text[inner.end() :].strip()
            name = label_normalised(label)
            first = next((i.label for i in items if i.label is not None), None)
            # Letters under a number, or any other labels after an item ending with a colon.
            other_kind = (
                first is not None
                and items[-1].label is not None
                and _kind(name) != _kind(first)
                and not follows(items[-1].label, name)
                and (_kind(first) == "n" or re.search(r":\s*[-–—]?$", items[-1].text) is not None)
            )
            if items and (other_kind or _sub_item(items, name)):
                items[-1].text = f"{items[-1].text} {name} {text}"
            else:
                items.append(Item(name, text))
        elif bullet is not None:
            text = line[bullet.end() :].strip()
            if not text:
                index += 1
                continue
            if items and (items[-1].label is not None or items[-1].text.endswith(":")):
                items[-1].text = f"{items[-1].text} {text}"
            else:
                items.append(Item(None, text))
        else:
            break
        index += 1
    return items, index


def _kind(name: str) -> str:
    """ "n" for (1) and (2.1), "r" for roman numerals (ii), (iv), (i), "a" for letters."""
    value = name.strip("()")
    if value[:1].isdigit():
        return "n"
    if _ROMAN.match(value.lower()) and (len(value) > 1 or value.lower() == "i"):
        return "r"
    return "a"


def _sub_item(items: list[Item], name: str) -> bool:
    """(i), (ii) after (1) or after (a)...(h) are sub-items of it; (i) after (h) and (v)
    after (u) are the next letter; (ii) after (i) continues a roman series."""
    value = name[1:-1].lower()  # (II) as (ii): upper-case numerals are numerals too
    previous = items[-1].label
    if previous is None or not _ROMAN.match(value):
        return False
    top = previous[1:-1].lower()
    if _next_roman(top) == value:
        return False  # (vi) after (v): the list is numbered in roman numerals
    if top.isdigit():
        return True
    if len(top) == 1 and top != "i":
        return value != chr(ord(top) + 1)
    return False


_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii")


def _next_roman(value: str) -> str | None:
    value = value.lower()
    if value not in _ROMANS[:-1]:
        return None
    return _ROMANS[_ROMANS.index(value) + 1]


def follows(previous: str, label: str | None) -> bool:
    """Whether `label` comes next after `previous`: (2) after (1), (2.2) after (2.1), (c)
    after (b), (v) after (iv)."""
    if label is None:
        return False
    a, b = previous.strip("()"), label.strip("()")
    if a.isdigit() and b.isdigit():
        return int(b) == int(a) + 1
    if "." in a and "." in b:
        (a1, _, a2), (b1, _, b2) = a.partition("."), b.partition(".")
        return a2.isdigit() and b2.isdigit() and a1 == b1 and int(b2) == int(a2) + 1
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha():
        return ord(b) == ord(a) + 1
    return _next_roman(a) == b.lower()


def inline_items(item: Item, *, is_stem: Callable[[str], bool]) -> list[Item]:
    """A resolved item whose paragraph holds the next items too, labelled in sequence after
    a break ("(1) the report be noted; and (2) the director report back"), as those items;
    an unlabelled one may start with the label ("That (a) ...") or with a stem naming who
    resolved ("the Board: (a) notes ...; (b) agrees ..."). Labels out of sequence or not
    after a break ("as in paragraph (2)") are part of the text; so is a list an item holds
    ("the following be approved: (a) ...")."""
    label, text = item.label, item.text
    if label is None:
        text = re.sub(r"^that\b\s*[:,–—-]?\s*", "", text, flags=re.IGNORECASE)
        colon = text.find(":")
        if not LABEL.match(text) and colon > 0 and is_stem(text[: colon + 1]):
            text = text[colon + 1 :].lstrip(" -–—")
        first = LABEL.match(text)
        if first is None:
            return [item]
        label, text = label_normalised(first), text[first.end() :]
    found: list[Item] = []
    start = 0
    for gap in _INLINE_BREAK.finditer(text):
        next_label = LABEL.match(text[gap.end() :])
        if next_label is None or not follows(label, label_normalised(next_label)):
            continue
        found.append(Item(label, text[start : gap.end()].strip()))
        label, start = label_normalised(next_label), gap.end() + next_label.end()
    if not found:
        return [item]
    return [*found, Item(label, text[start:].strip())]
