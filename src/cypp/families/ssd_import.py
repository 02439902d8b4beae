"""Reading and checking an SSD extract directory: no writes.

A directory holds one CSV per Standard Safeguarding Dataset object, named after it, with the
SSD's field names as headers, plus ``family_outcome_evidence.csv`` (docs/families.md,
"Importing from the SSD", is the contract). ``extract_read`` reads every file by the
strict CSV reader's rules (``cypp.indicators.importers.csv_files``), row by row, checks
every cell and every reference between the files, and returns an ``Extract`` holding only
keyed hashes of the ids: a raw id never leaves this module. Every problem is collected (file, row, column,
reason) and ``ExtractRejected`` carries them all.

A problem echoes a cell's value only for codes (sex, outcome, evidence type, source, a
column's name), never an id, a name, a date or an evidence value, so the list of problems
can be passed to the extract's supplier without passing on a family's data.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cypp.errors import ApplicationError, rejection_message
from cypp.indicators.importers.base import Problem
from cypp.indicators.importers.csv_files import csv_text

PERSON = "ssd_person"
FAMILY = "ssd_family"
EPISODES = "ssd_early_help_episodes"
INVOLVEMENTS = "ssd_involvements"
PROFESSIONALS = "ssd_professionals"
EVIDENCE = "family_outcome_evidence"

# Every field of each SSD object (../shared/data/early-help/ssd-data-model/objects/*.yml),
# required ones first. A column that is not one of these is refused: an unknown column could
# carry what the partnership must not hold (an address, a name), and it is not read.
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    PERSON: (
        ("pers_person_id",),
        (
            "pers_forename",
            "pers_surname",
            "pers_sex",
            "pers_gender",
            "pers_ethnicity",
            "pers_dob",
            "pers_common_child_id",
            "pers_legacy_id",
            "pers_upn_unknown",
            "pers_send_flag",
            "pers_expected_dob",
            "pers_death_date",
            "pers_is_mother",
            "pers_nationality",
        ),
    ),
    FAMILY: (("fami_family_id", "fami_person_id"), ("fami_table_id",)),
    EPISODES: (
        ("earl_episode_id", "earl_person_id", "earl_episode_start_date"),
        (
            "earl_episode_end_date",
            "earl_episode_reason",
            "earl_episode_end_reason",
            "earl_episode_organisation",
            "earl_episode_worker_id",
        ),
    ),
    INVOLVEMENTS: (
        ("invo_involvements_id", "invo_professional_id", "invo_person_id"),
        (
            "invo_professional_role_id",
            "invo_professional_team",
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            "invo_worker_change_reason",
            "invo_referral_id",
        ),
    ),
    PROFESSIONALS: (
        ("prof_professional_id",),
        (
            "prof_staff_id",
            "prof_professional_name",
            "prof_social_worker_registration_no",
            "prof_professional_job_title",
            "prof_professional_caseload",
            "prof_professional_department",
            "prof_full_time_equivalency",
            "prof_agency_worker_flag",
        ),
    ),
    # person_id or family_id: at least one of the two columns (checked on its own).
    EVIDENCE: (
        ("outcome_code", "evidence_type", "date", "value", "source"),
        ("person_id", "family_id", "note"),
    ),
}
REQUIRED_FILES = (PERSON, FAMILY, EPISODES)
OPTIONAL_FILES = (PROFESSIONALS, INVOLVEMENTS, EVIDENCE)

# Where evidence comes from (vocabulary fixed for the families app; docs/families.md).
SOURCES = (
    "school_attendance",
    "police",
    "housing",
    "employment",
    "health",
    "early_years",
    "children_services",
    "practitioner",
    "other",
)
SEXES = {"F": "F", "M": "M", "U": "U"}

# The hash kinds: the same kind for a professional and an episode's worker (one id space).
KIND_PERSON = "person"
KIND_FAMILY = "family"
KIND_EPISODE = "episode"
KIND_INVOLVEMENT = "involvement"
KIND_PROFESSIONAL = "professional"
KIND_EVIDENCE = "evidence"

MAX_PROBLEMS = 1000
TEXT_MAX = 200  # the models' text columns
CODE_MAX = 60
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_SLUG = re.compile(r"[a-z0-9_-]+")
NO_NAMES = "names are not accepted: the partnership holds no identifiable data"


class ExtractRejected(ApplicationError):
    """The extract was refused whole; nothing was written. ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(rejection_message("Import", problems, shown=50))


# -- What an extract holds, ids as keyed hashes ------------------------------------------------


@dataclass(slots=True)
class Person:
    sex: str
    ethnicity: str
    born: dt.date | None
    born_full_date: bool
    name: str


@dataclass(slots=True)
class Professional:
    job_title: str
    agency: str
    name: str


@dataclass(slots=True)
class Episode:
    person: str
    family: str
    start: dt.date
    end: dt.date | None
    reason: str
    end_reason: str
    organisation: str
    worker: str | None


@dataclass(slots=True)
class Involvement:
    person: str
    professional: str
    role: str
    team: str
    start: dt.date | None
    end: dt.date | None
    change_reason: str


@dataclass(slots=True)
class Reading:
    family: str
    person: str | None
    outcome_code: str
    evidence_type: str
    date: dt.date
    value: float
    source: str
    note: str


@dataclass(slots=True)
class Stored:
    """What earlier imports left, by hash: a partial extract may refer to it."""

    family_of: dict[str, str | None] = field(default_factory=dict)  # person -> family
    families: set[str] = field(default_factory=set)
    professionals: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Framework:
    """The partnership's framework as the checks need it (None: no framework chosen)."""

    outcome_codes: frozenset[str]
    evidence_types: frozenset[str]


@dataclass(slots=True)
class Extract:
    files: dict[str, str]  # {file name: SHA-256}
    people: dict[str, Person] = field(default_factory=dict)
    family_of: dict[str, str] = field(default_factory=dict)  # from ssd_family
    families: dict[str, None] = field(default_factory=dict)  # ordered set
    professionals: dict[str, Professional] = field(default_factory=dict)
    episodes: dict[str, Episode] = field(default_factory=dict)
    involvements: dict[str, Involvement] = field(default_factory=dict)
    readings: dict[str, Reading] = field(default_factory=dict)
    rows_read: int = 0
    warnings: list[str] = field(default_factory=list)


# -- Reading -------------------------------------------------------------------------------


def extract_files(directory: Path) -> dict[str, str]:
    """``{file name: SHA-256}`` of the files of the contract present in ``directory``."""
    found = {}
    for name in (*REQUIRED_FILES, *OPTIONAL_FILES):
        path = directory / f"{name}.csv"
        if path.is_file():
            found[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.more = 0
        self._dates: dict[str, dt.date | None] = {}

    def add(
        self, file: str, row: int | None, column: str | None, reason: str, value: str | None = None
    ) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, row, column, value, reason))
        else:
            self.more += 1

    def date(self, text: str) -> dt.date | None:
        """``YYYY-MM-DD`` or the SSD's ``YYYY-MM-DD HH:MM:SS`` (the time dropped); None if
        not a date."""
        try:
            return self._dates[text]
        except KeyError:
            pass
        parsed = None
        if _DATE.fullmatch(text):
            try:
                parsed = dt.date.fromisoformat(text[:10])
            except ValueError:
                parsed = None
        self._dates[text] = parsed
        return parsed


class _Table:
    """One file's rows, read once and one at a time (an evidence file of 100,000 families is
    millions of rows: held whole as Python strings it took gigabytes). The checks are the
    strict reader's (``cypp.indicators.importers.csv_files``): whole rows, no quote left
    open, no cells beyond the header, no file cut short; each problem names its row."""

    def __init__(self, file: str, path: Path, text: str, checker: _Checker) -> None:
        self.file = file
        self.path = path
        # The text was read once to check its encoding (csv_text); the rows are read from
        # the file again, a line at a time, rather than held in memory (an io.StringIO of
        # it takes four bytes a character).
        self.first_line = text.lstrip("\r\n").split("\n", 1)[0]
        self.ends_in_newline = text.endswith(("\n", "\r"))
        self.check = checker
        self.count = 0
        self.header: list[str] = []
        self.positions: dict[str, int] = {}
        self.header_line = 1

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        end = 0
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as lines:
                reader = csv.reader(lines, strict=True)
                for cells in reader:
                    start, end = end + 1, reader.line_num
                    if cells:  # a blank line holds nothing
                        yield start, cells
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason:
                reason = "a quote is left open to the end of the file: the file is cut short"
            elif "field larger than field limit" in reason:
                reason = f"a cell is longer than {csv.field_size_limit():,} characters"
            else:
                reason = f"cannot be read as CSV ({reason}): a quote in the wrong place?"
            self.check.add(self.file, end + 1, None, reason)

    def read_header(self) -> bool:
        first = self.first_line
        if "," not in first and any(d in first for d in ";\t|"):
            self.check.add(
                self.file, 1, None, "the header has no commas: save the file as comma-separated CSV"
            )
            return False
        for line, cells in self._records():
            self.header_line = line
            self.header = [h.lstrip("\ufeff").strip().lower() for h in cells]
            break
        for position, name in enumerate(self.header):
            if not name:
                continue  # a column with no name: its cells must be empty (checked per row)
            if name in self.positions:
                self.check.add(
                    self.file,
                    self.header_line,
                    name,
                    f"the column appears twice in the header (columns "
                    f"{self.positions[name] + 1} and {position + 1})",
                )
            self.positions.setdefault(name, position)
        return bool(self.header)

    def rows(self, *names: str) -> Iterator[tuple[Any, ...]]:
        """``(line, cell, ...)`` for the named columns (None for a blank cell or a column
        the file does not have), row by row; a malformed row is a problem and skipped."""
        where = [self.positions.get(n) for n in names]
        width = len(self.header)
        unnamed = [i for i, h in enumerate(self.header) if not h]
        ends_in_newline = self.ends_in_newline
        records = self._records()
        next(records, None)  # the header
        pending: tuple[int, list[str]] | None = None
        for record in records:
            if pending is not None:
                yield from self._row(*pending, where, width, unnamed, last=False)
            pending = record
        if pending is not None:
            yield from self._row(*pending, where, width, unnamed, last=not ends_in_newline)

    def _row(
        self,
        line: int,
        cells: list[str],
        where: list[int | None],
        width: int,
        unnamed: list[int],
        *,
        last: bool,
    ) -> Iterator[tuple[Any, ...]]:
        self.count += 1
        if len(cells) < width:
            if last:
                reason = (
                    f"the last row has {len(cells)} of {width} cells and the file does not "
                    "end in a newline: the file is cut short"
                )
            else:
                reason = f"the row has {len(cells)} cells where the header has {width}"
            self.check.add(self.file, line, None, reason)
            return
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            self.check.add(
                self.file,
                line,
                None,
                f"the row has {len(cells)} cells where the header has {width} "
                "(a comma in a value that is not quoted?)",
            )
            return
        for i in unnamed:
            if cells[i].strip():
                self.check.add(
                    self.file, line, None, f"column {i + 1} has a value but no name in the header"
                )
                return
        yield (line, *((cells[i] or None) if i is not None else None for i in where))


def _table(directory: Path, name: str, checker: _Checker, *, required: bool) -> _Table | None:
    file = f"{name}.csv"
    path = directory / file
    if not path.exists():
        if required:
            checker.add(file, None, None, "the file is missing: every extract needs it")
        return None
    needed, optional = FIELDS[name]
    text, problems = csv_text(path)
    if text is None:
        for p in problems:
            checker.add(p.file, p.row, p.column, p.reason, p.value)
        return None
    table = _Table(file, path, text, checker)
    del text
    if not table.read_header():
        return None
    known = set(needed) | set(optional)
    for column in table.positions:
        if column not in known:
            checker.add(
                file,
                table.header_line,
                column,
                f"not a field of {name}: remove the column (the fields read are in "
                "docs/families.md)",
                value=column,
            )
    for column in needed:
        if column not in table.positions:
            checker.add(file, table.header_line, column, "the column is missing: the file needs it")
    if name == EVIDENCE and not {"person_id", "family_id"} & set(table.positions):
        checker.add(
            file, table.header_line, "person_id", "the file needs a person_id or a family_id column"
        )
    return table


def extract_read(
    directory: Path,
    *,
    hasher: Callable[[str, str], str],
    identifiable: bool,
    framework: Framework | None,
    stored: Stored,
) -> Extract:
    """Read and check the extract in ``directory``; raise ``ExtractRejected`` with every
    problem, or return it with its ids hashed by ``hasher(kind, raw id)``."""
    checker = _Checker()
    if not directory.is_dir():
        raise ExtractRejected([Problem(directory.name, None, None, None, "no such folder")])
    extract = Extract(files=extract_files(directory))
    tables = {
        name: _table(directory, name, checker, required=name in REQUIRED_FILES)
        for name in (*REQUIRED_FILES, *OPTIONAL_FILES)
    }
    if checker.problems:
        # A missing file or column: the rows cannot be checked against each other.
        raise ExtractRejected(checker.problems)
    reader = _Rows(extract, checker, hasher, identifiable, framework, stored)
    reader.people(tables[PERSON])
    reader.professionals(tables[PROFESSIONALS])
    reader.families(tables[FAMILY])
    reader.episodes(tables[EPISODES])
    reader.involvements(tables[INVOLVEMENTS])
    reader.readings(tables[EVIDENCE])
    if checker.problems:
        problems = checker.problems
        if checker.more:
            problems.append(
                Problem(
                    "the extract", None, None, None, f"and {checker.more} more problems not listed"
                )
            )
        raise ExtractRejected(problems)
    extract.rows_read = sum(t.count for t in tables.values() if t is not None)
    return extract


class _Rows:
    """The checks of each file's rows, in the order the files depend on each other."""

    def __init__(
        self,
        extract: Extract,
        checker: _Checker,
        hasher: Callable[[str, str], str],
        identifiable: bool,
        framework: Framework | None,
        stored: Stored,
    ) -> None:
        self.extract = extract
        self.check = checker
        self.hasher = hasher
        self.identifiable = identifiable
        self.framework = framework
        self.stored = stored
        self._hashes: dict[tuple[str, str], str] = {}
        # One copy of each repeated text (a code, an organisation, a reason): millions of
        # readings each holding their own "school_attendance_pct" took hundreds of megabytes.
        self._texts: dict[str, str] = {}

    def one(self, text: str) -> str:
        return self._texts.setdefault(text, text)

    def hash(self, kind: str, raw: str) -> str:
        key = (kind, raw)
        found = self._hashes.get(key)
        if found is None:
            found = self._hashes[key] = self.hasher(kind, raw)
        return found

    def text(self, file: str, line: int, column: str, value: str | None, limit: int) -> str:
        text = (value or "").strip()
        if len(text) > limit:
            self.check.add(file, line, column, f"longer than {limit} characters")
        return self.one(text)

    def date(self, file: str, line: int, column: str, value: str | None) -> dt.date | None:
        text = (value or "").strip()
        if not text:
            return None
        found = self.check.date(text)
        if found is None:
            self.check.add(
                file, line, column, "not a date: write YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS)"
            )
        return found

    def unique_id(
        self, file: str, line: int, column: str, value: str | None, kind: str, seen: dict[str, int]
    ) -> str | None:
        raw = (value or "").strip()
        if not raw:
            self.check.add(file, line, column, "the id is empty")
            return None
        key_hash = self.hash(kind, raw)
        if key_hash in seen:
            self.check.add(file, line, column, f"the same id as row {seen[key_hash]}")
            return None
        seen[key_hash] = line
        return key_hash

    def person_ref(self, file: str, line: int, column: str, value: str | None) -> str | None:
        raw = (value or "").strip()
        if not raw:
            self.check.add(file, line, column, "the person id is empty")
            return None
        key_hash = self.hash(KIND_PERSON, raw)
        if key_hash not in self.extract.people and key_hash not in self.stored.family_of:
            self.check.add(
                file, line, column, "no such person in ssd_person.csv (nor an earlier import)"
            )
            return None
        return key_hash

    def family_of(self, person: str) -> str | None:
        found = self.extract.family_of.get(person)
        return found if found is not None else self.stored.family_of.get(person)

    def people(self, table: _Table | None) -> None:
        if table is None:
            return
        file, seen = table.file, dict[str, int]()
        dropped = 0
        names = "pers_forename", "pers_surname"
        for line, pid, forename, surname, sex, ethnicity, dob, nhs in table.rows(
            "pers_person_id",
            *names,
            "pers_sex",
            "pers_ethnicity",
            "pers_dob",
            "pers_common_child_id",
        ):
            key_hash = self.unique_id(file, line, "pers_person_id", pid, KIND_PERSON, seen)
            name = ""
            if self.identifiable:
                name = f"{(forename or '').strip()} {(surname or '').strip()}".strip()
                name = self.text(file, line, "pers_forename", name, TEXT_MAX)
            else:
                for column, cell in zip(names, (forename, surname), strict=True):
                    if cell and cell.strip():
                        self.check.add(file, line, column, NO_NAMES)
                if nhs and nhs.strip():
                    self.check.add(
                        file,
                        line,
                        "pers_common_child_id",
                        "NHS numbers are not accepted: the partnership holds no identifiable data",
                    )
            code = (sex or "U").strip().upper() or "U"
            if code not in SEXES:
                self.check.add(file, line, "pers_sex", "not a sex code: F, M or U", value=sex)
            born = self.date(file, line, "pers_dob", dob)
            full = born is not None and self.identifiable
            if born is not None and not self.identifiable:
                dropped += 1
                born = born.replace(day=1)
            if key_hash is not None:
                self.extract.people[key_hash] = Person(
                    sex=SEXES.get(code, "U"),
                    ethnicity=self.text(file, line, "pers_ethnicity", ethnicity, 10),
                    born=born,
                    born_full_date=full,
                    name=name,
                )
        if dropped:
            self.extract.warnings.append(
                f"{dropped} {'date of birth was' if dropped == 1 else 'dates of birth were'} "
                "kept as month and year only (the partnership holds no identifiable data)"
            )

    def professionals(self, table: _Table | None) -> None:
        if table is None:
            return
        file, seen = table.file, dict[str, int]()
        for line, pid, name, registration, title, department in table.rows(
            "prof_professional_id",
            "prof_professional_name",
            "prof_social_worker_registration_no",
            "prof_professional_job_title",
            "prof_professional_department",
        ):
            key_hash = self.unique_id(
                file, line, "prof_professional_id", pid, KIND_PROFESSIONAL, seen
            )
            kept = ""
            if self.identifiable:
                kept = self.text(file, line, "prof_professional_name", name, TEXT_MAX)
            else:
                if name and name.strip():
                    self.check.add(file, line, "prof_professional_name", NO_NAMES)
                if registration and registration.strip():
                    self.check.add(
                        file,
                        line,
                        "prof_social_worker_registration_no",
                        "registration numbers are not accepted: the partnership holds no "
                        "identifiable data",
                    )
            if key_hash is not None:
                self.extract.professionals[key_hash] = Professional(
                    job_title=self.text(file, line, "prof_professional_job_title", title, TEXT_MAX),
                    agency=self.text(
                        file, line, "prof_professional_department", department, TEXT_MAX
                    ),
                    name=kept,
                )

    def professional_ref(self, file: str, line: int, column: str, value: str | None) -> str | None:
        raw = (value or "").strip()
        if not raw:
            return None
        key_hash = self.hash(KIND_PROFESSIONAL, raw)
        if key_hash not in self.extract.professionals and key_hash not in self.stored.professionals:
            self.check.add(
                file,
                line,
                column,
                "no such professional in ssd_professionals.csv (nor an earlier import)",
            )
            return None
        return key_hash

    def families(self, table: _Table | None) -> None:
        if table is None:
            return
        file, rows_seen = table.file, dict[str, int]()
        moved: set[str] = set()
        family_of = self.extract.family_of
        for line, row_id, fid, pid in table.rows(
            "fami_table_id", "fami_family_id", "fami_person_id"
        ):
            if row_id is not None and row_id.strip():
                if row_id.strip() in rows_seen:
                    self.check.add(
                        file,
                        line,
                        "fami_table_id",
                        f"the same id as row {rows_seen[row_id.strip()]}",
                    )
                rows_seen[row_id.strip()] = line
            raw = (fid or "").strip()
            if not raw:
                self.check.add(file, line, "fami_family_id", "the family id is empty")
                continue
            family = self.hash(KIND_FAMILY, raw)
            person = self.person_ref(file, line, "fami_person_id", pid)
            self.extract.families[family] = None
            if person is None:
                continue
            earlier = family_of.get(person)
            if earlier is not None and earlier != family:
                moved.add(person)
            family_of[person] = family
        if moved:
            self.extract.warnings.append(
                f"{len(moved)} {'person is' if len(moved) == 1 else 'people are'} in more than "
                "one family in ssd_family.csv: each is kept in the family of their last row"
            )

    def episodes(self, table: _Table | None) -> None:
        if table is None:
            return
        file, seen = table.file, dict[str, int]()
        for line, eid, pid, start, end, reason, end_reason, organisation, worker in table.rows(
            "earl_episode_id",
            "earl_person_id",
            "earl_episode_start_date",
            "earl_episode_end_date",
            "earl_episode_reason",
            "earl_episode_end_reason",
            "earl_episode_organisation",
            "earl_episode_worker_id",
        ):
            key_hash = self.unique_id(file, line, "earl_episode_id", eid, KIND_EPISODE, seen)
            person = self.person_ref(file, line, "earl_person_id", pid)
            family = None
            if person is not None:
                family = self.family_of(person)
                if family is None:
                    self.check.add(
                        file,
                        line,
                        "earl_person_id",
                        "the person is in no family: add them to ssd_family.csv",
                    )
            begun = self.date(file, line, "earl_episode_start_date", start)
            if begun is None and not (start or "").strip():
                self.check.add(file, line, "earl_episode_start_date", "the start date is empty")
            ended = self.date(file, line, "earl_episode_end_date", end)
            if begun is not None and ended is not None and ended < begun:
                self.check.add(
                    file, line, "earl_episode_end_date", "the episode ends before it starts"
                )
            fields = (
                self.text(file, line, "earl_episode_reason", reason, TEXT_MAX),
                self.text(file, line, "earl_episode_end_reason", end_reason, TEXT_MAX),
                self.text(file, line, "earl_episode_organisation", organisation, TEXT_MAX),
            )
            worker_hash = self.professional_ref(file, line, "earl_episode_worker_id", worker)
            if key_hash is None or person is None or family is None or begun is None:
                continue
            self.extract.episodes[key_hash] = Episode(
                person, family, begun, ended, *fields, worker=worker_hash
            )

    def involvements(self, table: _Table | None) -> None:
        if table is None:
            return
        file, seen = table.file, dict[str, int]()
        for line, iid, prof, role, team, start, end, reason, pid in table.rows(
            "invo_involvements_id",
            "invo_professional_id",
            "invo_professional_role_id",
            "invo_professional_team",
            "invo_involvement_start_date",
            "invo_involvement_end_date",
            "invo_worker_change_reason",
            "invo_person_id",
        ):
            key_hash = self.unique_id(
                file, line, "invo_involvements_id", iid, KIND_INVOLVEMENT, seen
            )
            person = self.person_ref(file, line, "invo_person_id", pid)
            professional = self.professional_ref(file, line, "invo_professional_id", prof)
            if professional is None and not (prof or "").strip():
                self.check.add(file, line, "invo_professional_id", "the professional id is empty")
            begun = self.date(file, line, "invo_involvement_start_date", start)
            ended = self.date(file, line, "invo_involvement_end_date", end)
            if begun is not None and ended is not None and ended < begun:
                self.check.add(
                    file, line, "invo_involvement_end_date", "the involvement ends before it starts"
                )
            fields = (
                self.text(file, line, "invo_professional_role_id", role, TEXT_MAX),
                self.text(file, line, "invo_professional_team", team, TEXT_MAX),
            )
            change = self.text(file, line, "invo_worker_change_reason", reason, TEXT_MAX)
            if key_hash is None or person is None or professional is None:
                continue
            self.extract.involvements[key_hash] = Involvement(
                person, professional, *fields, start=begun, end=ended, change_reason=change
            )

    def readings(self, table: _Table | None) -> None:
        if table is None:
            return
        file, seen = table.file, dict[str, int]()
        framework = self.framework
        undeclared: set[str] = set()
        for line, pid, fid, code, kind, when, value, source, note in table.rows(
            "person_id",
            "family_id",
            "outcome_code",
            "evidence_type",
            "date",
            "value",
            "source",
            "note",
        ):
            raw_person, raw_family = (pid or "").strip(), (fid or "").strip()
            person = family = None
            if raw_person:
                person = self.person_ref(file, line, "person_id", raw_person)
                if person is not None:
                    family = self.family_of(person)
                    if family is None:
                        self.check.add(file, line, "person_id", "the person is in no family")
            if raw_family:
                given = self.hash(KIND_FAMILY, raw_family)
                if given not in self.extract.families and given not in self.stored.families:
                    self.check.add(
                        file,
                        line,
                        "family_id",
                        "no such family in ssd_family.csv (nor an earlier import)",
                    )
                elif family is not None and family != given:
                    self.check.add(file, line, "family_id", "the person is not in this family")
                elif not raw_person:
                    family = given
            if not raw_person and not raw_family:
                self.check.add(file, line, "person_id", "give a person_id or a family_id")
            outcome = (code or "").strip()
            if not _SLUG.fullmatch(outcome) or len(outcome) > CODE_MAX:
                self.check.add(
                    file,
                    line,
                    "outcome_code",
                    "not an outcome code (lower-case letters, digits, _)",
                    value=code,
                )
            elif framework is not None and outcome not in framework.outcome_codes:
                self.check.add(
                    file,
                    line,
                    "outcome_code",
                    "not an outcome of the partnership's framework: "
                    + ", ".join(sorted(framework.outcome_codes)),
                    value=outcome,
                )
            evidence_type = (kind or "").strip()
            if not _SLUG.fullmatch(evidence_type) or len(evidence_type) > CODE_MAX:
                self.check.add(
                    file,
                    line,
                    "evidence_type",
                    "not an evidence type (lower-case letters, digits, _)",
                    value=kind,
                )
            elif framework is not None and evidence_type not in framework.evidence_types:
                undeclared.add(evidence_type)
            date = self.date(file, line, "date", when)
            if date is None and not (when or "").strip():
                self.check.add(file, line, "date", "the date is empty")
            number = None
            text = (value or "").strip()
            if not _NUMBER.fullmatch(text) or not math.isfinite(float(text)):
                self.check.add(file, line, "value", "not a number")
            else:
                number = float(text)
            origin = (source or "").strip()
            if origin not in SOURCES:
                self.check.add(
                    file, line, "source", "not a source: " + ", ".join(SOURCES), value=source
                )
            if (person is None and family is None) or date is None or number is None:
                continue
            who = f"person:{raw_person}" if raw_person else f"family:{raw_family}"
            # Not through the cache: each reading's identity is its own.
            row_hash = self.hasher(
                KIND_EVIDENCE, f"{who}|{outcome}|{evidence_type}|{date.isoformat()}|{origin}"
            )
            if row_hash in seen:
                self.check.add(
                    file,
                    line,
                    "date",
                    f"the same reading as row {seen[row_hash]} (same person or family, "
                    "outcome, evidence type, date and source)",
                )
                continue
            seen[row_hash] = line
            if family is None:
                continue
            self.extract.readings[row_hash] = Reading(
                family,
                person,
                self.one(outcome),
                self.one(evidence_type),
                date,
                number,
                self.one(origin),
                self.one((note or "").strip()),
            )
        if framework is None and self.extract.readings:
            self.extract.warnings.append(
                "the partnership has chosen no outcomes framework: outcome codes were not checked"
            )
        if undeclared:
            self.extract.warnings.append(
                "evidence types the framework does not use (kept, not judged): "
                + ", ".join(sorted(undeclared))
            )
