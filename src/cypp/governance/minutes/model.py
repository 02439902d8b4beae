"""What an agenda item's minutes decided: frozen dataclasses and the JSON contract.

The contract is documented in docs/minutes-extraction.md; `to_json_dict` gives exactly it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from cypp.errors import ApplicationError

ActionSource: TypeAlias = Literal["resolution", "actions list", "agreement"]
# "sure" when the row was read from a shape the rules know well; "check", with the reason,
# where the extractor guessed, so an officer looks there first.
Confidence: TypeAlias = Literal["sure", "check"]
JsonValue: TypeAlias = str | list[dict[str, str | None]] | None


class MinutesError(ApplicationError, ValueError):
    """A minutes page that cannot be read: the reason, and the file when one is known.

    `str(error)` is "FILE: reason" when the file is known, else the reason alone.
    """

    def __init__(self, reason: str, *, file: str | None = None) -> None:
        self.reason = reason
        super().__init__(f"{file}: {reason}" if file else reason, file=file)

    def for_file(self, file: str) -> MinutesError:
        """The same refusal, naming `file`."""
        return MinutesError(self.reason, file=file)


@dataclass(frozen=True, slots=True)
class Resolution:
    """One formally resolved item: its label as printed, normalised to "(a)", and its text."""

    label: str | None
    text: str
    confidence: Confidence = "sure"
    reason: str | None = None  # why to check it, in plain words; None when sure

    def to_json_dict(self) -> dict[str, str | None]:
        return {
            "label": self.label,
            "text": self.text,
            "confidence": self.confidence,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Action:
    """Something someone must now do, with who (as the page names them) and by when."""

    text: str
    owner: str | None
    due: str | None
    source: ActionSource
    confidence: Confidence = "sure"
    reason: str | None = None  # why to check it, in plain words; None when sure

    def to_json_dict(self) -> dict[str, str | None]:
        return {
            "text": self.text,
            "owner": self.owner,
            "due": self.due,
            "source": self.source,
            "confidence": self.confidence,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class MinutesExtract:
    """An agenda item's title, purpose, resolutions and actions, in the page's order."""

    title: str
    purpose: str | None
    resolutions: tuple[Resolution, ...]
    actions: tuple[Action, ...]

    @property
    def has_decisions(self) -> bool:
        """False when the page has a title but neither resolutions nor actions."""
        return bool(self.resolutions or self.actions)

    def to_json_dict(self) -> dict[str, JsonValue]:
        return {
            "title": self.title,
            "purpose": self.purpose,
            "resolutions": [r.to_json_dict() for r in self.resolutions],
            "actions": [a.to_json_dict() for a in self.actions],
        }
