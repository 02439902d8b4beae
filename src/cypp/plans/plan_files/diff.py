"""What changed between two versions of a plan file, in lines a person can read.

Elements of a list are matched by their ``key`` (members by organisation, local values by
period, the rest by position), so a changed target reads as one changed value, not as a
removed measure and an added one:

    changed  priorities[early-years].outcomes[school-ready].measures[gld].target.value: 80 -> 85
    added    commitments[sixteen-plus]
    removed  principles[listen]
    moved    priorities: early-help, early-years -> early-years, early-help

Paths inside the plan are written from the plan (``priorities[...]``); the partnership's
start with ``partnership.``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cypp.plans.plan_files.spec import PARTNERSHIP, PLAN, Key

KINDS = ("added", "removed", "changed", "moved")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``before``/``after`` hold a value's two sides; for a whole element
    or mapping added or removed they are None (the path says which)."""

    kind: str
    path: str
    before: Any = None
    after: Any = None

    def __str__(self) -> str:
        head = f"{self.kind:<8} {self.path}"
        if self.kind == "changed":
            return f"{head}: {shown(self.before)} -> {shown(self.after)}"
        if self.kind == "moved":
            return f"{head}: {', '.join(self.before)} -> {', '.join(self.after)}"
        value = self.after if self.kind == "added" else self.before
        return head if value is None else f"{head}: {shown(value)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "path": self.path,
            "before": plain(self.before),
            "after": plain(self.after),
        }


def plain(value: Any) -> Any:
    """A JSON-safe form of a document value."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def shown(value: Any, width: int = 80) -> str:
    """A value as a diff line shows it: on one line, long text shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "(none)"
    if isinstance(value, str):
        if value == "":
            return '""'
        text = " ".join(value.split())
        return text if len(text) <= width else text[: width - 3] + "..."
    return str(value)


def document_diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of the new document."""
    old = old or {}
    changes: list[Change] = []
    _diff_map(
        PARTNERSHIP,
        old.get("partnership") or {},
        new.get("partnership") or {},
        "partnership",
        changes,
    )
    _diff_map(PLAN, old.get("plan") or {}, new.get("plan") or {}, "", changes)
    return changes


def changes_summary(changes: list[Change]) -> str:
    """'2 added, 1 removed, 3 changed', or 'no changes'."""
    counts = Counter(c.kind for c in changes)
    return ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k]) or "no changes"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _diff_map(
    key: Key, old: dict[str, Any], new: dict[str, Any], path: str, out: list[Change]
) -> None:
    for sub in key.fields:
        before, after = old.get(sub.name), new.get(sub.name)
        if before == after:
            continue
        at = _join(path, sub.name)
        if sub.type == "list":
            _diff_list(sub, before or [], after or [], at, out)
        elif before is None:
            out.append(Change("added", at, None, None if sub.type == "map" else after))
        elif after is None:
            out.append(Change("removed", at, None if sub.type == "map" else before, None))
        elif sub.type == "map":
            _diff_map(sub, before, after, at, out)
        else:
            out.append(Change("changed", at, before, after))


def _diff_list(
    key: Key, old: list[dict[str, Any]], new: list[dict[str, Any]], path: str, out: list[Change]
) -> None:
    if not key.match:
        for index in range(max(len(old), len(new))):
            at = f"{path}[{index}]"
            if index >= len(old):
                out.append(Change("added", at))
            elif index >= len(new):
                out.append(Change("removed", at))
            else:
                _diff_map(key, old[index], new[index], at, out)
        return
    before = {item.get(key.match): item for item in old}
    after = {item.get(key.match): item for item in new}
    for name in before:
        if name not in after:
            out.append(Change("removed", f"{path}[{name}]"))
    for name, item in after.items():
        if name not in before:
            out.append(Change("added", f"{path}[{name}]"))
        else:
            _diff_map(key, before[name], item, f"{path}[{name}]", out)
    kept_before = [str(name) for name in before if name in after]
    kept_after = [str(name) for name in after if name in before]
    if kept_before != kept_after:
        out.append(Change("moved", path, kept_before, kept_after))
