"""The layout of an agenda item's page: normalised lines, the title, the purpose, the
minutes' body (between `Minutes:` and `Supporting documents:`) and its logical lines.

A logical line is a paragraph, a bullet or a labelled item with its wrapped lines joined.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cypp.governance.minutes.layout_sections import (
    Section,
    SectionKind,
    is_end,
    is_read_heading,
    is_record,
    sections,
)
from cypp.governance.minutes.model import MinutesError

# Spaces that are not U+0020: no-break, narrow no-break, figure, the typographic spaces.
_SPACES = re.compile(r"[\t\v\f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Characters with no width that word processors leave behind; soft hyphens.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Bullets as printed: middle dot (the usual), bullet, Word's Symbol-font private-use bullets,
# squares, circles, dashes, asterisks; and Word's "o" second-level bullet before a tab.
BULLET = re.compile(r"^(?:[·•‣◦▪■●○◆◇\uf0a7\uf0b7\uf0d8\uf076\uf0fc*]|[-–—](?=\s))\s*")
# A label at the start of an item: (a) a) (iv) iv) (1) 1) 1. a. iv. and numbers of
# numbered paragraphs, 2.1 or 17.4 (whether those are labels is the reader's to say).
LABEL = re.compile(
    r"^(?:\((?P<p>[a-zA-Z]{1,2}|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,3})\)"
    r"|(?P<b>[a-zA-Z]|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,3})\)"
    r"|(?P<n>\d{1,3}\.\d{1,3})\.?(?=\s|$)"
    r"|(?P<d>[a-zA-Z]|[ivxlc]{2,6}|[IVXLC]{2,6}|\d{1,3})\.(?=\s|$))\s*"
)
_AGENDA_ITEM = re.compile(
    r"^agenda\s+item(?:\s+(?:no\.?\s*)?\d+[a-z]?)?\s*(?:[-–—:|.]\s*(?P<rest>.+))?$",
    re.IGNORECASE,
)
_MINUTES = re.compile(r"^(?:minutes|decisions?)\s*:?$", re.IGNORECASE)
_SUPPORTING = re.compile(r"^supporting\s+documents?\s*:?", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"^(?:item\s+)?\d{1,3}[a-z]?\s*[.):–—-]\s+", re.IGNORECASE)
_PURPOSE = re.compile(r"^purpose(?:\s+of\s+(?:the\s+)?(?:item|report))?\s*[:–—-]\s*", re.I)
# Lines that always start a logical line of their own.
HEADING = re.compile(
    r"^(?:resolved\b|that\s*[:,–—-]?\s*$|it\s+was\s+(?:\w+\s+)?(?:resolved|agreed)\b"
    r"|(?:the\s+)?(?:following\s+)?actions?\b.*:$|supporting\s+documents?\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageLayout:
    title: str
    purpose: str | None
    body: tuple[str, ...]  # logical lines of every part read for decisions, in order
    # The parts read for decisions: (kind, logical lines); see layout_sections.
    sections: tuple[tuple[SectionKind, tuple[str, ...]], ...] = ()


# Site furniture above the title that a saved page may keep ("Issue - meetings").
_FURNITURE = re.compile(
    r"^(?:issue\s*-\s*meetings|issue\s+(?:details|history)|decision\s+details"
    r"|decisions?\s*-\s*details|agenda\s+item\s+details|skip\s+(?:to|navigation)\b.*"
    r"|how\s+can\s+we\s+help\b.*|report\s+an\s+issue\b.*|home|menu)$",
    re.IGNORECASE,
)
# What the officer sees when the page names no item: they give the title on review.
UNTITLED = "Untitled minutes"


def normalise_lines(text: str) -> list[str]:
    """Unicode NFC, every kind of space as a space, whitespace collapsed, one string per
    printed line ("" for a blank line). A bullet keeps its place at the start of its line."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x0b", "\n").replace("\x0c", "\n")
    lines = []
    for raw in text.split("\n"):
        line = _CONTROL.sub("", _INVISIBLE.sub("", raw))
        # Word's "o" bullet is only a bullet when a run of spaces or a tab follows it.
        line = re.sub(r"^(\s*)o(?:\t|[\xa0 ]{2,}|\xa0)", r"\1◦ ", line)
        lines.append(" ".join(_SPACES.sub(" ", line).split()))
    return lines


def page_layout(lines: list[str]) -> PageLayout:
    """The title, purpose and the parts to read, of an agenda-item, issue or decision page,
    or of minutes pasted alone. Only a page with nothing readable is refused."""
    if not any(lines):
        raise MinutesError("nothing readable was found in the page")
    found = _agenda_item_title(lines)
    if found is None:
        start, title = _first_line_title(lines)
    else:
        start, title = found
    return _layout(lines[start:], title)


def section_layout(lines: list[str], *, title: str) -> PageLayout:
    """The layout of a minutes section whose title is known already (from a committee
    system's web service, or a form): no page heading is looked for. `Minutes:` and
    `Decision:` headings, when there are any, are read as on a page."""
    if not any(lines):
        raise MinutesError("nothing readable was found in the minutes")
    return _layout(lines, _clean_title(title.strip()) or UNTITLED)


def _layout(lines: list[str], title: str) -> PageLayout:
    preamble, parts = sections(lines)
    read = [p for p in parts if p.kind != "purpose"]
    purpose_part = next((p for p in parts if p.kind == "purpose"), None)
    if purpose_part is not None:
        purpose = _purpose(list(purpose_part.lines))
    elif read:  # the paragraph between the title and `Minutes:` or `Decision:`
        purpose = _purpose([line for line in preamble if not is_record(line)])
    else:
        purpose = None
    if not read:  # no headings: the text is the minutes
        read = [Section("page", tuple(preamble))]
    kept = tuple((p.kind, tuple(logical_lines(list(p.lines)))) for p in read)
    body = tuple(line for _, part in kept for line in part)
    return PageLayout(title=title, purpose=purpose, body=body, sections=kept)


def _agenda_item_title(lines: list[str]) -> tuple[int, str] | None:
    """(index after the title, title) of the `Agenda item` heading that heads the minutes,
    or None when the page has none.

    Breadcrumbs and menus may also say "Agenda item"; the heading wanted is the last one,
    with a title after it, before the first `Minutes:` that follows one."""
    candidates: list[tuple[int, int, str]] = []  # (heading index, next index, title)
    for index, line in enumerate(lines):
        match = _AGENDA_ITEM.match(line)
        if not match:
            continue
        if match["rest"]:
            candidates.append((index, index + 1, _clean_title(match["rest"])))
            continue
        following = next((i for i in range(index + 1, len(lines)) if lines[i]), None)
        if following is None:
            continue
        title = lines[following]
        if _AGENDA_ITEM.match(title) or _SUPPORTING.match(title) or title.endswith(":"):
            continue
        candidates.append((index, following + 1, _clean_title(title)))
    candidates = [c for c in candidates if c[2]]
    if not candidates:
        return None
    first_marker = next(
        (i for i in range(candidates[0][1], len(lines)) if _MINUTES.match(lines[i])), None
    )
    if first_marker is None:
        _, after, title = candidates[0]
        return after, title
    _, after, title = [c for c in candidates if c[1] <= first_marker][-1]
    return after, title


def _first_line_title(lines: list[str]) -> tuple[int, str]:
    """(index after the title, title) for a page without an `Agenda item` heading: issue
    and decision pages, and minutes pasted alone. The title is the first line, past any
    site furniture, when it reads as a title; otherwise the page has none and nothing is
    taken from it."""
    index = 0
    while index < len(lines) and (not lines[index] or _FURNITURE.match(lines[index])):
        index += 1
    if index == len(lines):
        return 0, UNTITLED
    line = lines[index]
    if _reads_as_title(line) or _item_named_minutes(lines, index):
        return index + 1, _clean_title(line) or line
    return index, UNTITLED


def _item_named_minutes(lines: list[str], index: int) -> bool:
    """An item called "Minutes" (the previous meeting's, an item of almost every agenda):
    the word alone, without a colon, with the `Minutes:` heading further down."""
    return (
        _MINUTES.match(lines[index]) is not None
        and not lines[index].endswith(":")
        and any(is_read_heading(line) and ":" in line for line in lines[index + 1 :])
    )


def _reads_as_title(line: str) -> bool:
    """A heading rather than minutes: short, not a sentence, not a heading of the minutes.
    An item number before it ("7. School readiness") is allowed; a list label is not."""
    numbered = _ITEM_NUMBER.match(line)
    if numbered is not None:
        line = line[numbered.end() :]
        if not line[:1].isupper():
            return False  # "1. notes the report": a resolution, not a title
    words = line.split()
    return not (
        not words
        or len(line) > 200
        or (len(words) > 12 and line.endswith("."))
        or line.endswith((":", ";", ","))
        or BULLET.match(line)
        or (numbered is None and LABEL.match(line))
        or HEADING.match(line)
        or re.match(r"(?i)(?:resolved|agreed|that)\b", line)
        or is_read_heading(line)
        or is_record(line)
        or is_end(line)
    )


def _clean_title(title: str) -> str:
    return _ITEM_NUMBER.sub("", title).strip()


def _purpose(lines: list[str]) -> str | None:
    """The first paragraph between the title and `Minutes:`, without a "Purpose:" label."""
    paragraph: list[str] = []
    for line in lines:
        if line:
            paragraph.append(line)
        elif paragraph:
            break
    text = _PURPOSE.sub("", " ".join(paragraph)).strip()
    return text or None


def logical_lines(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs, bullets and labelled items.

    A printed line continues the one before unless: a blank line came between; it starts
    with a bullet, a label or a heading; the line before ended with a colon or was a
    heading; or the line before ended a sentence (. ; ! ?) and this one starts with a
    capital, digit or quote. A bullet or label alone on its line takes the next line's
    text even across blank lines."""
    result: list[str] = []
    current: list[str] = []  # the printed lines of the logical line being built
    for line in lines:
        if not line:
            if current and not (len(current) == 1 and _bare_marker(current[0])):
                result.append(" ".join(current))
                current = []
            continue
        if current and _continues(current, line):
            current.append(line)
        else:
            if current:
                result.append(" ".join(current))
            current = [line]
    if current:
        result.append(" ".join(current))
    return result


def _bare_marker(line: str) -> bool:
    """A bullet or a label with no text yet."""
    return not BULLET.sub("", line) or (LABEL.match(line) is not None and not LABEL.sub("", line))


def _continues(current: list[str], line: str) -> bool:
    last = current[-1]
    if len(current) == 1 and _bare_marker(last):
        return True
    if BULLET.match(line) or LABEL.match(line) or HEADING.match(line):
        return False
    if last.endswith(":") or (len(current) == 1 and re.fullmatch(r"(?i)resolved\W*", last)):
        return False
    ends_sentence = re.search(r"[.;!?][\"'”’)]?$", last[-3:]) is not None
    return not (ends_sentence and re.match(r"[A-Z0-9\"'“‘(]", line))
