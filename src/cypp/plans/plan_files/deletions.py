"""The guard against a plan file that would delete what people wrote.

A plan file cut short (a save that stopped half way, a paste that lost its end) is still
valid YAML when it was cut at a line break, and loading it deletes everything after the
cut. So a file that would delete a priority, outcome, measure or commitment carrying
commentary, figures, milestones, progress notes or board decisions is refused, naming
each one, unless the person loading it confirms the deletions. Whatever is deleted is kept
all the same (``cypp.plans.deleted_items``), so a confirmed mistake can still be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from cypp.plans.deleted_items import MUST_CONFIRM, carried, carried_words
from cypp.plans.models import Plan
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem

CONFIRM_HINT = "check the file is complete, or run again with --confirm-deletions"
# A file this long is written by a program or an export, which ends in a line break.
LONG_FILE_LINES = 20


@dataclass(frozen=True, slots=True)
class Doomed:
    """A part of the plan the file no longer has, and what it carries."""

    kind: str
    key: str
    path: str
    carried: dict[str, int]

    @property
    def must_confirm(self) -> bool:
        return any(self.carried.get(word) for word in MUST_CONFIRM)

    def __str__(self) -> str:
        what = carried_words(self.carried)
        return f"{self.kind} {self.key!r}" + (f" with {what}" if what else "")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "path": self.path, "carries": self.carried}


class DeletionsNotConfirmed(PlanFileRejected):
    """Loading would delete parts of the plan that carry people's work; nothing was written.
    ``doomed`` lists them; load again confirming the deletions to go ahead."""

    def __init__(self, file: str, doomed: list[Doomed]) -> None:
        self.doomed = doomed
        super().__init__(
            [
                PlanProblem(file, d.path, None, f"loading would delete {d}; {CONFIRM_HINT}")
                for d in doomed
            ]
        )


def _by_key(items: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in items or []}


def doomed_parts(*, plan: Plan, doc: dict[str, Any]) -> list[Doomed]:
    """The priorities, outcomes, measures and commitments of ``plan`` that loading ``doc``
    would delete (a removed priority is listed once, with what its outcomes carry)."""
    data = doc.get("plan") or {}
    gone: list[tuple[str, models.Model]] = []
    priorities = _by_key(data.get("priorities"))
    for priority in plan.priorities.prefetch_related("outcomes__measures"):
        at = f"priorities[{priority.key}]"
        if priority.key not in priorities:
            gone.append((at, priority))
            continue
        outcomes = _by_key(priorities[priority.key].get("outcomes"))
        for outcome in priority.outcomes.all():
            o_at = f"{at}.outcomes[{outcome.key}]"
            if outcome.key not in outcomes:
                gone.append((o_at, outcome))
                continue
            measures = _by_key(outcomes[outcome.key].get("measures"))
            gone.extend(
                (f"{o_at}.measures[{m.key}]", m)
                for m in outcome.measures.all()
                if m.key not in measures
            )
    commitments = _by_key(data.get("commitments"))
    gone.extend(
        (f"commitments[{c.key}]", c) for c in plan.commitments.all() if c.key not in commitments
    )
    return [
        Doomed(str(obj._meta.verbose_name), str(getattr(obj, "key", "")), path, carried(obj))
        for path, obj in gone
    ]


def deletions_check(*, plan: Plan, doc: dict[str, Any], file: str, confirmed: bool) -> list[Doomed]:
    """Raise ``DeletionsNotConfirmed`` if loading would delete parts carrying people's work
    and ``confirmed`` is false; return every part it would delete."""
    doomed = doomed_parts(plan=plan, doc=doc)
    at_risk = [d for d in doomed if d.must_confirm]
    if at_risk and not confirmed:
        raise DeletionsNotConfirmed(file, at_risk)
    return doomed


def file_end_warnings(*, text: str, file: str) -> list[str]:
    """Signs that a file was cut short. Only a warning: the deletion guard is the defence."""
    lines = text.count("\n") + 1
    if lines > LONG_FILE_LINES and text and not text.endswith("\n"):
        return [
            f"{file} does not end with a line break, as a saved or exported plan file does; "
            "check it was not cut short"
        ]
    return []
