"""Themes, tags and "you said, we did", read.

``replies_published`` is what the public "you said, we did" page and the board pack show:
each published reply with its theme, the outcomes the theme is linked to, who replied, the
commitment or board action it led to and how many people said it, that number only when it
is at or above the disclosure threshold (``cypp.disclosure``, through ``cypp.stats``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet

from cypp.accounts.models import Organisation, Partnership
from cypp.disclosure import MARK, disclosure_rule
from cypp.governance.models import Action
from cypp.plans.models import Commitment, Outcome, Plan
from cypp.voice.models import (
    Answer,
    Question,
    Response,
    Survey,
    Tag,
    Theme,
    ThemeReply,
    Wave,
)
from cypp.voice.suggest import Suggestion, ThemeWords, themes_suggested

ANSWERS_A_PAGE = 50

# The words a child reads for each status (ThemeReply.Status's labels), and a tag colour.
STATUS_TAGS = {
    ThemeReply.Status.PLANNED: "govuk-tag--blue",
    ThemeReply.Status.IN_PROGRESS: "govuk-tag--yellow",
    ThemeReply.Status.DONE: "govuk-tag--green",
    ThemeReply.Status.NOT_DOING: "govuk-tag--grey",
}


@dataclass(frozen=True, slots=True)
class PublishedReply:
    """One published "you said, we did" reply, as the public page and the board pack show
    it. ``count`` is how many people's answers were given the theme (in every survey of the
    partnership), or the mark "c" when fewer than the threshold."""

    reply_id: int
    theme_id: int
    theme: str
    outcomes: tuple[str, ...]
    you_said: str
    we_did: str
    status: str
    status_label: str
    status_tag: str
    who: str  # the organisation's name, or the partnership's
    by_partnership: bool
    commitment: str
    commitment_status: str
    action: str
    action_status: str
    published_at: dt.datetime
    count: int | str


def theme_counts(
    *, partnership: Partnership, survey: Survey | None = None, wave: Wave | None = None
) -> dict[int, int]:
    """How many finished responses had an answer given each theme (a response counts once
    however many of its answers have the theme), unsuppressed: for the suppressing readers
    only. Finished responses only, as every result counts (``cypp.voice.results``)."""
    tags = Tag.objects.filter(
        theme__partnership=partnership, answer__response__status=Response.Status.FINISHED
    )
    if survey is not None:
        tags = tags.filter(answer__response__survey=survey)
    if wave is not None:
        tags = tags.filter(answer__response__wave=wave)
    rows = tags.values("theme_id").annotate(n=Count("answer__response_id", distinct=True))
    return {r["theme_id"]: r["n"] for r in rows}


def counts_published(counts: dict[int, int], theme_ids: list[int]) -> dict[int, int | str]:
    """Each theme's count as published: the number, or "c" below the threshold and for none
    at all (as ``cypp.voice.results`` publishes them: every count is at least the threshold
    or "c"). Themes overlap (an answer may have two), so no total is published and no count
    can be worked out from the others: primary suppression only."""
    values = [counts.get(t, 0) for t in theme_ids]
    hidden = disclosure_rule().hidden_counts(values)
    return {
        t: MARK if h or v == 0 else v for t, v, h in zip(theme_ids, values, hidden, strict=True)
    }


def replies_published(
    *, partnership: Partnership, plan: Plan | None = None
) -> list[PublishedReply]:
    """The partnership's published replies, the partnership's own first in each theme, then
    the partners' by name. Given a plan: only the replies whose themes are linked to its
    outcomes, with those outcomes alone. Four queries however many replies."""
    outcomes = Outcome.objects.select_related("priority__plan").order_by(
        "priority__plan__start", "priority__order", "order"
    )
    if plan is not None:
        outcomes = outcomes.filter(priority__plan=plan)
    replies = (
        ThemeReply.objects.filter(theme__partnership=partnership, published_at__isnull=False)
        .select_related("theme", "organisation", "commitment", "action")
        .prefetch_related(Prefetch("theme__outcomes", queryset=outcomes, to_attr="linked"))
        .order_by("theme__name", "organisation__name", "pk")
    )
    if plan is not None:
        replies = replies.filter(theme__outcomes__priority__plan=plan).distinct()
    found = list(replies)
    theme_ids = sorted({r.theme_id for r in found})
    counts = counts_published(theme_counts(partnership=partnership), theme_ids)
    found.sort(key=lambda r: (r.theme.name, r.organisation is not None, str(r.organisation)))
    return [_published(r, partnership, counts[r.theme_id]) for r in found]


def _published(reply: ThemeReply, partnership: Partnership, count: int | str) -> PublishedReply:
    commitment, action = reply.commitment, reply.action
    assert reply.published_at is not None
    return PublishedReply(
        reply_id=reply.pk,
        theme_id=reply.theme_id,
        theme=reply.theme.name,
        outcomes=tuple(o.title for o in getattr(reply.theme, "linked", [])),
        you_said=reply.you_said,
        we_did=reply.we_did,
        status=reply.status,
        status_label=reply.get_status_display(),
        status_tag=STATUS_TAGS.get(reply.status, ""),  # type: ignore[call-overload]
        who=reply.organisation.name if reply.organisation else partnership.name,
        by_partnership=reply.organisation is None,
        commitment=commitment.title if commitment else "",
        commitment_status=commitment.get_status_display() if commitment else "",
        action=action.text if action else "",
        action_status=action.get_status_display() if action else "",
        published_at=reply.published_at,
        count=count,
    )


def themes_of(partnership: Partnership) -> QuerySet[Theme]:
    """The partnership's themes by name, with their outcomes, replies and answers tagged."""
    return (
        Theme.objects.filter(partnership=partnership)
        .annotate(tagged=Count("tags", distinct=True))
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.select_related("priority__plan").order_by(
                    "priority__plan__start", "priority__order", "order"
                ),
            ),
            Prefetch(
                "replies",
                queryset=ThemeReply.objects.select_related(
                    "organisation", "commitment", "action"
                ).order_by("organisation__name", "pk"),
            ),
        )
        .order_by("name")
    )


def outcomes_of(partnership: Partnership) -> list[Outcome]:
    """The outcomes of the partnership's plans, by plan, priority and order: what a theme
    may be linked to."""
    return list(
        Outcome.objects.filter(priority__plan__partnership=partnership)
        .select_related("priority__plan")
        .order_by("-priority__plan__start", "priority__plan__key", "priority__order", "order")
    )


def commitments_of(partnership: Partnership) -> QuerySet[Commitment]:
    """The commitments of the partnership's plans, newest plan first: what a reply may
    have led to."""
    return (
        Commitment.objects.filter(plan__partnership=partnership)
        .select_related("plan")
        .order_by("-plan__start", "plan__key", "order")
    )


def actions_of(partnership: Partnership) -> QuerySet[Action]:
    """The actions of the partnership's boards, by board, newest first."""
    return (
        Action.objects.filter(body__partnership=partnership)
        .select_related("body")
        .order_by("body__name", "-raised_on", "pk")
    )


def organisations_of(partnership: Partnership) -> QuerySet[Organisation]:
    """The partners: organisations of the people with a role in the partnership."""
    return Organisation.objects.filter(
        pk__in=Organisation.objects.filter(
            people__user__partnership_roles__partnership=partnership
        ).values("pk")
    ).order_by("name")


@dataclass(frozen=True, slots=True)
class AnswerToTheme:
    """A free-text answer on the theming page: its words, the question, the themes it has
    and the themes its words suggest that it has not."""

    answer: Answer
    question: str
    audience: str
    tagged: list[Tag]
    suggested: list[Suggestion]


@dataclass
class ThemingPage:
    wave: Wave | None
    waves: list[Wave]
    page: Page[Any] | None
    answers: list[AnswerToTheme]
    themes: list[Theme]


def theming_page(*, survey: Survey, wave_key: str | None, page_number: Any) -> ThemingPage:
    """The free-text answers of one wave of a survey (the newest when none is named), 50 a
    page in the order given, each with its themes and suggestions. A started response's
    answers are here too: what a child wrote before stopping was still said."""
    waves = list(survey.waves.order_by("-opens", "key"))
    themes = list(Theme.objects.filter(partnership=survey.partnership).order_by("name"))
    wave = next((w for w in waves if w.key == wave_key), None) if wave_key else None
    if wave is None and not wave_key and waves:
        wave = waves[0]
    if wave is None:
        return ThemingPage(wave=None, waves=waves, page=None, answers=[], themes=themes)
    answers = (
        Answer.objects.filter(
            response__wave=wave,
            question__kind=Question.Kind.FREE_TEXT,
            question__audience__survey=survey,
        )
        .exclude(value="")
        .select_related("question__audience")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.select_related("theme")))
        .order_by("pk")
    )
    page = Paginator(answers, ANSWERS_A_PAGE).get_page(page_number)
    words = [ThemeWords(t.pk, t.name, t.keywords) for t in themes]
    shown = []
    for answer in page.object_list:
        tags = sorted(answer.tags.all(), key=lambda t: t.theme.name)
        has = {t.theme_id for t in tags}
        shown.append(
            AnswerToTheme(
                answer=answer,
                question=answer.question.text,
                audience=answer.question.audience.label,
                tagged=tags,
                suggested=[
                    s for s in themes_suggested(answer.value, words) if s.theme_id not in has
                ],
            )
        )
    return ThemingPage(wave=wave, waves=waves, page=page, answers=shown, themes=themes)


def partnerships_replying(partnership_ids: set[int]) -> set[int]:
    """Which of these partnerships have published a reply ("you said, we did"), so the home
    page links to their public page only where it has something to show."""
    return set(
        ThemeReply.objects.filter(
            theme__partnership_id__in=partnership_ids, published_at__isnull=False
        ).values_list("theme__partnership_id", flat=True)
    )
