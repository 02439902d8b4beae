"""The demo's SYNTHETIC named survey: its safeguarding lead, three made-up answers taken
through the journey's own services, and the alerts those answers raise (worked out by hand
from ``cypp.demo.voice_named.ANSWERS`` and the survey file's rules: Alex answers "no" to
feeling safe at home, a safeguarding answer; Jo writes "hits me", a safeguarding word; Sam
neither), the last of them closed by the lead. Loaded once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail

from cypp.accounts.models import PartnershipRole, Role
from cypp.demo.voice_named import LEAD, SURVEY, demo_voice_named_load
from cypp.voice.models import Response, SafeguardingAlert, Survey
from tests.plans.factories import partnership_make, person_make


@pytest.mark.django_db
def test_the_named_demo_survey_raises_two_alerts_and_one_is_closed(
    django_capture_on_commit_callbacks,
) -> None:
    herefordshire = partnership_make("herefordshire")
    person_make("admin", role=Role.ADMINISTRATOR, partnership=herefordshire)
    with django_capture_on_commit_callbacks(execute=True):
        added = demo_voice_named_load(data_dir=settings.DEMO_DATA_DIR, say=lambda _: None)
    assert added[0] == LEAD and "2 safeguarding alerts on the named survey" in added
    survey = Survey.objects.get(key=SURVEY)
    assert not survey.anonymous and survey.synthetic and survey.status == Survey.Status.OPEN
    assert PartnershipRole.objects.get(user__username=LEAD).role == Role.VIEWER
    names = set(Response.objects.filter(survey=survey).values_list("respondent_name", flat=True))
    assert names == {"Sam (SYNTHETIC)", "Alex (SYNTHETIC)", "Jo (SYNTHETIC)"}
    alerts = list(SafeguardingAlert.objects.filter(survey=survey).order_by("pk"))
    said = [(a.response.respondent_name, a.reason, a.status) for a in alerts]
    assert said == [
        ("Alex (SYNTHETIC)", "answer", "open"),
        ("Jo (SYNTHETIC)", "words", "closed"),
    ]
    assert alerts[1].what_was_done.startswith("SYNTHETIC")
    assert {m.to[0] for m in mail.outbox} == {f"{LEAD}@example.invalid"}
    assert demo_voice_named_load(data_dir=settings.DEMO_DATA_DIR, say=lambda _: None) == []
