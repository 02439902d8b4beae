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

import base64
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.db import connection, models, transaction
from django.utils import timezone

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
    """One kind of row: its model, the fields compared (a row's values are a tuple in this
    order), and which are references (hashes here, primary keys in the table)."""

    name: str
    model: Any
    fields: tuple[str, ...]
    values_of: Callable[[str, Any], tuple[Any, ...]]  # (hash, extract row) -> values
    references: dict[str, dict[str, int]] = field(default_factory=dict)  # field -> hash -> pk
    fixed: dict[str, Any] = field(default_factory=dict)  # attname -> value on every new row
    key_field: str = "key_hash"
    # Columns a new row takes from its hash and never changes (a family's reference; a
    # reading's outcome, type, date and source, which make its identity).
    identity: tuple[str, ...] = ()
    identity_of: Callable[[str], tuple[Any, ...]] | None = None

    @property
    def attnames(self) -> list[str]:
        return [f"{n}_id" if n in self.references else n for n in self.fields]


def _upsert(
    kind: _Kind,
    *,
    wanted: Mapping[str, Any],
    stored: dict[str, tuple[int, tuple[Any, ...]]],
    imported: FamiliesImport,
    revisions: list[Revision],
    on_change: dict[str, Any] | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Insert the new rows and update the changed ones; ``(counts, {hash: pk})``. Rows are
    tuples, made as they are needed: millions of per-row dicts took gigabytes."""
    counts = {"new": 0, "changed": 0, "unchanged": 0, "not_in_extract": 0}
    new: list[str] = []
    changed: list[models.Model] = []
    references = [
        (i, kind.references[name]) for i, name in enumerate(kind.fields) if name in kind.references
    ]
    attnames = kind.attnames

    def resolved(values: tuple[Any, ...]) -> tuple[Any, ...]:
        if not references:
            return values
        out = list(values)
        for i, pks in references:
            if out[i] is not None:
                out[i] = pks[out[i]]
        return tuple(out)

    for key_hash, row in wanted.items():
        values = kind.values_of(key_hash, row)
        found = stored.get(key_hash)
        if found is None:
            new.append(key_hash)
            continue
        pk, before = found
        if before == values:
            counts["unchanged"] += 1
            continue
        counts["changed"] += 1
        differ = [i for i in range(len(kind.fields)) if before[i] != values[i]]
        revisions.append(
            Revision(
                imported=imported,
                object_type=_REVISION_TYPE[kind.name],
                key_hash=key_hash,
                before={kind.fields[i]: _plain(before[i]) for i in differ},
                after={kind.fields[i]: _plain(values[i]) for i in differ},
            )
        )
        changed.append(
            kind.model(
                pk=pk, **dict(zip(attnames, resolved(values), strict=True)), **(on_change or {})
            )
        )
    counts["new"] = len(new)
    counts["not_in_extract"] = sum(1 for h in stored if h not in wanted)
    fixed = tuple(kind.fixed.values())
    identity_of = kind.identity_of or (lambda _h: ())
    _insert(
        kind.model,
        [kind.key_field, *kind.fixed, *kind.identity, *attnames],
        ((h, *fixed, *identity_of(h), *resolved(kind.values_of(h, wanted[h]))) for h in new),
    )
    if changed:
        kind.model.objects.bulk_update(changed, [*attnames, *(on_change or {})], batch_size=BATCH)
    pks = {h: pk for h, (pk, _) in stored.items()}
    if new and "partnership_id" in kind.fixed:
        # The new rows' keys, for the rows that refer to them: one query, not one per row.
        pks.update(
            kind.model.objects.filter(partnership_id=kind.fixed["partnership_id"]).values_list(
                kind.key_field, "pk"
            )
        )
    return counts, pks


def _insert(model: Any, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert new rows (tuples of the ``columns`` named, by attname; every other column takes
    its default) straight through the driver: ``executemany`` on SQLite, ``COPY`` on PostgreSQL, as the
    indicators' imports do (ADR 0001).

    Why not ``bulk_create``: building a model instance per row and compiling each batch's
    SQL took most of an import's time (100,000 families are millions of rows), and SQLite
    caps a statement at 999 values, so a batch was some 70 rows. The values are checked
    already and are text, numbers, booleans, dates and None, which both drivers take as
    they are (Django registers SQLite's date adapters); the timestamps are adapted once."""
    by_name = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    given = [by_name[name] for name in columns]
    others = [f for name, f in by_name.items() if name not in columns]
    now = timezone.now()
    defaults = []
    for f in others:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults.append(connection.ops.adapt_datetimefield_value(now))
        else:
            defaults.append(f.get_db_prep_save(f.get_default(), connection))
    fields = [*given, *others]
    rest = tuple(defaults)
    table = connection.ops.quote_name(model._meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = (row + rest for row in rows)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
        ):
            for value in values:
                copy.write_row(value)
    else:
        placeholders = ", ".join("?" for _ in fields)
        connection.connection.executemany(
            f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",  # noqa: S608
            values,
        )


def _stored(rows: Iterable[tuple[Any, ...]]) -> dict[str, tuple[int, tuple[Any, ...]]]:
    """``{hash: (pk, values)}`` from ``values_list("pk", key, *fields)`` rows."""
    return {row[1]: (row[0], tuple(row[2:])) for row in rows}


# -- The lead practitioner ------------------------------------------------------------------------

# An episode's values, in _EPISODE_FIELDS order.
_E_FAMILY, _E_START, _E_END, _E_ORGANISATION, _E_WORKER = 1, 2, 3, 6, 7


def _leads(
    episodes: Iterable[tuple[Any, ...]], agency_of: dict[str, str]
) -> dict[str, tuple[str | None, str]]:
    """``{family hash: (worker hash, agency)}``: the worker of the family's open episode
    with the latest start, else of the closed one that ended last; the agency is that
    episode's organisation, else the worker's department."""
    best: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for episode in episodes:
        end, start = episode[_E_END], episode[_E_START]
        # Ties (the same day) go to the later row, as the file lists them.
        rank: tuple[Any, ...] = (1, start, start) if end is None else (0, end, start)
        found = best.get(episode[_E_FAMILY])
        if found is None or rank >= found[0]:
            best[episode[_E_FAMILY]] = (rank, episode)
    leads = {}
    for family, (_, episode) in best.items():
        worker = episode[_E_WORKER]
        agency = episode[_E_ORGANISATION] or (agency_of.get(worker, "") if worker else "")
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
    "member", "family", "start", "end", "reason", "end_reason", "organisation", "worker",
)  # fmt: skip
_INVOLVEMENT_FIELDS = ("member", "professional", "role", "team", "start", "end", "change_reason")
_PROFESSIONAL_FIELDS = ("job_title", "agency", "name")
_FAMILY_FIELDS = ("lead_professional", "lead_agency")
_EVIDENCE_FIELDS = ("family", "member", "value", "note")
_EVIDENCE_IDENTITY = ("outcome_code", "evidence_type", "date", "source")


class _Store:
    """The partnership's stored rows, read once, by hash."""

    def __init__(self, partnership: Partnership) -> None:
        p = partnership
        self.professionals = _stored(
            Professional.objects.filter(partnership=p).values_list(
                "pk", "key_hash", *_PROFESSIONAL_FIELDS
            )
        )
        self.families = _stored(
            Family.objects.filter(partnership=p).values_list(
                "pk", "key_hash", "lead_professional__key_hash", "lead_agency"
            )
        )
        self.references_taken = set(
            Family.objects.filter(partnership=p).values_list("reference", flat=True)
        )
        self.people = _stored(
            Member.objects.filter(partnership=p).values_list(
                "pk", "key_hash", "family__key_hash", *_MEMBER_FIELDS[1:]
            )
        )
        self.episodes = _stored(
            Episode.objects.filter(partnership=p).values_list(
                "pk",
                "key_hash",
                "member__key_hash",
                "family__key_hash",
                *_EPISODE_FIELDS[2:-1],
                "worker__key_hash",
            )
        )
        self.involvements = _stored(
            Involvement.objects.filter(partnership=p).values_list(
                "pk",
                "key_hash",
                "member__key_hash",
                "professional__key_hash",
                *_INVOLVEMENT_FIELDS[2:],
            )
        )
        self.evidence = _stored(
            Evidence.objects.filter(family__partnership=p)
            .exclude(row_hash="")
            .values_list("pk", "row_hash", "family__key_hash", "member__key_hash", "value", "note")
        )

    def references(self) -> ssd_import.Stored:
        return ssd_import.Stored(
            family_of={h: values[0] for h, (_, values) in self.people.items()},
            families=set(self.families),
            professionals=set(self.professionals),
        )


def _episode_values(_h: str, e: ssd_import.Episode) -> tuple[Any, ...]:
    return (e.person, e.family, e.start, e.end, e.reason, e.end_reason, e.organisation, e.worker)


def _involvement_values(_h: str, i: ssd_import.Involvement) -> tuple[Any, ...]:
    return (i.person, i.professional, i.role, i.team, i.start, i.end, i.change_reason)


def _professional_values(_h: str, row: ssd_import.Professional) -> tuple[Any, ...]:
    return (row.job_title, row.agency, row.name)


def _reading_values(_h: str, r: ssd_import.Reading) -> tuple[Any, ...]:
    return (r.family, r.person, r.value, r.note)


def _reference(key_hash: str, taken: set[str]) -> str:
    """The family's short reference (``reference_for``), or where another family has it
    already, the same with more characters of the hash (``F-3K9Q2BX``).

    Six characters are 30 bits: among 10,000 families two share one about one time in
    twenty, among 100,000 several times over, so a clash is met by taking more of the hash
    rather than refused. A reference never changes once made."""
    reference = reference_for(key_hash)
    if reference not in taken:
        return reference
    letters = base64.b32encode(bytes.fromhex(key_hash)[:10]).decode()
    letters = letters.replace("O", "8").replace("I", "9")
    for length in range(7, 11):
        longer = "F-" + letters[:length]
        if longer not in taken:
            return longer
    raise ssd_import.ExtractRejected(
        [
            Problem(
                "ssd_family.csv",
                None,
                "fami_family_id",
                None,
                "two families' hashes agree in their first 50 bits: tell the CYPP team",
            )
        ]
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
        self, kind: _Kind, wanted: Mapping[str, Any], stored: Any, **extra: Any
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
        extract, stored = self.extract, self.stored
        fixed = {"partnership_id": self.partnership.pk}
        professionals = self._write(
            _Kind("professionals", Professional, _PROFESSIONAL_FIELDS, _professional_values,
                  fixed=fixed),
            extract.professionals,
            stored.professionals,
        )  # fmt: skip
        families = self._families(professionals)
        family_of = {h: values[0] for h, (_, values) in stored.people.items()}

        def person_values(h: str, person: ssd_import.Person) -> tuple[Any, ...]:
            family = extract.family_of.get(h) or family_of.get(h)
            return (family, person.sex, person.ethnicity, person.born, person.born_full_date,
                    person.name)  # fmt: skip

        members = self._write(
            _Kind("people", Member, _MEMBER_FIELDS, person_values, {"family": families},
                  fixed=fixed),
            extract.people,
            stored.people,
        )  # fmt: skip
        references = {"member": members, "family": families, "worker": professionals}
        self._write(
            _Kind("episodes", Episode, _EPISODE_FIELDS, _episode_values, references, fixed=fixed),
            extract.episodes,
            stored.episodes,
        )
        references = {"member": members, "professional": professionals}
        self._write(
            _Kind("involvements", Involvement, _INVOLVEMENT_FIELDS, _involvement_values,
                  references, fixed=fixed),
            extract.involvements,
            stored.involvements,
        )  # fmt: skip
        readings = extract.readings

        def identity(h: str) -> tuple[Any, ...]:
            r = readings[h]
            return (r.outcome_code, r.evidence_type, r.date, r.source)

        self._write(
            _Kind(
                "evidence",
                Evidence,
                _EVIDENCE_FIELDS,
                _reading_values,
                {"family": families, "member": members},
                fixed={"imported_id": self.imported.pk},
                key_field="row_hash",
                identity=_EVIDENCE_IDENTITY,
                identity_of=identity,
            ),
            readings,
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
        for h, e in extract.episodes.items():
            episodes[h] = _episode_values(h, e)
        agency_of = {h: values[1] for h, (_, values) in stored.professionals.items()}
        agency_of.update({h: row.agency for h, row in extract.professionals.items()})
        leads = _leads(episodes.values(), agency_of)
        del episodes
        wanted: dict[str, tuple[str | None, str]] = {}
        taken = set(stored.references_taken)
        references: dict[str, str] = {}
        for h in [*extract.families, *(h for h in leads if h not in extract.families)]:
            wanted[h] = leads.get(h, (None, ""))
            if h not in stored.families:
                references[h] = _reference(h, taken)
                taken.add(references[h])
        kind = _Kind(
            "families",
            Family,
            _FAMILY_FIELDS,
            lambda _h, lead: lead,
            {"lead_professional": professionals},
            fixed={"partnership_id": self.partnership.pk, "synthetic": self.synthetic},
            identity=("reference",),
            identity_of=lambda h: (references[h],),
        )
        return self._write(kind, wanted, stored.families)


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
