"""The sections of a committee system's page: which parts record decisions and which do not.

Agenda-item pages have `Minutes:`; issue pages have `Decision:` and `Minutes:` (often the
same resolutions twice); decision pages have `Purpose:`, `Decision:`, `Reasons for the
decision:`, `Alternative options considered:` and lines of record such as "Decision
status: ...". Only `Minutes:`, `Decision:` and text under no heading at all are read for
decisions: purposes, reasons and options explain a decision but decide nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

# "minutes": under `Minutes:`; "decision": under `Decision:`, where every paragraph is a
# decision; "page": under no heading (text pasted alone, or a page whose headings were lost).
# "purpose": the item's purpose, kept for the extract's `purpose` and not read for decisions.
SectionKind: TypeAlias = Literal["minutes", "decision", "page", "purpose"]

_READ = re.compile(
    r"^(?P<name>minutes?|decisions?|decision\(s\))\s*(?:[:–—-]+\s*(?P<rest>.*))?$", re.I
)
# Headings of parts that explain or record a decision but decide nothing; their text runs
# to the next `Minutes:` or `Decision:`.
_EXPLAINS = re.compile(
    r"^(?:purpose(?:\s+of\s+(?:the\s+)?(?:item|report|decision))?"
    r"|(?:reasons?|reason\(s\))(?:\s+for\s+(?:the\s+)?(?:decisions?|recommendations?))?"
    r"|(?:details\s+of\s+)?(?:any\s+)?alternative\s+options?(?:\s+(?:considered|rejected))?"
    r"(?:\s+and\s+rejected)?"
    r"|(?:other\s+)?options\s+considered(?:\s+and\s+rejected)?"
    r"|interests?\s+and\s+nominations|(?:declarations?|record)\s+of\s+interests?"
    r"|(?:details\s+of\s+)?(?:any\s+)?conflicts?\s+of\s+interests?(?:\s+declared)?"
    r"|(?:details\s+of\s+)?dispensations?(?:\s+granted)?|consultees|background\s+papers"
    r"|recommendations?|(?:financial|legal|equality|risk)\s+implications|content|summary"
    r"|background(?:\s+information)?|(?:report\s+)?summary|introduction|the\s+issues?)"
    r"\s*(?:[:?–—-]+\s*(?P<rest>.*))?$"
    # The long forms, ending with a colon: "Details of any alternative options considered
    # and rejected by the decision maker when making the decision:".
    r"|^(?:(?:details\s+of\s+)?(?:any\s+)?(?:alternative|other)\s+options?|reasons?\b|reason\(s\)"
    r"|purpose\b|(?:details\s+of\s+)?(?:any\s+)?conflicts?\s+of\s+interest"
    r"|(?:details\s+of\s+)?dispensations?|declarations?\s+of\s+interest)[^:]{0,140}:\s*$",
    re.I,
)
# Headings that, inside the minutes, divide the minutes' own narrative (which may go on to
# agree actions) rather than start a part of the page that explains.
_SUBHEADING = re.compile(
    r"^(?:content|summary|background(?:\s+information)?|introduction|the\s+issues?)\b", re.I
)
_MEETING = re.compile(r"^meeting\s*:\s*\S", re.I)
# Lines of record: a label and its value on one line ("Decision status: For Determination").
_RECORD = re.compile(
    r"^(?:decision\s+maker|decision\s+status|decision\s+type|is\s+key\s+decision"
    r"|is\s+subject\s+to\s+call[\s-]?in|publication\s+date|date\s+of\s+(?:the\s+)?decision"
    r"|decided\s+at\s+meeting|effective\s+from|call[\s-]?in\s+(?:deadline|expiry\s+date|date)"
    r"|report\s+author|contact\s+officer|lead\s+officer|lead\s+member|portfolio\s+holder"
    r"|wards?\s+affected|reason\s+key|key\s+decision|meeting|item|status|date|venue|contact"
    r"|subject\s+to\s+call[\s-]?in|exempt|reference|outcome|decision\s+outcome|directorate"
    r"|division|department|decision\s+taken\s+by|decided\s+by|decision\s+date"
    r"|forward\s+plan\s+reference|(?:earliest\s+)?date\s+(?:of\s+)?(?:implementation|"
    r"publication)|decision\s+due(?:\s+date)?|reason\s+for\s+urgency|exempt\s+information"
    r"|(?:explanation\s+of\s+)?anticipated\s+restriction|restrictions?|portfolio"
    r"|notice\s+of\s+(?:proposed\s+)?decision(?:\s+first\s+published)?|agenda\s+item\s+no)"
    r"\s*\??\s*[:–—-]",
    re.I,
)
# A resolution's heading ends a part that explains: the decision comes after its reasons.
_RESOLVED = re.compile(
    r"^(?:(?-i:RESOLVED|AGREED|DECIDED)\b|(?:resolved|decided|resolution)\s*(?:[:–—-]|that\b|$))",
    re.I,
)
# Where the item ends: its papers, then other items or the site's footer.
_END = re.compile(
    r"^(?:supporting|accompanying)\s+documents?\s*:?|^(?:related\s+)?attachments?\s*:?\s*$"
    r"|^background\s+documents?\s*:?\s*$",
    re.I,
)
# A link to the item's papers as the page prints it: "Report pdf icon PDF 157 KB".
_DOCUMENT_LINK = re.compile(r"\bpdf\s+icon\b|\b(?:PDF|DOCX?|MB|KB)\s+\d+(?:\.\d+)?\s*[KM]B\b", re.I)


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    lines: tuple[str, ...]  # printed lines, "" for a blank line


def is_read_heading(line: str) -> bool:
    """`Minutes:`, `Decision:` (alone or with text after the colon)."""
    match = _READ.match(line)
    return match is not None and (match["rest"] is None or ":" in line)


def is_further_meeting(line: str) -> bool:
    """ "Meeting: 02/04/2027 - Cabinet (Item 9)": the line that heads one meeting's record of
    an issue; an issue page lists every meeting that considered the issue."""
    return _MEETING.match(line) is not None


def is_end(line: str) -> bool:
    return _END.match(line) is not None


def is_record(line: str) -> bool:
    """A line of record, or a link to a paper: not decision text."""
    return _RECORD.match(line) is not None or _DOCUMENT_LINK.search(line) is not None


def sections(lines: list[str]) -> tuple[list[str], list[Section]]:
    """(the lines before the first heading, the sections after it), up to the item's end.

    The lines before any heading are returned apart: on a page with headings they are the
    purpose; on a page without, they are the minutes themselves (the caller decides)."""
    preamble: list[str] = []
    found: list[Section] = []
    kind: SectionKind | Literal["skip"] | None = None  # "skip": reasons, options
    current: list[str] = []

    def close() -> None:
        # An empty `Minutes:` is kept: it still says where the purpose ends.
        if kind in ("minutes", "decision") or (kind in ("page", "purpose") and any(current)):
            found.append(Section(kind, tuple(current)))

    for line in lines:
        if is_end(line):
            break
        read = _READ.match(line) if is_read_heading(line) else None
        if read is not None:
            if kind is None:
                preamble = current
            else:
                close()
            kind = "minutes" if read["name"].lower().startswith("minute") else "decision"
            current = [read["rest"]] if read["rest"] else []
            continue
        if kind in ("skip", "purpose") and _RESOLVED.match(line):
            kind, current = "minutes", [line]  # the decision after the reasons for it
            continue
        explaining = _EXPLAINS.match(line)
        if explaining is not None and kind == "minutes" and _SUBHEADING.match(line):
            explaining = None  # "Background" inside the minutes heads their own narrative
        if explaining is not None:
            if kind is None:
                preamble = current
            else:
                close()
            kind = "purpose" if line[:7].lower() == "purpose" else "skip"
            current = [explaining["rest"]] if explaining["rest"] else []
            continue
        if is_further_meeting(line) and (
            kind in ("minutes", "decision") or any(f.kind in ("minutes", "decision") for f in found)
        ):
            # An issue page's next meeting ("Meeting: 02/04/2027 - Cabinet (Item 9)"): its
            # line is kept to start a part of its own, so each meeting's Decision block and
            # minutes are paired with each other only.
            close()
            kind, current = "page", [line]
            continue
        if is_record(line):
            # One line of record; the text after it belongs to no heading, unless a
            # `Decision:` or `Minutes:` section is running (it then goes on).
            if kind is None or kind in ("skip", "purpose"):
                if kind is None:
                    preamble = current
                kind, current = "page", []
            continue
        current.append(line)
    if kind is None:
        preamble = current
    else:
        close()
    return preamble, found
