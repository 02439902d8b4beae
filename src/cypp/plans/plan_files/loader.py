"""Load a plan file: check it whole, show what changes, keep the version it replaces.

All or nothing: a file with any problem raises ``PlanFileRejected`` listing every problem
and writes nothing. A file identical to the plan in CYPP writes nothing either (not even
an audit event: nothing happened). Otherwise the plan is updated element by element, the
old version is kept whole as a ``PlanVersion`` with the diff, and the load is recorded in
the audit trail in the same transaction.

A file that would delete parts of the plan carrying people's work (commentary, figures,
milestones, progress notes, board decisions) is refused unless the deletions are confirmed
(``plan_files.deletions``); every part a load deletes is kept as a ``DeletedItem`` that
``cypp plan restore`` or the plan's deleted items page brings back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cypp.accounts.audit import actor_name, audit_context, audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.plans.deleted_items import deleted_item_keep
from cypp.plans.models import DeletedItem, Plan, PlanVersion
from cypp.plans.plan_files.canonical import document_dump
from cypp.plans.plan_files.deletions import (
    Doomed,
    deletions_check,
    doomed_parts,
    file_end_warnings,
)
from cypp.plans.plan_files.diff import Change, changes_summary, document_diff, plain
from cypp.plans.plan_files.exporter import partnership_document, plan_document
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.plan_files.reading import document_read
from cypp.plans.plan_files.rules import Resolved, document_check
from cypp.plans.plan_files.spec import PARTNERSHIP, PLAN
from cypp.plans.plan_files.writer import DocumentWriter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A plan file that passed every rule: its document and what its references name."""

    file: str
    document: dict[str, Any]
    resolved: Resolved

    @property
    def plan_key(self) -> str:
        return str(self.document["plan"]["key"])


@dataclass(frozen=True, slots=True)
class PlanLoadResult:
    plan: Plan
    file: str
    created: bool
    changes: list[Change] = field(default_factory=list)
    version: PlanVersion | None = None  # the version kept, when an existing plan changed
    deleted: list[DeletedItem] = field(default_factory=list)  # kept, restorable
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.changes)

    @property
    def summary(self) -> str:
        if self.created:
            return f"created plan {self.plan.key} from {self.file}"
        if not self.changes:
            return f"no changes: {self.plan.key} is already as {self.file} says"
        return f"updated plan {self.plan.key} from {self.file}: {changes_summary(self.changes)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.key,
            "file": self.file,
            "created": self.created,
            "changed": self.changed,
            "summary": self.summary,
            "version_kept": self.version.version if self.version else None,
            "changes": [c.as_dict() for c in self.changes],
            "diff": [str(c) for c in self.changes],
            "deleted_items": [
                {"id": d.pk, "kind": d.kind, "key": d.key, "path": d.path, "carried": d.carried}
                for d in self.deleted
            ],
            "warnings": self.warnings,
        }


def plan_file_check(*, text: str, file: str) -> CheckedFile:
    """Read and check a plan file's text; raise ``PlanFileRejected`` with every problem."""
    doc, reading = document_read(text=text, file=file)
    resolved = Resolved()
    if doc:
        resolved = document_check(doc=doc, reading=reading)
    if reading.problems:
        # In file order, so they can be fixed top to bottom.
        problems = sorted(reading.problems, key=lambda p: (p.line is None, p.line or 0))
        raise PlanFileRejected(problems)
    return CheckedFile(file=file, document=doc, resolved=resolved)


def _read_path(path: Path) -> str:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise PlanFileRejected([PlanProblem(Path(path).name, "", None, str(error))]) from error
    except UnicodeDecodeError as error:
        raise PlanFileRejected(
            [PlanProblem(Path(path).name, "", None, f"not UTF-8 text: {error}")]
        ) from error


def plan_file_compare(*, plan: Plan, path: Path) -> list[Change]:
    """What loading the file over ``plan`` would change; nothing is written."""
    checked = plan_file_check(text=_read_path(path), file=Path(path).name)
    return document_diff(plan_document(plan=plan), checked.document)


def plan_file_deletions(*, plan: Plan, path: Path) -> list[Doomed]:
    """The priorities, outcomes, measures and commitments loading the file would delete,
    with what each carries; nothing is written."""
    checked = plan_file_check(text=_read_path(path), file=Path(path).name)
    return doomed_parts(plan=plan, doc=checked.document)


def plan_load(
    *,
    path: Path,
    by: User | AnonymousUser | None = None,
    note: str = "",
    confirm_deletions: bool = False,
) -> PlanLoadResult:
    """Load the plan file at ``path`` (see ``plan_load_text``)."""
    return plan_load_text(
        text=_read_path(path),
        file=Path(path).name,
        by=by,
        note=note,
        confirm_deletions=confirm_deletions,
    )


@transaction.atomic
def plan_load_text(
    *,
    text: str,
    file: str,
    by: User | AnonymousUser | None = None,
    note: str = "",
    confirm_deletions: bool = False,
) -> PlanLoadResult:
    """Create or update the plan the file describes (matched by ``plan.key``).

    Raises ``DeletionsNotConfirmed`` (a ``PlanFileRejected``), writing nothing, when the
    file would delete parts carrying commentary, figures or decisions and
    ``confirm_deletions`` is false. Every deleted part is kept as a ``DeletedItem``."""
    checked = plan_file_check(text=text, file=file)
    doc = checked.document
    warnings = file_end_warnings(text=text, file=file)
    plan = Plan.objects.filter(key=checked.plan_key).select_for_update().first()
    if plan is not None:
        old = plan_document(plan=plan)
        changes = document_diff(old, doc)
        if not changes:
            return PlanLoadResult(plan=plan, file=file, created=False, warnings=warnings)
        deletions_check(plan=plan, doc=doc, file=file, confirmed=confirm_deletions)
    else:
        # A new plan of an existing partnership may still change the partnership.
        partnership = Partnership.objects.filter(key=doc["partnership"]["key"]).first()
        old = None
        changes = (
            document_diff(partnership_document(partnership=partnership), {**doc, "plan": {}})
            if partnership
            else []
        )
    # The audit trail records every field a load writes, a new plan's included (``changes``
    # leaves those out: it says what a new plan changes in an existing partnership).
    audit_before = (
        old
        if old is not None
        else (partnership_document(partnership=partnership) if partnership else {})
    )
    audit_changes = _audit_changes(
        changes if old is not None else document_diff(audit_before, doc),
        before=audit_before,
        after=doc,
    )

    version = None
    if plan is not None and old is not None:
        version = PlanVersion.objects.create(
            plan=plan,
            version=plan.version,
            document=document_dump(old),
            replaced_by=actor_name(by),
            diff=[c.as_dict() for c in changes],
        )
    deleted: list[DeletedItem] = []

    def keep(on: Plan, part: Any, path: str) -> None:
        deleted.append(
            deleted_item_keep(
                plan=on, instance=part, path=path, by=by, reason=f"not in {file}"[:300]
            )
        )

    written = DocumentWriter(doc=doc, resolved=checked.resolved, file=file, keep=keep).write()
    result = PlanLoadResult(
        plan=written,
        file=file,
        created=plan is None,
        changes=changes,
        version=version,
        deleted=deleted,
        warnings=warnings,
    )
    audit_record(
        by=by,
        action=AuditEvent.Action.LOAD,
        obj=written,
        context=audit_context(plan=written),
        changes=audit_changes,
        note=f"{note}: {result.summary}" if note else result.summary,
    )
    return result


def _audit_changes(
    changes: list[Change], *, before: dict[str, Any], after: dict[str, Any]
) -> dict[str, list[Any]]:
    """``{path: [before, after]}`` as the audit trail keeps them. A whole element added or
    removed is marked, and each of its fields is recorded with its value (from ``after`` or
    ``before``, the two documents compared)."""
    out: dict[str, list[Any]] = {}
    for change in changes:
        record = change.as_dict()
        if change.kind == "added" and change.after is None:
            out[change.path] = [None, "(added)"]
            _leaves(_element_at(after, change.path), change.path, out, added=True)
        elif change.kind == "removed" and change.before is None:
            out[change.path] = ["(removed)", None]
            _leaves(_element_at(before, change.path), change.path, out, added=False)
        else:
            out[change.path] = [record["before"], record["after"]]
    return out


_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?")


def _element_at(document: dict[str, Any], path: str) -> Any:
    """The part of a document a diff path names (``priorities[early-years].outcomes[0]``);
    list elements are found as the diff matched them, by their key or their position."""
    if path == "partnership" or path.startswith("partnership."):
        key, node, rest = PARTNERSHIP, document.get("partnership") or {}, path[12:]
    else:
        key, node, rest = PLAN, document.get("plan") or {}, path
    for segment in _SEGMENT.finditer(rest):
        name, selector = segment.group(1), segment.group(2)
        sub = next((f for f in key.fields if f.name == name), None)
        if sub is None or not isinstance(node, dict):
            return None
        node = node.get(name)
        if selector is not None:
            items = node if isinstance(node, list) else []
            if sub.match:
                node = next((i for i in items if str(i.get(sub.match)) == selector), None)
            else:
                index = int(selector) if selector.isdigit() else len(items)
                node = items[index] if index < len(items) else None
        key = sub
    return node


def _leaves(value: Any, path: str, out: dict[str, list[Any]], *, added: bool) -> None:
    """Each field under ``path`` as ``[None, value]`` (added) or ``[value, None]``."""
    if isinstance(value, dict):
        for name, sub in value.items():
            _leaves(sub, f"{path}.{name}", out, added=added)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, sub in enumerate(value):
            _leaves(sub, f"{path}[{index}]", out, added=added)
    elif value is not None:
        out[path] = [None, plain(value)] if added else [plain(value), None]
