"""The demo's voice work (issue #17 item 9): a SYNTHETIC wellbeing survey for Herefordshire
with two waves of made-up answers, themes linked to the 2018-2023 plan's pledges, and a
"you said, we did" page and board pack section.

Expected figures are the brief's (1,200 responses in spring 2025, 1,350 in autumn 2026), the
survey file's own (read here with yaml, never through the loader), or counted here from the
database with plain queries and this file's own whole-word rule; never from the generator."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

import pytest
import yaml
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cypp.accounts.models import AuditEvent
from cypp.demo.loader import demo_load
from cypp.plans.models import Plan
from cypp.reports.board_pack.builder import board_pack_build
from cypp.reports.board_pack.render import pack_fragment
from cypp.voice.models import Answer, Question, Response, Survey, Tag, Theme, ThemeReply
from tests.conftest import DEMO_DATA

pytestmark = pytest.mark.django_db

SURVEY_FILE = DEMO_DATA / "voice" / "herefordshire" / "wellbeing.yaml"
PLAN = "herefordshire-2018-2023"
PLEDGES = {"be-safe", "be-healthy", "be-amazing", "part-of-community"}
WAVES = {"2025-spring": 1200, "2026-autumn": 1350}  # the brief's numbers
THRESHOLD = 10  # settings.DISCLOSURE_THRESHOLD's default: a theme's count shows at 10


def _file() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SURVEY_FILE.read_text(encoding="utf-8"))
    return document


def _quiet(_message: str) -> None:
    pass


def _whole_words(keyword: str, text: str) -> bool:
    words = r"\s+".join(re.escape(w) for w in keyword.split())
    return re.search(rf"(?<![\w]){words}(?![\w])", text, re.IGNORECASE) is not None


def _demo() -> Survey:
    added = demo_load(data_dir=DEMO_DATA, say=_quiet)
    assert "the SYNTHETIC wellbeing survey" in added
    return Survey.objects.get(key=_file()["survey"]["key"])


# Two tests, each loading the demo once (a load takes a while); each part a function below.
def test_the_demo_survey_is_labelled_synthetic_open_today_and_answered_by_its_rules() -> None:
    demo = _demo()
    _survey_is_the_files_labelled_synthetic_and_open_today(demo)
    _answers_are_as_generated_and_keep_the_surveys_rules(demo)


def test_the_demo_themes_link_the_pledges_and_you_said_we_did_is_published() -> None:
    demo = _demo()
    _every_theme_linked_to_the_plans_pledges_and_suggestions_accepted(demo)
    _replies_published_on_the_page_and_in_the_board_pack()
    _a_second_load_adds_nothing()


def _survey_is_the_files_labelled_synthetic_and_open_today(demo: Survey) -> None:
    file = _file()
    assert demo.synthetic and demo.anonymous
    assert "SYNTHETIC" in demo.title and "SYNTHETIC" in demo.summary
    assert demo.partnership.key == "herefordshire"
    assert demo.status == Survey.Status.OPEN
    assert demo.languages == ["en", "cy"]
    assert [a.key for a in demo.audiences.all()] == [a["key"] for a in file["audiences"]]
    kinds = {q.kind for q in Question.objects.filter(audience__survey=demo)}
    assert kinds == {"choice", "scale", "free_text", "ranking"}
    # The Welsh version of the 8 to 11s' questions, every one translated.
    young = demo.audiences.get(key="8-11")
    assert young.translations["cy"]["label"]
    assert all(q.translations.get("cy", {}).get("text") for q in young.questions.all())
    # The 16 to 24s are asked the four ONS personal well-being questions.
    older = demo.audiences.get(key="16-24")
    assert {q.standard_item for q in older.questions.all()} >= {
        "ons4-life-satisfaction",
        "ons4-worthwhile",
        "ons4-happiness",
        "ons4-anxiety",
    }
    # The area question: Hereford and the five market towns.
    area = young.questions.get(is_area=True)
    labels = {o["label"] for o in area.options}
    assert {"Hereford", "Bromyard", "Kington", "Ledbury", "Leominster", "Ross-on-Wye"} <= labels
    # Spring 2025 is over; autumn 2026 opened on 1 October 2026 and has no end, so a child
    # can take the survey today.
    spring, autumn = demo.waves.order_by("opens")
    assert (spring.key, spring.opens, spring.closes) == (
        "2025-spring",
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 30),
    )
    assert (autumn.key, autumn.opens, autumn.closes) == ("2026-autumn", dt.date(2026, 10, 1), None)
    assert autumn.opens <= timezone.localdate()


def _answers_are_as_generated_and_keep_the_surveys_rules(demo: Survey) -> None:
    for wave_key, count in WAVES.items():
        assert Response.objects.filter(survey=demo, wave__key=wave_key).count() == count
    responses = Response.objects.filter(survey=demo)
    # Anonymous: nothing says who answered.
    assert not responses.exclude(respondent_name="", respondent_contact="").exists()
    assert not responses.exclude(respondent_setting="").exists()
    assert not responses.exclude(resume_code_sha256="").exists()
    # Answered inside each wave's dates, as dates.
    for wave in demo.waves.all():
        answered = responses.filter(wave=wave)
        assert not answered.filter(started_on__lt=wave.opens).exists()
        if wave.closes:
            assert not answered.filter(started_on__gt=wave.closes).exists()
    # Welsh only where a Welsh version exists.
    assert responses.filter(language="cy", audience__key="8-11").exists()
    assert not responses.filter(language="cy").exclude(audience__key="8-11").exists()
    # Under 13 a parent or carer agreed.
    assert set(responses.filter(audience__key="8-11").values_list("consent", flat=True)) == {
        "parent"
    }

    values: dict[int, dict[str, str]] = defaultdict(dict)
    for response_id, key, value in Answer.objects.filter(response__survey=demo).values_list(
        "response_id", "question__key", "value"
    ):
        values[response_id][key] = value
    rankings = {
        q["key"]: sorted(o["value"] for o in q["options"])
        for a in _file()["audiences"]
        for q in a["questions"]
        if q.get("kind") == "ranking"
    }
    for response in responses.only("pk", "area", "help_shown"):
        given = values[response.pk]
        # The area question sets the response's area; every response answered it first.
        assert response.area == given["area"]
        # Skip logic: "what would help you feel safer" only after "not sure" or "no".
        if "safer" in given:
            assert given["feel-safe"] in {"not-sure", "no"}
        # Help shown exactly when a "no" to feeling safe said so (no text says harm).
        assert response.help_shown == (given.get("feel-safe") == "no")
        # A ranking puts every option in order once.
        for key, options in rankings.items():
            if key in given:
                assert sorted(given[key].splitlines()) == options
    # Nobody's answers are in the audit trail.
    assert not AuditEvent.objects.filter(object_type__in=["answer", "response"]).exists()


def _every_theme_linked_to_the_plans_pledges_and_suggestions_accepted(demo: Survey) -> None:
    themes = list(Theme.objects.filter(partnership__key="herefordshire"))
    assert len(themes) == 8
    pledges = set()
    for theme in themes:
        outcomes = list(theme.outcomes.select_related("priority__plan"))
        assert outcomes, f"{theme.name} is linked to no outcome"
        assert {o.priority.plan.key for o in outcomes} == {PLAN}
        pledges |= {o.priority.key for o in outcomes}
    assert pledges == PLEDGES
    # Every free-text answer holding a theme's keyword (whole words, any case) is tagged with
    # that theme as an accepted suggestion, and no other answer is.
    free_text = list(Answer.objects.filter(response__survey=demo, question__kind="free_text"))
    tags = set(Tag.objects.filter(theme__in=themes).values_list("theme_id", "answer_id"))
    expected = {
        (theme.pk, answer.pk)
        for theme in themes
        for answer in free_text
        if any(_whole_words(k, answer.value) for k in theme.keywords)
    }
    assert tags == expected
    assert not Tag.objects.filter(suggested=False).exists()
    assert set(Tag.objects.values_list("tagged_by_name", flat=True)) == {"analyst"}
    # Some answers suggest nothing: left for the analyst.
    assert len({a for _t, a in tags}) < len(free_text)
    # Each theme has enough answers in each wave for its count to show.
    for theme in themes:
        for wave in WAVES:
            n = Tag.objects.filter(theme=theme, answer__response__wave__key=wave).count()
            assert n >= THRESHOLD, (theme.name, wave, n)


def _replies_published_on_the_page_and_in_the_board_pack() -> None:
    replies = ThemeReply.objects.filter(theme__partnership__key="herefordshire")
    published = list(replies.filter(published_at__isnull=False).select_related("organisation"))
    drafts = list(replies.filter(published_at__isnull=True))
    assert (len(published), len(drafts)) == (7, 1)
    assert {r.organisation.name for r in published if r.organisation} == {
        "Herefordshire Council",
        "West Mercia Police",
    }
    # The partnership's replies each lead to a commitment of the plan or a board action.
    for reply in published:
        if reply.organisation is None:
            assert reply.commitment or reply.action or reply.status == "not_doing", reply.you_said
    assert {r.commitment.plan.key for r in published if r.commitment} == {PLAN}
    assert any(r.action and r.action.body.key == "health-and-wellbeing-board" for r in published)
    assert len({r.status for r in published}) == 4  # planned, doing, done, cannot do

    page = Client().get(reverse("voice:you_said_we_did", kwargs={"partnership": "herefordshire"}))
    assert page.status_code == 200
    text = page.content.decode()
    for reply in published:
        assert escape(reply.we_did) in text
    assert escape(drafts[0].we_did) not in text

    pack = board_pack_build(plan=Plan.objects.get(key=PLAN), period=None)
    html = pack_fragment(pack)
    assert "You said, we did" in html
    for reply in published:
        assert escape(reply.we_did) in html
    assert escape(drafts[0].we_did) not in html


def _a_second_load_adds_nothing() -> None:
    models = (Survey, Response, Answer, Theme, Tag, ThemeReply)
    before = {m.__name__: m.objects.count() for m in models}
    assert demo_load(data_dir=DEMO_DATA, say=_quiet) == []
    assert {m.__name__: m.objects.count() for m in models} == before
