"""A small voice world for the voice tests, built with the ORM (the survey file loader is
tested on its own files).

Partnership "alpha" (Herefordshire's area) has a plan with two outcomes, a person in every
role, and two surveys:

- ``wellbeing``: anonymous, run online, in English and Welsh, for three audiences (children
  8 to 11, who need a parent or carer to agree; young people 12 to 15; parents and carers),
  with every kind of question, skip logic and a safeguarding answer; two waves, 2024 and
  2025, and no answers yet (``answers_add`` makes some).
- ``check-in``: named (not anonymous), one audience (12 to 15), the safeguarding lead as its
  contact and the escalation lead behind them; one wave.

Partnership "beta" has its own analyst, to show that nothing crosses partnerships.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from cypp.accounts.models import Partnership, Role
from cypp.plans.models import Outcome, Plan
from cypp.voice.models import Answer, Audience, Question, Response, Survey, Wave
from tests.plans.factories import partnership_make, person_make, plan_make

ALPHA = "alpha"
BETA = "beta"
POLICE = "West Mercia Police"
COUNCIL = "Herefordshire Council"
HELP = "You can talk to Childline for free, any time: call 0800 1111 or go to childline.org.uk."
PRIVACY = "We will not ask your name. Nobody will know which answers are yours."
WORDS = ["hurt myself", "hits me", "not safe"]
WAVE_2024 = dt.date(2024, 3, 1)
WAVE_2025 = dt.date(2025, 3, 1)

FEELINGS = [
    {"value": "1", "label": "Very unhappy", "symbol": "very-sad"},
    {"value": "2", "label": "Unhappy", "symbol": "sad"},
    {"value": "3", "label": "Okay", "symbol": "okay"},
    {"value": "4", "label": "Happy", "symbol": "happy"},
    {"value": "5", "label": "Very happy", "symbol": "very-happy"},
]
AREAS = [
    {"value": "hereford", "label": "Hereford"},
    {"value": "leominster", "label": "Leominster"},
    {"value": "ross", "label": "Ross-on-Wye"},
]
SAFE = [
    {"value": "yes", "label": "Yes"},
    {"value": "not-sure", "label": "Not sure"},
    {"value": "no", "label": "No"},
]
MATTERS = [
    {"value": "school", "label": "School"},
    {"value": "friends", "label": "Friends"},
    {"value": "family", "label": "Family"},
]
WELSH = {
    "area": {"text": "Ble wyt ti'n byw?", "options": {"hereford": "Henffordd"}},
    "feel-safe": {"text": "Wyt ti'n teimlo'n ddiogel gartref?", "options": {"yes": "Ydw"}},
}


def _questions(audience: Audience) -> list[Question]:
    rows: list[dict[str, Any]] = [
        {
            "key": "area",
            "kind": "choice",
            "text": "Where do you live?",
            "options": AREAS,
            "is_area": True,
        },
        {
            "key": "happy",
            "kind": "scale",
            "text": "How do you feel about your life?",
            "options": FEELINGS,
        },
        {
            "key": "feel-safe",
            "kind": "choice",
            "text": "Do you feel safe at home?",
            "options": SAFE,
            "safeguarding_answers": ["no"],
        },
        {
            "key": "why-unsafe",
            "kind": "free_text",
            "text": "Tell us more if you want to.",
            "show_if": {"question": "feel-safe", "answers": ["no", "not-sure"]},
        },
        {
            "key": "matters",
            "kind": "ranking",
            "text": "Put these in order: what matters most?",
            "options": MATTERS,
        },
        {"key": "change", "kind": "free_text", "text": "What one thing would you change?"},
    ]
    made = []
    for order, row in enumerate(rows):
        translations = {"cy": WELSH[row["key"]]} if row["key"] in WELSH else {}
        made.append(
            Question.objects.create(
                audience=audience, order=order, translations=translations, **row
            )
        )
    return made


@dataclass
class VoiceWorld:
    alpha: Partnership
    beta: Partnership
    plan: Plan
    outcomes: list[Outcome]
    people: dict[str, User | None]
    wellbeing: Survey
    check_in: Survey
    waves: dict[str, Wave]
    audiences: dict[str, Audience]
    questions: dict[tuple[str, str], Question] = field(default_factory=dict)

    def question(self, audience: str, key: str) -> Question:
        return self.questions[(audience, key)]


def voice_world() -> VoiceWorld:
    alpha = partnership_make(ALPHA)
    beta = partnership_make(BETA)
    plan = plan_make(partnership=ALPHA)
    first = Outcome.objects.get(priority__plan=plan)
    second = Outcome.objects.create(
        priority=first.priority, key="feel-safe", title="Children feel safe where they live"
    )
    outcomes = [first, second]
    people: dict[str, User | None] = {
        "anonymous": None,
        "no-role": person_make("voice-norole", partnership=None),
        "viewer": person_make("voice-viewer", role=Role.VIEWER, partnership=alpha),
        "contributor": person_make(
            "voice-contributor", role=Role.CONTRIBUTOR, partnership=alpha, organisation=POLICE
        ),
        "contributor2": person_make(
            "voice-contributor2", role=Role.CONTRIBUTOR, partnership=alpha, organisation=COUNCIL
        ),
        "analyst": person_make("voice-analyst", role=Role.ANALYST, partnership=alpha),
        "administrator": person_make("voice-admin", role=Role.ADMINISTRATOR, partnership=alpha),
        "safeguarding": person_make("voice-dsl", role=Role.VIEWER, partnership=alpha),
        "escalation": person_make("voice-escalation", role=Role.VIEWER, partnership=alpha),
        "other": person_make("voice-other", role=Role.ANALYST, partnership=beta),
        "superuser": User.objects.create_superuser("voice-super", password="x-Secret-99"),
    }
    wellbeing = Survey.objects.create(
        partnership=alpha,
        key="wellbeing",
        title="How are you?",
        summary="Tell us about your life.",
        status=Survey.Status.OPEN,
        privacy_notice=PRIVACY,
        languages=["en", "cy"],
        help_text=HELP,
        safeguarding_words=WORDS,
        definition_sha256="0" * 64,
    )
    check_in = Survey.objects.create(
        partnership=alpha,
        key="check-in",
        title="Checking in",
        anonymous=False,
        status=Survey.Status.OPEN,
        privacy_notice="We will ask your name so we can help you.",
        languages=["en"],
        help_text=HELP,
        safeguarding_words=WORDS,
        safeguarding_contact=people["safeguarding"],
        escalation_contact=people["escalation"],
        acknowledge_within_hours=4,
        definition_sha256="1" * 64,
    )
    audiences = {
        "8-11": Audience.objects.create(
            survey=wellbeing,
            key="8-11",
            label="I am 8 to 11",
            kind=Audience.Kind.CHILDREN,
            age_min=8,
            age_max=11,
            order=0,
        ),
        "12-15": Audience.objects.create(
            survey=wellbeing,
            key="12-15",
            label="I am 12 to 15",
            kind=Audience.Kind.CHILDREN,
            age_min=12,
            age_max=15,
            order=1,
        ),
        "parents": Audience.objects.create(
            survey=wellbeing,
            key="parents",
            label="I am a parent or carer",
            kind=Audience.Kind.PARENTS,
            order=2,
        ),
        "check-in": Audience.objects.create(
            survey=check_in,
            key="12-15",
            label="I am 12 to 15",
            kind=Audience.Kind.CHILDREN,
            age_min=12,
            age_max=15,
        ),
    }
    world = VoiceWorld(
        alpha=alpha,
        beta=beta,
        plan=plan,
        outcomes=outcomes,
        people=people,
        wellbeing=wellbeing,
        check_in=check_in,
        audiences=audiences,
        waves={
            "2024": Wave.objects.create(
                survey=wellbeing,
                key="2024",
                label="Spring 2024",
                opens=WAVE_2024,
                closes=dt.date(2024, 4, 30),
            ),
            "2025": Wave.objects.create(
                survey=wellbeing, key="2025", label="Spring 2025", opens=WAVE_2025
            ),
            "check-in": Wave.objects.create(
                survey=check_in, key="2025", label="2025", opens=WAVE_2025
            ),
        },
    )
    for name, audience in audiences.items():
        for question in _questions(audience):
            world.questions[(name, question.key)] = question
    return world


def answers_add(
    world: VoiceWorld,
    *,
    wave: str,
    audience: str,
    answers: dict[str, str],
    times: int = 1,
    finished: bool = True,
) -> list[Response]:
    """``times`` finished responses of one audience to one wave, each with these answers
    (question key to value), made with the ORM."""
    made = []
    survey = world.audiences[audience].survey
    for _ in range(times):
        response = Response.objects.create(
            survey=survey,
            audience=world.audiences[audience],
            wave=world.waves[wave],
            status=Response.Status.FINISHED if finished else Response.Status.STARTED,
            consent=Response.Consent.SELF,
            started_on=world.waves[wave].opens,
            finished_on=world.waves[wave].opens if finished else None,
            area=answers.get("area", ""),
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=world.question(audience, key), value=value)
            for key, value in answers.items()
        )
        made.append(response)
    return made
