"""The analysts' survey pages with Django's test client: who sees what, the upload that
lists every problem and saves nothing, the upload that loads, opening and closing, and the
file to download."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cypp.voice.models import Survey
from cypp.voice.services_surveys import survey_export
from tests.voice.world import voice_world

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "data" / "surveys" / "wellbeing.yaml"
TEXT = FILE.read_text(encoding="utf-8")


def _client(world, who: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    if world.people[who] is not None:
        client.force_login(world.people[who])
    return client


def _upload(client: Client, text: str, name: str = "wellbeing.yaml"):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, text.encode(), content_type="application/yaml")
    return client.post("/voice/alpha/surveys/upload/", {"file": upload})


def test_who_reads_the_list_and_a_survey() -> None:
    world = voice_world()
    expected = {
        "viewer": 200,
        "contributor": 200,
        "analyst": 200,
        "administrator": 200,
        "superuser": 200,
        "no-role": 404,
        "other": 404,
    }
    for who, status in expected.items():
        client = _client(world, who)
        assert client.get("/voice/alpha/surveys/").status_code == status, who
        assert client.get("/voice/alpha/surveys/wellbeing/").status_code == status, who
    assert _client(world, "anonymous").get("/voice/alpha/surveys/").status_code == 302
    page = _client(world, "viewer").get("/voice/alpha/surveys/").content.decode()
    assert "How are you?" in page and "Checking in" in page
    assert "Load a survey file" not in page  # a viewer reads, and changes nothing
    assert _client(world, "analyst").get("/voice/beta/surveys/wellbeing/").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("contributor", 403), ("other", 404)])
def test_only_analysts_and_administrators_load_open_and_download(who: str, status: int) -> None:
    world = voice_world()
    client = _client(world, who)
    assert client.get("/voice/alpha/surveys/upload/").status_code == status
    assert _upload(client, TEXT).status_code == status
    assert (
        client.post("/voice/alpha/surveys/wellbeing/status/", {"status": "closed"}).status_code
        == status
    )
    assert client.get("/voice/alpha/surveys/wellbeing/survey.yaml").status_code == status
    assert not Survey.objects.filter(key="how-are-you").exists()
    assert Survey.objects.get(key="wellbeing").status == "open"


def test_an_upload_with_problems_lists_them_all_and_saves_nothing() -> None:
    world = voice_world()
    client = _client(world, "analyst")
    broken = TEXT.replace("kind: parents", "kind: parent").replace('{key: "2025"', "{key: 2025")
    page = _upload(client, broken, "broken.yaml")
    assert page.status_code == 200
    body = page.content.decode()
    assert "The survey file was not loaded" in body
    assert "Problems in broken.yaml" in body
    assert "audiences[2].kind" in body and "waves[1].key" in body
    assert not Survey.objects.filter(key="how-are-you").exists()
    other = _upload(client, TEXT.replace("partnership: alpha", "partnership: beta"))
    assert "this file is for &#x27;beta&#x27;" in other.content.decode()
    assert not Survey.objects.filter(key="how-are-you").exists()
    empty = client.post("/voice/alpha/surveys/upload/", {})
    assert "Choose the survey file to load" in empty.content.decode()


def test_a_clean_upload_loads_and_shows_the_survey() -> None:
    world = voice_world()
    client = _client(world, "administrator")
    page = _upload(client, TEXT)
    assert page.status_code == 302 and page["Location"] == "/voice/alpha/surveys/how-are-you/"
    survey = Survey.objects.get(key="how-are-you")
    assert survey.loaded_by_name == "voice-admin"
    shown = client.get(page["Location"]).content.decode()
    assert "Loaded How are you? (how-are-you)" in shown
    assert "Overall, how satisfied are you with your life nowadays?" in shown
    assert "(shows where to get help)" in shown


def test_opening_and_closing_and_the_file() -> None:
    world = voice_world()
    client = _client(world, "analyst")
    page = client.get("/voice/alpha/surveys/wellbeing/status/")
    assert "Close the survey" in page.content.decode()
    assert client.post("/voice/alpha/surveys/wellbeing/status/", {}).status_code == 200
    done = client.post("/voice/alpha/surveys/wellbeing/status/", {"status": "closed"})
    assert done.status_code == 302
    assert Survey.objects.get(key="wellbeing").status == "closed"
    _upload(client, TEXT)
    survey = Survey.objects.get(key="how-are-you")
    download = client.get("/voice/alpha/surveys/how-are-you/survey.yaml")
    assert download["Content-Disposition"] == 'attachment; filename="how-are-you.yaml"'
    assert download.content.decode() == survey_export(survey=survey)
