"""Which themes a free-text answer suggests, from each theme's keywords.

A keyword suggests its theme when it appears in the answer as whole words, in any case:
"bus" suggests "Getting about" in "The BUS is late" but not in "business" or "buses" (an
analyst who wants both gives both). A keyword of several words ("not safe") matches them in
that order with any spaces between. The analyst decides: a suggestion is only a suggestion
until they accept it.

Plain Python, no Django and no model: nothing a child wrote leaves the machine, and nothing
is downloaded to read it (the issue allows a small local model; keyword rules are enough to
start from, and explainable: the page says which words suggested the theme).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class ThemeWords:
    """A theme as the suggester sees it: its id, name and keywords."""

    theme_id: int
    name: str
    keywords: Sequence[str]


@dataclass(frozen=True, slots=True)
class Suggestion:
    theme_id: int
    name: str
    words: tuple[str, ...]  # the keywords found, as the theme gives them


def keywords_clean(keywords: Iterable[str]) -> list[str]:
    """The keywords as kept: trimmed, inner spaces made single, empty ones and repeats (in any
    case) dropped, in the order given."""
    kept: list[str] = []
    seen: set[str] = set()
    for keyword in keywords:
        words = " ".join(str(keyword).split())
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            kept.append(words)
    return kept


@lru_cache(maxsize=1024)
def _pattern(keyword: str) -> re.Pattern[str]:
    # (?<!\w) and (?!\w) rather than \b: a keyword may start or end with a character that is
    # not a word character ("c++", "a&e"), where \b would never match.
    words = r"\s+".join(re.escape(w) for w in keyword.split())
    return re.compile(rf"(?<![\w'\u2019]){words}(?![\w'\u2019])", re.IGNORECASE)


def keyword_found(keyword: str, text: str) -> bool:
    """Whether ``keyword`` appears in ``text`` as whole words, in any case."""
    cleaned = " ".join(keyword.split())
    return bool(cleaned) and _pattern(cleaned).search(text) is not None


def themes_suggested(text: str, themes: Iterable[ThemeWords]) -> list[Suggestion]:
    """The themes whose keywords appear in ``text``, in the order the themes were given, each
    with the keywords found."""
    found = []
    for theme in themes:
        words = tuple(k for k in keywords_clean(theme.keywords) if keyword_found(k, text))
        if words:
            found.append(Suggestion(theme_id=theme.theme_id, name=theme.name, words=words))
    return found
