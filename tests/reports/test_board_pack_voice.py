"""The board pack's "You said, we did" section: the partnership's published replies whose
themes are linked to the pack's plan's outcomes, with their status and the commitment or
board action they led to, in the HTML, the PDF's text (pdftotext) and the exported table.

Expected values are the replies as written here and the counts made here (12 answers given
one theme: at the threshold of 10, shown; 3: below it, "c")."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from cypp.accounts.models import Organisation, Partnership
from cypp.plans.models import Commitment, Outcome, Plan
from cypp.reports.services import board_pack_request
from cypp.voice.models import Answer, Audience, Question, Response, Survey, Theme, Wave
from cypp.voice.services_themes import reply_publish, reply_save, tag_set, theme_save
from tests.governance.factories import action_make, body_make
from tests.reports.board_pack_helpers import demo_plan_with_periods

pytestmark = pytest.mark.django_db

DAY = dt.date(2018, 2, 1)


def _answers(partnership: Partnership, how_many: int) -> list[Answer]:
    survey, _ = Survey.objects.get_or_create(
        partnership=partnership,
        key="pack-voice",
        defaults={
            "title": "How are you?",
            "privacy_notice": "We will not ask your name.",
            "help_text": "Call Childline on 0800 1111.",
            "definition_sha256": "a" * 64,
        },
    )
    audience, _ = Audience.objects.get_or_create(
        survey=survey, key="12-15", defaults={"label": "I am 12 to 15", "kind": "children"}
    )
    wave, _ = Wave.objects.get_or_create(
        survey=survey, key="2018", defaults={"label": "2018", "opens": DAY}
    )
    question, _ = Question.objects.get_or_create(
        audience=audience,
        key="change",
        defaults={"kind": "free_text", "text": "What would you change?"},
    )
    made = []
    for _ in range(how_many):
        response = Response.objects.create(
            survey=survey,
            audience=audience,
            wave=wave,
            status="finished",
            consent="self",
            started_on=DAY,
            finished_on=DAY,
        )
        made.append(Answer.objects.create(response=response, question=question, value="words"))
    return made


def _voice(plan: Plan) -> dict[str, str]:
    partnership = plan.partnership
    outcomes = list(
        Outcome.objects.filter(priority__plan=plan).order_by("priority__order", "order")
    )
    commitment = Commitment.objects.create(
        plan=plan,
        key="later-buses",
        title="Ask the bus company for later buses",
        status=Commitment.Status.IN_PROGRESS,
    )
    action = action_make(
        body_make("voice-board", partnership=partnership), text="Report back on youth clubs"
    )
    buses = theme_save(
        partnership=partnership, by=None, name="Getting about", outcomes=outcomes[:1]
    )
    clubs = theme_save(partnership=partnership, by=None, name="Youth clubs", outcomes=outcomes[1:2])
    unlinked = theme_save(partnership=partnership, by=None, name="School dinners")
    for answer in _answers(partnership, 12):
        tag_set(theme=buses, answer=answer, by=None)
    for answer in _answers(partnership, 3):
        tag_set(theme=clubs, answer=answer, by=None)
    police = Organisation.objects.get_or_create(name="West Mercia Police")[0]
    replies: list[tuple[Theme, tuple[str, str], dict[str, Any]]] = [
        (
            buses,
            ("Buses stop too early.", "We asked for later buses."),
            {"commitment": commitment, "status": "in_progress"},
        ),
        (
            buses,
            ("Buses feel unsafe.", "Officers ride the late buses."),
            {"organisation": police, "status": "done"},
        ),
        (clubs, ("There is nowhere to go.", "The board asked for a plan."), {"action": action}),
        (unlinked, ("Dinners are cold.", "Not about this plan."), {}),
    ]
    for theme, words, extra in replies:
        reply = reply_save(theme=theme, by=None, you_said=words[0], we_did=words[1], **extra)
        reply_publish(reply=reply, by=None)
    reply_save(theme=buses, by=None, you_said="Draft, never shown.", we_did="Draft.")
    return {"buses": outcomes[0].title, "clubs": outcomes[1].title}


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_pack_shows_the_published_replies_linked_to_its_plan() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    outcome = _voice(plan)

    pack = board_pack_request(plan=plan, period=period, by=analyst)

    html = pack.html_file.read().decode("utf-8")
    assert (
        '<a class="govuk-link cypp-toc__link" href="#you-said-we-did">You said, we did</a>' in html
    )
    section = html[html.index('id="you-said-we-did"') :]
    section = section[: section.index("</section>")]
    text = _words(re.sub(r"<[^>]+>", " ", section))
    for said in [
        "Buses stop too early.",
        "Officers ride the late buses.",
        "There is nowhere to go.",
    ]:
        assert said in text
    assert "Dinners are cold." not in html and "Draft, never shown." not in html
    assert f"Outcome: {outcome['buses']}. People who said it: 12." in text
    assert f"Outcome: {outcome['clubs']}. People who said it: c." in text
    assert "Ask the bus company for later buses (in progress)" in text
    assert "Report back on youth clubs (open)" in text
    assert "We are doing this" in text and "We have done this" in text
    # The partnership's reply before its partner's.
    assert text.index("Buses stop too early.") < text.index("Buses feel unsafe.")

    pdf = _words(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", pack.pdf_file.path, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert "You said, we did" in pdf
    for words in [
        "Buses stop too early.",
        "We asked for later buses.",
        "Officers ride the late buses.",
        "People who said it: 12",
    ]:
        assert words in pdf, words
    assert "Dinners are cold." not in pdf


def test_the_replies_export_as_a_table() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    outcome = _voice(plan)
    pack = board_pack_request(plan=plan, period=period, by=analyst)
    client = Client()
    client.force_login(analyst)
    base = f"/plans/{plan.key}/board-packs/{pack.pk}"

    response = client.get(f"{base}/tables/you-said-we-did.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows.index(
        next(r for r in rows if r[:3] == ["Theme", "Outcomes", "People who said it"])
    )
    body = [r[:8] for r in rows[header + 1 :] if r]
    assert body == [
        [
            "Getting about",
            outcome["buses"],
            "12",
            "Buses stop too early.",
            "We asked for later buses.",
            "We are doing this",
            plan.partnership.name,
            "Ask the bus company for later buses",
        ],
        [
            "Getting about",
            outcome["buses"],
            "12",
            "Buses feel unsafe.",
            "Officers ride the late buses.",
            "We have done this",
            "West Mercia Police",
            "",
        ],
        [
            "Youth clubs",
            outcome["clubs"],
            "c",
            "There is nowhere to go.",
            "The board asked for a plan.",
            "We are going to do this",
            plan.partnership.name,
            "",
        ],
    ]
    book = load_workbook(io.BytesIO(client.get(f"{base}/tables.xlsx").content))
    sheet = book["you-said-we-did"]
    counts = [
        row[2]
        for row in sheet.iter_rows(values_only=True)
        if row[0] in {"Getting about", "Youth clubs"}
    ]
    assert counts == [12, 12, "c"]


def test_a_pack_without_published_replies_has_no_such_section() -> None:
    plan, period, analyst, _viewer = demo_plan_with_periods()
    pack = board_pack_request(plan=plan, period=period, by=analyst)
    assert 'id="you-said-we-did"' not in pack.html_file.read().decode("utf-8")
    assert "you-said-we-did" not in pack.tables
