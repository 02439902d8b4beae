"""Reading surveys: the list a partnership's people see, one survey with its parts, and the
list ``cypp voice list --json`` prints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from cypp.accounts.models import Partnership
from cypp.voice.models import Audience, ScaleRegistration, Survey, Wave


def surveys_of(partnership: Partnership) -> QuerySet[Survey]:
    """The partnership's surveys, newest key last, with their waves."""
    return (
        Survey.objects.filter(partnership=partnership)
        .prefetch_related("waves")
        .order_by("title", "key")
    )


def survey_of(partnership: Partnership, key: str) -> Survey | None:
    """The partnership's survey ``key`` with its waves, audiences and questions; None for a
    survey of another partnership (its pages answer 404, as for one that does not exist)."""
    return (
        Survey.objects.filter(partnership=partnership, key=key)
        .select_related("partnership", "safeguarding_contact", "escalation_contact")
        .prefetch_related(
            "waves", Prefetch("audiences", queryset=Audience.objects.prefetch_related("questions"))
        )
        .first()
    )


def wave_current(survey: Survey, today: dt.date) -> Wave | None:
    """The wave children answer today: opened, and not yet closed (the latest to open)."""
    current = [
        w
        for w in survey.waves.all()
        if w.opens <= today and (w.closes is None or today <= w.closes)
    ]
    return max(current, key=lambda w: (w.opens, w.key)) if current else None


def surveys_listed(partnership_key: str | None = None) -> list[dict[str, Any]]:
    """``cypp voice list --json``: each survey's ``key``, ``title``, ``partnership`` (its key)
    and ``waves`` (the wave keys, in the order they open)."""
    surveys = Survey.objects.select_related("partnership").prefetch_related("waves")
    if partnership_key:
        surveys = surveys.filter(partnership__key=partnership_key)
    return [
        {
            "key": s.key,
            "title": s.title,
            "partnership": s.partnership.key,
            "waves": [w.key for w in s.waves.all()],
        }
        for s in surveys.order_by("partnership__key", "key")
    ]


def scales_registered(partnership: Partnership) -> list[ScaleRegistration]:
    return list(ScaleRegistration.objects.filter(partnership=partnership).order_by("scale"))
