"""The workflow of commentary and evidence: every step, the steps it refuses, the lock,
the revisions kept and the audit trail."""

from __future__ import annotations

import pytest

from cypp.accounts.models import AuditEvent
from cypp.commentary.models import CommentaryRevision, QualitativeEvidence, Status
from cypp.commentary.selectors import (
    approved_commentary,
    approved_evidence,
    commentary_status_counts,
)
from cypp.commentary.services import (
    CommentaryError,
    CommentaryLocked,
    ConsentMissing,
    InvalidTransition,
    measure_commentary_approve,
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
    period_commentary_lock,
    qualitative_evidence_approve,
    qualitative_evidence_return,
    qualitative_evidence_save,
    qualitative_evidence_submit,
    reporting_period_update,
)
from cypp.plans.models import Measure, Outcome
from tests.commentary.helpers import STORY, world_make
from tests.plans.factories import plan_make

pytestmark = pytest.mark.django_db


def test_write_submit_return_resubmit_approve():
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    assert c.status == Status.DRAFT and c.written_by == w.contributor
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    assert c.status == Status.SUBMITTED and c.submitted_at is not None
    c = measure_commentary_return(commentary=c, by=w.lead, reason="Add the England figure")
    assert c.status == Status.RETURNED and c.return_reason == "Add the England figure"
    c = measure_commentary_save(
        measure=w.measure, period=w.period, by=w.contributor, next_steps="Compare with England"
    )
    assert c.status == Status.RETURNED  # stays returned until submitted again
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    c = measure_commentary_approve(commentary=c, by=w.lead)
    assert c.status == Status.APPROVED and c.decided_by == w.lead and c.return_reason == ""
    assert approved_commentary(period=w.period) == {w.measure.pk: c}
    notes = list(
        AuditEvent.objects.filter(
            context=f"plan:{w.plan.key}", object_type="commentary.measurecommentary"
        )
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == [
        "",
        "Submitted for approval",
        "Returned: Add the England figure",
        "",
        "Submitted for approval",
        "Approved",
    ]


def test_the_steps_the_workflow_refuses():
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    with pytest.raises(InvalidTransition, match="Only a submitted text can be approved"):
        measure_commentary_approve(commentary=c, by=w.lead)
    with pytest.raises(InvalidTransition, match="Only a submitted or approved"):
        measure_commentary_return(commentary=c, by=w.lead, reason="No")
    c = measure_commentary_submit(commentary=c, by=w.contributor)
    with pytest.raises(InvalidTransition):
        measure_commentary_submit(commentary=c, by=w.contributor)
    with pytest.raises(InvalidTransition, match="can be changed only after the lead returns it"):
        measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, partners="x")
    with pytest.raises(CommentaryError, match="Say why"):
        measure_commentary_return(commentary=c, by=w.lead, reason="  ")
    with pytest.raises(TypeError):
        measure_commentary_save(
            measure=w.measure, period=w.period, by=w.contributor, status="approved"
        )


def test_an_empty_story_cannot_be_submitted():
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, partners="x")
    with pytest.raises(CommentaryError, match="story behind the curve"):
        measure_commentary_submit(commentary=c, by=w.contributor)


def test_an_approved_commentary_can_be_returned_before_the_pack_is_published():
    w = world_make()
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    c = measure_commentary_approve(
        commentary=measure_commentary_submit(commentary=c, by=w.contributor), by=w.lead
    )
    c = measure_commentary_return(commentary=c, by=w.lead, reason="New figures came out")
    assert c.status == Status.RETURNED
    assert approved_commentary(period=w.period) == {}


def test_every_save_keeps_the_text_it_replaces():
    w = world_make()
    measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    measure_commentary_save(
        measure=w.measure, period=w.period, by=w.analyst, story_behind_curve="Second version"
    )
    c = measure_commentary_save(
        measure=w.measure, period=w.period, by=w.contributor, story_behind_curve="Third version"
    )
    # Saving the same text again keeps no revision.
    measure_commentary_save(
        measure=w.measure, period=w.period, by=w.contributor, story_behind_curve="Third version"
    )
    revisions = list(CommentaryRevision.objects.filter(commentary=c).order_by("id"))
    assert [r.text["story_behind_curve"] for r in revisions] == [
        STORY["story_behind_curve"],
        "Second version",
    ]
    assert [r.written_by for r in revisions] == [w.contributor, w.analyst]
    assert revisions[0].text["partners"] == STORY["partners"]


def test_the_lock_stops_every_write():
    w = world_make()
    outcome = Outcome.objects.get(priority__plan=w.plan)
    c = measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor, **STORY)
    submitted = measure_commentary_submit(
        commentary=measure_commentary_save(measure=w.measure, period=w.period, by=w.contributor),
        by=w.contributor,
    )
    e = qualitative_evidence_save(
        outcome=outcome, period=w.period, by=w.contributor, kind="other", title="T", text="x"
    )
    locked = period_commentary_lock(period=w.period, by=w.analyst)
    assert locked.locked_at is not None and w.period.is_locked
    again = period_commentary_lock(period=w.period, by=w.analyst)
    assert again.locked_at == locked.locked_at  # locking twice changes nothing
    stale = type(w.period).objects.get(pk=w.period.pk)
    stale.locked_at = None  # an object loaded before the lock: the services read the database
    attempts = [
        lambda: measure_commentary_save(
            measure=w.measure, period=stale, by=w.contributor, partners="y"
        ),
        lambda: measure_commentary_submit(commentary=c, by=w.contributor),
        lambda: measure_commentary_approve(commentary=submitted, by=w.lead),
        lambda: measure_commentary_return(commentary=submitted, by=w.lead, reason="r"),
        lambda: qualitative_evidence_save(
            outcome=outcome, period=stale, by=w.contributor, title="N", text="n"
        ),
        lambda: qualitative_evidence_save(
            outcome=outcome, period=stale, by=w.contributor, evidence=e, title="N"
        ),
        lambda: qualitative_evidence_submit(evidence=e, by=w.contributor),
        lambda: qualitative_evidence_approve(evidence=e, by=w.lead),
        lambda: qualitative_evidence_return(evidence=e, by=w.lead, reason="r"),
    ]
    for attempt in attempts:
        with pytest.raises(CommentaryLocked, match="locked"):
            attempt()
    submitted.refresh_from_db()
    assert submitted.is_locked and submitted.status == Status.SUBMITTED


def test_the_timetable_stays_editable_after_the_lock():
    # Only the words are locked; the officers may still correct a meeting date.
    w = world_make()
    period_commentary_lock(period=w.period, by=None)
    reporting_period_update(period=w.period, by=None, label="Spring 2016")


def test_a_quote_needs_consent_before_it_is_submitted_or_published():
    w = world_make()
    outcome = Outcome.objects.get(priority__plan=w.plan)
    quote = qualitative_evidence_save(
        outcome=outcome,
        period=w.period,
        by=w.contributor,
        kind=QualitativeEvidence.Kind.QUOTE,
        title="Help came at the right time",
        text="They listened to us.",
        attributed_to="a parent",
    )
    with pytest.raises(ConsentMissing, match="consent"):
        qualitative_evidence_submit(evidence=quote, by=w.contributor)
    quote = qualitative_evidence_save(
        outcome=outcome, period=w.period, by=w.contributor, evidence=quote, consent_recorded=True
    )
    quote = qualitative_evidence_submit(evidence=quote, by=w.contributor)
    # Other evidence (a summary of a survey, say) needs no consent.
    other = qualitative_evidence_submit(
        evidence=qualitative_evidence_save(
            outcome=outcome,
            period=w.period,
            by=w.contributor,
            kind="other",
            title="Survey",
            text="s",
        ),
        by=w.contributor,
    )
    assert approved_evidence(period=w.period) == {}
    qualitative_evidence_approve(evidence=quote, by=w.lead)
    qualitative_evidence_approve(evidence=other, by=w.lead)
    found = approved_evidence(period=w.period)
    assert [e.title for e in found[outcome.pk]] == ["Help came at the right time", "Survey"]


def test_a_case_study_approved_without_consent_is_never_published():
    # Written straight to the database (e.g. by an old import): the selector still refuses it.
    w = world_make()
    outcome = Outcome.objects.get(priority__plan=w.plan)
    QualitativeEvidence.objects.create(
        outcome=outcome, period=w.period, kind="case_study", title="T", text="t", status="approved"
    )
    assert approved_evidence(period=w.period) == {}


def test_status_counts():
    w = world_make(measures=3)
    measures = list(w.plan.priorities.get().outcomes.get().measures.order_by("order"))
    measure_commentary_save(measure=measures[0], period=w.period, by=w.contributor, **STORY)
    c = measure_commentary_save(measure=measures[1], period=w.period, by=w.contributor, **STORY)
    measure_commentary_submit(commentary=c, by=w.contributor)
    assert commentary_status_counts(period=w.period) == {
        "not_started": 1,
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "approved": 0,
    }


def test_a_measure_of_another_plan_is_refused():
    w = world_make()
    other = plan_make(key="another-plan")
    measure = Measure.objects.get(outcome__priority__plan=other)
    with pytest.raises(CommentaryError, match="is not a measure of"):
        measure_commentary_save(measure=measure, period=w.period, by=None, **STORY)
