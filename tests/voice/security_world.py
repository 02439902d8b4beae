"""Voice objects for the authorisation matrix (tests/security/world.py): an open anonymous
survey in alpha with one wave and a finished response, a named survey whose safeguarding
alert goes to a person outside the matrix's columns (so every column is refused it), a
theme with a free-text answer tagged, and a published partnership reply.

The URL parameters they fill, by name: ``survey``, ``wave``, ``audience``, ``question``,
``alert_id``, ``theme_id``, ``reply_id``, ``import_id``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cypp.accounts.models import Partnership, Role
from cypp.voice.models import (
    Answer,
    Audience,
    Question,
    Response,
    SafeguardingAlert,
    Survey,
    Tag,
    Theme,
    ThemeReply,
    VoiceImport,
    Wave,
)
from tests.plans.factories import person_make

TODAY = dt.date(2025, 3, 1)


def _survey(partnership: Partnership, key: str, **extra: Any) -> tuple[Survey, Audience, Wave]:
    survey = Survey.objects.create(
        partnership=partnership,
        key=key,
        title=f"Survey {key}",
        status=Survey.Status.OPEN,
        privacy_notice="We will not ask your name.",
        languages=["en"],
        help_text="Call Childline on 0800 1111.",
        definition_sha256=key.ljust(64, "0")[:64],
        **extra,
    )
    audience = Audience.objects.create(
        survey=survey,
        key="12-15",
        label="I am 12 to 15",
        kind=Audience.Kind.CHILDREN,
        age_min=12,
        age_max=15,
    )
    wave = Wave.objects.create(survey=survey, key="2025", label="2025", opens=TODAY)
    return survey, audience, wave


def world_voice(partnership: Partnership) -> dict[str, Any]:
    survey, audience, wave = _survey(partnership, "alpha-voice")
    text = Question.objects.create(
        audience=audience, key="change", kind="free_text", text="What one thing would you change?"
    )
    response = Response.objects.create(
        survey=survey,
        audience=audience,
        wave=wave,
        status=Response.Status.FINISHED,
        consent=Response.Consent.SELF,
        started_on=TODAY,
        finished_on=TODAY,
    )
    answer = Answer.objects.create(response=response, question=text, value="More buses")
    theme = Theme.objects.create(partnership=partnership, name="Getting about")
    Tag.objects.create(theme=theme, answer=answer)
    reply = ThemeReply.objects.create(
        theme=theme,
        you_said="Buses are too few.",
        we_did="We asked for a later bus.",
        published_at=timezone.now(),
    )
    dsl = person_make("voice-matrix-dsl", role=Role.VIEWER, partnership=partnership)
    named, named_audience, named_wave = _survey(
        partnership, "alpha-named", anonymous=False, safeguarding_contact=dsl
    )
    safe = Question.objects.create(
        audience=named_audience,
        key="safe",
        kind="choice",
        text="Do you feel safe?",
        safeguarding_answers=["no"],
        options=[{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
    )
    named_response = Response.objects.create(
        survey=named,
        audience=named_audience,
        wave=named_wave,
        consent=Response.Consent.SELF,
        started_on=TODAY,
        respondent_name="Sam",
    )
    Answer.objects.create(response=named_response, question=safe, value="no")
    now = timezone.now()
    alert = SafeguardingAlert.objects.create(
        survey=named,
        response=named_response,
        question=safe,
        reason="answer",
        said="No",
        contact=dsl,
        raised_at=now,
        due_at=now + dt.timedelta(hours=24),
    )
    imported = VoiceImport.objects.create(
        survey=survey,
        wave=wave,
        format=VoiceImport.Format.FORMS,
        file_name="forms.csv",
        file_sha256="f" * 64,
        rows=0,
    )
    return {
        "survey": survey.key,
        "wave": wave.key,
        "audience": audience.key,
        "question": text.key,
        "alert_id": alert.pk,
        "theme_id": theme.pk,
        "reply_id": reply.pk,
        "import_id": imported.pk,
    }
