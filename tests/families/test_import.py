"""Importing an SSD extract (cypp.families.services_import): the hand-made extract in
tests/families/data/ssd-small/ counted and mapped by hand, keyed hashes and never a raw id,
identifiable data off and on, every broken file refused with nothing written, re-imports.

The extract (6 families, 15 people, 8 early help episodes, 6 involvements, 5 professionals
from 2 agencies, 30 evidence rows) was written by hand for these tests; every expected
figure below is counted from its rows, not from the importer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cypp.accounts.models import AuditEvent
from cypp.families.hashing import Hasher, families_settings, reference_for
from cypp.families.models import (
    Episode,
    Evidence,
    FamiliesImport,
    FamiliesSettings,
    Family,
    Framework,
    Involvement,
    Member,
    Outcome,
    Professional,
    Revision,
)
from cypp.families.services_import import (
    ImportRejected,
    families_import,
)
from tests.conftest import cli, cli_json
from tests.plans.factories import partnership_make

pytestmark = pytest.mark.django_db

SMALL = Path(__file__).resolve().parent / "data" / "ssd-small"
HEREFORDSHIRE = "Herefordshire Council Early Help"
TOGETHER = "Families Together (voluntary sector)"
TABLES = (FamiliesImport, Professional, Family, Member, Episode, Involvement, Evidence, Revision)


@pytest.fixture
def partnership() -> Any:
    return partnership_make("import-test")


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    """A copy of the small extract that a test may change."""
    return Path(shutil.copytree(SMALL, tmp_path / "ssd-small"))


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES} | {
        "AuditEvent": AuditEvent.objects.count(),
        "FamiliesSettings": FamiliesSettings.objects.count(),
    }


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def edit(directory: Path, file: str, row: int, column: str, value: str) -> None:
    """Set one cell: ``row`` counts data rows from 0 (file line ``row + 2``)."""
    path = directory / file
    rows = rows_of(path)
    rows[row][column] = value
    write_rows(path, rows)


# -- The small extract, counted by hand ----------------------------------------------------


def test_the_small_extract_is_counted_and_mapped_as_written(partnership: Any) -> None:
    result = families_import(partnership, SMALL, by=None)

    assert result.rows_read == 15 + 16 + 8 + 6 + 5 + 30
    assert result.counts == {
        "professionals": {"new": 5, "changed": 0, "unchanged": 0, "not_in_extract": 0},
        "families": {"new": 6, "changed": 0, "unchanged": 0, "not_in_extract": 0},
        "people": {"new": 15, "changed": 0, "unchanged": 0, "not_in_extract": 0},
        "episodes": {"new": 8, "changed": 0, "unchanged": 0, "not_in_extract": 0},
        "involvements": {"new": 6, "changed": 0, "unchanged": 0, "not_in_extract": 0},
        "evidence": {"new": 30, "changed": 0, "unchanged": 0, "not_in_extract": 0},
    }
    # P1005 is in FAM-2003 (row 5) and then FAM-2002 (row 7); 14 of 15 people have a date of
    # birth (P1014 has none), all kept as month and year; no framework is chosen.
    assert result.warnings == [
        "14 dates of birth were kept as month and year only (the partnership holds no "
        "identifiable data)",
        "1 person is in more than one family in ssd_family.csv: each is kept in the family "
        "of their last row",
        "the partnership has chosen no outcomes framework: outcome codes were not checked",
    ]
    hashed = Hasher(partnership)

    def family(raw: str) -> Family:
        return Family.objects.get(partnership=partnership, key_hash=hashed("family", raw))

    def person(raw: str) -> str:
        return hashed("person", raw)

    def worker(raw: str) -> Professional:
        return Professional.objects.get(key_hash=hashed("professional", raw))

    members = {
        "FAM-2001": {"P1001", "P1002", "P1003"},
        "FAM-2002": {"P1004", "P1005"},  # the later of P1005's two rows
        "FAM-2003": {"P1006", "P1007", "P1008"},
        "FAM-2004": {"P1009", "P1010"},
        "FAM-2005": {"P1011", "P1012", "P1013"},
        "FAM-2006": {"P1014", "P1015"},
    }
    for raw, people in members.items():
        found = family(raw)
        assert found.reference == reference_for(found.key_hash)
        assert set(found.members.values_list("key_hash", flat=True)) == {person(p) for p in people}
    # The lead practitioner: the open episode with the latest start, else the closed one that
    # ended last; the agency is the episode's organisation, else the worker's department.
    leads = {
        "FAM-2001": ("W02", HEREFORDSHIRE),  # E02 open (E01 closed)
        "FAM-2002": ("W03", TOGETHER),  # E03 closed, the only one
        "FAM-2003": ("W04", TOGETHER),  # E05 open, later than E04; no organisation: W04's
        "FAM-2004": ("W02", HEREFORDSHIRE),  # E07 ended 2023-08-15, after E06's 2023-05-31
        "FAM-2005": (None, HEREFORDSHIRE),  # E08 open, no worker allocated
        "FAM-2006": (None, ""),  # no episode
    }
    for raw, (lead, agency) in leads.items():
        found = family(raw)
        assert found.lead_professional == (worker(lead) if lead else None), raw
        assert found.lead_agency == agency, raw
    assert worker("W03").agency == TOGETHER
    assert worker("W01").job_title == "Family support worker"

    e05 = Episode.objects.get(key_hash=hashed("episode", "E05"))
    assert e05.family == family("FAM-2003")
    assert e05.member.key_hash == person("P1008")
    assert (e05.start, e05.end, e05.organisation) == (dt.date(2024, 2, 1), None, "")
    e03 = Episode.objects.get(key_hash=hashed("episode", "E03"))
    assert e03.family == family("FAM-2002")  # P1005's family: the later row
    assert e03.end == dt.date(2024, 2, 28)
    assert e03.end_reason == "Stepped up to children's social care"
    e01 = Episode.objects.get(key_hash=hashed("episode", "E01"))  # written with times
    assert (e01.start, e01.end) == (dt.date(2023, 4, 3), dt.date(2023, 10, 20))
    assert Episode.objects.filter(end__isnull=True).count() == 4  # E02, E04, E05, E08

    i05 = Involvement.objects.get(key_hash=hashed("involvement", "I05"))
    assert (i05.professional, i05.member.key_hash) == (worker("W04"), person("P1008"))
    assert (i05.role, i05.team, i05.change_reason) == (
        "Key worker",
        "Families Together Hereford",
        "LEFTRL",
    )

    p1002 = Member.objects.get(key_hash=person("P1002"))
    assert (p1002.born, p1002.born_full_date, p1002.sex) == (dt.date(2011, 7, 1), False, "M")
    assert Member.objects.get(key_hash=person("P1008")).sex == "U"
    assert Member.objects.get(key_hash=person("P1014")).born is None
    assert not Member.objects.exclude(name="").exists()

    # Evidence per family, counted from the file: person rows follow the person's family.
    per_family = {"FAM-2001": 10, "FAM-2002": 4, "FAM-2003": 6, "FAM-2004": 7, "FAM-2005": 2,
                  "FAM-2006": 1}  # fmt: skip
    for raw, count in per_family.items():
        assert family(raw).evidence.count() == count, raw
    assert Evidence.objects.filter(member__isnull=True).count() == 6  # rows by family_id only
    started = Evidence.objects.get(family=family("FAM-2001"), date=dt.date(2024, 2, 1))
    assert (started.outcome_code, started.evidence_type, started.value, started.source) == (
        "financial_stability",
        "adult_in_work",
        1.0,
        "employment",
    )
    assert started.note == "Started part-time work"
    assert started.imported_id == result.import_id
    assert all(e.row_hash for e in Evidence.objects.all())


def test_no_raw_id_is_stored_anywhere(partnership: Any) -> None:
    families_import(partnership, SMALL, by=None)
    raw_ids = set()
    for file, columns in {
        "ssd_person.csv": ["pers_person_id"],
        "ssd_family.csv": ["fami_table_id", "fami_family_id", "fami_person_id"],
        "ssd_early_help_episodes.csv": ["earl_episode_id", "earl_episode_worker_id"],
        "ssd_involvements.csv": ["invo_involvements_id", "invo_professional_id"],
        "ssd_professionals.csv": ["prof_professional_id", "prof_staff_id"],
    }.items():
        for row in rows_of(SMALL / file):
            raw_ids |= {row[c] for c in columns if row.get(c)}
    assert {"P1001", "FAM-2001", "E08", "I06", "W05", "S501", "R16"} <= raw_ids
    stored = []
    for model in TABLES:
        for row in model.objects.values():
            stored += [str(v) for v in row.values()]
    for row in AuditEvent.objects.filter(context="partnership:import-test").values():
        stored += [str(v) for v in row.values()]
    text = "\n".join(stored)
    assert [raw for raw in raw_ids if raw in text] == []


def test_the_import_is_in_the_audit_trail_with_counts_only(partnership: Any) -> None:
    result = families_import(partnership, SMALL, by=None)
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOAD, context="partnership:import-test")
    assert event.object_id == str(result.import_id)
    assert "people: 15 new, 0 changed, 0 unchanged, 0 not in this extract" in event.note
    hashes = Family.objects.values_list("key_hash", "reference")
    assert not any(h[:8] in event.note + event.object_repr or r in event.note for h, r in hashes)


# -- Identifiable data ---------------------------------------------------------------------


def test_names_are_refused_without_identifiable_data(partnership: Any, extract: Path) -> None:
    edit(extract, "ssd_person.csv", 2, "pers_surname", "Example")
    edit(extract, "ssd_professionals.csv", 0, "prof_professional_name", "A Worker")
    before = table_counts()
    with pytest.raises(ImportRejected) as refused:
        families_import(partnership, extract, by=None)
    where = [(p.file, p.row, p.column) for p in refused.value.problems]
    assert where == [
        ("ssd_person.csv", 4, "pers_surname"),
        ("ssd_professionals.csv", 2, "prof_professional_name"),
    ]
    assert all("names are not accepted" in p.reason for p in refused.value.problems)
    assert all(p.value is None for p in refused.value.problems)  # the name is not repeated
    assert "Example" not in str(refused.value)
    # The settings row (its hash salt) may be made on the first import; nothing else.
    assert table_counts() | {"FamiliesSettings": 0} == before | {"FamiliesSettings": 0}


def test_identifiable_data_on_keeps_names_and_full_dates_and_off_removes_them(
    partnership: Any, extract: Path
) -> None:
    edit(extract, "ssd_person.csv", 1, "pers_forename", "Sam")
    edit(extract, "ssd_person.csv", 1, "pers_surname", "Example")
    edit(extract, "ssd_professionals.csv", 0, "prof_professional_name", "A Worker")
    out = cli("families", "identifiable", "--partnership", "import-test", "on")
    assert "now on" in out
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE, context="partnership:import-test"
    ).exists()
    result = families_import(partnership, extract, by=None)
    assert result.warnings[0].startswith("1 person is in more than one family")
    hashed = Hasher(partnership)
    sam = Member.objects.get(key_hash=hashed("person", "P1002"))
    assert (sam.name, sam.born, sam.born_full_date) == ("Sam Example", dt.date(2011, 7, 22), True)
    assert Professional.objects.get(key_hash=hashed("professional", "W01")).name == "A Worker"

    # Names change in a new extract: the revision holds the old name until turned off.
    edit(extract, "ssd_person.csv", 1, "pers_forename", "Samuel")
    families_import(partnership, extract, by=None)
    revision = Revision.objects.get(object_type="member")
    assert revision.before == {"name": "Sam Example"}

    out = cli("families", "identifiable", "--partnership", "import-test", "off")
    assert "2 names removed, 14 dates of birth" in out
    sam.refresh_from_db()
    assert (sam.name, sam.born, sam.born_full_date) == ("", dt.date(2011, 7, 1), False)
    assert not Professional.objects.exclude(name="").exists()
    revision.refresh_from_db()
    assert revision.before == {"name": ""} and revision.after == {"name": ""}
    assert "already off" in cli("families", "identifiable", "--partnership", "import-test", "off")


# -- Broken files: refused whole, nothing written --------------------------------------------


def _drop_column(directory: Path, file: str, column: str) -> None:
    rows = rows_of(directory / file)
    for row in rows:
        del row[column]
    write_rows(directory / file, rows)


def _add_column(directory: Path, file: str, column: str) -> None:
    rows = rows_of(directory / file)
    for row in rows:
        row[column] = "x"
    write_rows(directory / file, rows)


def _append(directory: Path, file: str, **cells: str) -> None:
    rows = rows_of(directory / file)
    rows.append(dict.fromkeys(rows[0], "") | cells)
    write_rows(directory / file, rows)


BROKEN = {
    "missing file": (
        lambda d: (d / "ssd_family.csv").unlink(),
        ("ssd_family.csv", None, None),
    ),
    "missing column": (
        lambda d: _drop_column(d, "ssd_early_help_episodes.csv", "earl_episode_start_date"),
        ("ssd_early_help_episodes.csv", 1, "earl_episode_start_date"),
    ),
    "unknown column (refused: it could hold what the partnership must not)": (
        lambda d: _add_column(d, "ssd_person.csv", "pers_address"),
        ("ssd_person.csv", 1, "pers_address"),
    ),
    "bad date": (
        lambda d: edit(
            d, "ssd_early_help_episodes.csv", 2, "earl_episode_start_date", "12/06/2023"
        ),
        ("ssd_early_help_episodes.csv", 4, "earl_episode_start_date"),
    ),
    "impossible date": (
        lambda d: edit(d, "family_outcome_evidence.csv", 0, "date", "2023-02-30"),
        ("family_outcome_evidence.csv", 2, "date"),
    ),
    "end before start": (
        lambda d: edit(d, "ssd_early_help_episodes.csv", 5, "earl_episode_end_date", "2022-10-01"),
        ("ssd_early_help_episodes.csv", 7, "earl_episode_end_date"),
    ),
    "unknown person": (
        lambda d: edit(d, "ssd_early_help_episodes.csv", 7, "earl_person_id", "P9999"),
        ("ssd_early_help_episodes.csv", 9, "earl_person_id"),
    ),
    "unknown person in a family": (
        lambda d: edit(d, "ssd_family.csv", 15, "fami_person_id", "P9999"),
        ("ssd_family.csv", 17, "fami_person_id"),
    ),
    "unknown worker": (
        lambda d: edit(d, "ssd_early_help_episodes.csv", 1, "earl_episode_worker_id", "W99"),
        ("ssd_early_help_episodes.csv", 3, "earl_episode_worker_id"),
    ),
    "an episode of a person in no family": (
        lambda d: (
            _append(d, "ssd_person.csv", pers_person_id="P1016", pers_sex="F"),
            _append(
                d,
                "ssd_early_help_episodes.csv",
                earl_episode_id="E09",
                earl_person_id="P1016",
                earl_episode_start_date="2024-04-01",
            ),
        ),
        ("ssd_early_help_episodes.csv", 10, "earl_person_id"),
    ),
    "duplicate id": (
        lambda d: edit(d, "ssd_person.csv", 14, "pers_person_id", "P1003"),
        ("ssd_person.csv", 16, "pers_person_id"),
    ),
    "non-numeric value": (
        lambda d: edit(d, "family_outcome_evidence.csv", 10, "value", "two"),
        ("family_outcome_evidence.csv", 12, "value"),
    ),
    "unknown source": (
        lambda d: edit(d, "family_outcome_evidence.csv", 3, "source", "school"),
        ("family_outcome_evidence.csv", 5, "source"),
    ),
    "evidence for nobody": (
        lambda d: edit(d, "family_outcome_evidence.csv", 8, "family_id", ""),
        ("family_outcome_evidence.csv", 10, "person_id"),
    ),
    "the same reading twice": (
        lambda d: edit(d, "family_outcome_evidence.csv", 1, "date", "2023-03-31"),
        ("family_outcome_evidence.csv", 3, "date"),
    ),
    "a short row": (
        lambda d: (d / "ssd_involvements.csv").write_text(
            (d / "ssd_involvements.csv").read_text() + "I07,W01,Allocated worker\n"
        ),
        ("ssd_involvements.csv", 8, None),
    ),
    "cells beyond the header": (
        lambda d: (d / "ssd_family.csv").write_text(
            (d / "ssd_family.csv").read_text().replace("R03,FAM-2001,P1003", "R03,FAM-2001,P1003,x")
        ),
        ("ssd_family.csv", 4, None),
    ),
    "a file cut short": (
        lambda d: (d / "ssd_person.csv").write_text(
            (d / "ssd_person.csv").read_text() + "P1016,,,F"
        ),
        ("ssd_person.csv", 17, None),
    ),
    "a quote left open": (
        lambda d: (d / "ssd_professionals.csv").write_text(
            (d / "ssd_professionals.csv").read_text() + 'W06,,,,"Family worker,3,x,1.0,N\n'
        ),
        ("ssd_professionals.csv", 7, None),
    ),
    "not UTF-8": (
        lambda d: (d / "ssd_professionals.csv").write_bytes(
            (d / "ssd_professionals.csv").read_bytes().replace(b"voluntary", b"volunt\xe4ry")
        ),
        ("ssd_professionals.csv", 4, None),
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_extract_changes_nothing(partnership: Any, extract: Path, case: str) -> None:
    families_import(partnership, SMALL, by=None)  # something stored to leave untouched
    spoil, where = BROKEN[case]
    spoil(extract)
    before = table_counts()
    with pytest.raises(ImportRejected) as refused:
        families_import(partnership, extract, by=None)
    problems = refused.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [where], [str(p) for p in problems]
    assert "nothing was changed" in str(refused.value)
    assert table_counts() == before


def test_an_outcome_code_not_in_the_partnerships_framework_is_refused(
    partnership: Any, extract: Path
) -> None:
    framework = Framework.objects.create(key="local", version="1", title="Local", file_sha256="0")
    for order, code in enumerate(["education", "early_years", "health", "substance_use",
                                  "family_relationships", "safety", "crime", "domestic_abuse",
                                  "housing", "financial_stability"]):  # fmt: skip
        rules = [{"evidence_type": "school_attendance_pct"}] if code == "education" else []
        Outcome.objects.create(framework=framework, code=code, label=code, order=order, rules=rules)
    settings = families_settings(partnership)
    settings.framework = framework
    settings.save()
    edit(extract, "family_outcome_evidence.csv", 4, "outcome_code", "wellbeing")
    before = table_counts()
    with pytest.raises(ImportRejected) as refused:
        families_import(partnership, extract, by=None)
    [problem] = refused.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "family_outcome_evidence.csv",
        6,
        "outcome_code",
        "wellbeing",
    )
    assert table_counts() == before
    # The framework declares only attendance: the other evidence types are kept, with a warning.
    result = families_import(partnership, SMALL, by=None)
    assert result.warnings[-1] == (
        "evidence types the framework does not use (kept, not judged): adult_in_work, "
        "domestic_abuse_incidents_6_months, early_years_on_track, exploitation_risk, "
        "family_conflict_reported, health_needs_met, housing_at_risk, offences_6_months, "
        "substance_use_in_treatment"
    )


def test_every_problem_is_listed_not_only_the_first(partnership: Any, extract: Path) -> None:
    edit(extract, "ssd_early_help_episodes.csv", 0, "earl_episode_start_date", "soon")
    edit(extract, "ssd_involvements.csv", 0, "invo_professional_id", "W77")
    edit(extract, "family_outcome_evidence.csv", 0, "value", "n/a")
    with pytest.raises(ImportRejected) as refused:
        families_import(partnership, extract, by=None)
    assert [(p.file, p.row) for p in refused.value.problems] == [
        ("ssd_early_help_episodes.csv", 2),
        ("ssd_involvements.csv", 2),
        ("family_outcome_evidence.csv", 2),
    ]


def test_an_empty_optional_file_is_no_rows(partnership: Any, extract: Path) -> None:
    header = (extract / "ssd_involvements.csv").read_text().splitlines()[0]
    (extract / "ssd_involvements.csv").write_text(header + "\n")
    (extract / "family_outcome_evidence.csv").unlink()
    result = families_import(partnership, extract, by=None)
    assert result.counts["involvements"]["new"] == 0
    assert result.counts["evidence"]["new"] == 0
    assert result.counts["episodes"]["new"] == 8


# -- Re-imports ------------------------------------------------------------------------------


def test_the_same_files_again_change_nothing(partnership: Any) -> None:
    first = families_import(partnership, SMALL, by=None)
    before = table_counts()
    again = families_import(partnership, SMALL, by=None)
    assert again.already_imported and again.import_id == first.import_id
    assert table_counts() == before

    forced = families_import(partnership, SMALL, by=None, force=True)
    expected = {"people": 15, "families": 6, "episodes": 8, "involvements": 6,
                "professionals": 5, "evidence": 30}  # fmt: skip
    assert {name: c["unchanged"] for name, c in forced.counts.items()} == expected
    assert all(c["new"] == c["changed"] == c["not_in_extract"] == 0 for c in forced.counts.values())
    assert not Revision.objects.exists()


def test_a_changed_row_is_updated_and_its_old_values_kept(partnership: Any, extract: Path) -> None:
    families_import(partnership, SMALL, by=None)
    hashed = Hasher(partnership)
    # E01 gets another end reason; E02 closes (FAM-2001's lead moves to the closed episode
    # that ended last: E02, still W02); a reading is corrected; E08 and the last reading are
    # left out; a new reading arrives.
    edit(extract, "ssd_early_help_episodes.csv", 0, "earl_episode_end_reason", "Moved out of area")
    edit(extract, "ssd_early_help_episodes.csv", 1, "earl_episode_end_date", "2024-06-30")
    edit(extract, "family_outcome_evidence.csv", 0, "value", "83.5")
    rows = rows_of(extract / "ssd_early_help_episodes.csv")
    write_rows(extract / "ssd_early_help_episodes.csv", rows[:-1])
    rows = rows_of(extract / "family_outcome_evidence.csv")
    new_reading = dict(rows[0], date="2024-07-19", value="95.2")
    write_rows(extract / "family_outcome_evidence.csv", [*rows[:-1], new_reading])

    result = families_import(partnership, extract, by=None)
    assert result.counts["episodes"] == {
        "new": 0,
        "changed": 2,
        "unchanged": 5,
        "not_in_extract": 1,
    }
    assert result.counts["evidence"] == {
        "new": 1,
        "changed": 1,
        "unchanged": 28,
        "not_in_extract": 1,
    }
    assert result.counts["families"]["changed"] == 0

    e01 = Episode.objects.get(key_hash=hashed("episode", "E01"))
    assert e01.end_reason == "Moved out of area"
    revisions = {
        r.key_hash: (r.object_type, r.before, r.after)
        for r in Revision.objects.filter(imported_id=result.import_id)
    }
    assert revisions[e01.key_hash] == (
        "episode",
        {"end_reason": "Needs met"},
        {"end_reason": "Moved out of area"},
    )
    e02 = hashed("episode", "E02")
    assert revisions[e02] == ("episode", {"end": None}, {"end": "2024-06-30"})
    corrected = [v for v in revisions.values() if v[0] == "evidence"]
    assert corrected == [("evidence", {"value": 82.5}, {"value": 83.5})]
    # What the extract left out is kept.
    assert Episode.objects.filter(key_hash=hashed("episode", "E08")).exists()
    assert Evidence.objects.count() == 31
    assert FamiliesImport.objects.filter(partnership=partnership).count() == 2


# -- The command -----------------------------------------------------------------------------


def test_the_command_prints_counts_in_words_and_as_json(partnership: Any, extract: Path) -> None:
    out = cli("families", "import", "--partnership", "import-test", str(SMALL))
    assert "  people: 15 new, 0 changed, 0 unchanged" in out
    assert "  early help episodes: 8 new, 0 changed, 0 unchanged" in out
    assert "  warning: 14 dates of birth were kept as month and year only" in out
    assert "already imported" in cli("families", "import", "--partnership", "import-test",
                                     str(SMALL))  # fmt: skip
    found = cli_json("families", "import", "--partnership", "import-test", str(SMALL), "--force")
    assert found["counts"]["evidence"]["unchanged"] == 30
    assert found["already_imported"] is False


def test_the_command_lists_problems_and_fails(partnership: Any, extract: Path) -> None:
    edit(extract, "ssd_early_help_episodes.csv", 1, "earl_episode_worker_id", "W99")
    edit(extract, "family_outcome_evidence.csv", 10, "value", "two")
    before = table_counts()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("families", "import", "--partnership", "import-test", str(extract), stdout=out)
    assert out.getvalue().splitlines() == [
        "ssd_early_help_episodes.csv, row 3, column 'earl_episode_worker_id': no such "
        "professional in ssd_professionals.csv (nor an earlier import)",
        "family_outcome_evidence.csv, row 12, column 'value': not a number",
    ]
    assert table_counts() | {"FamiliesSettings": 0} == before | {"FamiliesSettings": 0}
    with pytest.raises(CommandError, match="no partnership"):
        cli("families", "import", "--partnership", "nowhere", str(extract))


def test_a_reference_another_family_has_takes_more_of_the_hash(partnership: Any) -> None:
    # Six characters are 30 bits: among 10,000 families two share one about one time in
    # twenty (n^2 / 2 / 2^30). A family already holding FAM-2001's reference stands in.
    hashed = Hasher(partnership)
    wanted = reference_for(hashed("family", "FAM-2001"))
    Family.objects.create(partnership=partnership, key_hash="0" * 64, reference=wanted)
    families_import(partnership, SMALL, by=None)
    made = Family.objects.get(key_hash=hashed("family", "FAM-2001")).reference
    assert len(made) == len(wanted) + 1 and made.startswith(wanted)
    others = Family.objects.exclude(key_hash__in=["0" * 64, hashed("family", "FAM-2001")])
    assert all(len(f.reference) == len(wanted) for f in others)


def test_nhs_and_registration_numbers_are_refused_without_identifiable_data(
    partnership: Any, extract: Path
) -> None:
    edit(extract, "ssd_person.csv", 0, "pers_common_child_id", "9434765919")
    edit(extract, "ssd_professionals.csv", 1, "prof_social_worker_registration_no", "SW123456")
    with pytest.raises(ImportRejected) as refused:
        families_import(partnership, extract, by=None)
    assert [(p.file, p.row, p.column) for p in refused.value.problems] == [
        ("ssd_person.csv", 2, "pers_common_child_id"),
        ("ssd_professionals.csv", 3, "prof_social_worker_registration_no"),
    ]
    assert "9434765919" not in str(refused.value) and "SW123456" not in str(refused.value)
    assert not Family.objects.exists()
