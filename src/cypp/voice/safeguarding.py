"""Which answers say a child may be unsafe: pure Python, so the rule is read and tested alone.

A survey names, for each question, the option values that show help (``safeguarding_answers``:
"No" to "Do you feel safe at home?") and, for the whole survey, words and phrases that show
help when written in free text ("hurt myself", "hits me"). A match shows the child where to
get help at once; on a named survey it also raises an alert (``services_alerts.alert_raise``).

Words match whole words, whatever the case, the apostrophes or the spacing: "Hurt  MYSELF"
and "hurt myself." match "hurt myself"; "hurtle" does not match "hurt". A false alarm costs a
safeguarding lead a few minutes; a missed one can cost a child, so the rule errs wide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

ANSWER = "answer"
WORDS = "words"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return " ".join(re.findall(r"[\w']+", text))


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    phrases = sorted({_normalised(w) for w in words if _normalised(w)}, key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w'])")


def words_found(text: str, words: Sequence[str]) -> list[str]:
    """The configured words or phrases found in ``text``, as configured, in the order given."""
    pattern = _pattern(words)
    if pattern is None or not text:
        return []
    found = set(pattern.findall(_normalised(text)))
    return [w for w in words if _normalised(w) in found]


def flagged(
    *, kind: str, value: str, safeguarding_answers: Sequence[str], words: Sequence[str]
) -> str | None:
    """``ANSWER`` or ``WORDS`` if this answer says a child may be unsafe, else ``None``.

    ``kind`` is the question's kind; a ranking's ``value`` is its option values one a line,
    and only free text is searched for words (an option's own label is the partnership's
    words, not the child's)."""
    if kind == "free_text":
        return WORDS if words_found(value, words) else None
    if kind == "ranking":
        # Putting options in order says nothing alarming about any one of them.
        return None
    return ANSWER if value in safeguarding_answers else None
