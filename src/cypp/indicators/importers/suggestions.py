"""The "did you mean" that goes with a misspelt column, key or choice.

A misspelt column (``polarty``) or choice (``hgih``) is never dropped or guessed: it is a
problem that names what is accepted and, where one is close, the likely intended word.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(given: object, allowed: Iterable[str]) -> str:
    """ "did you mean 'polarity'? " for a close match, else "" (difflib's ratio >= 0.6)."""
    text = str(given).strip()
    choices = list(allowed)
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean '{lowered[close[0]]}'? " if close else ""


def choice_reason(given: object, allowed: Iterable[str], *, what: str = "must be") -> str:
    """ "must be one of high, low, none; did you mean 'high'?" """
    choices = list(allowed)
    hint = did_you_mean(given, choices).strip()
    return f"{what} one of {', '.join(choices)}" + (f"; {hint}" if hint else "")
