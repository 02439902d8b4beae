"""The demo's reporting periods and commentary, on Herefordshire's 2015-2018 plan.

Loaded after the demo plans and people (``cypp.demo.loader.demo_load``). Loading again
changes nothing: periods are kept by key, and a commentary or quote already there is left
as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from cypp.accounts.models import Person
from cypp.commentary.models import MeasureCommentary, QualitativeEvidence, ReportingPeriod
from cypp.commentary.services import (
    measure_commentary_approve,
    measure_commentary_return,
    measure_commentary_save,
    measure_commentary_submit,
    qualitative_evidence_approve,
    qualitative_evidence_save,
    qualitative_evidence_submit,
    reporting_periods_create,
)
from cypp.plans.models import Measure, Outcome, Plan, Priority
from cypp.plans.services import plan_part_save

DEMO_PLAN = "herefordshire-2015-2018"
LEAD_PRIORITY = "early-years"
LEAD_USER = "admin"

# (period, measure key, final status, writer, the four answers)
_COMMENTARY: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "2017-q4",
        "gld",
        "approved",
        "contributor",
        {
            "story_behind_curve": "A good level of development has risen each year since 2013, "
            "but the gap for children eligible for free school meals has not closed. Take-up "
            "of the funded places for two-year-olds is lower in the market towns.",
            "what_is_working": "Health visitors' two-year checks now lead to a referral to a "
            "children's centre when speech and language is behind.",
            "next_steps": "Target the funded places at the market towns by the summer term; "
            "the early years team reports back in March.",
            "partners": "Herefordshire Council early years team, health visiting, nurseries "
            "and childminders.",
        },
    ),
    (
        "2018-q1",
        "gld",
        "returned",
        "contributor",
        {
            "story_behind_curve": "The spring assessments show the same level as last year; "
            "the final figure is published in the autumn.",
            "what_is_working": "More two-year-olds in the market towns take up a funded place.",
            "next_steps": "Share the speech and language checklist with every childminder.",
            "partners": "Early years team, health visiting.",
        },
    ),
    (
        "2018-q1",
        "mmr",
        "approved",
        "analyst",
        {
            "story_behind_curve": "Coverage of the second dose at five years stays below the "
            "95% needed for herd immunity, as in most of the West Midlands.",
            "what_is_working": "Practices that send text reminders have the highest coverage.",
            "next_steps": "Offer the text reminder system to every practice.",
            "partners": "GP practices, the clinical commissioning group, Public Health England.",
        },
    ),
    (
        "2018-q1",
        "initiation",
        "submitted",
        "analyst",
        {
            "story_behind_curve": "Breastfeeding initiation is about the same as last year; "
            "it is lowest among young mothers in the market towns.",
            "what_is_working": "Peer supporters on the maternity ward since the autumn.",
            "next_steps": "Extend peer support to the antenatal clinics in the market towns.",
            "partners": "Wye Valley NHS Trust maternity services, health visiting.",
        },
    ),
]
_RETURN_REASON = (
    "Please say what the figure is against England and the neighbours, and what we will do next."
)
_QUOTE: dict[str, Any] = {
    "kind": QualitativeEvidence.Kind.QUOTE,
    "title": "Starting school",
    "text": "The nursery told us what she would need for school, so we practised at home. "
    "On her first day she hung up her coat and went straight in.",
    "attributed_to": "a parent of a four-year-old",
    "consent_recorded": True,
    "consent_note": "Consent form kept by the children's centre, February 2018.",
}


def demo_commentary_load(*, say: Callable[[str], None] = print) -> None:
    """Quarterly periods for the Herefordshire 2015-2018 plan, the demo administrator as the
    lead of its early years priority, and a little commentary in its latest periods: one
    approved, one submitted for the lead to decide, one returned to the demo contributor
    (their council's measure, so a fresh demo has something for them to put right and
    submit again), one more approved, and an approved quote with consent on an outcome no
    measure counts. The workflow's demo people get e-mail addresses (``@example.org``) so
    that the next steps taken in the demo e-mail them (on the console)."""
    plan = Plan.objects.filter(key=DEMO_PLAN).first()
    if plan is None:
        say(f"Commentary: no plan {DEMO_PLAN!r}; load the demo plans first.")
        return
    with transaction.atomic():
        _load(plan, say)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _load(plan: Plan, say: Callable[[str], None]) -> None:
    periods = {p.key: p for p in reporting_periods_create(plan=plan, by=None)}
    lead = Person.objects.filter(user__username=LEAD_USER).first()
    priority = Priority.objects.filter(plan=plan, key=LEAD_PRIORITY).first()
    if lead is not None and priority is not None and priority.lead_person_id != lead.pk:
        priority.lead_person = lead
        plan_part_save(by=None, plan=plan, instance=priority, fields=["lead_person"])
    approver = _user(LEAD_USER)
    written = 0
    for period_key, measure_key, status, writer, answers in _COMMENTARY:
        period = periods.get(period_key)
        measure = Measure.objects.filter(outcome__priority__plan=plan, key=measure_key).first()
        if period is None or measure is None:
            continue
        if MeasureCommentary.objects.filter(measure=measure, period=period).exists():
            continue
        by = _user(writer)
        commentary = measure_commentary_save(measure=measure, period=period, by=by, **answers)
        commentary = measure_commentary_submit(commentary=commentary, by=by)
        if status == "approved":
            measure_commentary_approve(commentary=commentary, by=approver)
        elif status == "returned":
            measure_commentary_return(commentary=commentary, by=approver, reason=_RETURN_REASON)
        written += 1
    quotes = _quote(plan, periods.get("2018-q1"), approver)
    _addresses()
    say(
        f"Commentary: {len(periods)} quarterly periods for {plan.key}; "
        f"{written} commentaries and {quotes} quote added"
        + (f"; {LEAD_USER} leads {priority.title}." if lead and priority else ".")
    )


# The demo's people who take part in the commentary workflow, given an address at a domain
# reserved for examples, so that each step's e-mail shows on the console. Given after the
# demo's own steps above (which tell nobody), and only where the person has none.
DEMO_ADDRESSES = ("admin", "analyst", "contributor")


def _addresses() -> None:
    for username in DEMO_ADDRESSES:
        User.objects.filter(username=username, email="").update(email=f"{username}@example.org")


def _quote(plan: Plan, period: ReportingPeriod | None, approver: Any) -> int:
    outcome = Outcome.objects.filter(priority__plan=plan, key="top-quartile").first()
    if period is None or outcome is None:
        return 0
    if QualitativeEvidence.objects.filter(
        outcome=outcome, period=period, title=_QUOTE["title"]
    ).exists():
        return 0
    writer = _user("contributor")
    evidence = qualitative_evidence_save(outcome=outcome, period=period, by=writer, **_QUOTE)
    evidence = qualitative_evidence_submit(evidence=evidence, by=writer)
    qualitative_evidence_approve(evidence=evidence, by=approver)
    return 1
