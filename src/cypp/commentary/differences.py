"""What changed in a resubmitted commentary (or piece of evidence), word by word, since the
reviewer last decided on it (returned it, or approved it and then returned it).

The comparison is over words (``str.split``): a reviewer asks which words changed, not
which spaces or line breaks, so white space is not a change and the pieces are shown
joined by single spaces. ``difflib.SequenceMatcher`` finds the longest matching runs
(Ratcliff and Obershelp's "gestalt pattern matching", as the standard library documents);
its automatic junk heuristic is off, because in prose the common words ("the", "and")
are exactly the ones it would otherwise ignore.

The text as it stood at the reviewer's last decision is the text the first save after
that decision replaced (``CommentaryRevision``, kept by ``cypp.commentary.services``);
with no save since, nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from cypp.commentary.models import CommentaryRevision, MeasureCommentary, QualitativeEvidence

Kind = Literal["same", "added", "removed"]

# The answers compared, with the words the forms use for them.
ANSWERS: dict[type, tuple[tuple[str, str], ...]] = {
    MeasureCommentary: (
        ("story_behind_curve", "The story behind the curve"),
        ("what_is_working", "What is working"),
        ("next_steps", "What we will do next"),
        ("partners", "Partners who help"),
    ),
    QualitativeEvidence: (
        ("title", "Title"),
        ("text", "Text"),
        ("attributed_to", "Attributed to"),
    ),
}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words that is unchanged, added or removed."""

    kind: Kind
    text: str


@dataclass(frozen=True, slots=True)
class AnswerDifference:
    """One answer compared: its label, the pieces in reading order, and the counts."""

    field: str
    label: str
    pieces: tuple[Piece, ...]
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    @property
    def summary(self) -> str:
        """In words, for everyone (and first for a screen reader): "3 words added, 1 removed"."""
        if not self.changed:
            return "No change"
        parts = []
        if self.added:
            parts.append(f"{self.added} word{'s' if self.added != 1 else ''} added")
        if self.removed:
            noun = "" if self.added else f" word{'s' if self.removed != 1 else ''}"
            parts.append(f"{self.removed}{noun} removed")
        return ", ".join(parts)


def words_compare(*, before: str, after: str) -> list[Piece]:
    """The word-level difference from ``before`` to ``after``: runs of unchanged, removed
    and added words, in reading order (a replaced run is its removed words, then the words
    that replace them)."""
    old, new = (before or "").split(), (after or "").split()
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new[j1:j2])))
    return pieces


def answer_compare(*, field: str, label: str, before: str, after: str) -> AnswerDifference:
    pieces = words_compare(before=before, after=after)
    return AnswerDifference(
        field=field,
        label=label,
        pieces=tuple(pieces),
        added=sum(len(p.text.split()) for p in pieces if p.kind == "added"),
        removed=sum(len(p.text.split()) for p in pieces if p.kind == "removed"),
    )


def text_at_last_decision(
    *, thing: MeasureCommentary | QualitativeEvidence
) -> dict[str, object] | None:
    """The text as it stood when the reviewer last returned it; ``None`` when no reviewer
    has decided on it yet (a first submission: nothing to compare with). One query."""
    if thing.decided_at is None:
        return None
    first_save_after = (
        CommentaryRevision.objects.filter(
            **{"commentary" if isinstance(thing, MeasureCommentary) else "evidence": thing},
            replaced_at__gte=thing.decided_at,
        )
        .order_by("replaced_at", "id")
        .values_list("text", flat=True)
        .first()
    )
    return first_save_after if first_save_after is not None else thing.text_values()


def answers_compare(
    *, thing: MeasureCommentary | QualitativeEvidence
) -> list[AnswerDifference] | None:
    """Each answer of ``thing`` compared with its text at the reviewer's last decision;
    ``None`` when there is nothing to compare with."""
    before = text_at_last_decision(thing=thing)
    if before is None:
        return None
    return [
        answer_compare(
            field=field,
            label=label,
            before=str(before.get(field) or ""),
            after=str(getattr(thing, field) or ""),
        )
        for field, label in ANSWERS[type(thing)]
    ]
