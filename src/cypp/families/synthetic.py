"""A synthetic early help cohort in the Standard Safeguarding Dataset (SSD) shape: no real
family, for the demo, the tests and the benchmark.

``synthetic_cohort_write(directory, n_families=..., seed=...)`` writes the five SSD files
(``ssd_person.csv``, ``ssd_family.csv``, ``ssd_early_help_episodes.csv``,
``ssd_involvements.csv``, ``ssd_professionals.csv``, SSD field names as headers) and
``family_outcome_evidence.csv``, the same files a council's extract would give
``cypp families import``.

The same seed and parameters give the same bytes: every draw comes from one
``random.Random(seed)`` through its ``random()`` method only, the one part of Python's
generator whose sequence the language promises to keep across versions (``randint``,
``choice`` and the rest may change), so the committed demo cohort can be regenerated and
compared byte for byte. The work per row is small and rows are written as they are made
(one family at a time, files open together), so 100,000 families take well under a minute
and little memory.

The shape, in short (the constants below hold the figures):

- a family has one or two adults and one to four children; no names (identifiable data
  off), full dates of birth (the importer keeps only month and year);
- each child has an early help episode for the family's spell of early help, allocated to
  one practitioner of one agency; some families come back for a second episode after a gap;
- each family has two or more needs among the ten headline outcomes, drawn with plausible
  prevalences and only where they can apply (school attendance needs a child of school
  age, early years a child under five);
- the evidence of each need: a reading at entry showing the need, then readings at the
  source's own rhythm (school attendance termly, police six-monthly, the rest quarterly or
  half-yearly) during the episode and for 15 months after it. A family's needs go one of
  three ways: they improve during the episode and stay improved (sustained), improve then
  fall back within months of the closure (lapse), or do not improve (not yet).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

OUTCOMES = (
    "education",
    "early_years",
    "health",
    "substance_use",
    "family_relationships",
    "safety",
    "crime",
    "domestic_abuse",
    "housing",
    "financial_stability",
)

AGENCIES = (
    "Herefordshire Council Early Help",
    "Voluntary sector family support",
    "Schools family support",
)

END_REASONS = (
    "Needs met",
    "Stepped up to children's social care",
    "Moved out of area",
    "Declined further support",
)

# The files and their headers: SSD field names (../shared's ssd-data-model/objects/*.yml)
# for the five SSD objects; the evidence file is CYPP's own (docs/families.md).
HEADERS: dict[str, tuple[str, ...]] = {
    "ssd_person.csv": ("pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"),
    "ssd_family.csv": ("fami_table_id", "fami_family_id", "fami_person_id"),
    "ssd_early_help_episodes.csv": (
        "earl_episode_id",
        "earl_person_id",
        "earl_episode_start_date",
        "earl_episode_end_date",
        "earl_episode_reason",
        "earl_episode_end_reason",
        "earl_episode_organisation",
        "earl_episode_worker_id",
    ),
    "ssd_involvements.csv": (
        "invo_involvements_id",
        "invo_professional_id",
        "invo_professional_role_id",
        "invo_professional_team",
        "invo_involvement_start_date",
        "invo_involvement_end_date",
        "invo_worker_change_reason",
        "invo_person_id",
    ),
    "ssd_professionals.csv": (
        "prof_professional_id",
        "prof_staff_id",
        "prof_professional_job_title",
        "prof_professional_caseload",
        "prof_professional_department",
        "prof_full_time_equivalency",
        "prof_agency_worker_flag",
    ),
    "family_outcome_evidence.csv": (
        "person_id",
        "family_id",
        "outcome_code",
        "evidence_type",
        "date",
        "value",
        "source",
    ),
}

# -- The figures the cohort is drawn from ------------------------------------------------------

# How common each need is among the families early help works with, where it can apply.
# Plausible shares, not published ones: the national evaluations of Troubled Families
# (MHCLG 2019) found worklessness, children's attendance, health and domestic abuse the
# most common problems and substance misuse and exploitation the least.
PREVALENCE = {
    "education": 0.45,  # of families with a child of school age (5-15)
    "early_years": 0.35,  # of families with a child under five
    "health": 0.45,
    "substance_use": 0.15,
    "family_relationships": 0.35,
    "safety": 0.18,
    "crime": 0.22,
    "domestic_abuse": 0.28,
    "housing": 0.20,
    "financial_stability": 0.50,
}
MIN_NEEDS = 2  # a family early help works with "whole family" has several needs

# Each outcome's evidence: (type, source, days between readings, whose: "child" (school
# age), "young" (under five), "adult", "member" or "family", and whether a need is a high
# value ("above") or a low one ("below")). Attendance is termly (TERM_ENDS below).
EVIDENCE = {
    "education": ("school_attendance_pct", "school_attendance", 0, "child", "below"),
    "early_years": ("early_years_on_track", "early_years", 182, "young", "below"),
    "health": ("health_needs_met", "health", 91, "member", "below"),
    "substance_use": ("substance_use_in_treatment", "health", 91, "adult", "below"),
    "family_relationships": ("family_conflict_reported", "practitioner", 91, "family", "above"),
    "safety": ("exploitation_risk", "children_services", 91, "child", "above"),
    "crime": ("offences_6_months", "police", 182, "adult", "above"),
    "domestic_abuse": ("domestic_abuse_incidents_6_months", "police", 182, "family", "above"),
    "housing": ("housing_at_risk", "housing", 91, "family", "above"),
    "financial_stability": ("adult_in_work", "employment", 91, "adult", "below"),
}
COUNTS = {"offences_6_months", "domestic_abuse_incidents_6_months"}
TERM_ENDS = ((3, 31), (7, 20), (12, 18))  # spring, summer, autumn terms: (month, day)
FOLLOW_UP_DAYS = 456  # readings go on about 15 months after the closure
REVIEW_DAYS = 42  # the family's plan is reviewed every six weeks while the episode is open

EPISODE_REASONS = {
    "education": "School attendance",
    "early_years": "Early years development",
    "health": "Physical or mental health",
    "substance_use": "Parental substance misuse",
    "family_relationships": "Family conflict or parenting",
    "safety": "Risk of harm or exploitation",
    "crime": "Crime or anti-social behaviour",
    "domestic_abuse": "Domestic abuse",
    "housing": "Housing",
    "financial_stability": "Worklessness and money",
}

# How a family's needs go. A family is doing well, mixed or struggling; each need then goes
# one way: (sustained, lapsed, not yet) shares.
FAMILY_PROGRESS = (("well", 0.55), ("mixed", 0.30), ("struggling", 0.15))
NEED_WAYS = {"well": (0.88, 0.07), "mixed": (0.50, 0.25), "struggling": (0.10, 0.15)}

ETHNICITIES = (
    ("WBRI", 0.84),
    ("WOTH", 0.07),
    ("WIRT", 0.01),
    ("WROM", 0.01),
    ("MWBC", 0.02),
    ("MOTH", 0.01),
    ("ASIN", 0.01),
    ("AOTH", 0.01),
    ("BAFR", 0.01),
    ("NOBT", 0.01),
)
CHILDREN = ((1, 0.35), (2, 0.35), (3, 0.20), (4, 0.10))
TWO_ADULTS = 0.55
SECOND_EPISODE = 0.12
MOVED_AWAY = 0.04
LONG_SPELL = 0.06

TEAMS = {
    0: ("Early Help North", "Early Help South", "Early Help Hereford City"),
    1: ("Family Support",),
    2: ("Schools Cluster East", "Schools Cluster West"),
}
JOB_TITLES = {
    0: "Early help family support worker",
    1: "Family support worker",
    2: "School family support worker",
}


@dataclass(frozen=True, slots=True)
class Practitioner:
    id: str
    agency_index: int
    agency: str
    team: str


@dataclass(frozen=True, slots=True)
class CohortWritten:
    """What was written: rows per file (headers not counted)."""

    directory: Path
    rows: dict[str, int]
    seed: int


@dataclass(frozen=True, slots=True)
class DemoCohort:
    """The parameters of the committed demo cohort (demo/data/families/herefordshire/)."""

    n_families: int = 500
    seed: int = 20150401
    first_start: dt.date = dt.date(2015, 4, 1)
    last_start: dt.date = dt.date(2018, 3, 31)
    extract_on: dt.date = dt.date(2019, 3, 31)
    practitioners: int = 15
    # The demo partnership's framework is the local example (herefordshire-family-first,
    # 2018-local): its families' needs are among the outcomes it judges, and it files risk of
    # exploitation and family conflict under its own outcome.
    outcomes: tuple[str, ...] = (
        "education",
        "health",
        "family_relationships",
        "safety",
        "crime",
        "domestic_abuse",
        "financial_stability",
    )
    outcome_codes: tuple[tuple[str, str], ...] = (
        ("safety", "children_who_need_help"),
        ("family_relationships", "children_who_need_help"),
    )

    def write(self, directory: Path) -> CohortWritten:
        """Write the demo cohort into ``directory``."""
        return synthetic_cohort_write(
            directory,
            n_families=self.n_families,
            seed=self.seed,
            first_start=self.first_start,
            last_start=self.last_start,
            extract_on=self.extract_on,
            practitioners=self.practitioners,
            outcomes=self.outcomes,
            outcome_codes=dict(self.outcome_codes),
        )


DEMO_COHORT = DemoCohort()


class _Draw:
    """Draws from ``random.Random(seed).random()`` only (see the module's docstring)."""

    __slots__ = ("random",)

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed).random

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high``, both included."""
        return low + int(self.random() * (high - low + 1))

    def chance(self, p: float) -> bool:
        return self.random() < p

    def weighted(self, choices: Sequence[tuple[object, float]]) -> object:
        x = self.random() * sum(w for _, w in choices)
        for item, weight in choices:
            x -= weight
            if x < 0:
                return item
        return choices[-1][0]


class _Dates:
    """ISO text of day numbers (ordinals), made once each: a cohort uses a few thousand."""

    def __init__(self) -> None:
        self._text: dict[int, str] = {}

    def __call__(self, ordinal: int) -> str:
        text = self._text.get(ordinal)
        if text is None:
            text = self._text[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text


def _practitioners(count: int, agencies: Sequence[str]) -> list[Practitioner]:
    """The first agency (the council's own service) has half of them, rounded up; the
    others share the rest."""
    if count < len(agencies):
        raise ValueError(f"{count} practitioners cannot cover {len(agencies)} agencies")
    first = (count + 1) // 2 if len(agencies) > 1 else count
    found = []
    for n in range(count):
        index = 0 if n < first else 1 + (n - first) % (len(agencies) - 1)
        teams = TEAMS.get(index, ("Family Support",))
        team = teams[n % len(teams)]
        found.append(Practitioner(f"STF{n + 1:04d}", index, agencies[index], team))
    return found


def _term_readings(first: int, last: int) -> list[int]:
    """The ends of school terms from ``first`` to ``last`` (day numbers)."""
    found = []
    for year in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1):
        for month, day in TERM_ENDS:
            o = dt.date(year, month, day).toordinal()
            if first <= o <= last:
                found.append(o)
    return found


def _term_end_before(day: int) -> int:
    year = dt.date.fromordinal(day).year
    ends = [dt.date(y, m, d).toordinal() for y in (year - 1, year) for m, d in TERM_ENDS]
    return max(o for o in ends if o <= day)


def synthetic_cohort_write(
    directory: Path,
    *,
    n_families: int,
    seed: int,
    first_start: dt.date = DEMO_COHORT.first_start,
    last_start: dt.date = DEMO_COHORT.last_start,
    extract_on: dt.date | None = None,
    agencies: Sequence[str] = AGENCIES,
    practitioners: int = DEMO_COHORT.practitioners,
    outcomes: Sequence[str] = OUTCOMES,
    outcome_codes: Mapping[str, str] | None = None,
) -> CohortWritten:
    """Write a synthetic cohort of ``n_families`` families whose early help starts between
    ``first_start`` and ``last_start``, as extracted on ``extract_on`` (default a year after
    the last start): nothing is dated after it, and episodes still going then are open.

    Needs are drawn among ``outcomes`` (national headline outcome codes; all ten by
    default). Evidence rows carry those codes; ``outcome_codes`` writes others instead
    where the partnership's framework files the evidence under its own outcome
    (``{"safety": "children_who_need_help"}``)."""
    unknown = set(outcomes) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"not headline outcomes: {', '.join(sorted(unknown))}")
    if n_families < 1:
        raise ValueError("a cohort needs at least one family")
    if last_start < first_start:
        raise ValueError("the last start is before the first")
    extract = (extract_on or last_start + dt.timedelta(days=365)).toordinal()
    if extract < last_start.toordinal():
        raise ValueError("the extract is taken before the last start")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    staff = _practitioners(practitioners, agencies)
    handles: dict[str, TextIO] = {
        name: (directory / name).open("w", newline="", encoding="utf-8") for name in HEADERS
    }
    try:
        writers = {
            name: csv.writer(handle, lineterminator="\n") for name, handle in handles.items()
        }
        for name, header in HEADERS.items():
            writers[name].writerow(header)
        rows = _cohort_rows(
            writers,
            draw=_Draw(seed),
            n_families=n_families,
            first=first_start.toordinal(),
            last=last_start.toordinal(),
            extract=extract,
            staff=staff,
            drawn=tuple(code for code in OUTCOMES if code in outcomes),
            recode=outcome_codes or {},
        )
    finally:
        for handle in handles.values():
            handle.close()
    return CohortWritten(directory=directory, rows=rows, seed=seed)


def _cohort_rows(
    writers: dict[str, Any],
    *,
    draw: _Draw,
    n_families: int,
    first: int,
    last: int,
    extract: int,
    staff: list[Practitioner],
    drawn: tuple[str, ...],
    recode: Mapping[str, str],
) -> dict[str, int]:
    iso = _Dates()
    person_w = writers["ssd_person.csv"].writerow
    family_w = writers["ssd_family.csv"].writerow
    episode_w = writers["ssd_early_help_episodes.csv"].writerow
    involvement_w = writers["ssd_involvements.csv"].writerow
    evidence_w = writers["family_outcome_evidence.csv"].writerow
    counts = dict.fromkeys(HEADERS, 0)
    caseload = [0] * len(staff)
    # Caseloads as the SSD asks for them: cases held on the 30 September before the extract.
    extract_date = dt.date.fromordinal(extract)
    census_year = extract_date.year if extract_date.month >= 10 else extract_date.year - 1
    census = dt.date(census_year, 9, 30).toordinal()
    person_n = episode_n = 0
    span = last - first + 1
    for f in range(1, n_families + 1):
        family_id = f"FAM{f:06d}"
        start = first + draw.below(span)
        length = draw.between(480, 900) if draw.chance(LONG_SPELL) else draw.between(180, 480)
        planned_end = start + length
        # -- Members: one or two adults, one to four children --------------------------------
        ethnicity = draw.weighted(ETHNICITIES)
        mother_age = draw.between(18, 48)
        members: list[tuple[str, str, int]] = []  # (person id, kind, age in years at start)
        adults = 2 if draw.chance(TWO_ADULTS) else 1
        for a in range(adults):
            age = mother_age if a == 0 else max(18, mother_age + draw.between(-3, 8))
            sex = ("F" if draw.chance(0.9) else "M") if a == 0 else "M" if draw.chance(0.9) else "F"
            members.append((_person(person_n := person_n + 1), "adult", age))
            born = start - int(age * 365.25 + 1) - draw.below(364)
            person_w((members[-1][0], sex, ethnicity, iso(born)))
        n_children = int(draw.weighted(CHILDREN))  # type: ignore[call-overload]
        for _c in range(n_children):
            age = draw.between(0, min(17, mother_age - 16))
            sex = "F" if draw.chance(0.49) else "M"
            members.append((_person(person_n := person_n + 1), "child", age))
            born = start - int(age * 365.25 + 1) - draw.below(364)
            person_w((members[-1][0], sex, ethnicity, iso(born)))
        for m, (person_id, _kind, _age) in enumerate(members):
            family_w((f"FTR{f:06d}{m + 1}", family_id, person_id))
        counts["ssd_person.csv"] += len(members)
        counts["ssd_family.csv"] += len(members)
        children = [(p, a) for p, k, a in members if k == "child"]
        school = [p for p, a in children if 5 <= a <= 15]
        young = [p for p, a in children if a <= 4]
        grown = [p for p, k, _ in members if k == "adult"]
        # -- Needs ----------------------------------------------------------------------------
        eligible = [
            code
            for code in drawn
            if (code != "education" or school) and (code != "early_years" or young)
        ]
        needs = [code for code in eligible if draw.chance(PREVALENCE[code])]
        while len(needs) < min(MIN_NEEDS, len(eligible)):
            extra = eligible[draw.below(len(eligible))]
            if extra not in needs:
                needs.append(extra)
        needs.sort(key=OUTCOMES.index)
        # -- How the needs go, and how the spell ends ----------------------------------------
        progress = str(draw.weighted(FAMILY_PROGRESS))
        p_sustain, p_lapse = NEED_WAYS[progress]
        ways = []
        for _code in needs:
            x = draw.random()
            ways.append(
                "sustained" if x < p_sustain else "lapse" if x < p_sustain + p_lapse else "no"
            )
        moved = draw.chance(MOVED_AWAY)
        if moved:
            end_reason = END_REASONS[2]
        elif "no" not in ways:
            end_reason = END_REASONS[0] if draw.chance(0.9) else END_REASONS[3]
        else:
            end_reason = str(
                draw.weighted(
                    ((END_REASONS[1], 0.4), (END_REASONS[3], 0.35), (END_REASONS[0], 0.25))
                )
            )
        closed = planned_end <= extract
        end = planned_end if closed else None
        # -- Episodes: one per child per episode; some families have two ----------------------
        worker = staff[draw.below(len(staff))]
        spells: list[tuple[int, int | None, str, Practitioner]] = []
        if draw.chance(SECOND_EPISODE) and length >= 240:
            # Closed, then back within months: the family's spell runs over both.
            first_end = start + draw.between(60, length // 2 - 30)
            second_start = first_end + draw.between(30, 120)
            again = worker if draw.chance(0.6) else staff[draw.below(len(staff))]
            first_reason = END_REASONS[0] if draw.chance(0.6) else END_REASONS[3]
            spells.append((start, first_end, first_reason, worker))
            spells.append((second_start, end, end_reason if closed else "", again))
            worker = again
        else:
            spells.append((start, end, end_reason if closed else "", worker))
        reason = EPISODE_REASONS[needs[0]] if needs else "Family support"
        for s_start, s_end, s_reason, who in spells:
            end_text = iso(s_end) if s_end is not None else ""
            for person_id, _age in children:
                episode_n += 1
                episode_w(
                    (
                        f"EHE{episode_n:07d}",
                        person_id,
                        iso(s_start),
                        end_text,
                        reason,
                        s_reason,
                        who.agency,
                        who.id,
                    )
                )
                involvement_w(
                    (
                        f"INV{episode_n:07d}",
                        who.id,
                        "Lead practitioner",
                        who.team,
                        iso(s_start),
                        end_text,
                        "",
                        person_id,
                    )
                )
            if s_start <= census and (s_end is None or s_end >= census):
                caseload[staff.index(who)] += 1
        counts["ssd_early_help_episodes.csv"] += len(children) * len(spells)
        counts["ssd_involvements.csv"] += len(children) * len(spells)
        # -- Evidence -------------------------------------------------------------------------
        stop = extract if moved is False else min(extract, planned_end)
        stop = min(stop, planned_end + FOLLOW_UP_DAYS)
        for code, way in zip(needs, ways, strict=True):
            kind, source, every, whose, need_is = EVIDENCE[code]
            coded = recode.get(code, code)
            if whose == "family":
                person_id = ""
            elif whose == "child":
                # Attendance is a school-age child's; a risk of exploitation mostly an
                # older child's.
                older = [p for p, a in children if a >= 10]
                pool = school if code == "education" else older or [p for p, _ in children]
                person_id = pool[draw.below(len(pool))]
            elif whose == "young":
                person_id = young[draw.below(len(young))]
            elif whose == "adult":
                person_id = grown[draw.below(len(grown))]
            else:
                person_id = members[draw.below(len(members))][0]
            improve = start + int(length * (0.05 + 0.3 * draw.random()))
            lapse = None
            if way == "lapse":
                lapse = planned_end + draw.between(60, 175)
            elif way == "no":
                # Some improve only long after the closure; most not within the readings.
                improve = planned_end + draw.between(120, 400) if draw.chance(0.4) else stop + 1
            if every == 0:
                dates = [_term_end_before(start), *_term_readings(start + 1, stop)]
            elif source == "police":
                dates = [start - draw.between(0, 45), *range(start + every, stop + 1, every)]
            else:
                # Reviewed with the practitioner every six weeks while the episode is open,
                # then from the source at its own rhythm.
                entry = start if source == "practitioner" else start - draw.between(0, 45)
                during = min(planned_end, stop)
                dates = [
                    entry,
                    *range(start + REVIEW_DAYS, during + 1, REVIEW_DAYS),
                    *range(planned_end + every, stop + 1, every),
                ]
            high = need_is == "above"
            count = kind in COUNTS
            for day in dates:
                bad = day < improve or (lapse is not None and day >= lapse)
                if kind == "school_attendance_pct":
                    value = (
                        f"{60 + 29.9 * draw.random():.1f}"
                        if bad
                        else f"{91 + 9 * draw.random():.1f}"
                    )
                elif count:
                    value = str(1 + draw.below(4)) if bad else "0"
                else:
                    value = ("1" if bad else "0") if high else ("0" if bad else "1")
                evidence_w((person_id, family_id, coded, kind, iso(day), value, source))
            counts["family_outcome_evidence.csv"] += len(dates)
    professionals = writers["ssd_professionals.csv"].writerow
    for n, who in enumerate(staff):
        professionals(
            (
                who.id,
                f"HC{1000 + n * 7:05d}",
                JOB_TITLES.get(who.agency_index, "Family support worker"),
                caseload[n],
                who.agency,
                "1.0" if n % 4 else "0.8",
                "N",
            )
        )
    counts["ssd_professionals.csv"] = len(staff)
    return counts


def _person(n: int) -> str:
    return f"PER{n:07d}"


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m cypp.families.synthetic DIR``: write a synthetic cohort; ``--demo`` writes
    the demo's (demo/data/families/herefordshire/README.md)."""
    parser = argparse.ArgumentParser(description="Write a synthetic early help cohort.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--demo", action="store_true", help="the demo cohort, as committed")
    parser.add_argument("--families", type=int, default=DEMO_COHORT.n_families)
    parser.add_argument("--seed", type=int, default=DEMO_COHORT.seed)
    day = dt.date.fromisoformat
    parser.add_argument("--first-start", type=day, default=DEMO_COHORT.first_start)
    parser.add_argument("--last-start", type=day, default=DEMO_COHORT.last_start)
    parser.add_argument("--extract-on", type=day, default=None)
    parser.add_argument("--practitioners", type=int, default=DEMO_COHORT.practitioners)
    options = parser.parse_args(argv)
    if options.demo:
        written = DEMO_COHORT.write(options.directory)
    else:
        written = synthetic_cohort_write(
            options.directory,
            n_families=options.families,
            seed=options.seed,
            first_start=options.first_start,
            last_start=options.last_start,
            extract_on=options.extract_on,
            practitioners=options.practitioners,
        )
    for name, rows in written.rows.items():
        print(f"{name}: {rows} rows")


if __name__ == "__main__":
    main()
