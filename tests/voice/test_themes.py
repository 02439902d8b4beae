"""Themes, tags and replies: the services' rules, their audit trail, who may do what on the
pages, and the published replies as the public page and the board pack read them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cypp.accounts.models import AuditEvent, Organisation
from cypp.plans.models import Commitment, Outcome
from cypp.voice.models import Answer, Tag, Theme, ThemeReply
from cypp.voice.selectors_themes import replies_published, theme_counts, theming_page
from cypp.voice.services_themes import (
    ThemeError,
    reply_publish,
    reply_save,
    reply_unpublish,
    tag_remove,
    tag_set,
    theme_delete,
    theme_save,
)
from tests.governance.factories import action_make, body_make
from tests.plans.factories import plan_make
from tests.voice.world import COUNCIL, POLICE, VoiceWorld, answers_add, voice_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> VoiceWorld:
    return voice_world()


def _change_answers(world: VoiceWorld, text: str, times: int, wave: str = "2025") -> list[Answer]:
    responses = answers_add(
        world, wave=wave, audience="12-15", answers={"change": text}, times=times
    )
    return [r.answers.get() for r in responses]


def _commitment(world: VoiceWorld) -> Commitment:
    return Commitment.objects.create(
        plan=world.plan,
        key="later-buses",
        title="Ask for later buses",
        status=Commitment.Status.IN_PROGRESS,
        owner_organisation=Organisation.objects.get(name=COUNCIL),
    )


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# The services


def test_a_theme_is_saved_with_its_keywords_and_outcomes_and_audited(world: VoiceWorld) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(
        partnership=world.alpha,
        by=analyst,
        name="  Getting   about ",
        keywords=["bus", " Bus", "", "no way to get"],
        outcomes=[world.outcomes[1]],
    )
    assert (theme.name, theme.keywords) == ("Getting about", ["bus", "no way to get"])
    assert list(theme.outcomes.all()) == [world.outcomes[1]]
    event = AuditEvent.objects.get(object_type="voice.theme", object_id=str(theme.pk))
    assert (event.action, event.context, event.user) == ("create", "partnership:alpha", analyst)
    assert event.changes["outcomes"] == [None, ["test-plan: Children feel safe where they live"]]

    theme_save(
        partnership=world.alpha,
        by=analyst,
        name="Getting about",
        theme=theme,
        keywords=["bus"],
        outcomes=[world.outcomes[0]],
    )
    change = AuditEvent.objects.filter(object_id=str(theme.pk), action="update").get()
    assert change.changes == {
        "keywords": [["bus", "no way to get"], ["bus"]],
        "outcomes": [
            ["test-plan: Children feel safe where they live"],
            ["test-plan: Children are ready for school"],
        ],
    }


def test_a_theme_is_refused_a_name_twice_an_outcome_of_another_partnership_or_a_viewer(
    world: VoiceWorld,
) -> None:
    analyst = world.people["analyst"]
    theme_save(partnership=world.alpha, by=analyst, name="Getting about")
    with pytest.raises(ThemeError, match="already a theme called") as error:
        theme_save(partnership=world.alpha, by=analyst, name="getting ABOUT")
    assert error.value.field == "name"
    beta_plan = plan_make(key="beta-plan", partnership="beta")
    beta_outcome = Outcome.objects.get(priority__plan=beta_plan)
    with pytest.raises(ThemeError, match="not in a plan of") as error:
        theme_save(partnership=world.alpha, by=analyst, name="Parks", outcomes=[beta_outcome])
    assert error.value.field == "outcomes"
    with pytest.raises(ThemeError, match="Only an analyst or administrator"):
        theme_save(partnership=world.alpha, by=world.people["viewer"], name="Parks")
    with pytest.raises(ThemeError, match="Only an analyst or administrator"):
        theme_save(partnership=world.alpha, by=world.people["other"], name="Parks")
    assert Theme.objects.count() == 1


def test_tags_mark_accepted_suggestions_and_are_audited_without_the_answer(
    world: VoiceWorld,
) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(partnership=world.alpha, by=analyst, name="Getting about")
    (answer,) = _change_answers(world, "The secret bus my friend Sam takes", 1)
    tag = tag_set(theme=theme, answer=answer, by=analyst, suggested=True)
    assert (tag.suggested, tag.tagged_by_name) == (True, "voice-analyst")
    assert tag_set(theme=theme, answer=answer, by=analyst).pk == tag.pk  # once
    assert Tag.objects.count() == 1
    events = AuditEvent.objects.filter(object_type="voice.tag")
    assert [e.action for e in events] == ["create"]
    # An anonymous child's words are never in the audit trail.
    assert not AuditEvent.objects.filter(object_repr__icontains="secret").exists()
    assert not AuditEvent.objects.filter(changes__icontains="secret").exists()
    assert not AuditEvent.objects.filter(note__icontains="secret").exists()
    assert tag_remove(theme=theme, answer=answer, by=analyst) is True
    assert tag_remove(theme=theme, answer=answer, by=analyst) is False
    assert [
        e.action for e in AuditEvent.objects.filter(object_type="voice.tag").order_by("pk")
    ] == [
        "create",
        "delete",
    ]


def test_only_free_text_of_the_partnerships_surveys_is_tagged(world: VoiceWorld) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(partnership=world.alpha, by=analyst, name="Getting about")
    (response,) = answers_add(world, wave="2025", audience="12-15", answers={"happy": "4"})
    with pytest.raises(ThemeError, match="Only free-text answers"):
        tag_set(theme=theme, answer=response.answers.get(), by=analyst)
    beta_theme = theme_save(partnership=world.beta, by=None, name="Getting about")
    (answer,) = _change_answers(world, "bus", 1)
    with pytest.raises(ThemeError, match="not to a survey of this theme's partnership"):
        tag_set(theme=beta_theme, answer=answer, by=None)
    with pytest.raises(ThemeError, match="Only an analyst"):
        tag_set(theme=theme, answer=answer, by=world.people["contributor"])


def test_replies_link_to_commitments_and_actions_of_the_partnership_only(world: VoiceWorld) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(partnership=world.alpha, by=analyst, name="Getting about")
    commitment = _commitment(world)
    action = action_make(body_make(partnership=world.alpha), text="Write to the bus company")
    reply = reply_save(
        theme=theme,
        by=analyst,
        you_said="Buses stop too early.",
        we_did="We asked for later buses.",
        status="in_progress",
        commitment=commitment,
        action=action,
    )
    assert (reply.organisation, reply.commitment, reply.action) == (None, commitment, action)
    assert AuditEvent.objects.get(object_type="voice.themereply").context == "partnership:alpha"
    beta_plan = plan_make(key="beta-plan", partnership="beta")
    foreign = Commitment.objects.create(plan=beta_plan, key="x", title="Beta's")
    with pytest.raises(ThemeError, match="not in a plan of") as error:
        reply_save(theme=theme, by=analyst, you_said="a", we_did="b", commitment=foreign)
    assert error.value.field == "commitment"
    beta_action = action_make(body_make(partnership=world.beta))
    with pytest.raises(ThemeError, match="boards"):
        reply_save(theme=theme, by=analyst, you_said="a", we_did="b", action=beta_action)
    with pytest.raises(ThemeError, match="Enter what children"):
        reply_save(theme=theme, by=analyst, you_said="  ", we_did="b")
    with pytest.raises(ThemeError, match="how far"):
        reply_save(theme=theme, by=analyst, you_said="a", we_did="b", status="maybe")
    assert ThemeReply.objects.count() == 1


def test_a_contributor_writes_their_organisations_reply_not_the_partnerships(
    world: VoiceWorld,
) -> None:
    theme = theme_save(partnership=world.alpha, by=None, name="Feeling safe")
    police = Organisation.objects.get(name=POLICE)
    council = Organisation.objects.get(name=COUNCIL)
    contributor = world.people["contributor"]  # works for the police
    with pytest.raises(ThemeError, match="may not write"):
        reply_save(theme=theme, by=contributor, you_said="a", we_did="b")
    with pytest.raises(ThemeError, match="may not write"):
        reply_save(theme=theme, by=contributor, you_said="a", we_did="b", organisation=council)
    own = reply_save(
        theme=theme,
        by=contributor,
        you_said="Parks feel unsafe at night.",
        we_did="Officers walk through the parks after dark.",
        organisation=police,
    )
    reply_publish(reply=own, by=contributor)
    with pytest.raises(ThemeError, match="may not publish"):
        reply_publish(reply=own, by=world.people["contributor2"])
    partnership_reply = reply_save(theme=theme, by=None, you_said="a", we_did="b")
    with pytest.raises(ThemeError, match="may not publish"):
        reply_publish(reply=partnership_reply, by=contributor)
    # Changing a reply keeps the organisation it was written for.
    changed = reply_save(
        theme=theme,
        by=contributor,
        you_said="Parks feel unsafe.",
        we_did="Patrols.",
        organisation=None,
        reply=own,
    )
    assert changed.organisation == police


def test_publishing_keeps_its_first_date_and_a_published_theme_is_not_deleted(
    world: VoiceWorld,
) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(partnership=world.alpha, by=analyst, name="Getting about")
    reply = reply_save(theme=theme, by=analyst, you_said="a", we_did="b")
    first = reply_publish(reply=reply, by=analyst).published_at
    assert first is not None
    assert reply_publish(reply=reply, by=analyst).published_at == first
    with pytest.raises(ThemeError, match="Unpublish its replies"):
        theme_delete(theme=theme, by=analyst)
    assert reply_unpublish(reply=reply, by=analyst).published_at is None
    notes = list(
        AuditEvent.objects.filter(object_type="voice.themereply", action="update")
        .order_by("pk")
        .values_list("note", flat=True)
    )
    assert notes == ["Published", "Unpublished"]
    theme_delete(theme=theme, by=analyst)
    assert not Theme.objects.exists() and not ThemeReply.objects.exists()
    assert AuditEvent.objects.filter(object_type="voice.theme", action="delete").count() == 1


# What is read


def test_theme_counts_count_responses_once_and_publish_none_below_the_threshold(
    world: VoiceWorld, settings: Any
) -> None:
    settings.DISCLOSURE_THRESHOLD = 10
    analyst = world.people["analyst"]
    buses = theme_save(
        partnership=world.alpha, by=analyst, name="Getting about", outcomes=world.outcomes[:1]
    )
    parks = theme_save(
        partnership=world.alpha, by=analyst, name="Places to play", outcomes=world.outcomes[1:]
    )
    for answer in _change_answers(world, "more buses", 12):
        tag_set(theme=buses, answer=answer, by=analyst)
    # A response with two free-text answers both given a theme counts once.
    responses = answers_add(
        world,
        wave="2024",
        audience="12-15",
        answers={"feel-safe": "not-sure", "why-unsafe": "the park", "change": "a park"},
        times=9,
    )
    for response in responses:
        for answer in response.answers.filter(question__kind="free_text"):
            tag_set(theme=parks, answer=answer, by=analyst)
    # A response not finished is not counted, as in every result.
    (started,) = answers_add(
        world, wave="2025", audience="12-15", answers={"change": "bus"}, finished=False
    )
    tag_set(theme=buses, answer=started.answers.get(), by=analyst)
    assert theme_counts(partnership=world.alpha) == {buses.pk: 12, parks.pk: 9}
    assert theme_counts(partnership=world.alpha, wave=world.waves["2024"]) == {parks.pk: 9}
    for theme in (buses, parks):
        reply_publish(
            reply=reply_save(theme=theme, by=analyst, you_said="s", we_did="d"), by=analyst
        )
    nobody = theme_save(partnership=world.alpha, by=analyst, name="Untagged")
    reply_publish(reply=reply_save(theme=nobody, by=analyst, you_said="s", we_did="d"), by=analyst)
    published = replies_published(partnership=world.alpha)
    assert [(r.theme, r.count) for r in published][-1] == ("Untagged", "c")  # none: "c" too
    published = published[:-1]
    assert [(r.theme, r.count, r.outcomes) for r in published] == [
        ("Getting about", 12, ("Children are ready for school",)),
        ("Places to play", "c", ("Children feel safe where they live",)),
    ]
    other_plan = plan_make(key="later-plan", partnership="alpha")
    later = Outcome.objects.get(priority__plan=other_plan)
    theme_save(
        partnership=world.alpha,
        by=analyst,
        name="Places to play",
        theme=parks,
        outcomes=[world.outcomes[1], later],
    )
    only = replies_published(partnership=world.alpha, plan=other_plan)
    assert [(r.theme, r.outcomes) for r in only] == [
        ("Places to play", ("Children are ready for school",))
    ]


def test_the_partnerships_reply_comes_first_and_unpublished_ones_never(world: VoiceWorld) -> None:
    analyst = world.people["analyst"]
    theme = theme_save(partnership=world.alpha, by=analyst, name="Feeling safe")
    police = Organisation.objects.get(name=POLICE)
    council = Organisation.objects.get(name=COUNCIL)
    for organisation in (police, council, None):
        reply = reply_save(
            theme=theme, by=analyst, you_said="s", we_did="d", organisation=organisation
        )
        reply_publish(reply=reply, by=analyst)
    reply_save(theme=theme, by=analyst, you_said="draft", we_did="draft")
    commitment = _commitment(world)
    reply_save(
        theme=theme,
        by=analyst,
        you_said="s",
        we_did="d",
        commitment=commitment,
        status="done",
        reply=ThemeReply.objects.get(organisation=None, published_at__isnull=False),
    )
    published = replies_published(partnership=world.alpha)
    assert [(r.who, r.by_partnership) for r in published] == [
        ("Alpha", True),
        (COUNCIL, False),
        (POLICE, False),
    ]
    assert (published[0].status_label, published[0].commitment, published[0].commitment_status) == (
        "We have done this",
        "Ask for later buses",
        "In progress",
    )


def test_the_theming_page_suggests_themes_the_answer_has_not_got(world: VoiceWorld) -> None:
    analyst = world.people["analyst"]
    buses = theme_save(partnership=world.alpha, by=analyst, name="Getting about", keywords=["bus"])
    theme_save(partnership=world.alpha, by=analyst, name="Places to play", keywords=["park"])
    first, second = _change_answers(world, "A bus to the park", 2)
    tag_set(theme=buses, answer=first, by=analyst)
    _change_answers(world, "something older", 1, wave="2024")
    found = theming_page(survey=world.wellbeing, wave_key=None, page_number=None)
    assert found.wave == world.waves["2025"]
    shown = {
        a.answer.pk: ([t.theme.name for t in a.tagged], [s.name for s in a.suggested])
        for a in found.answers
    }
    assert shown == {
        first.pk: (["Getting about"], ["Places to play"]),
        second.pk: ([], ["Getting about", "Places to play"]),
    }
    older = theming_page(survey=world.wellbeing, wave_key="2024", page_number=None)
    assert [a.answer.value for a in older.answers] == ["something older"]


def test_the_theming_page_shows_fifty_answers_a_page(world: VoiceWorld) -> None:
    _change_answers(world, "bus", 51)
    found = theming_page(survey=world.wellbeing, wave_key="2025", page_number="2")
    assert found.page is not None
    assert (found.page.number, len(found.answers), found.page.paginator.count) == (2, 1, 51)


# The pages, by role


def _theme_with_reply(
    world: VoiceWorld, organisation: Organisation | None = None
) -> tuple[Theme, ThemeReply]:
    theme = theme_save(partnership=world.alpha, by=None, name="Getting about", keywords=["bus"])
    reply = reply_save(theme=theme, by=None, you_said="s", we_did="d", organisation=organisation)
    return theme, reply


@pytest.mark.parametrize(
    ("who", "themes", "new_theme", "partnership_reply", "police_reply"),
    [
        ("anonymous", 302, 302, 302, 302),
        ("no-role", 404, 404, 404, 404),
        ("viewer", 403, 403, 403, 403),
        ("contributor", 200, 403, 403, 200),  # works for the police
        ("contributor2", 200, 403, 403, 403),  # works for the council
        ("analyst", 200, 200, 200, 200),
        ("administrator", 200, 200, 200, 200),
        ("other", 404, 404, 404, 404),
        ("superuser", 200, 200, 200, 200),
    ],
)
def test_who_may_open_the_theme_pages(
    world: VoiceWorld,
    who: str,
    themes: int,
    new_theme: int,
    partnership_reply: int,
    police_reply: int,
) -> None:
    theme, reply = _theme_with_reply(world)
    police = reply_save(
        theme=theme,
        by=None,
        you_said="s",
        we_did="d",
        organisation=Organisation.objects.get(name=POLICE),
    )
    client = _client(world.people[who])
    key = {"partnership": "alpha"}
    assert client.get(reverse("voice:themes", kwargs=key)).status_code == themes
    assert client.get(reverse("voice:theme_new", kwargs=key)).status_code == new_theme
    assert (
        client.get(reverse("voice:theming", kwargs={**key, "survey": "wellbeing"})).status_code
        == new_theme
    )
    edit = {**key, "theme_id": theme.pk}
    assert (
        client.get(reverse("voice:reply_edit", kwargs={**edit, "reply_id": reply.pk})).status_code
        == partnership_reply
    )
    assert (
        client.get(reverse("voice:reply_edit", kwargs={**edit, "reply_id": police.pk})).status_code
        == police_reply
    )
    # A new reply: anyone who may write one (their own organisation's, for a contributor),
    # the same people as may list the themes.
    assert client.get(reverse("voice:reply_new", kwargs=edit)).status_code == themes


def test_a_contributor_publishes_their_organisations_reply_on_the_page(world: VoiceWorld) -> None:
    theme, partnership_reply = _theme_with_reply(world)
    client = _client(world.people["contributor"])
    url = reverse("voice:reply_new", kwargs={"partnership": "alpha", "theme_id": theme.pk})
    page = client.get(url).content.decode()
    assert "West Mercia Police's reply" in page and 'name="organisation"' not in page
    response = client.post(
        url, {"you_said": "Parks feel unsafe", "we_did": "We walk there", "status": "planned"}
    )
    assert response.status_code == 302
    own = ThemeReply.objects.get(organisation__name=POLICE)
    publish = {"partnership": "alpha", "theme_id": theme.pk, "reply_id": own.pk}
    assert client.post(reverse("voice:reply_publish", kwargs=publish)).status_code == 302
    own.refresh_from_db()
    assert own.published_at is not None
    refused = {**publish, "reply_id": partnership_reply.pk}
    assert client.post(reverse("voice:reply_publish", kwargs=refused)).status_code == 403
    partnership_reply.refresh_from_db()
    assert partnership_reply.published_at is None


def test_an_analyst_themes_an_answer_by_accepting_a_suggestion(world: VoiceWorld) -> None:
    theme, _ = _theme_with_reply(world)
    (answer,) = _change_answers(world, "More BUS routes", 1)
    client = _client(world.people["analyst"])
    url = reverse("voice:theming", kwargs={"partnership": "alpha", "survey": "wellbeing"})
    page = client.get(url).content.decode()
    assert "More BUS routes" in page and "Suggested: <strong>Getting about</strong>" in page
    response = client.post(
        reverse("voice:tag_set", kwargs={"partnership": "alpha", "survey": "wellbeing"}),
        {"answer": answer.pk, "theme": theme.pk, "suggested": "1", "wave": "2025", "page": "1"},
    )
    assert response["Location"] == f"{url}?wave=2025&page=1#answer-{answer.pk}"
    assert Tag.objects.get().suggested is True
    response = client.post(
        reverse("voice:tag_remove", kwargs={"partnership": "alpha", "survey": "wellbeing"}),
        {"answer": answer.pk, "theme": theme.pk},
    )
    assert response.status_code == 302 and not Tag.objects.exists()
    # An answer of another partnership's survey, or nonsense, changes nothing.
    response = client.post(
        reverse("voice:tag_set", kwargs={"partnership": "alpha", "survey": "wellbeing"}),
        {"answer": "x", "theme": theme.pk},
    )
    assert response.status_code == 302 and not Tag.objects.exists()


def test_an_analyst_links_a_theme_to_outcomes_on_the_page(world: VoiceWorld) -> None:
    client = _client(world.people["analyst"])
    url = reverse("voice:theme_new", kwargs={"partnership": "alpha"})
    response = client.post(url, {"name": "", "outcomes": [str(world.outcomes[1].pk)]})
    assert (
        response.status_code == 200 and "Enter the theme&#x27;s name" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "name": "Feeling safe",
            "keywords": "scared\nnot safe",
            "outcomes": [str(world.outcomes[1].pk)],
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get()
    assert (theme.keywords, list(theme.outcomes.all())) == (
        ["scared", "not safe"],
        [world.outcomes[1]],
    )
    response = client.post(url, {"name": "feeling SAFE"})
    assert "There is already a theme called" in response.content.decode()
