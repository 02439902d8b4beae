"""Importing a Microsoft Forms CSV export: answers checked as the journey checks them, the
identifying columns never stored, all or nothing, and the same file twice changes nothing.

Expected values are read off the made-up file (tests/voice/data/imports/forms_wellbeing.csv)
by hand: five rows, the last with no answer; row 4 answers in Welsh ("Henffordd", "Ydw").
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cypp.accounts.models import AuditEvent
from cypp.indicators.importers.base import ImportRejected
from cypp.voice.models import Answer, Response, VoiceImport
from cypp.voice.services_imports import voice_import
from tests.voice.imports_helpers import DATA, data, database_text
from tests.voice.world import VoiceWorld, voice_world

IDENTIFYING = [
    "ZZID-70",
    "Zebedee",
    "Quuxley",
    "Ottoline",
    "Vantablack",
    "zz.quuxley@example.invalid",
    "9:01:02",
    "3/3/25",
    "14:03:30",
]

# Row by row, question key to the value stored (option values, not labels).
EXPECTED = [
    {
        "area": "hereford",
        "happy": "4",
        "feel-safe": "yes",
        "matters": "school\nfriends\nfamily",
        "change": "More buses",
    },
    {
        "area": "ross",
        "happy": "5",
        "feel-safe": "not-sure",
        "why-unsafe": "I worry sometimes",
        "matters": "friends\nfamily\nschool",
        "change": "A skate park",
    },
    {
        "area": "leominster",
        "happy": "1",
        "feel-safe": "no",
        "why-unsafe": "He hits me",
        "matters": "family\nschool\nfriends",
    },
    {"area": "hereford", "happy": "3", "feel-safe": "yes", "change": "Quieter parks"},
]


def _import(world: VoiceWorld, name: str = "forms_wellbeing.csv", **extra: object) -> object:
    options = {"audience": world.audiences["12-15"], **extra}
    return voice_import(
        survey=world.wellbeing,
        wave=world.waves["2025"],
        format="forms",
        data=data(name),
        file_name=name,
        by=world.people["analyst"],
        **options,  # type: ignore[arg-type]
    )


def _stored(world: VoiceWorld) -> list[dict[str, str]]:
    found = []
    for response in Response.objects.filter(survey=world.wellbeing).order_by("pk"):
        found.append(dict(response.answers.values_list("question__key", "value")))
    return found


@pytest.mark.django_db
def test_a_forms_export_comes_in_as_finished_imported_responses() -> None:
    world = voice_world()
    result = _import(world)
    assert result.responses == 4  # type: ignore[attr-defined]
    assert result.answers == 5 + 6 + 5 + 4  # type: ignore[attr-defined]
    assert result.empty_rows == 1  # type: ignore[attr-defined]
    # Row 3: "No" to feeling safe, and "hits me" in its free text.
    assert result.flagged == 2  # type: ignore[attr-defined]
    assert _stored(world) == EXPECTED
    made = VoiceImport.objects.get()
    responses = Response.objects.filter(survey=world.wellbeing)
    assert {(r.status, r.consent, r.source_id, r.audience.key) for r in responses} == {
        ("finished", "imported", made.pk, "12-15")
    }
    assert [r.area for r in responses.order_by("pk")] == [
        "hereford",
        "ross",
        "leominster",
        "hereford",
    ]
    assert made.rows == 4 and made.format == "forms" and made.imported_by_name == "voice-analyst"
    assert not responses.filter(help_shown=True).exists()
    # The import is audited with its counts; no answer appears in the audit trail.
    event = AuditEvent.objects.get(object_type="voice.voiceimport")
    assert event.changes == {"responses": [None, 4], "answers": [None, 20]}
    assert "skate" not in repr(list(AuditEvent.objects.values()))


@pytest.mark.django_db
def test_no_identifying_value_is_anywhere_in_the_database() -> None:
    world = voice_world()
    _import(world)
    text = database_text()
    assert "A skate park" in text  # the reading does see the answers
    for value in IDENTIFYING:
        assert value not in text, value
    for response in Response.objects.all():
        assert (response.respondent_name, response.respondent_contact) == ("", "")
        assert response.resume_code_sha256 == ""


@pytest.mark.django_db
def test_the_same_file_into_the_same_wave_twice_changes_nothing() -> None:
    world = voice_world()
    first = _import(world)
    again = _import(world)
    assert again.already_imported  # type: ignore[attr-defined]
    assert again.import_id == first.import_id  # type: ignore[attr-defined]
    assert Response.objects.count() == 4 and VoiceImport.objects.count() == 1
    # Into another wave it is another import.
    voice_import(
        survey=world.wellbeing,
        wave=world.waves["2024"],
        format="forms",
        data=data("forms_wellbeing.csv"),
        file_name="forms_wellbeing.csv",
        audience=world.audiences["12-15"],
    )
    assert Response.objects.count() == 8


@pytest.mark.django_db
def test_every_problem_is_listed_and_nothing_is_saved() -> None:
    world = voice_world()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, "forms_problems.csv")
    found = [(p.row, p.column, p.reason) for p in rejected.value.problems]
    assert found == [
        (
            1,
            "Favourite colour?",
            "matches no question of the audience '12-15' by its text or key; "
            "ignore the column if it is not an answer",
        ),
        (2, "Where do you live?", "'Narnia' is not one of this question's options"),
        (2, "How do you feel about your life?", "'7' is not one of this question's options"),
        (2, "Put these in order: what matters most?", "an option is ranked twice"),
        (
            3,
            "Put these in order: what matters most?",
            "2 of the 3 options are ranked; rank them all",
        ),
    ]
    assert {p.file for p in rejected.value.problems} == {"forms_problems.csv"}
    message = "\n".join(str(p) for p in rejected.value.problems)
    for value in ("ZZID-99", "Zebedee", "Ottoline"):
        assert value not in message
    assert Response.objects.count() == 0 and VoiceImport.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="voice.voiceimport").exists()


@pytest.mark.django_db
def test_a_column_named_to_ignore_is_not_read() -> None:
    world = voice_world()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, "forms_problems.csv", ignore=["favourite colour?", "No such column"])
    reasons = [(p.row, p.column, p.reason) for p in rejected.value.problems]
    assert (1, None, "--ignore 'No such column' names no column of the file") in reasons
    assert all(p.column != "Favourite colour?" for p in rejected.value.problems)


@pytest.mark.django_db
def test_an_import_naming_no_audience_needs_the_columns_to_fit_just_one() -> None:
    world = voice_world()
    with pytest.raises(ImportRejected) as rejected:
        _import(world, audience=None)
    assert [p.reason for p in rejected.value.problems] == [
        "the columns match the questions of more than one audience (8-11, 12-15, parents): "
        "say which audience answered"
    ]
    # The check-in survey has one audience: its one question matched by key is enough.
    text = b"ID,Name,area\r\n1,Zed,Ross-on-Wye\r\n"
    result = voice_import(
        survey=world.check_in,
        wave=world.waves["check-in"],
        format="forms",
        data=text,
        file_name="check.csv",
    )
    assert result.audience == "12-15" and result.answers == 1


@pytest.mark.django_db
def test_answers_the_skip_logic_would_not_ask_are_left_out_as_the_journey_leaves_them() -> None:
    world = voice_world()
    text = (
        b"ID,Do you feel safe at home?,Tell us more if you want to.\r\n"
        b"1,Yes,I am fine\r\n"
        b"2,No,Not really\r\n"
        b"3,,On its own\r\n"
    )
    result = voice_import(
        survey=world.wellbeing,
        wave=world.waves["2025"],
        format="forms",
        data=text,
        file_name="skip.csv",
        audience=world.audiences["12-15"],
    )
    # Row 1 keeps "yes" only; row 2 both; row 3's only answer goes, leaving an empty row.
    assert (result.responses, result.answers, result.skipped_answers, result.empty_rows) == (
        2,
        3,
        2,
        1,
    )
    assert sorted(Answer.objects.values_list("value", flat=True)) == ["Not really", "no", "yes"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        ("ID,Name\r\n1,Z\u00e9d\r\n".encode("cp1252"), "is not UTF-8 text: save it as UTF-8 CSV"),
        (b"PK\x03\x04rest", "is a spreadsheet (XLSX or XLS), not CSV: save it as UTF-8 CSV"),
        (b"ID,area\r\n1,Hereford,Ross\r\n", "has 3 cells; the header has 2"),
        (
            b'ID,area\r\n1,"Hereford\r\n',
            "a quote is left open or a cell is malformed: the file may be cut off",
        ),
        (
            b"ID,Name,Email\r\n1,Zed,z@example.invalid\r\n",
            "the file has no question columns to import",
        ),
    ],
)
@pytest.mark.django_db
def test_a_file_that_cannot_be_read_is_refused_by_name(content: bytes, reason: str) -> None:
    world = voice_world()
    with pytest.raises(ImportRejected) as rejected:
        voice_import(
            survey=world.check_in,
            wave=world.waves["check-in"],
            format="forms",
            data=content,
            file_name="bad.csv",
        )
    assert [p.reason for p in rejected.value.problems] == [reason]
    assert "Zed" not in str(rejected.value) and "Z\u00e9d" not in str(rejected.value)
    assert Response.objects.count() == 0


@pytest.mark.django_db
def test_the_command_imports_and_prints_json() -> None:
    world = voice_world()
    out = io.StringIO()
    call_command(
        "voice",
        "import",
        "--survey",
        "wellbeing",
        "--wave",
        "2025",
        "--format",
        "forms",
        "--audience",
        "12-15",
        "--json",
        str(DATA / "forms_wellbeing.csv"),
        stdout=out,
    )
    printed = json.loads(out.getvalue())
    assert printed["responses"] == 4 and printed["answers"] == 20
    assert printed["dropped_columns"] == ["ID", "Start time", "Completion time", "Email", "Name"]
    assert _stored(world) == EXPECTED
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Import rejected: 5 problem\(s\); nothing was changed"):
        call_command(
            "voice",
            "import",
            "--survey",
            "wellbeing",
            "--wave",
            "2025",
            "--format",
            "forms",
            "--audience",
            "12-15",
            str(DATA / "forms_problems.csv"),
            stdout=out,
        )
    assert "forms_problems.csv, row 2, column 'Where do you live?'" in out.getvalue()


@pytest.mark.django_db
def test_a_problem_names_the_line_its_row_starts_on_after_a_cell_of_two_lines() -> None:
    world = voice_world()
    text = (
        b"ID,Name,What one thing would you change?,Where do you live?\r\n"
        b'1,Zed,"More buses\r\nand trains",Hereford\r\n'
        b"2,Zoe,Nothing,Atlantis\r\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        voice_import(
            survey=world.wellbeing,
            wave=world.waves["2025"],
            format="forms",
            data=text,
            file_name="lines.csv",
            audience=world.audiences["8-11"],
        )
    # The header is line 1, the first row lines 2 and 3, so the second row starts on line 4.
    assert [(p.row, p.column) for p in rejected.value.problems] == [(4, "Where do you live?")]
    assert "Zoe" not in str(rejected.value)
