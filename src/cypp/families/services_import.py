"""Writing an SSD extract into the store (``families_import``) and turning identifiable data
on or off (``families_identifiable_set``).

An import is all or nothing: ``cypp.families.ssd_import`` reads and checks every file first
and any problem refuses the whole extract. Rows are matched by the keyed hash of their id:
a new id is inserted, a known one with other values is updated in place and its old values
kept as a ``Revision``, and a stored row the extract does not list is kept (an extract may
be partial) and counted as "not in this extract". Writes are in bulk, in batches, with the
stored rows read once into dicts keyed by hash: no query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.db import models, transaction

from cypp.accounts.audit import actor_name, audit_context, audit_record
from cypp.accounts.models import AuditEvent, Partnership
from cypp.families import ssd_import
from cypp.families.hashing import Hasher, families_settings, reference_for
from cypp.families.models import (
    Episode,
    Evidence,
    FamiliesImport,
    Family,
    Involvement,
    Member,
    Outcome,
    Professional,
    Revision,
)
from cypp.indicators.importers.base import Problem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

BATCH = 2000

# The objects counted, in the order they are written; each row's key in ``counts``.
OBJECTS = ("professionals", "families", "people", "episodes", "involvements", "evidence")
_REVISION_TYPE = {
    "professionals": "professional",
    "families": "family",
    "people": "member",
    "episodes": "episode",
    "involvements": "involvement",
    "evidence": "evidence",
}

ImportRejected = ssd_import.ExtractRejected


@dataclass(slots=True)
class ImportResult:
    """What an import did: per object ``{new, changed, unchanged, not_in_extract}``."""

    directory: str
    already_imported: bool = False
    import_id: int | None = None
    rows_read: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- Comparing and writing one kind of row ------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(slots=True)
class _Kind:
    """One kind of row: its model, the fields compared, and which are references (their
    values are hashes here, primary keys in the table)."""

    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    references: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> hash -> pk
    fixed: dict[str, Any] = field(default_factory=dict)  # set on every new row
    key_field: str = "key_hash"
    # Fields a new row takes from its hash and never changes (a family's reference, a
    # reading's outcome, type, date and source: its identity).
    identity_of: Callable[[str], dict[str, Any]] | None = None


def _upsert(
    kind: _Kind,
    *,
    wanted: dict[str, dict[str, Any]],
    stored: dict[str, tuple[int, dict[str, Any]]],
    imported: FamiliesImport,
    revisions: list[Revision],
    on_change: dict[str, Any] | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Insert the new rows and update the changed ones; ``(counts, {hash: pk})``."""
    counts = {"new": 0, "changed": 0, "unchanged": 0, "not_in_extract": 0}
    new: list[models.Model] = []
    new_hashes: list[str] = []
    changed: list[models.Model] = []
    model: Any = kind.model

    def columns(values: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, value in values.items():
            if name in kind.references:
                out[f"{name}_id"] = None if value is None else kind.references[name][value]
            else:
                out[name] = value
        return out

    for key_hash, values in wanted.items():
        found = stored.get(key_hash)
        if found is None:
            identity = kind.identity_of(key_hash) if kind.identity_of else {}
            new.append(
                model(**{kind.key_field: key_hash}, **kind.fixed, **identity, **columns(values))
            )
            new_hashes.append(key_hash)
            counts["new"] += 1
            continue
        pk, before = found
        if before == values:
            counts["unchanged"] += 1
            continue
        counts["changed"] += 1
        differ = [n for n in kind.fields if before[n] != values[n]]
        revisions.append(
            Revision(
                imported=imported,
                object_type=_REVISION_TYPE[kind.name],
                key_hash=key_hash,
                before={n: _plain(before[n]) for n in differ},
                after={n: _plain(values[n]) for n in differ},
            )
        )
        changed.append(model(pk=pk, **columns(values), **(on_change or {})))
    counts["not_in_extract"] = sum(1 for h in stored if h not in wanted)
    model.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        names = [f"{n}_id" if n in kind.references else n for n in kind.fields]
        names += list(on_change or {})
        model.objects.bulk_update(changed, names, batch_size=BATCH)
    pks = {h: pk for h, (pk, _) in stored.items()}
    pks.update({h: obj.pk for h, obj in zip(new_hashes, new, strict=True)})
    return counts, pks


def _stored(
    rows: Iterable[tuple[Any, ...]], fields: tuple[str, ...]
) -> dict[str, tuple[int, dict[str, Any]]]:
    """``{hash: (pk, {field: value})}`` from ``values_list("pk", key, *fields)`` rows."""
    return {row[1]: (row[0], dict(zip(fields, row[2:], strict=True))) for row in rows}


# -- The lead practitioner ------------------------------------------------------------------------


def _leads(
    episodes: dict[str, dict[str, Any]], agency_of: dict[str, str]
) -> dict[str, tuple[str | None, str]]:
    """``{family hash: (worker hash, agency)}``: the worker of the family's open episode
    with the latest start, else of the closed one that ended last; the agency is that
    episode's organisation, else the worker's department."""
    best: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
    for key_hash, episode in episodes.items():
        if episode["end"] is None:
            rank: tuple[Any, ...] = (1, episode["start"], key_hash)
        else:
            rank = (0, episode["end"], episode["start"], key_hash)
        found = best.get(episode["family"])
        if found is None or rank > found[0]:
            best[episode["family"]] = (rank, episode)
    leads = {}
    for family, (_, episode) in best.items():
        worker = episode["worker"]
        agency = episode["organisation"] or (agency_of.get(worker, "") if worker else "")
        leads[family] = (worker, agency)
    return leads


# -- The import -------------------------------------------------------------------------------------


def _framework(partnership: Partnership) -> ssd_import.Framework | None:
    chosen = families_settings(partnership).framework_id
    if chosen is None:
        return None
    codes, types = set(), set()
    for code, descriptors, rules in Outcome.objects.filter(framework_id=chosen).values_list(
        "code", "descriptors", "rules"
    ):
        codes.add(code)
        for item in [*(descriptors or []), *(rules or [])]:
            if isinstance(item, dict) and item.get("evidence_type"):
                types.add(str(item["evidence_type"]))
    return ssd_import.Framework(frozenset(codes), frozenset(types))


def families_import(
    partnership: Partnership,
    directory: Path,
    *,
    by: User | AnonymousUser | None,
    force: bool = False,
    synthetic: bool = False,
) -> ImportResult:
    """Import the SSD extract in ``directory`` for ``partnership``, all or nothing.

    Raises ``ImportRejected`` (``ssd_import.ExtractRejected``) with every problem and
    writes nothing. The same files as the partnership's last import change nothing and are
    reported as already imported, unless ``force`` (after turning identifiable data on,
    say). ``synthetic`` marks new families as synthetic (the demo's cohort).
    """
    directory = Path(directory)
    files = ssd_import.extract_files(directory) if directory.is_dir() else {}
    last = FamiliesImport.objects.filter(partnership=partnership).first()
    if not force and last is not None and files and last.files == files:
        return ImportResult(
            directory=directory.name,
            already_imported=True,
            import_id=last.pk,
            counts=last.counts,
            files=files,
        )
    with transaction.atomic():
        settings = families_settings(partnership)
        hasher = Hasher(partnership)
        stored = _Store(partnership)
        extract = ssd_import.extract_read(
            directory,
            hasher=hasher,
            identifiable=settings.identifiable_data,
            framework=_framework(partnership),
            stored=stored.references(),
        )
        authenticated = by is not None and by.is_authenticated
        imported = FamiliesImport.objects.create(
            partnership=partnership,
            imported_by=cast("User", by) if authenticated else None,
            imported_by_name=actor_name(by),
            directory_name=directory.name[:300],
            files=extract.files,
        )
        counts = _Writer(partnership, imported, stored, extract, synthetic=synthetic).write()
        imported.counts = counts
        imported.warnings = extract.warnings
        imported.save(update_fields=["counts", "warnings"])
        audit_record(
            by=by,
            action=AuditEvent.Action.LOAD,
            obj=imported,
            context=audit_context(partnership=partnership),
            note="SSD extract imported: "
            + "; ".join(_count_words(n, c) for n, c in counts.items()),
        )
    return ImportResult(
        directory=directory.name,
        import_id=imported.pk,
        rows_read=extract.rows_read,
        counts=counts,
        warnings=list(extract.warnings),
        files=extract.files,
    )


def _count_words(name: str, counts: dict[str, int]) -> str:
    return (
        f"{name}: {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {counts['not_in_extract']} not in this extract"
    )


_MEMBER_FIELDS = ("family", "sex", "ethnicity", "born", "born_full_date", "name")
_EPISODE_FIELDS = (
    "member",
    "family",
    "start",
    "end",
    "reason",
    "end_reason",
    "organisation",
    "worker",
)
_INVOLVEMENT_FIELDS = ("member", "professional", "role", "team", "start", "end", "change_reason")
_PROFESSIONAL_FIELDS = ("job_title", "agency", "name")
_FAMILY_FIELDS = ("lead_professional", "lead_agency")
_EVIDENCE_FIELDS = ("family", "member", "value", "note")


class _Store:
    """The partnership's stored rows, read once, by hash."""

    def __init__(self, partnership: Partnership) -> None:
        p = partnership
        self.professionals = _stored(
            Professional.objects.filter(partnership=p).values_list(
                "pk", "key_hash", *_PROFESSIONAL_FIELDS
            ),
            _PROFESSIONAL_FIELDS,
        )
        self.families = _stored(
            Family.objects.filter(partnership=p).values_list(
                "pk", "key_hash", "lead_professional__key_hash", "lead_agency"
            ),
            _FAMILY_FIELDS,
        )
        self.references_taken = set(
            Family.objects.filter(partnership=p).values_list("reference", flat=True)
        )
        self.people = _stored(
            Member.objects.filter(partnership=p).values_list(
                "pk", "key_hash", "family__key_hash", *_MEMBER_FIELDS[1:]
            ),
            _MEMBER_FIELDS,
        )
        self.episodes = _stored(
            Episode.objects.filter(partnership=p).values_list(
                "pk",
                "key_hash",
                "member__key_hash",
                "family__key_hash",
                *_EPISODE_FIELDS[2:-1],
                "worker__key_hash",
            ),
            _EPISODE_FIELDS,
        )
        self.involvements = _stored(
            Involvement.objects.filter(partnership=p).values_list(
                "pk",
                "key_hash",
                "member__key_hash",
                "professional__key_hash",
                *_INVOLVEMENT_FIELDS[2:],
            ),
            _INVOLVEMENT_FIELDS,
        )
        self.evidence = _stored(
            Evidence.objects.filter(family__partnership=p)
            .exclude(row_hash="")
            .values_list("pk", "row_hash", "family__key_hash", "member__key_hash", "value", "note"),
            _EVIDENCE_FIELDS,
        )

    def references(self) -> ssd_import.Stored:
        return ssd_import.Stored(
            family_of={h: values["family"] for h, (_, values) in self.people.items()},
            families=set(self.families),
            professionals=set(self.professionals),
        )


class _Writer:
    def __init__(
        self,
        partnership: Partnership,
        imported: FamiliesImport,
        stored: _Store,
        extract: ssd_import.Extract,
        *,
        synthetic: bool,
    ) -> None:
        self.partnership = partnership
        self.imported = imported
        self.stored = stored
        self.extract = extract
        self.synthetic = synthetic
        self.revisions: list[Revision] = []
        self.counts: dict[str, dict[str, int]] = {}

    def _write(
        self, kind: _Kind, wanted: dict[str, dict[str, Any]], stored: Any, **extra: Any
    ) -> dict[str, int]:
        counts, pks = _upsert(
            kind,
            wanted=wanted,
            stored=stored,
            imported=self.imported,
            revisions=self.revisions,
            **extra,
        )
        self.counts[kind.name] = counts
        return pks

    def write(self) -> dict[str, dict[str, int]]:
        extract, stored, p = self.extract, self.stored, self.partnership
        fixed = {"partnership": p}
        professionals = self._write(
            _Kind("professionals", Professional, _PROFESSIONAL_FIELDS, fixed=fixed),
            {h: asdict(row) for h, row in extract.professionals.items()},
            stored.professionals,
        )
        families = self._families(professionals)
        family_of = {h: values["family"] for h, (_, values) in stored.people.items()}
        people: dict[str, dict[str, Any]] = {}
        for h, person in extract.people.items():
            family = extract.family_of.get(h) or family_of.get(h)
            people[h] = {"family": family, **asdict(person)}
        members = self._write(
            _Kind("people", Member, _MEMBER_FIELDS, {"family": families}, fixed=fixed),
            people,
            stored.people,
        )
        self._write(
            _Kind(
                "episodes",
                Episode,
                _EPISODE_FIELDS,
                {"member": members, "family": families, "worker": professionals},
                fixed=fixed,
            ),
            {h: _episode(e) for h, e in extract.episodes.items()},
            stored.episodes,
        )
        self._write(
            _Kind(
                "involvements",
                Involvement,
                _INVOLVEMENT_FIELDS,
                {"member": members, "professional": professionals},
                fixed=fixed,
            ),
            {h: _involvement(i) for h, i in extract.involvements.items()},
            stored.involvements,
        )
        evidence_fixed = {"imported": self.imported}
        wanted = {}
        for h, r in extract.readings.items():
            wanted[h] = {"family": r.family, "member": r.person, "value": r.value, "note": r.note}
        readings = extract.readings

        def identity(h: str) -> dict[str, Any]:
            r = readings[h]
            return {
                "outcome_code": r.outcome_code,
                "evidence_type": r.evidence_type,
                "date": r.date,
                "source": r.source,
            }

        self._write(
            _Kind(
                "evidence",
                Evidence,
                _EVIDENCE_FIELDS,
                {"family": families, "member": members},
                fixed=evidence_fixed,
                key_field="row_hash",
                identity_of=identity,
            ),
            wanted,
            stored.evidence,
            on_change={"imported": self.imported},
        )
        Revision.objects.bulk_create(self.revisions, batch_size=BATCH)
        return {name: self.counts[name] for name in OBJECTS}

    def _families(self, professionals: dict[str, int]) -> dict[str, int]:
        """Families: new ones with their reference; every family's lead practitioner from
        its episodes, stored and new together (an extract may be partial)."""
        extract, stored = self.extract, self.stored
        episodes = {h: values for h, (_, values) in stored.episodes.items()}
        episodes.update({h: _episode(e) for h, e in extract.episodes.items()})
        agency_of = {h: values["agency"] for h, (_, values) in stored.professionals.items()}
        agency_of.update({h: row.agency for h, row in extract.professionals.items()})
        leads = _leads(episodes, agency_of)
        wanted: dict[str, dict[str, Any]] = {}
        taken = set(self.stored.references_taken)
        clashes = []
        for h in [*extract.families, *(h for h in leads if h not in extract.families)]:
            worker, agency = leads.get(h, (None, ""))
            wanted[h] = {"lead_professional": worker, "lead_agency": agency}
            if h not in stored.families:
                reference = reference_for(h)
                if reference in taken:
                    clashes.append(reference)
                taken.add(reference)
        if clashes:
            raise ssd_import.ExtractRejected(
                [
                    Problem(
                        "ssd_family.csv",
                        None,
                        "fami_family_id",
                        None,
                        f"{len(clashes)} new families' short references clash with another "
                        "family's (astronomically unlikely): tell the CYPP team",
                    )
                ]
            )
        kind = _Kind(
            "families",
            Family,
            _FAMILY_FIELDS,
            {"lead_professional": professionals},
            fixed={"partnership": self.partnership, "synthetic": self.synthetic},
            identity_of=lambda h: {"reference": reference_for(h)},
        )
        return self._write(kind, wanted, stored.families)


def _episode(e: ssd_import.Episode) -> dict[str, Any]:
    return {
        "member": e.person,
        "family": e.family,
        "start": e.start,
        "end": e.end,
        "reason": e.reason,
        "end_reason": e.end_reason,
        "organisation": e.organisation,
        "worker": e.worker,
    }


def _involvement(i: ssd_import.Involvement) -> dict[str, Any]:
    return {
        "member": i.person,
        "professional": i.professional,
        "role": i.role,
        "team": i.team,
        "start": i.start,
        "end": i.end,
        "change_reason": i.change_reason,
    }


# -- Identifiable data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdentifiableResult:
    on: bool
    changed: bool
    names_removed: int = 0
    dates_shortened: int = 0


def _month_only(value: Any) -> Any:
    """A date of birth in a revision, as month and year (``YYYY-MM-01``)."""
    if isinstance(value, str) and len(value) == 10:
        return value[:8] + "01"
    return value


def families_identifiable_set(
    *, partnership: Partnership, on: bool, by: User | AnonymousUser | None
) -> IdentifiableResult:
    """Turn the partnership's identifiable data on or off, in the audit trail.

    Off also takes out what is already held: names are emptied and full dates of birth
    shortened to month and year, in the stored people and professionals and in the
    revisions of earlier imports, so that "off" means the partnership holds none.
    """
    with transaction.atomic():
        settings = families_settings(partnership)
        before = settings.identifiable_data
        if before == on:
            return IdentifiableResult(on=on, changed=False)
        settings.identifiable_data = on
        settings.save(update_fields=["identifiable_data"])
        names = dates = 0
        if not on:
            names += Member.objects.filter(partnership=partnership).exclude(name="").update(name="")
            names += (
                Professional.objects.filter(partnership=partnership)
                .exclude(name="")
                .update(name="")
            )
            full = list(Member.objects.filter(partnership=partnership, born_full_date=True))
            for member in full:
                if member.born is not None:
                    member.born = member.born.replace(day=1)
                member.born_full_date = False
            Member.objects.bulk_update(full, ["born", "born_full_date"], batch_size=BATCH)
            dates = len(full)
            scrubbed = []
            for revision in Revision.objects.filter(
                imported__partnership=partnership, object_type__in=["member", "professional"]
            ):
                for side in (revision.before, revision.after):
                    if "name" in side:
                        side["name"] = ""
                    if "born" in side:
                        side["born"] = _month_only(side["born"])
                    if "born_full_date" in side:
                        side["born_full_date"] = False
                scrubbed.append(revision)
            Revision.objects.bulk_update(scrubbed, ["before", "after"], batch_size=BATCH)
        audit_record(
            by=by,
            action=AuditEvent.Action.UPDATE,
            obj=settings,
            context=audit_context(partnership=partnership),
            changes={"identifiable_data": [before, on]},
            note=(
                "Identifiable data turned on: names and full dates of birth are kept from the "
                "next import"
                if on
                else f"Identifiable data turned off: {names} names removed, {dates} dates of "
                "birth shortened to month and year"
            ),
        )
    return IdentifiableResult(on=on, changed=True, names_removed=names, dates_shortened=dates)
