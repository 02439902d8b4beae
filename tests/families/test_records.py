"""A family's record, recording and withdrawing evidence, the log of views and early help
roles, in the world of tests/families/world.py.

Expected values are worked out by hand from the world's rows (the comments say how), never
read from the code under test.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cypp.accounts.models import AuditEvent
from cypp.families.evaluation import families_judged
from cypp.families.models import EarlyHelpRole, Evidence, FamilyView
from cypp.families.rules import Status
from cypp.families.selectors_records import age_band, age_on, member_role
from cypp.families.services_records import RecordsError, early_help_role_give, evidence_record
from tests.families.world import ALPHA, World, world_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_make()


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.people[role])
    return client


def _record(world: World, family: str = "A") -> str:
    return reverse("families:family", args=[ALPHA, world.families[family].reference])


def _text(response: Any) -> str:
    """The page's words, tags dropped and spaces folded, to read as a person would."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _status_of(text: str, outcome: str) -> str:
    """The status word in the outcomes table's row for ``outcome``."""
    found = re.search(
        re.escape(outcome) + r" .*? (met|sustained|not yet|lapsed|threshold not set) ", text
    )
    assert found, outcome
    return found.group(1)


# The record ---------------------------------------------------------------------------------


def test_the_lead_practitioner_reads_members_episodes_needs_and_statuses(world: World) -> None:
    response = _client(world, "practitioner").get(_record(world))
    assert response.status_code == 200
    text = _text(response)
    # Ages at the start of early help, 1 September 2024: born 1 March 2014 is 10 (5 to 10),
    # born 1 January 2007 is 17 (16 to 17, still a child), born 1 June 1985 is 39 (adult).
    assert "Zinnia Quillfeather Child under 18 5 to 10 Female" in text
    assert "Thaddeus Quillfeather Child under 18 16 to 17 Male" in text
    assert "Ondine Quillfeather Adult 25 and over Female" in text
    # The lead practitioner with their name (the partnership holds identifiable data).
    assert "Norah Lead, Family support worker, Northside Family Hub" in text
    # Needs at entry: attendance 82.75 on 20 August 2024 (below 90, within a year before
    # the start); offences 2 on 15 August 2024; housing at risk 1 on 10 September 2024.
    assert "Attendance below 90%: 82.75 on 20 August 2024" in text
    assert "Offending in the last 6 months: 2 on 15 August 2024" in text
    # Education: 93.5 on 20 December 2024 and 94.25 on 1 April 2025, a run of 102 days
    # (at least 90), early help still open: met. Crime: 1 offence on 1 March 2025 is more
    # than none: not yet. Housing: no threshold is set.
    assert _status_of(text, "Getting a good education") == "met"
    assert _status_of(text, "Crime prevention and tackling crime") == "not yet"
    assert _status_of(text, "Secure housing") == "threshold not set"
    assert "1 September 2024" in text and "School attendance" in text
    assert "Evidence over time" in text and "94.25" in text


def test_the_record_names_no_one_without_identifiable_data(world: World) -> None:
    settings = world.alpha.families_settings
    settings.identifiable_data = False
    settings.save()
    text = _text(_client(world, "manager").get(_record(world)))
    assert "Quillfeather" not in text and "Norah Lead" not in text
    # Members are numbered oldest first: the parent, born 1985, is member 1.
    assert "Member 1 Adult 25 and over Female" in text
    assert "Member 3 Child under 18 5 to 10 Female" in text
    assert "Family support worker, Northside Family Hub" in text


def test_every_view_of_a_record_is_logged(world: World) -> None:
    before = FamilyView.objects.count()
    _client(world, "auditor").get(_record(world))
    _client(world, "manager").get(_record(world))
    views = list(FamilyView.objects.order_by("-id")[:2])
    assert FamilyView.objects.count() == before + 2
    assert [(v.user_name, v.what, v.family_id) for v in views] == [
        ("mo-manager", "family record", world.families["A"].pk),
        ("al-auditor", "family record", world.families["A"].pk),
    ]


def test_a_hidden_family_and_a_missing_one_get_the_same_answer(world: World) -> None:
    client = _client(world, "practitioner2")
    hidden = client.get(_record(world, "A"))
    missing = client.get(reverse("families:family", args=[ALPHA, "F-ZZZZZZ"]))
    assert hidden.status_code == missing.status_code == 404
    assert _text(hidden) == _text(missing)
    assert not FamilyView.objects.filter(user=world.people["practitioner2"]).exists()


def test_superusers_and_administrators_get_no_record(world: World) -> None:
    for role in ("superuser", "administrator"):
        assert _client(world, role).get(_record(world)).status_code == 404


def test_the_record_page_asks_the_same_number_of_queries_for_much_more_evidence(
    world: World,
) -> None:
    client = _client(world, "practitioner")
    with CaptureQueriesContext(connection) as small:
        client.get(_record(world))
    for day in range(60):
        Evidence.objects.create(
            family=world.families["A"],
            outcome_code="education",
            evidence_type="school_attendance_pct",
            date=dt.date(2025, 5, 1) + dt.timedelta(days=day),
            value=95,
            source="school_attendance",
        )
    with CaptureQueriesContext(connection) as large:
        client.get(_record(world))
    assert len(large) == len(small)


# Recording and withdrawing evidence -----------------------------------------------------------


def _evidence_post(world: World, role: str, **fields: Any) -> Any:
    today = timezone.localdate()
    data = {
        "outcome_code": "crime",
        "evidence_type": "offences_6_months",
        "member": str(world.objects["members_a"][1].pk),
        "date_day": today.day,
        "date_month": today.month,
        "date_year": today.year,
        "value": "0",
        "source": "police",
        "note": "",
    }
    data.update(fields)
    url = reverse("families:evidence_add", args=[ALPHA, world.families["A"].reference])
    return _client(world, role).post(url, data, follow=True)


def test_the_practitioner_records_evidence_and_the_outcome_is_met(world: World) -> None:
    response = _evidence_post(world, "practitioner")
    text = _text(response)
    assert response.redirect_chain[-1][0] == _record(world)
    assert "The evidence is recorded." in text
    # No offences today, with a rule of at most 0 over 0 days: met, early help still open.
    assert _status_of(text, "Crime prevention and tackling crime") == "met"
    piece = Evidence.objects.latest("pk")
    assert (piece.value, piece.recorded_by, piece.source) == (
        0,
        world.people["practitioner"],
        "police",
    )
    event = AuditEvent.objects.latest("pk")
    assert event.object_repr == "Evidence for a family"
    assert event.context == f"partnership:{ALPHA}"
    assert world.families["A"].reference not in str(event.changes) + event.note


def test_the_manager_records_evidence_but_the_auditor_may_not(world: World) -> None:
    assert "The evidence is recorded." in _text(_evidence_post(world, "manager"))
    assert _evidence_post(world, "auditor").status_code == 403
    with pytest.raises(RecordsError, match="lead practitioner or their manager"):
        evidence_record(
            world.families["A"],
            by=world.people["auditor"],
            outcome_code="crime",
            evidence_type="offences_6_months",
            date=dt.date(2025, 1, 1),
            value=0,
            source="police",
        )


def test_evidence_of_another_outcome_or_out_of_range_is_refused_in_words(world: World) -> None:
    count = Evidence.objects.count()
    wrong_type = _text(_evidence_post(world, "practitioner", evidence_type="school_attendance_pct"))
    assert "Crime prevention and tackling crime is judged on proven offences" in wrong_type
    too_high = _text(
        _evidence_post(
            world,
            "practitioner",
            outcome_code="education",
            evidence_type="school_attendance_pct",
            value="120",
        )
    )
    assert "enter a number from 0 to 100" in too_high
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = _text(
        _evidence_post(
            world,
            "practitioner",
            date_day=tomorrow.day,
            date_month=tomorrow.month,
            date_year=tomorrow.year,
        )
    )
    assert "must be today or in the past" in future
    assert Evidence.objects.count() == count


def test_withdrawn_evidence_stays_on_the_record_and_no_longer_counts(world: World) -> None:
    last = Evidence.objects.get(family=world.families["A"], value=94.25)
    url = reverse(
        "families:evidence_withdraw", args=[ALPHA, world.families["A"].reference, last.pk]
    )
    client = _client(world, "practitioner")
    refused = client.post(url, {"reason": ""})
    assert "Say why the evidence is withdrawn" in _text(refused)
    response = client.post(url, {"reason": "Entered for the wrong child"}, follow=True)
    text = _text(response)
    last.refresh_from_db()
    assert last.withdrawn_at is not None and last.withdrawn_by == world.people["practitioner"]
    assert "Withdrawn" in text and "Entered for the wrong child" in text
    # Without 94.25 on 1 April 2025 only 93.5 on 20 December 2024 passes, a run of 0 days
    # (90 needed): not yet.
    assert _status_of(text, "Getting a good education") == "not yet"
    judged = families_judged(
        world.alpha, as_at=dt.date(2026, 1, 1), family_ids=[world.families["A"].pk]
    )
    education = next(o for o in judged[0].result.outcomes if o.code == "education")
    assert education.status == Status.NOT_YET
    assert Evidence.objects.filter(pk=last.pk).exists()
    event = AuditEvent.objects.latest("pk")
    assert (event.object_repr, event.changes) == (
        "Evidence for a family",
        {"withdrawn": [False, True]},
    )


# The log of views --------------------------------------------------------------------------


def test_administrators_read_the_log_newest_first_and_filter_it(world: World) -> None:
    _client(world, "manager").get(_record(world))
    admin = _client(world, "administrator")
    url = reverse("families:views_log", args=[ALPHA])
    text = _text(admin.get(url))
    reference = world.families["A"].reference
    assert "2 views." in text
    assert text.index("mo-manager") < text.index("pat-practitioner")
    assert f"Family record {reference}" in text
    only = _text(admin.get(url, {"person": world.people["practitioner"].pk}))
    assert "1 view matches the filters" in only
    assert "mo-manager" not in only.split("When Who What Family")[-1]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    none = _text(
        admin.get(
            url,
            {
                "until_day": yesterday.day,
                "until_month": yesterday.month,
                "until_year": yesterday.year,
            },
        )
    )
    assert "0 views match the filters" in none
    assert _client(world, "practitioner").get(url).status_code == 403


def test_the_log_is_paginated(world: World) -> None:
    FamilyView.objects.bulk_create(
        FamilyView(
            partnership=world.alpha,
            family=world.families["B"],
            user=world.people["practitioner2"],
            user_name="sam-practitioner",
            what="family record",
        )
        for _ in range(60)
    )
    url = reverse("families:views_log", args=[ALPHA])
    first = _text(_client(world, "administrator").get(url))
    assert "61 views." in first and "Page 1 of 2" not in first  # the label is an attribute
    second = _client(world, "administrator").get(url, {"page": 2})
    assert second.status_code == 200
    assert (
        second.content.decode().count("sam-practitioner")
        + second.content.decode().count("pat-practitioner")
        >= 11
    )


# Early help roles ---------------------------------------------------------------------------


def test_an_administrator_makes_a_practitioner_from_the_id_in_the_extract(world: World) -> None:
    admin = _client(world, "administrator")
    url = reverse("families:role_give", args=[ALPHA])
    analyst = world.people["analyst"]
    unknown = admin.post(
        url, {"user": analyst.pk, "kind": "practitioner", "professional_id": "P-NOBODY"}
    )
    assert "No professional with that id is in the partnership's case management extract" in _text(
        unknown
    )
    assert not EarlyHelpRole.objects.filter(user=analyst).exists()
    done = admin.post(
        url,
        {"user": analyst.pk, "kind": "practitioner", "professional_id": " P-SOUTH-1 "},
        follow=True,
    )
    assert "an-analyst is now early help practitioner." in _text(done)
    role = EarlyHelpRole.objects.get(user=analyst)
    assert role.professional == world.objects["professionals"]["south"]
    # The analyst now opens family B, which P-SOUTH-1 leads, and still not family A.
    assert _client(world, "analyst").get(_record(world, "B")).status_code == 200
    assert _client(world, "analyst").get(_record(world, "A")).status_code == 404
    event = AuditEvent.objects.latest("pk")
    assert event.context == f"partnership:{ALPHA}"
    assert role.professional.key_hash not in str(event.changes)


def test_a_manager_is_given_an_agency_and_a_role_can_be_taken_away(world: World) -> None:
    admin = _client(world, "administrator")
    analyst = world.people["analyst"]
    give = reverse("families:role_give", args=[ALPHA])
    missing = admin.post(give, {"user": analyst.pk, "kind": "manager"})
    assert "Choose the agency they manage" in _text(missing)
    admin.post(give, {"user": analyst.pk, "kind": "manager", "agency": "Southside Family Hub"})
    role = EarlyHelpRole.objects.get(user=analyst)
    assert (role.kind, role.agency) == ("manager", "Southside Family Hub")
    remove = reverse("families:role_remove", args=[ALPHA, role.pk])
    done = admin.post(remove, follow=True)
    assert "an-analyst no longer has an early help role." in _text(done)
    assert not EarlyHelpRole.objects.filter(user=analyst).exists()
    assert AuditEvent.objects.latest("pk").action == AuditEvent.Action.DELETE


def test_only_people_of_the_partnership_are_given_early_help_roles(world: World) -> None:
    with pytest.raises(RecordsError, match="has no role in Alpha"):
        early_help_role_give(
            by=world.people["administrator"],
            partnership=world.alpha,
            user=world.people["other"],
            kind="auditor",
        )
    with pytest.raises(RecordsError, match="administrators"):
        early_help_role_give(
            by=world.people["manager"],
            partnership=world.alpha,
            user=world.people["viewer"],
            kind="auditor",
        )


@pytest.mark.parametrize(
    ("born", "on", "role", "band"),
    [
        # The day before an 18th birthday is still a child; on it, an adult.
        (dt.date(2006, 9, 2), dt.date(2024, 9, 1), "child under 18", "16 to 17"),
        (dt.date(2006, 9, 1), dt.date(2024, 9, 1), "adult", "18 to 24"),
        (dt.date(2020, 1, 1), dt.date(2024, 12, 31), "child under 18", "0 to 4"),
        (dt.date(2019, 12, 31), dt.date(2024, 12, 31), "child under 18", "5 to 10"),
        (dt.date(2013, 6, 1), dt.date(2024, 6, 1), "child under 18", "11 to 15"),
        (dt.date(1999, 6, 1), dt.date(2024, 6, 1), "adult", "25 and over"),
        (None, dt.date(2024, 6, 1), "not known", "not known"),
    ],
)
def test_roles_and_age_bands_at_the_start_of_early_help(born, on, role, band) -> None:
    age = age_on(born, on)
    assert (member_role(age), age_band(age)) == (role, band)


def test_taking_away_the_partnership_role_takes_the_families_with_it(world: World) -> None:
    # The practitioner leads family A; removed from the partnership, the early help role left
    # behind opens nothing (cypp.families.access: an early help role never stands alone).
    from cypp.accounts.selectors import access_forget
    from cypp.accounts.services import partnership_role_remove

    practitioner = world.people["practitioner"]
    assert practitioner is not None
    assert _client(world, "practitioner").get(_record(world)).status_code == 200
    partnership_role_remove(by=None, user=practitioner, partnership=world.alpha)
    access_forget(practitioner)
    assert _client(world, "practitioner").get(_record(world)).status_code == 404
