"""The demo's named survey (SYNTHETIC), so that safeguarding alerts can be seen: a "checking
in" survey that asks the young person's name, a demo safeguarding lead as its contact and
the demo administrator behind them, and three made-up answers taken through the child's
journey's own service, one of which says the young person is not safe at home and so raises
an alert in the same transaction, as a real one would. A second made-up alert has been dealt
with: acknowledged and closed with what was done.

Loaded once by ``cypp demo load`` after the wellbeing survey (``cypp.demo.voice``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cypp.accounts.models import Partnership

PARTNERSHIP = "herefordshire"
SURVEY = "herefordshire-check-in"
SURVEY_FILE = Path("voice") / "herefordshire" / "check-in.yaml"
LEAD = "safeguarding-lead"
# (README's demo people table) username, role, organisation, what they may do
DEMO_VOICE_PEOPLE = (
    (
        LEAD,
        "viewer",
        "Herefordshire Council",
        "the safeguarding contact of the SYNTHETIC named survey: read, acknowledge and close "
        "its alerts",
    ),
)
# Made-up young people and what they said: (name, feel safe, going well, worries).
ANSWERS = (
    ("Sam (SYNTHETIC)", "yes", "I have started at the youth club.", ""),
    ("Alex (SYNTHETIC)", "no", "", "My mum's boyfriend shouts at night."),
    ("Jo (SYNTHETIC)", "not-sure", "Football on Saturdays.", "Someone hits me at the bus stop."),
)
CLOSED_WHAT_WAS_DONE = (
    "SYNTHETIC: spoke to Jo's school the same day; the bus stop is now on the police "
    "community support officers' round and Jo has a named teacher to go to."
)


def demo_voice_named_load(*, data_dir: Path, say: Callable[[str], None] = print) -> list[str]:
    """Load the named survey, its lead and its answers once. Returns what it added."""
    partnership = Partnership.objects.filter(key=PARTNERSHIP).first()
    if partnership is None:
        return []
    from cypp.demo.loader import _mark as mark
    from cypp.demo.loader import _once
    from cypp.voice.models import Response, Survey

    added = _lead_load(partnership)
    survey = Survey.objects.filter(key=SURVEY).first()
    if _once(f"voice-survey:{SURVEY}", exists=survey is not None):
        from cypp.demo.voice import _survey_load

        survey = _survey_load(Path(data_dir) / SURVEY_FILE, say)
        mark(f"voice-survey:{SURVEY}")
        added.append("the SYNTHETIC named survey")
    if survey is None:
        return added
    if _once(f"voice-answers:{SURVEY}", exists=Response.objects.filter(survey=survey).exists()):
        alerts = _answers_load(survey)
        mark(f"voice-answers:{SURVEY}")
        say(f"{survey.key}: {len(ANSWERS)} SYNTHETIC named answers, {alerts} safeguarding alerts.")
        added.append(f"{alerts} safeguarding alerts on the named survey")
    return added


def _lead_load(partnership: Partnership) -> list[str]:
    from django.contrib.auth.models import User

    from cypp.accounts.models import Organisation, PartnershipRole
    from cypp.accounts.services import partnership_role_set, person_save
    from cypp.demo.loader import _mark as mark
    from cypp.demo.loader import _once, demo_password

    added: list[str] = []
    for username, role, organisation_name, _may in DEMO_VOICE_PEOPLE:
        user = User.objects.filter(username=username).first()
        if _once(f"person:{username}", exists=user is not None):
            # An address, so the alert's e-mail is sent (to the console, on the demo site).
            user = User.objects.create_user(
                username=username,
                password=demo_password(username),
                email=f"{username}@example.invalid",
            )
            organisation = Organisation.objects.get_or_create(name=organisation_name)[0]
            person_save(
                by=None, user=user, organisation=organisation, display_name="Safeguarding lead"
            )
            mark(f"person:{username}")
            added.append(username)
        if user is None:
            continue  # loaded once and deleted since: theirs to delete
        # The role apart from the person, as the other demo people's: a reset deletes the
        # partnership and its roles but keeps the people.
        item = f"role:{username}@{partnership.key}"
        held = PartnershipRole.objects.filter(user=user, partnership=partnership).exists()
        if _once(item, exists=held):
            partnership_role_set(by=None, user=user, partnership=partnership, role=role)
            mark(item)
    return added


def _answers_load(survey: Any) -> int:
    """Each made-up answer through the journey's services (alerts raised as a child's
    would be); the last alert then dealt with by the lead."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from cypp.voice.models import Response, SafeguardingAlert
    from cypp.voice.selectors_journey import survey_answerable
    from cypp.voice.services_alerts import alert_close
    from cypp.voice.services_journey import answers_save, response_finish, response_start

    wave = survey_answerable(survey, timezone.localdate())
    if wave is None:  # before the wave opens (the demo's dates are fixed): no answers yet
        return 0
    audience = survey.audiences.get()
    for name, safe, going_well, worries in ANSWERS:
        response = response_start(
            survey=survey,
            audience=audience,
            wave=wave,
            language="en",
            consent=Response.Consent.SELF,
            respondent_name=name,
        )
        answers_save(
            response=response,
            answers={"feel-safe": safe, "going-well": going_well, "worries": worries},
        )
        response_finish(response=response)
    alerts = SafeguardingAlert.objects.filter(survey=survey).order_by("pk")
    lead = User.objects.get(username=LEAD)
    last = alerts.last()
    if last is not None:
        alert_close(alert=last, by=lead, what_was_done=CLOSED_WHAT_WAS_DONE)
    return alerts.count()
