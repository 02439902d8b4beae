"""Outcome frameworks as versioned data: the YAML file format, its checks, and loading it.

A framework file (docs/families.md, "Outcome frameworks") names the framework and its
version, declares the evidence types it reads, and lists the headline outcomes: each with
the needs that qualify a family (descriptors) and the success rules, any one enough. The
shape is one typed model (``FrameworkFile``, pydantic); the rules across entries (codes
unique, evidence types declared) are checked beside it, so a file's problems are all
reported at once, each with the file, its line, the field and the reason.

What is kept on ``Outcome.descriptors`` and ``Outcome.rules`` is exactly what
``cypp.families.rules.OutcomeRules.from_document`` reads. A rule's ``threshold: null``
means "not set" (the framework publishes none); it must say why in ``note``, and the
outcome is reported as "threshold not set" until the partnership loads its own version of
the framework with the threshold filled in. A version, once loaded, is never rewritten:
loading the same key and version again with the same content changes nothing, and with
different content is refused (a changed framework is a new version).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import yaml
from django.db import IntegrityError, transaction
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from cypp.accounts.audit import actor_name, audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.errors import ApplicationError, rejection_message
from cypp.families import rules
from cypp.families.hashing import families_settings
from cypp.families.models import Framework, Outcome
from cypp.safe_yaml import YamlProblem, line_of, model_check, yaml_lines, yaml_load

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

SHIPPED = Path(__file__).resolve().parent / "frameworks_shipped"
"""The frameworks CYPP ships (the national Supporting Families 2022-25 framework and a
local example), loaded like any other file."""

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SLUG_REASON = (
    "a code of lower-case letters, digits, '-' or '_', e.g. school_attendance_pct "
    "(at most 60 characters)"
)
DESCRIPTOR_COMPARISONS = ("at_least", "at_most", "below", "above")
RULE_COMPARISONS = rules.COMPARISONS


# -- Problems and refusals -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameworkProblem:
    """One problem with a framework file: where (file, line, field) and why."""

    file: str
    line: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field:
            where += f", {self.field}"
        return f"{where}: {self.reason}"


class FrameworkRejected(ApplicationError):
    """The framework file was refused whole; nothing was loaded."""

    def __init__(self, problems: list[FrameworkProblem]) -> None:
        self.problems = problems
        super().__init__(rejection_message("Framework file", problems, shown=50))


class FrameworkVersionTaken(ApplicationError):
    """The key and version are loaded already, with different content."""


# -- The file's shape --------------------------------------------------------------------------


def _fail(reason: str) -> PydanticCustomError:
    return PydanticCustomError("framework", reason)


def _slug(code: str) -> str:
    if not SLUG.match(code) or len(code) > 60:
        raise _fail(SLUG_REASON)
    return code


def _said(text: str) -> str:
    if not text.strip():
        raise _fail("must not be empty")
    return text


def _url(text: str) -> str:
    if text and not re.match(r"^https?://\S+$", text):
        raise _fail("a web address starting http:// or https://")
    return text


def _comparison(allowed: Iterable[str]) -> AfterValidator:
    allowed = tuple(allowed)

    def check(test: dict[str, float]) -> dict[str, float]:
        if len(test) != 1:
            raise _fail(
                f"one comparison and its value, e.g. {{below: 90}}; one of: {', '.join(allowed)}"
            )
        ((comparison, value),) = test.items()
        if comparison not in allowed:
            raise _fail(f"unknown comparison {comparison!r}; one of: {', '.join(allowed)}")
        if comparison == "reduction_pct" and not 0 < value <= 100:
            raise _fail("a reduction is a percentage above 0 and at most 100")
        return test

    return AfterValidator(check)


Code = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_said)]
Days = Annotated[int, Field(ge=0, le=3660)]


class _Strict(BaseModel):
    # Strict: YAML gives native types; "90" is not a number, 1 is not text.
    model_config = ConfigDict(strict=True, extra="forbid")


class FrameworkHeader(_Strict):
    key: Code
    version: Annotated[str, AfterValidator(_said), Field(max_length=40)]
    title: Annotated[str, AfterValidator(_said), Field(max_length=300)]
    publisher: Annotated[str, Field(max_length=200)] = ""
    source_url: Annotated[str, AfterValidator(_url), Field(max_length=500)] = ""
    description: str = ""


class EvidenceType(_Strict):
    """An evidence type the framework reads: its label in words and where it comes from."""

    label: Text
    source: str = ""
    description: str = ""


class DescriptorEntry(_Strict):
    """A need that qualifies a family: a reading at entry that passes ``test``."""

    code: Code
    label: Text
    evidence_type: Code
    test: Annotated[dict[str, float], _comparison(DESCRIPTOR_COMPARISONS)]
    lookback_days: Days = rules.DEFAULT_LOOKBACK_DAYS


class RuleEntry(_Strict):
    """A success rule: readings of ``evidence_type`` passing ``threshold`` for
    ``period_days``, held ``sustain_days`` after the closure. ``threshold: null`` is "not
    set", and ``note`` says why."""

    evidence_type: Code
    label: Text
    threshold: Annotated[dict[str, float], _comparison(RULE_COMPARISONS)] | None
    period_days: Days = 0
    sustain_days: Days = 0
    source: str = ""
    note: str = ""

    @model_validator(mode="after")
    def _unset_says_why(self) -> RuleEntry:
        if self.threshold is None and not self.note.strip():
            raise _fail(
                "a threshold left unset (null) needs a note saying why, e.g. 'the national "
                "framework publishes no threshold; the partnership sets it'"
            )
        return self


class OutcomeEntry(_Strict):
    code: Code
    label: Text
    description: str = ""
    descriptors: Annotated[list[DescriptorEntry], Field(min_length=1)]
    rules: Annotated[list[RuleEntry], Field(min_length=1)]


class FrameworkFile(_Strict):
    """A framework file: ``framework`` (what it is), ``evidence_types`` (what it reads),
    ``outcomes`` (the headline outcomes, in order)."""

    framework: FrameworkHeader
    evidence_types: Annotated[dict[Code, EvidenceType], Field(min_length=1)]
    outcomes: Annotated[list[OutcomeEntry], Field(min_length=1)]


_KEYS = {
    (): list(FrameworkFile.model_fields),
    ("framework",): list(FrameworkHeader.model_fields),
    ("evidence_types", "*"): list(EvidenceType.model_fields),
    ("outcomes", "*"): list(OutcomeEntry.model_fields),
    ("outcomes", "*", "descriptors", "*"): list(DescriptorEntry.model_fields),
    ("outcomes", "*", "rules", "*"): list(RuleEntry.model_fields),
}


def _reason(error: ErrorDetails, path: str) -> str | None:
    loc = error["loc"]
    if not loc:
        return "a framework file is a mapping with framework, evidence_types and outcomes"
    if error["type"] == "extra_forbidden":
        shape = tuple(
            "*" if isinstance(s, int) or (i == 1 and loc[0] == "evidence_types") else s
            for i, s in enumerate(loc[:-1])
        )
        known = _KEYS.get(shape)
        return f"unknown field; known: {', '.join(known)}" if known else "unknown field"
    if loc and loc[-1] in ("test", "threshold") and error["type"] != "framework":
        return "one comparison and its value, e.g. {below: 90}"
    if loc and loc[-1] == "[key]":
        return SLUG_REASON
    if error["type"] in ("greater_than_equal", "less_than_equal") and loc:
        return "a whole number of days from 0 to 3660"
    if error["type"] == "too_short":
        return "at least one is required"
    if error["type"] == "string_too_long":
        return f"too long: at most {error.get('ctx', {}).get('max_length')} characters"
    return None


def _across_entries(data: Any) -> list[tuple[str, str]]:
    """(path, reason) for the rules across entries: outcome codes unique, descriptor codes
    unique within an outcome, and every evidence type an outcome uses declared. Read from
    the file as given, so they are reported beside the model's own problems."""
    if not isinstance(data, dict):
        return []
    declared = data.get("evidence_types")
    declared = set(declared) if isinstance(declared, dict) else set()
    outcomes = data.get("outcomes")
    found: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for i, outcome in enumerate(outcomes if isinstance(outcomes, list) else []):
        if not isinstance(outcome, dict):
            continue
        code = outcome.get("code")
        if isinstance(code, str):
            if code in seen:
                found.append((f"outcomes[{i}].code", f"the same code as outcomes[{seen[code]}]"))
            else:
                seen[code] = i
        descriptor_codes: dict[str, int] = {}
        for part in ("descriptors", "rules"):
            entries = outcome.get(part)
            for j, entry in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(entry, dict):
                    continue
                kind = entry.get("evidence_type")
                if isinstance(kind, str) and kind not in declared:
                    found.append(
                        (
                            f"outcomes[{i}].{part}[{j}].evidence_type",
                            f"evidence type {kind!r} is not declared under evidence_types",
                        )
                    )
                d_code = entry.get("code") if part == "descriptors" else None
                if isinstance(d_code, str):
                    if d_code in descriptor_codes:
                        found.append(
                            (
                                f"outcomes[{i}].descriptors[{j}].code",
                                f"the same code as descriptors[{descriptor_codes[d_code]}]",
                            )
                        )
                    else:
                        descriptor_codes[d_code] = j
    return found


def framework_check(text: str, file: str) -> FrameworkFile:
    """The checked framework in ``text``; raise ``FrameworkRejected`` with every problem."""
    try:
        data = yaml_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        reason = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        raise FrameworkRejected([FrameworkProblem(file, line, None, reason)]) from None
    lines = yaml_lines(text)
    checked, found = model_check(FrameworkFile, data, lines=lines, reason=_reason)
    found += [YamlProblem(p, line_of(lines, p), None, r) for p, r in _across_entries(data)]
    if found or checked is None:
        problems = [_problem(file, p, lines) for p in found]
        problems.sort(key=lambda p: p.line or 0)
        raise FrameworkRejected(problems)
    return checked


def _problem(file: str, found: YamlProblem, lines: dict[str, int]) -> FrameworkProblem:
    # A mapping key that is not a code is reported at the key itself, not "key.[key]".
    path = found.path.removesuffix(".[key]")
    line = found.line if path == found.path else line_of(lines, path)
    return FrameworkProblem(file, line, None if path == "(top)" else path, found.reason)


def framework_read(path: Path | str) -> tuple[FrameworkFile, bytes]:
    """The checked framework in the file at ``path`` and the file's bytes."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problem = FrameworkProblem(path.name, None, None, "is not UTF-8 text: save it as UTF-8")
        raise FrameworkRejected([problem]) from None
    except OSError as error:
        reason = f"cannot be read: {error.strerror or error}"
        raise FrameworkRejected([FrameworkProblem(path.name, None, None, reason)]) from None
    return framework_check(text, path.name), raw


# -- What is kept ---------------------------------------------------------------------------


def _document(checked: FrameworkFile) -> dict[str, Any]:
    """The checked file as kept on ``Framework.document``: every default filled in, so
    two files that say the same thing are the same document."""
    return checked.model_dump(mode="json")


def outcome_documents(outcome: OutcomeEntry) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(descriptors, rules) as kept on ``Outcome``: what ``OutcomeRules.from_document``
    reads."""
    descriptors = [d.model_dump(mode="json") for d in outcome.descriptors]
    kept_rules = [r.model_dump(mode="json") for r in outcome.rules]
    return descriptors, kept_rules


def evidence_type_label(framework: Framework | None, code: str) -> str:
    """An evidence type in words, as the framework declares it (``School attendance
    (%)``); the code with spaces for one it does not declare."""
    if framework is not None:
        declared = (framework.document or {}).get("evidence_types", {})
        entry = declared.get(code) if isinstance(declared, dict) else None
        if isinstance(entry, dict) and entry.get("label"):
            return str(entry["label"])
    return code.replace("_", " ")


def unset_rules(framework: Framework) -> list[tuple[Outcome, dict[str, Any]]]:
    """Every rule of the framework whose threshold is not set, with its outcome."""
    return [
        (outcome, rule)
        for outcome in framework.outcomes.all()
        for rule in outcome.rules
        if rule.get("threshold") is None
    ]


# -- Loading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FrameworkLoadReport:
    framework: Framework
    created: bool
    chosen_for: Partnership | None
    message: str


def framework_load_report(
    path: Path | str,
    *,
    by: User | AnonymousUser | None,
    partnership: Partnership | None = None,
) -> FrameworkLoadReport:
    """Load the framework file at ``path``, all or nothing, and say what changed.

    A new key and version is stored with its outcomes. The same key and version with the
    same content changes nothing; with different content it is refused
    (``FrameworkVersionTaken``). With ``partnership``, the framework becomes the one that
    partnership's families are judged against.
    """
    checked, raw = framework_read(path)
    try:
        return _load(checked, raw, Path(path).name, by=by, partnership=partnership)
    except IntegrityError:
        # Two loads of one new version at the same moment: the other one stored it.
        raise FrameworkVersionTaken(
            f"Framework {checked.framework.key} version {checked.framework.version} was "
            "loaded by someone else at the same moment; nothing was changed. Load the file "
            "again to see whether it is the same."
        ) from None


def _load(
    checked: FrameworkFile,
    raw: bytes,
    file: str,
    *,
    by: User | AnonymousUser | None,
    partnership: Partnership | None,
) -> FrameworkLoadReport:
    document = _document(checked)
    header = checked.framework
    said: list[str] = []
    with transaction.atomic():
        existing = (
            Framework.objects.select_for_update()
            .filter(key=header.key, version=header.version)
            .first()
        )
        if existing is not None:
            if _canonical(existing.document) != _canonical(document):
                raise FrameworkVersionTaken(
                    f"Framework {header.key} version {header.version} is already loaded "
                    "with different content; nothing was changed. A changed framework is a "
                    "new version: give it a new version string."
                )
            framework, created = existing, False
            said.append(
                f"{framework.title} ({framework.key} {framework.version}) is already loaded "
                "with the same content; nothing changed"
            )
        else:
            framework = Framework.objects.create(
                key=header.key,
                version=header.version,
                title=header.title,
                publisher=header.publisher,
                source_url=header.source_url,
                description=header.description,
                document=document,
                file_sha256=hashlib.sha256(raw).hexdigest(),
                loaded_by_name=actor_name(by)[:150],
            )
            for order, entry in enumerate(checked.outcomes):
                descriptors, kept_rules = outcome_documents(entry)
                Outcome.objects.create(
                    framework=framework,
                    code=entry.code,
                    label=entry.label,
                    order=order,
                    descriptors=descriptors,
                    rules=kept_rules,
                )
            created = True
            unset = sum(1 for o in checked.outcomes for r in o.rules if r.threshold is None)
            summary = f"{len(checked.outcomes)} outcomes, {unset} rule(s) with no threshold set"
            audit_record(
                by=by,
                action=AuditEvent.Action.LOAD,
                obj=framework,
                context=f"framework:{framework.key}",
                note=f"{file}: {summary}",
            )
            said.append(
                f"Loaded {framework.title} ({framework.key} {framework.version}): {summary}"
            )
        chosen_for = None
        if partnership is not None:
            settings_row = families_settings(partnership)
            if settings_row.framework_id != framework.pk:
                before = settings_row.framework
                settings_row.framework = framework
                settings_row.save(update_fields=["framework"])
                audit_record(
                    by=by,
                    action=AuditEvent.Action.UPDATE,
                    obj=settings_row,
                    context=f"partnership:{partnership.key}",
                    changes={"framework": [str(before) if before else None, str(framework)]},
                )
                chosen_for = partnership
                said.append(f"chosen for {partnership.name}")
            else:
                said.append(f"already the framework of {partnership.name}")
    return FrameworkLoadReport(framework, created, chosen_for, "; ".join(said) + ".")


def framework_load(
    path: Path | str,
    *,
    by: User | AnonymousUser | None,
    partnership: Partnership | None = None,
) -> Framework:
    """Load the framework file at ``path`` (see ``framework_load_report``)."""
    return framework_load_report(path, by=by, partnership=partnership).framework


def _canonical(document: Any) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


# -- Reading --------------------------------------------------------------------------------


def frameworks_list() -> list[Framework]:
    """Every loaded framework version, with its outcomes and the partnerships using it."""
    return list(
        Framework.objects.prefetch_related("outcomes", "partnerships__partnership").order_by(
            "key", "version"
        )
    )
