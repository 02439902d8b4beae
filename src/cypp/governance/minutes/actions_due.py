"""When an action is due, as the minutes write it (docs/minutes-extraction.md).

A due is a date ("30 March 2017", "Quarter 1 of 2022/23"), a meeting ("the next meeting",
"the July corporate parenting committee", "the next work programme report") or a period
("within three months", "in the next 6 months", "from the next municipal year"). It is
kept as written, never turned into a calendar date: "the next meeting" is only a date once
someone knows when that meeting is, and the officer reviewing the draft does.

Every repetition below is bounded or anchored on a fixed word, so the patterns stay linear
on the 2 MB pages the fuzz test feeds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Only the first few sentences of an item are read: a due sits next to its task.
LONGEST = 3000

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d{2}(?:[/-]\d{2}(?!\d))?"
_DAYNAME = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NUMBER = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"eighteen|twenty-four|a\s+few|few|a|an|several)"
)
_UNIT = r"(?:days?|weeks?|months?|years?|quarters?|terms?)"
_PERIOD = (
    r"(?i:(?:the\s+)?(?:(?:current|next|this|following|coming|new)\s+)?(?:financial\s+year|"
    r"municipal\s+year|calendar\s+year|academic\s+year|school\s+year|year|month|quarter|term|"
    r"summer|autumn|spring|winter)(?:\s+term)?)"
)
# "Quarter 1 of 2022/23", "Q1 2023", "the first quarter of 2023/24", "the third quarter".
_QUARTER = (
    rf"(?:(?i:quarter)\s+[1-4]|Q[1-4]|(?i:the\s+(?:first|second|third|fourth|final|last)"
    rf"\s+quarter))(?:,?\s+(?i:of\s+)?(?:{_YEAR}|(?i:the\s+(?:current|next)\s+"
    r"(?:financial\s+|municipal\s+)?year)))?"
)
_DATE = (
    rf"(?:{_DAYNAME}{_DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_DAYNAME}{MONTH}\s+{_DAY},?\s+{_YEAR}"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|{_QUARTER}"
    rf"|(?i:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+)(?:{MONTH}(?:\s+{_YEAR})?"
    rf"|{_PERIOD}(?:\s+{_YEAR})?)"
    rf"|(?i:(?:the\s+)?(?:spring|summer|autumn|winter)(?:\s+term)?)\s+{_YEAR}"
    r"|(?i:the\s+(?:spring|summer|autumn|winter)(?:\s+term|\s+holidays?|\s+recess)?)"
    r"|(?i:the\s+(?:next|coming|following)\s+(?:financial\s+year|municipal\s+year|"
    r"academic\s+year|school\s+year|year|quarter|term|month)|the\s+new\s+(?:year|term))"
    rf"|{MONTH}(?:\s+{_YEAR})?"
    rf"|{_YEAR})"
)
_DUE_DATE = re.compile(
    r"\b(?i:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|in|during|on|"
    r"over)"
    rf"\s+(?P<due>{_DATE})(?![\w/-])"
)
# "prepared for the meeting scheduled for 23 November 2026", "a report for 5 May 2026":
# "for" a whole date (day, month and year) is when; "funding for 2026/27" is not.
_DUE_FOR = re.compile(
    rf"\b(?i:for)\s+(?P<due>{_DAYNAME}{_DAY}\s+(?:of\s+)?{MONTH},?\s+{_YEAR})(?![\w/-])"
)
# "from the next municipal year", "from April 2024": when a new, recurring task starts.
_DUE_FROM = re.compile(
    r"\b(?P<due>(?i:from|starting|with\s+effect\s+from)\s+(?:(?i:the\s+(?:next|coming|"
    r"following|new|start\s+of\s+the(?:\s+next)?)\s+(?:financial\s+|municipal\s+|academic\s+|"
    rf"school\s+|calendar\s+)?year)|{MONTH}\s+{_YEAR}))(?![\w/-])"
)
_BODY = (
    r"(?:meeting|committee|sub-committee|board|cabinet|panel|partnership|forum|council|"
    r"session|scrutiny\s+panel)"
)
# A word of a meeting's name ("children's partnership", "Health and Wellbeing"), never a
# preposition or an article:
# "the next meeting to consider the board's report" is due at "the next meeting".
_NAME_WORD = r"(?:(?!(?i:of|to|on|in|at|for|with|the|a|an|by|from)\s)[A-Za-z'’&-]+)"
# "the next meeting", "a future meeting of the board", "the June meeting", "the February
# 2024 meeting", "the July corporate parenting committee", "its next meeting".
_DUE_MEETING = re.compile(
    r"\b(?P<due>(?i:a|the|its|their|our)\s+"
    rf"(?:(?i:future|next|following|subsequent|forthcoming|later)|{MONTH}(?:\s+{_YEAR})?)\s+"
    rf"(?:{_NAME_WORD}\s+){{0,4}}(?i:{_BODY})(?:\s+meeting)?"
    r"(?:\s+(?i:of|in)\s+(?:the|this|that)\s+(?:[A-Za-z'’&-]+\s+){0,4}?"
    r"(?i:board|committee|partnership|cabinet|forum|group|panel|council|municipal\s+year))?)"
    r"(?![\w-])"
)
# "the next work programme report", "the next annual update": the next paper of a series.
_DUE_NEXT_PAPER = re.compile(
    r"\b(?P<due>(?i:the|its)\s+(?i:next|following)\s+(?:[A-Za-z'’-]+\s+){0,3}?"
    r"(?i:report|update|review|refresh))(?![\w-])"
)
_DUE_WITHIN = re.compile(
    r"\b(?P<due>(?i:within|in|over)\s+(?i:the\s+(?:next|coming|following)\s+)?"
    rf"(?i:{_NUMBER})\s+(?i:{_UNIT})(?:'?s?\s*time)?"
    rf"|(?i:in|over|during|within)\s+(?i:the\s+(?:next|coming|following)\s+){_UNIT})(?![\w-])"
)
_PATTERNS = (_DUE_DATE, _DUE_FOR, _DUE_FROM, _DUE_MEETING, _DUE_NEXT_PAPER, _DUE_WITHIN)
_BARE_MONTH = re.compile(rf"{MONTH}")
_BARE_YEAR = re.compile(_YEAR)


@dataclass(frozen=True, slots=True)
class Due:
    """When, as written, and whether an officer should look at it."""

    text: str
    # Why to check it, in plain words ("due read as ..."); None when it is plainly a due.
    doubt: str | None = None


def due_in(text: str) -> str | None:
    """When it is due, as written: a date ("31 March 2017", "the end of June"), a meeting
    ("the next meeting", "a future meeting") or a period ("within six weeks")."""
    due = due_read(text)
    return due.text if due is not None else None


def due_read(text: str) -> Due | None:
    """The first due in `text` and, when more than one is written or it is only a month or
    a year, why an officer should check it."""
    found = dues_in(text)
    if not found:
        return None
    first = found[0]
    if len(found) > 1:
        return Due(first, f"due read as '{first}', the first of {len(found)} dates given")
    if _BARE_MONTH.fullmatch(first):
        return Due(first, f"due read as '{first}', with no year")
    if _BARE_YEAR.fullmatch(first):
        return Due(first, f"due read as '{first}', a year only")
    return Due(first)


def dues_in(text: str) -> list[str]:
    """Every due written in `text`, in order, each once; overlapping readings keep the
    longest ("in the next 6 months", not "the next")."""
    matches = sorted(
        (
            (match.start("due"), -match.end("due"), match["due"])
            for pattern in _PATTERNS
            for match in pattern.finditer(text[:LONGEST])
        ),
    )
    dues: list[str] = []
    reached = -1
    for start, negative_end, due in matches:
        if start < reached:
            continue  # inside a longer reading already taken
        reached = -negative_end
        due = due.rstrip(".")
        if due not in dues:
            dues.append(due)
    return dues


def is_due_phrase(text: str) -> bool:
    """Whether `text` (after "by") is a date or a meeting, not a person: "by 31 March"."""
    return bool(_DUE_DATE.match(f"by {text}") or _DUE_MEETING.match(text))
