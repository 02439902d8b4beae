"""Load a plan file: check it whole, show what changes, keep the version it replaces.

All or nothing: a file with any problem raises ``PlanFileRejected`` listing every problem
and writes nothing. A file identical to the plan in CYPP writes nothing either (not even
an audit event: nothing happened). Otherwise the plan is updated element by element, the
old version is kept whole as a ``PlanVersion`` with the diff, and the load is recorded in
the audit trail in the same transaction.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cypp.accounts.models import AuditEvent
from cypp.accounts.services import audit_record
from cypp.plans.models import Partnership, Plan, PlanVersion
from cypp.plans.plan_files.canonical import document_dump
from cypp.plans.plan_files.diff import Change, changes_summary, document_diff
from cypp.plans.plan_files.exporter import partnership_document, plan_document
from cypp.plans.plan_files.problems import PlanFileRejected, PlanProblem
from cypp.plans.plan_files.reading import document_read
from cypp.plans.plan_files.rules import Resolved, document_check
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


def plan_load(
    *, path: Path, user: User | AnonymousUser | None = None, note: str = ""
) -> PlanLoadResult:
    """Load the plan file at ``path`` (see ``plan_load_text``)."""
    return plan_load_text(text=_read_path(path), file=Path(path).name, user=user, note=note)


@transaction.atomic
def plan_load_text(
    *, text: str, file: str, user: User | AnonymousUser | None = None, note: str = ""
) -> PlanLoadResult:
    """Create or update the plan the file describes (matched by ``plan.key``)."""
    checked = plan_file_check(text=text, file=file)
    doc = checked.document
    plan = Plan.objects.filter(key=checked.plan_key).select_for_update().first()
    if plan is not None:
        old = plan_document(plan=plan)
        changes = document_diff(old, doc)
        if not changes:
            return PlanLoadResult(plan=plan, file=file, created=False)
    else:
        # A new plan of an existing partnership may still change the partnership.
        partnership = Partnership.objects.filter(key=doc["partnership"]["key"]).first()
        old = None
        changes = (
            document_diff(partnership_document(partnership=partnership), {**doc, "plan": {}})
            if partnership
            else []
        )

    version = None
    if plan is not None and old is not None:
        version = PlanVersion.objects.create(
            plan=plan,
            version=plan.version,
            document=document_dump(old),
            replaced_by=_user_name(user),
            diff=[c.as_dict() for c in changes],
        )
    written = DocumentWriter(doc=doc, resolved=checked.resolved, file=file).write()
    result = PlanLoadResult(
        plan=written, file=file, created=plan is None, changes=changes, version=version
    )
    audit_record(
        user=user,
        action=AuditEvent.Action.LOAD,
        obj=written,
        context=f"plan:{written.key}",
        changes=_audit_changes(changes),
        note=f"{note}: {result.summary}" if note else result.summary,
    )
    return result


def _user_name(user: User | AnonymousUser | None) -> str:
    if user is not None and user.is_authenticated:
        return user.get_username()
    return getpass.getuser()


def _audit_changes(changes: list[Change]) -> dict[str, list[Any]]:
    """``{path: [before, after]}`` as the audit trail keeps them; whole elements are marked."""
    out: dict[str, list[Any]] = {}
    for change in changes:
        record = change.as_dict()
        if change.kind == "added" and change.after is None:
            out[change.path] = [None, "(added)"]
        elif change.kind == "removed" and change.before is None:
            out[change.path] = ["(removed)", None]
        else:
            out[change.path] = [record["before"], record["after"]]
    return out
