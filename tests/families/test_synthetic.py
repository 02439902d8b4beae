"""The synthetic cohort (cypp.families.synthetic): the same seed gives the same bytes, the
files have the SSD's shape, and the committed demo cohort is what its seed makes."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

from cypp.families.synthetic import DEMO_COHORT, synthetic_cohort_write

ROOT = Path(__file__).resolve().parents[2]
DEMO_COHORT_DIR = ROOT / "demo" / "data" / "families" / "herefordshire"

# Field names of the five SSD objects, copied from the SSD data model's objects/*.yml
# (ssd_person, ssd_family, ssd_early_help_episodes, ssd_involvements, ssd_professionals).
SSD_FIELDS = {
    "ssd_person.csv": {
        "pers_person_id",
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
    },
    "ssd_family.csv": {"fami_table_id", "fami_family_id", "fami_person_id"},
    "ssd_early_help_episodes.csv": {
        "earl_episode_id",
        "earl_person_id",
        "earl_episode_start_date",
        "earl_episode_end_date",
        "earl_episode_reason",
        "earl_episode_end_reason",
        "earl_episode_organisation",
        "earl_episode_worker_id",
    },
    "ssd_involvements.csv": {
        "invo_involvements_id",
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
        "invo_worker_change_reason",
        "invo_person_id",
        "invo_referral_id",
    },
    "ssd_professionals.csv": {
        "prof_professional_id",
        "prof_staff_id",
        "prof_professional_name",
        "prof_social_worker_registration_no",
        "prof_professional_job_title",
        "prof_professional_caseload",
        "prof_professional_department",
        "prof_full_time_equivalency",
        "prof_agency_worker_flag",
    },
}
EVIDENCE_COLUMNS = ["person_id", "family_id", "outcome_code", "evidence_type", "date", "value"]
FILES = [*SSD_FIELDS, "family_outcome_evidence.csv"]

# The shared vocabulary of issue #16: each evidence type and the test a reading at entry
# passes when it shows a need.
NEED = {
    "school_attendance_pct": lambda v: v < 90,
    "early_years_on_track": lambda v: v < 1,
    "health_needs_met": lambda v: v < 1,
    "substance_use_in_treatment": lambda v: v < 1,
    "family_conflict_reported": lambda v: v > 0,
    "exploitation_risk": lambda v: v > 0,
    "offences_6_months": lambda v: v > 0,
    "domestic_abuse_incidents_6_months": lambda v: v > 0,
    "housing_at_risk": lambda v: v > 0,
    "adult_in_work": lambda v: v < 1,
}
SOURCES = {
    "school_attendance",
    "police",
    "housing",
    "employment",
    "health",
    "early_years",
    "children_services",
    "practitioner",
}
END_REASONS = {
    "Needs met",
    "Stepped up to children's social care",
    "Moved out of area",
    "Declined further support",
}
AGENCIES = {
    "Herefordshire Council Early Help",
    "Voluntary sector family support",
    "Schools family support",
}


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(directory: Path, families: int, seed: int) -> None:
    synthetic_cohort_write(
        directory,
        n_families=families,
        seed=seed,
        first_start=dt.date(2015, 4, 1),
        last_start=dt.date(2018, 3, 31),
        extract_on=dt.date(2019, 3, 31),
    )


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    _write(tmp_path / "a", 60, seed=7)
    _write(tmp_path / "b", 60, seed=7)
    _write(tmp_path / "c", 60, seed=8)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "ssd_person.csv").read_bytes() != (
        tmp_path / "c" / "ssd_person.csv"
    ).read_bytes()


def test_the_committed_demo_cohort_is_what_its_seed_makes(tmp_path: Path) -> None:
    DEMO_COHORT.write(tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DEMO_COHORT_DIR / name).read_bytes(), name
    readme = (DEMO_COHORT_DIR / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme.splitlines()[0]
    assert str(DEMO_COHORT.seed) in readme


def test_the_headers_are_ssd_field_names_and_carry_no_names(tmp_path: Path) -> None:
    _write(tmp_path, 20, seed=1)
    for name, fields in SSD_FIELDS.items():
        with (tmp_path / name).open(encoding="utf-8") as handle:
            header = handle.readline().strip().split(",")
        assert set(header) <= fields, name
        # Identifiable data is off: no names of people or staff.
        assert not {"pers_forename", "pers_surname", "prof_professional_name"} & set(header)
    with (tmp_path / "family_outcome_evidence.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip().split(",")[:6] == EVIDENCE_COLUMNS


def _check_cohort(directory: Path, families: int) -> None:
    first, last, extract = dt.date(2015, 4, 1), dt.date(2018, 3, 31), dt.date(2019, 3, 31)
    people = {r["pers_person_id"]: r for r in _rows(directory, "ssd_person.csv")}
    family_rows = _rows(directory, "ssd_family.csv")
    family_of = {r["fami_person_id"]: r["fami_family_id"] for r in family_rows}
    assert len(family_of) == len(family_rows) == len(people)  # one family each, ids unique
    assert len(set(family_of.values())) == families
    # Ages at the family's start tell adults (18 and over) from children (under 18).
    episodes = _rows(directory, "ssd_early_help_episodes.csv")
    starts: dict[str, dt.date] = {}
    for e in episodes:
        family = family_of[e["earl_person_id"]]
        start = dt.date.fromisoformat(e["earl_episode_start_date"])
        starts[family] = min(starts.get(family, start), start)
    adults: Counter[str] = Counter()
    children: Counter[str] = Counter()
    for person_id, row in people.items():
        born = dt.date.fromisoformat(row["pers_dob"])  # a full date: the importer drops the day
        age = (starts[family_of[person_id]] - born).days / 365.25
        (adults if age >= 18 else children)[family_of[person_id]] += 1
        assert row["pers_sex"] in {"F", "M"}
    assert set(adults.values()) <= {1, 2}
    assert set(children.values()) <= {1, 2, 3, 4}
    # Episodes are children's, start within the cohort's window, end after they start and by
    # the extract, with an end reason from the list; open ones have neither.
    spells: dict[str, set[str]] = defaultdict(set)
    for e in episodes:
        person = e["earl_person_id"]
        assert children[family_of[person]] > 0
        start = dt.date.fromisoformat(e["earl_episode_start_date"])
        assert first <= start <= extract
        spells[family_of[person]].add(e["earl_episode_start_date"])
        if e["earl_episode_end_date"]:
            assert start < dt.date.fromisoformat(e["earl_episode_end_date"]) <= extract
            assert e["earl_episode_end_reason"] in END_REASONS
        else:
            assert e["earl_episode_end_reason"] == ""
        assert e["earl_episode_organisation"] in AGENCIES
    assert all(first <= s <= last for s in starts.values())
    assert set(Counter(len(s) for s in spells.values())) <= {1, 2}
    professionals = _rows(directory, "ssd_professionals.csv")
    assert len(professionals) == 15
    assert {p["prof_professional_department"] for p in professionals} == AGENCIES
    workers = {p["prof_professional_id"] for p in professionals}
    assert {e["earl_episode_worker_id"] for e in episodes} <= workers
    involvements = _rows(directory, "ssd_involvements.csv")
    assert {i["invo_professional_id"] for i in involvements} <= workers
    assert {i["invo_person_id"] for i in involvements} <= set(people)
    # Evidence: never after the extract; each family's first reading of each type shows the
    # need (the vocabulary's tests), and every family has at least two needs.
    evidence = _rows(directory, "family_outcome_evidence.csv")
    firsts: dict[tuple[str, str], tuple[str, float]] = {}
    for row in evidence:
        assert row["date"] <= extract.isoformat()
        assert row["source"] in SOURCES
        assert row["family_id"] in starts
        if row["person_id"]:
            assert family_of[row["person_id"]] == row["family_id"]
        key = (row["family_id"], row["evidence_type"])
        if key not in firsts or row["date"] < firsts[key][0]:
            firsts[key] = (row["date"], float(row["value"]))
    for (_family, kind), (_date, value) in firsts.items():
        assert NEED[kind](value), kind
    needs = Counter(family for family, _kind in firsts)
    assert len(needs) == families
    assert min(needs.values()) >= 2


def test_the_cohort_has_the_shape_of_early_help(tmp_path: Path) -> None:
    _write(tmp_path, 200, seed=11)
    _check_cohort(tmp_path, 200)


def test_two_thousand_families_are_written_with_the_same_shape(tmp_path: Path) -> None:
    _write(tmp_path, 2000, seed=2000)
    _check_cohort(tmp_path, 2000)
