"""How sure the extractor is of an action, so the officer reviewing the draft looks first
where it guessed (docs/minutes-extraction.md, "Confidence").

An action is "sure" when a clear pattern named both who and what ("the Director be asked
to report ...", "Officers to circulate ..."). Otherwise it is "check", with every reason
in plain words, most telling first: where it was found, then the owner, then the due.
"""

from __future__ import annotations

import re

from cypp.governance.minutes.actions_due import due_read
from cypp.governance.minutes.model import Action, ActionSource

NO_OWNER = "no owner named"
# "an officer should visit if a Member is unable to", "should the need arise": a task set
# only on a condition is often a standing arrangement rather than a step to take.
_CONDITIONAL = re.compile(
    r"\b(?:if|where|whenever|should\s+(?=the|it|they|there|any|a|an)|in\s+the\s+event\s+that)"
    r"\b[^.;]{0,60}?\b(?:unable|unavailable|need\s+arises?|needed|necessary|required)\b",
    re.IGNORECASE,
)
CONDITIONAL = "set only on a condition, so it may be a standing arrangement"
_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def action_checked(
    text: str,
    owner: str | None,
    source: ActionSource,
    *,
    guessed_from: str | None = None,
    reasons: tuple[str, ...] = (),
) -> Action:
    """An action with its due read from `text` and its confidence.

    `guessed_from` is the phrase the owner was read from when the text did not name them as
    the one asked ("by the Cabinet"); `reasons` say why the finding itself needs a look
    ("from discussion text, not a resolution", "found in a noted resolution")."""
    found = list(reasons)
    if _CONDITIONAL.search(text):
        found.append(CONDITIONAL)
    if owner is None:
        found.append(NO_OWNER)
    elif owner.lower() in _PRONOUNS:
        found.append(f"owner named only as '{owner}'")
    elif guessed_from is not None:
        found.append(f"owner guessed from '{guessed_from}'")
    due = due_read(text)
    if due is not None and due.doubt is not None:
        found.append(due.doubt)
    return Action(
        text=text,
        owner=owner,
        due=due.text if due is not None else None,
        source=source,
        confidence="check" if found else "sure",
        reason="; ".join(found) if found else None,
    )
