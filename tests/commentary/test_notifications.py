"""The e-mails of the commentary workflow: who gets which at each step, what they say, and
that they leave only once the step's transaction has committed."""

from __future__ import annotations

import logging

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from cypp.commentary.models import MeasureCommentary, Status
from cypp.commentary.notifications import unreachable
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
    qualitative_evidence_approve,
    qualitative_evidence_return,
    qualitative_evidence_save,
    qualitative_evidence_submit,
)
from cypp.plans.models import Outcome
from tests.commentary.helpers import STORY, World, world_make
from tests.plans.factories import person_make

pytestmark = pytest.mark.django_db

SITE = "https://cypp.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE + "/"  # a trailing slash must not double in the links


class BrokenMailServer(BaseEmailBackend):
    """A mail server that refuses every message (as one that is down would)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def _page(w: World, tail: str = "") -> str:
    return f"{SITE}/plans/{w.plan.key}/commentary/{w.period.key}/measures/{w.measure.pk}/{tail}"


def _draft(w: World) -> MeasureCommentary:
    return measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)


def test_submit_tells_the_priority_lead_after_the_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    w = world_make()
    c = _draft(w)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        measure_commentary_submit(commentary=c, by=w.contributor)
    assert mailoutbox == []  # nothing leaves inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["lead@example.org"]
    assert mail.subject == "To approve: Breastfeeding at 6-8 weeks (0) (April to June 2016)"
    assert mail.body == (
        "Dear Lead,\n"
        "\n"
        "Writer has submitted the commentary on the measure Breastfeeding at 6-8 weeks (0) "
        "for your approval.\n"
        "\n"
        "Plan and period: Plan commentary-plan, April to June 2016\n"
        f"Sign-off is due by {w.period.signoff_due:%d %B %Y}.\n"
        "\n"
        "Approve it, or return it with your reasons:\n"
        f"{_page(w, 'review/')}\n"
        "\n"
        "CYPP\n"
    )


def test_return_tells_the_writer_with_the_reasons(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    c = measure_commentary_submit(commentary=_draft(w), by=w.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        measure_commentary_return(commentary=c, by=w.lead, reason="Add the England figure.")
    assert [m.to for m in mailoutbox] == [["writer@example.org"]]
    mail = mailoutbox[0]
    assert mail.subject == "Returned to you: Breastfeeding at 6-8 weeks (0) (April to June 2016)"
    assert "Dear Writer," in mail.body
    assert "Lead has returned the commentary on the measure Breastfeeding at 6-8 weeks (0)" in (
        mail.body
    )
    assert "Plan and period: Plan commentary-plan, April to June 2016" in mail.body
    assert "Their reasons:\nAdd the England figure.\n" in mail.body
    assert f"Change it and submit it again:\n{_page(w)}\n" in mail.body


def test_approve_tells_the_writer(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    c = measure_commentary_submit(commentary=_draft(w), by=w.contributor)
    with django_capture_on_commit_callbacks(execute=True):
        measure_commentary_approve(commentary=c, by=w.lead)
    assert [m.to for m in mailoutbox] == [["writer@example.org"]]
    assert mailoutbox[0].subject == "Approved: Breastfeeding at 6-8 weeks (0) (April to June 2016)"
    assert "Lead has approved the commentary on the measure" in mailoutbox[0].body
    assert f"Read it here:\n{_page(w)}\n" in mailoutbox[0].body


def test_each_step_of_a_resubmission_sends_one_mail(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    c = _draft(w)
    with django_capture_on_commit_callbacks(execute=True):
        c = measure_commentary_submit(commentary=c, by=w.contributor)
        c = measure_commentary_return(commentary=c, by=w.lead, reason="Shorter, please.")
        c = measure_commentary_save(
            measure=w.measure, period=w.period, by=w.contributor, partners="Health visitors"
        )
        c = measure_commentary_submit(commentary=c, by=w.contributor)
        measure_commentary_approve(commentary=c, by=w.lead)
    assert [(m.subject.split(":")[0], m.to) for m in mailoutbox] == [
        ("To approve", ["lead@example.org"]),
        ("Returned to you", ["writer@example.org"]),
        ("To approve", ["lead@example.org"]),
        ("Approved", ["writer@example.org"]),
    ]


def test_a_step_rolled_back_sends_nothing(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    c = _draft(w)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        measure_commentary_submit(commentary=c, by=w.contributor)
        raise RuntimeError("something later in the same request failed")
    assert callbacks == [] and mailoutbox == []
    assert MeasureCommentary.objects.get(pk=c.pk).status == Status.DRAFT


def test_without_a_lead_the_analysts_and_administrators_are_told(
    django_capture_on_commit_callbacks, mailoutbox
):
    w = world_make(lead=False)
    w.analyst.email = "analyst@example.org"
    w.analyst.save()
    admin = person_make("boss", role="administrator", partnership=w.plan.partnership)
    admin.email = "boss@example.org"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        measure_commentary_submit(commentary=_draft(w), by=w.contributor)
    assert sorted(m.to[0] for m in mailoutbox) == ["analyst@example.org", "boss@example.org"]


def test_people_without_an_address_are_skipped_and_named(
    django_capture_on_commit_callbacks, mailoutbox, caplog
):
    w = world_make()
    w.lead.email = ""
    w.lead.save()
    c = _draft(w)
    with (
        caplog.at_level(logging.INFO, logger="cypp.commentary.notifications"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        measure_commentary_submit(commentary=c, by=w.contributor)
    assert callbacks == [] and mailoutbox == []
    assert "lead has no e-mail address" in caplog.text
    assert unreachable(thing=c, step="submit", by=w.contributor) == ["Lead"]
    assert unreachable(thing=c, step="approve", by=w.lead) == []  # the writer has one


def test_nobody_is_told_of_their_own_step(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.lead, **STORY)
    with django_capture_on_commit_callbacks(execute=True):
        c = measure_commentary_submit(commentary=c, by=w.lead)
        measure_commentary_approve(commentary=c, by=w.lead)
    assert mailoutbox == []


def test_a_failing_mail_server_does_not_undo_the_step(
    django_capture_on_commit_callbacks, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailServer"
    w = world_make()
    c = _draft(w)
    with (
        caplog.at_level(logging.ERROR, logger="cypp.commentary.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        measure_commentary_submit(commentary=c, by=w.contributor)
    assert MeasureCommentary.objects.get(pk=c.pk).status == Status.SUBMITTED
    assert "Could not send the e-mails about submit" in caplog.text
    assert "the mail server is down" in caplog.text


def test_evidence_has_the_same_mails(django_capture_on_commit_callbacks, mailoutbox):
    w = world_make()
    outcome = Outcome.objects.get(priority=w.priority)
    e = qualitative_evidence_save(
        outcome=outcome,
        period=w.period,
        by=w.contributor,
        kind="quote",
        title="Ready for school",
        text="She loves her class.",
        consent_recorded=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        e = qualitative_evidence_submit(evidence=e, by=w.contributor)
        e = qualitative_evidence_return(evidence=e, by=w.lead, reason="Whose words are these?")
        e = qualitative_evidence_submit(evidence=e, by=w.contributor)
        qualitative_evidence_approve(evidence=e, by=w.lead)
    evidence_page = f"{SITE}/plans/{w.plan.key}/commentary/{w.period.key}/evidence/{e.pk}/"
    assert [(m.subject, m.to) for m in mailoutbox] == [
        ("To approve: Ready for school (April to June 2016)", ["lead@example.org"]),
        ("Returned to you: Ready for school (April to June 2016)", ["writer@example.org"]),
        ("To approve: Ready for school (April to June 2016)", ["lead@example.org"]),
        ("Approved: Ready for school (April to June 2016)", ["writer@example.org"]),
    ]
    first, returned = mailoutbox[0].body, mailoutbox[1].body
    assert (
        "Writer has submitted the quote “Ready for school” for the outcome Children are ready "
        "for school for your approval." in first
    )
    assert f"{evidence_page}review/\n" in first
    assert "Their reasons:\nWhose words are these?\n" in returned
    assert f"Change it and submit it again:\n{evidence_page}\n" in returned


def test_a_lead_without_a_role_leaves_the_submission_to_the_administrators(
    django_capture_on_commit_callbacks, mailoutbox
):
    # The lead may not approve without a role in the partnership (``can_review``), so the
    # administrators, who may, are told; the analysts may not when there is a lead.
    w = world_make()
    w.lead.partnership_roles.all().delete()
    w.analyst.email = "analyst@example.org"
    w.analyst.save()
    admin = person_make("boss", role="administrator", partnership=w.plan.partnership)
    admin.email = "boss@example.org"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        measure_commentary_submit(commentary=_draft(w), by=w.contributor)
    assert [m.to for m in mailoutbox] == [["boss@example.org"]]
