"""The cohort summary (``cypp.families.summary``), ``cypp families summary`` and the cohort
page, on a hand-made cohort whose counts are worked out by hand below.

The cohort (one member and one episode per family unless said; F01-F10 share a story):

    family  episode(s)                              end reason   lead   evidence
    F01     A 2023-05-01 open; B 2023-05-01..2023-12-01 Needs met  yes  att 80 at start, 95 on 2024-01-10; 2 offences at start
    F02-03  2023-05-01 open                                       yes    att 80 at start, 95 on 2024-01-10; 2 offences at start
    F04-08  2023-05-01 open                                       yes    att 80 at start; 2 offences at start
    F09     2023-05-01 open                                       no     2 offences at start
    F10     2023-05-01 open                                       no     2 offences at start
    F11     2022-06-01..2023-06-30                  Moved away    no     att 80 on 2022-06-01, 95 on 2023-06-01
    F12     2022-04-10..2023-02-28                  Needs met     yes
    F13     2023-09-01..2024-01-15                  (blank)       yes
    F14     2024-05-01 open                                       yes
    F15     2021-01-01..2023-03-31                  Moved away    yes
    F16     2023-04-01..2024-03-31                  Needs met     yes

The framework: education (need: attendance below 90; met: at least 90, sustained 0 days
after closure) and crime (need: offences above 0; met: at most 0).

2023-24 (1 April 2023 to 31 March 2024, judged on 31 March 2024):
- overlapping: F01-F10, F11 (ends 30 June 2023), F13, F16 (starts 1 April, ends 31 March);
  not F12 (ended before), F14 (starts after), F15 (ended on 31 March 2023, the day before):
  13 families;
- with a lead practitioner: F01-F08, F13, F16 = 10;
- episodes open on 31 March 2024: F01 A, F02-F10 = 10 (F01 B closed);
- closed in the year: Needs met F01 B, F16 = 2; Moved away F11 = 1; not recorded F13 = 1;
- education: needs F01-F08, F11 = 9; met F01-F03 (95 after the start, still open: met)
  and F11 (95 before its closure, 0 days to sustain: sustained) = 4; sustained F11 = 1;
- crime: needs F01-F10 = 10, met 0, sustained 0;
- claims for 2023-24 with status claimed: 2 (a third is withdrawn, a fourth is 2022-23).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from cypp.accounts.models import Role
from cypp.families.models import (
    Claim,
    EarlyHelpRole,
    Episode,
    Evidence,
    FamiliesSettings,
    Family,
    Framework,
    Member,
    Outcome,
    Professional,
)
from cypp.families.summary import (
    JSON_KEYS,
    PeriodNotStarted,
    PeriodNotUnderstood,
    cohort_summary,
)
from tests.plans.factories import partnership_make, person_make, viewer_make

pytestmark = pytest.mark.django_db

D = dt.date


def framework_make():
    framework = Framework.objects.create(
        key="test-outcomes", version="1", title="Test outcomes", file_sha256="0" * 64
    )
    Outcome.objects.create(
        framework=framework,
        code="education",
        label="Getting a good education",
        order=1,
        descriptors=[
            {
                "code": "attendance",
                "label": "Attendance below 90%",
                "evidence_type": "school_attendance_pct",
                "test": {"below": 90},
            }
        ],
        rules=[
            {
                "evidence_type": "school_attendance_pct",
                "label": "Attendance at least 90%",
                "threshold": {"at_least": 90},
                "period_days": 0,
                "sustain_days": 0,
            }
        ],
    )
    Outcome.objects.create(
        framework=framework,
        code="crime",
        label="Crime prevention and tackling crime",
        order=2,
        descriptors=[
            {
                "code": "offending",
                "label": "An offence in the last 6 months",
                "evidence_type": "offences_6_months",
                "test": {"above": 0},
            }
        ],
        rules=[
            {
                "evidence_type": "offences_6_months",
                "label": "No offences",
                "threshold": {"at_most": 0},
                "period_days": 0,
                "sustain_days": 0,
            }
        ],
    )
    return framework


def cohort_make(key: str = "cohort-test"):
    """The cohort in the module's docstring; returns (partnership, framework, families by
    name, the lead practitioner's professional)."""
    partnership = partnership_make(key)
    framework = framework_make()
    FamiliesSettings.objects.create(partnership=partnership, framework=framework)
    worker = Professional.objects.create(
        partnership=partnership, key_hash="p" * 64, job_title="Family worker", agency="Council"
    )
    families: dict[str, Family] = {}
    counter = iter(range(1000))

    def family(name: str, lead: bool) -> Family:
        made = Family.objects.create(
            partnership=partnership,
            key_hash=f"{name}-{key}".ljust(64, "0"),
            reference=f"R-{name}",
            lead_professional=worker if lead else None,
            lead_agency="Council" if lead else "",
        )
        families[name] = made
        return made

    def episode(fam: Family, start: dt.date, end: dt.date | None = None, reason: str = "") -> None:
        n = next(counter)
        member = Member.objects.create(
            partnership=partnership, family=fam, key_hash=f"m{n}-{key}".ljust(64, "0")
        )
        Episode.objects.create(
            partnership=partnership,
            key_hash=f"e{n}-{key}".ljust(64, "0"),
            member=member,
            family=fam,
            start=start,
            end=end,
            end_reason=reason,
            organisation=fam.lead_agency,
            worker=worker if fam.lead_professional_id else None,
        )

    def evidence(fam: Family, code: str, kind: str, date: dt.date, value: float) -> None:
        Evidence.objects.create(
            family=fam, outcome_code=code, evidence_type=kind, date=date, value=value, source="x"
        )

    for i in range(1, 11):
        name = f"F{i:02d}"
        fam = family(name, lead=i <= 8)
        episode(fam, D(2023, 5, 1))
        if i <= 8:
            evidence(fam, "education", "school_attendance_pct", D(2023, 5, 1), 80)
        if i <= 3:
            evidence(fam, "education", "school_attendance_pct", D(2024, 1, 10), 95)
        evidence(fam, "crime", "offences_6_months", D(2023, 5, 1), 2)
    episode(families["F01"], D(2023, 5, 1), D(2023, 12, 1), "Needs met")
    f11 = family("F11", lead=False)
    episode(f11, D(2022, 6, 1), D(2023, 6, 30), "Moved away")
    evidence(f11, "education", "school_attendance_pct", D(2022, 6, 1), 80)
    evidence(f11, "education", "school_attendance_pct", D(2023, 6, 1), 95)
    episode(family("F12", lead=True), D(2022, 4, 10), D(2023, 2, 28), "Needs met")
    episode(family("F13", lead=True), D(2023, 9, 1), D(2024, 1, 15), "")
    episode(family("F14", lead=True), D(2024, 5, 1))
    episode(family("F15", lead=True), D(2021, 1, 1), D(2023, 3, 31), "Moved away")
    episode(family("F16", lead=True), D(2023, 4, 1), D(2024, 3, 31), "Needs met")
    for name, period, status in [
        ("F11", "2023-24", Claim.Status.CLAIMED),
        ("F16", "2023-24", Claim.Status.CLAIMED),
        ("F13", "2023-24", Claim.Status.WITHDRAWN),
        ("F12", "2022-23", Claim.Status.CLAIMED),
    ]:
        Claim.objects.create(
            family=families[name],
            period=period,
            framework=framework,
            made_on=D(2024, 6, 1),
            status=status,
        )
    return partnership, framework, families, worker


# Worked out by hand in the module's docstring.
RAW_2023_24 = {
    "families_worked_with": 13,
    "families_with_lead_practitioner": 10,
    "episodes_open": 10,
    "episodes_closed": {"Moved away": 1, "Needs met": 2, "not recorded": 1},
    "outcomes": {
        "education": {"needs": 9, "met": 4, "sustained": 1},
        "crime": {"needs": 10, "met": 0, "sustained": 0},
    },
    "claims": 2,
    "suppressed": [],
}
# Threshold 10: 1 to 9 are "c"; 10 and the true zeros are shown.
SUPPRESSED_2023_24 = {
    "families_worked_with": 13,
    "families_with_lead_practitioner": 10,
    "episodes_open": 10,
    "episodes_closed": {"Moved away": "c", "Needs met": "c", "not recorded": "c"},
    "outcomes": {
        "education": {"needs": "c", "met": "c", "sustained": "c"},
        "crime": {"needs": 10, "met": 0, "sustained": 0},
    },
    "claims": "c",
    "suppressed": [
        "episodes_closed.Moved away",
        "episodes_closed.Needs met",
        "episodes_closed.not recorded",
        "outcomes.education.needs",
        "outcomes.education.met",
        "outcomes.education.sustained",
        "claims",
    ],
}


@pytest.fixture
def threshold(settings):
    def set_to(value: int) -> None:
        settings.DISCLOSURE_THRESHOLD = value
        settings.DISCLOSURE_SUPPRESS_ZEROS = False

    return set_to


def test_counts_worked_out_by_hand(threshold):
    threshold(1)  # nothing withheld: the raw counts
    partnership, *_ = cohort_make()
    assert cohort_summary(partnership, "2023-24").as_json() == RAW_2023_24


def test_json_has_exactly_the_contract_keys(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    found = cohort_summary(partnership, "2023-24").as_json()
    assert list(found) == [
        "families_worked_with",
        "families_with_lead_practitioner",
        "episodes_open",
        "episodes_closed",
        "outcomes",
        "claims",
        "suppressed",
    ]
    assert tuple(found) == JSON_KEYS
    for counts in found["outcomes"].values():
        assert list(counts) == ["needs", "met", "sustained"]


def test_small_numbers_are_c_at_9_and_shown_at_10(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    found = cohort_summary(partnership, "2023-24").as_json()
    assert found == SUPPRESSED_2023_24
    assert found["outcomes"]["education"]["needs"] == "c"  # 9
    assert found["outcomes"]["crime"]["needs"] == 10
    assert found["families_with_lead_practitioner"] == 10


def test_an_episode_counts_in_every_year_it_overlaps(threshold):
    threshold(1)
    partnership, *_ = cohort_make()
    # 2022-23, judged on 31 March 2023: F11 (open then), F12 (closed 28 February, Needs
    # met), F15 (closed 31 March 2023, the year's last day, Moved away).
    earlier = cohort_summary(partnership, "2022-23").as_json()
    assert earlier["families_worked_with"] == 3
    assert earlier["families_with_lead_practitioner"] == 2  # F12, F15
    assert earlier["episodes_open"] == 1
    assert earlier["episodes_closed"] == {"Moved away": 1, "Needs met": 1}
    # F11's 95 on 1 June 2023 is not known on 31 March 2023: a need, not met.
    assert earlier["outcomes"]["education"] == {"needs": 1, "met": 0, "sustained": 0}
    assert earlier["claims"] == 1
    # 2024-25: F01-F10 again (still open) and F14; F01-F03 met education, not sustained.
    later = cohort_summary(partnership, "2024-25").as_json()
    assert later["families_worked_with"] == 11
    assert later["episodes_open"] == 11
    assert later["episodes_closed"] == {}
    assert later["outcomes"]["education"] == {"needs": 8, "met": 3, "sustained": 0}
    assert later["outcomes"]["crime"] == {"needs": 10, "met": 0, "sustained": 0}
    assert later["claims"] == 0


def test_a_year_still_running_is_judged_as_at_the_day_given(threshold):
    threshold(1)
    partnership, *_ = cohort_make()
    # On 30 April 2024 F14 (from 1 May) has not started: F01-F10 only.
    early = cohort_summary(partnership, "2024-25", as_at=D(2024, 4, 30))
    assert early.judged_on == D(2024, 4, 30)
    assert early.as_json()["families_worked_with"] == 10
    assert not early.year_complete
    # A day after the year's end judges at the year's end.
    done = cohort_summary(partnership, "2024-25", as_at=D(2026, 1, 1))
    assert done.judged_on == D(2025, 3, 31)
    assert done.as_json()["families_worked_with"] == 11


@pytest.mark.parametrize("period", ["2024", "2024/25", "2024-26", "next year", ""])
def test_a_period_not_written_as_a_financial_year_is_refused_in_words(period, threshold):
    partnership, *_ = cohort_make()
    with pytest.raises(PeriodNotUnderstood, match="like 2024-25"):
        cohort_summary(partnership, period)


def test_a_year_not_begun_is_refused(threshold):
    partnership, *_ = cohort_make()
    with pytest.raises(PeriodNotStarted, match="starts on 1 April 2030"):
        cohort_summary(partnership, "2030-31", as_at=D(2026, 12, 1))


def test_the_command_prints_what_the_function_gives(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    out = StringIO()
    call_command(
        "families",
        "summary",
        "--partnership",
        partnership.key,
        "--period",
        "2023-24",
        "--json",
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert printed == cohort_summary(partnership, "2023-24").as_json() == SUPPRESSED_2023_24
    words = StringIO()
    call_command(
        "families", "summary", "--partnership", partnership.key, "--period", "2023-24", stdout=words
    )
    text = words.getvalue()
    assert "Families worked with" in text and "13" in text
    assert "Moved away" in text and "Getting a good education" in text
    assert "c: fewer than 10" in text
    # Nothing family-level: no reference, no key hash.
    for reference in ("R-F", "p" * 16):
        assert reference not in text and reference not in out.getvalue()


def test_the_command_refuses_an_unknown_partnership_in_words(threshold):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no partnership with the key 'nowhere'"):
        call_command("families", "summary", "--partnership", "nowhere", "--period", "2023-24")


def _figures_on_page(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', html))


def _flat(found: dict) -> dict[str, str]:
    flat = {
        key: str(found[key])
        for key in ("families_worked_with", "families_with_lead_practitioner", "episodes_open")
    }
    flat["claims"] = str(found["claims"])
    for reason, count in found["episodes_closed"].items():
        flat[f"episodes_closed.{reason}"] = str(count)
    for code, counts in found["outcomes"].items():
        for part, count in counts.items():
            flat[f"outcomes.{code}.{part}"] = str(count)
    return flat


def test_the_page_shows_the_same_figures_and_marks_as_the_json(threshold):
    threshold(10)
    partnership, *_ = cohort_make()
    client = Client()
    client.force_login(viewer_make(partnership=partnership))
    response = client.get(f"/families/{partnership.key}/?period=2023-24")
    assert response.status_code == 200
    html = response.content.decode()
    assert _figures_on_page(html) == _flat(SUPPRESSED_2023_24)
    assert "fewer than 10, not published" in html
    # Aggregates only: no family reference anywhere, and no link to the family list for a
    # viewer, who may open no family.
    assert "R-F" not in html
    assert f"/families/{partnership.key}/families/" not in html


def test_the_page_defaults_to_the_latest_year_with_episodes(threshold):
    threshold(1)
    partnership, *_ = cohort_make()
    client = Client()
    client.force_login(viewer_make(partnership=partnership))
    html = client.get(f"/families/{partnership.key}/").content.decode()
    # Open episodes reach today, so the latest year is today's; its options run back to
    # the first episode's year (2020-21: F15 started on 1 January 2021).
    options = re.findall(r'<option value="([^"]+)"', html)
    assert options[-1] == "2020-21"
    assert "selected>" in html
    assert "2023-24" in options and options == sorted(options, reverse=True)


def test_someone_without_a_role_gets_404_and_a_visitor_is_sent_to_sign_in(threshold):
    partnership, *_ = cohort_make()
    client = Client()
    response = client.get(f"/families/{partnership.key}/")
    assert response.status_code == 302 and "sign-in" in response["Location"]
    client.force_login(person_make("nobody", role=None))
    assert client.get(f"/families/{partnership.key}/").status_code == 404
    assert client.get(f"/families/{partnership.key}/families/").status_code == 404
    assert client.get("/families/no-such-partnership/").status_code == 404


def test_the_family_list_shows_only_the_families_a_person_may_open(threshold):
    partnership, _, families, worker = cohort_make()
    practitioner = person_make("practitioner", role=Role.VIEWER, partnership=partnership)
    EarlyHelpRole.objects.create(
        user=practitioner,
        partnership=partnership,
        kind=EarlyHelpRole.Kind.PRACTITIONER,
        professional=worker,
    )
    client = Client()
    client.force_login(practitioner)
    html = client.get(f"/families/{partnership.key}/families/").content.decode()
    led = {name for name, f in families.items() if f.lead_professional_id}
    for name in families:
        assert (f"R-{name}<" in html or f"R-{name}</a>" in html) == (name in led), name
    assert "Closed on 31 March 2024" in html  # F16
    # The cohort page links the practitioner to the list.
    cohort = client.get(f"/families/{partnership.key}/?period=2023-24").content.decode()
    assert f"/families/{partnership.key}/families/" in cohort
    # A viewer gets the list empty, with why.
    client.force_login(viewer_make(partnership=partnership))
    html = client.get(f"/families/{partnership.key}/families/").content.decode()
    assert "There are no families whose records you may open" in html
    assert "R-F" not in html


def test_the_cohort_pages_queries_do_not_grow_with_the_families(threshold):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    partnership, _, _, worker = cohort_make()
    practitioner = person_make("practitioner", role=Role.VIEWER, partnership=partnership)
    EarlyHelpRole.objects.create(
        user=practitioner,
        partnership=partnership,
        kind=EarlyHelpRole.Kind.PRACTITIONER,
        professional=worker,
    )
    client = Client()
    client.force_login(practitioner)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    pages = [
        f"/families/{partnership.key}/?period=2023-24",
        f"/families/{partnership.key}/families/",
    ]
    few = [queries(p) for p in pages]
    for n in range(30):  # thirty more families led by the practitioner, with evidence
        fam = Family.objects.create(
            partnership=partnership,
            key_hash=f"more{n:03d}x".ljust(64, "0"),
            reference=f"R-M{n:02d}",
            lead_professional=worker,
            lead_agency="Council",
        )
        member = Member.objects.create(
            partnership=partnership, family=fam, key_hash=f"mm{n:03d}x".ljust(64, "0")
        )
        Episode.objects.create(
            partnership=partnership,
            key_hash=f"me{n:03d}x".ljust(64, "0"),
            member=member,
            family=fam,
            start=D(2023, 6, 1),
        )
        Evidence.objects.create(
            family=fam,
            outcome_code="crime",
            evidence_type="offences_6_months",
            date=D(2023, 6, 1),
            value=1,
            source="police",
        )
    assert [queries(p) for p in pages] == few


def test_a_cohort_too_large_for_a_list_of_ids_is_judged_the_same(threshold, monkeypatch):
    from cypp.families import summary

    threshold(1)
    partnership, *_ = cohort_make()
    monkeypatch.setattr(summary, "MANY_FAMILIES", 0)  # judge all, keep those worked with
    assert cohort_summary(partnership, "2023-24").as_json() == RAW_2023_24
