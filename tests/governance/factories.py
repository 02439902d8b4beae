"""Governance made in code for the tests: a board with a meeting, and actions on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cypp.accounts.models import Partnership
from cypp.governance import services
from cypp.governance.models import Action, Body, Meeting
from tests.plans.factories import organisation_make, partnership_make

TODAY = dt.date(2026, 6, 1)


def body_make(
    key: str = "board",
    *,
    partnership: Partnership | None = None,
    name: str | None = None,
    kind: str = Body.Kind.BOARD,
) -> Body:
    return services.body_create(
        by=None,
        partnership=partnership or partnership_make(),
        key=key,
        name=name or key.replace("-", " ").title(),
        kind=kind,
    )


def meeting_make(body: Body, date: dt.date, status: str = Meeting.Status.HELD) -> Meeting:
    return services.meeting_record(by=None, body=body, date=date, status=status)


def action_make(
    body: Body,
    *,
    meeting: Meeting | None = None,
    text: str = "Bring the strategy back",
    owner: services.Owner | None = None,
    **fields: Any,
) -> Action:
    return services.action_add(
        by=None,
        body=body,
        meeting=meeting,
        text=text,
        owner=owner or services.Owner(organisation=organisation_make("Herefordshire Council")),
        **fields,
    )
