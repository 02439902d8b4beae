"""The public "you said, we did" page: anyone reads it without signing in; it shows only
published replies, their status in words, who replied and the commitment, never a child's
own words, and a theme's count only at or above the threshold."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import Organisation
from cypp.plans.models import Commitment
from cypp.voice.services_themes import reply_publish, reply_save, tag_set, theme_save
from tests.voice.world import POLICE, VoiceWorld, answers_add, voice_world

pytestmark = pytest.mark.django_db

URL = reverse("voice:you_said_we_did", kwargs={"partnership": "alpha"})


def _tagged(world: VoiceWorld, theme: Any, text: str, times: int) -> None:
    for response in answers_add(
        world, wave="2025", audience="12-15", answers={"change": text}, times=times
    ):
        tag_set(theme=theme, answer=response.answers.get(), by=None)


@pytest.fixture
def world(settings: Any) -> VoiceWorld:
    settings.DISCLOSURE_THRESHOLD = 10
    world = voice_world()
    buses = theme_save(
        partnership=world.alpha, by=None, name="Getting about", outcomes=world.outcomes[:1]
    )
    parks = theme_save(partnership=world.alpha, by=None, name="Places to play")
    _tagged(world, buses, "My bus driver Mr Secretname is rude", 10)
    _tagged(world, parks, "the park by Privatelane is closed", 9)
    commitment = Commitment.objects.create(
        plan=world.plan, key="buses", title="Later buses for young people"
    )
    reply_publish(
        reply=reply_save(
            theme=buses,
            by=None,
            you_said="The last bus is too early.",
            we_did="We asked the bus company to run a later bus.",
            status="in_progress",
            commitment=commitment,
        ),
        by=None,
    )
    reply_publish(
        reply=reply_save(
            theme=buses,
            by=None,
            you_said="Buses feel unsafe at night.",
            we_did="Officers ride the late buses.",
            status="done",
            organisation=Organisation.objects.get(name=POLICE),
        ),
        by=None,
    )
    reply_publish(
        reply=reply_save(
            theme=parks,
            by=None,
            you_said="Parks close too early.",
            we_did="We cannot keep them open.",
            status="not_doing",
        ),
        by=None,
    )
    reply_save(theme=parks, by=None, you_said="Not yet ready", we_did="Draft words")
    return world


@pytest.mark.parametrize("who", ["anonymous", "no-role", "viewer", "other", "analyst"])
def test_anyone_reads_the_page(world: VoiceWorld, who: str) -> None:
    client = Client()
    person = world.people[who]
    if person is not None:
        client.force_login(person)
    assert client.get(URL).status_code == 200


def test_the_page_shows_published_replies_in_words_a_child_can_read(world: VoiceWorld) -> None:
    page = Client().get(URL).content.decode()
    for words in [
        "You said, we did",
        "The last bus is too early.",
        "We asked the bus company to run a later bus.",
        "We are doing this",
        "This is part of our plan: Later buses for young people.",
        "Buses feel unsafe at night.",
        "We have done this",
        "From West Mercia Police.",
        "From the partnership, Alpha.",
        "We cannot do this, and here is why",
    ]:
        assert words in page, words
    assert "Not yet ready" not in page and "Draft words" not in page


def test_the_page_never_shows_a_childs_words_or_a_count_below_the_threshold(
    world: VoiceWorld,
) -> None:
    page = Client().get(URL).content.decode()
    assert "Secretname" not in page and "Privatelane" not in page
    # 10 people gave answers about getting about (at the threshold); 9 about places to play.
    assert "10 people told us about this." in page
    assert "9 people" not in page and ">9<" not in page
    assert page.count("people told us about this") == 1


def test_an_unknown_partnership_is_not_found_and_one_with_no_replies_says_so(
    world: VoiceWorld,
) -> None:
    assert (
        Client()
        .get(reverse("voice:you_said_we_did", kwargs={"partnership": "nowhere"}))
        .status_code
        == 404
    )
    page = (
        Client()
        .get(reverse("voice:you_said_we_did", kwargs={"partnership": "beta"}))
        .content.decode()
    )
    assert "We have not published any replies yet." in page
    assert "The last bus is too early." not in page
