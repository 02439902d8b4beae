"""What a published unit says about an indicator: its value type and multiplier.

Publishers' units are read as they come (LAIT's "Rate per 1000 live births", EES's "%"), but
a unit CYPP's own tidy CSV gives must be one of the forms below, so that a value's
meaning is never guessed: "Persons" says who is counted, not what the number is.
"""

from __future__ import annotations

import difflib
import re

_PER = re.compile(r"per\s+([\d,]+)", re.IGNORECASE)

# The units a tidy CSV may give, by their first word(s), with what each means. Anything may
# follow ("% of plans issued", "Number of visits", "Rate per 10,000 children aged 0-17").
UNIT_FORMS: dict[str, str] = {
    "%": "a percentage",
    "percentage": "a percentage",
    "rate per N": "a rate per N (1,000, 10,000, 100,000...)",
    "number": "a count",
    "count": "a count",
    "average": "a mean",
    "mean": "a mean",
    "median": "a middle value",
    "score": "a mean score",
    "days": "a length of time",
    "weeks": "a length of time",
    "months": "a length of time",
    "years": "a length of time",
    "hours": "a length of time",
    "£": "money",
    "pounds": "money",
    "ratio": "a ratio",
    "index": "an index",
    "rank": "a rank",
}
_FIRST_WORDS = [w for w in UNIT_FORMS if w != "rate per N"] + ["rate"]
# Words that say who is counted: the commonest wrong "unit" in local files.
_POPULATIONS = {"persons", "people", "children", "pupils", "males", "females", "young people"}


def value_type_from_unit(unit: str) -> tuple[str, int]:
    """('rate', 10000) for "Rate per 10,000", ('proportion', 100) for "% of ...", and so on."""
    text = unit.strip().lower()
    if m := _PER.search(text):
        return "rate", int(m.group(1).replace(",", ""))
    if text.startswith("%") or "percentage" in text or text.endswith("%"):
        return "proportion", 100
    if text.startswith("number") or text.startswith("count"):
        return "count", 1
    if "average" in text or "mean" in text or "score" in text:
        return "mean", 1
    return "other", 1


def _first_word(text: str) -> str:
    if text.startswith(("%", "£")):
        return text[0]
    return re.split(r"[\s(,]+", text, maxsplit=1)[0]


def unit_problem(unit: str) -> str | None:
    """Why a tidy CSV's unit is not accepted (with a "did you mean"), or None if it is."""
    text = " ".join(unit.split()).lower()
    if not text:
        return None
    first = _first_word(text)
    if first == "rate":
        return None if _PER.search(text) else "a rate says per how many: 'Rate per 10,000'"
    if first in UNIT_FORMS or text.endswith("%") or _PER.search(text):
        return None
    forms = ", ".join(f"'{w}'" for w in UNIT_FORMS)
    if text in _POPULATIONS or first in _POPULATIONS:
        return (
            f"'{unit.strip()}' says who is counted, not what the number is: put it in the "
            f"title or definition, and give a unit starting with one of {forms}"
        )
    close = difflib.get_close_matches(first, _FIRST_WORDS, n=1, cutoff=0.75)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown unit; {hint}a unit starts with one of {forms}"
