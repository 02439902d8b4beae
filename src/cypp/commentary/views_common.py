"""What the commentary pages share: the plan and period reached from the address, the
address of a period's status page, a commentary's or evidence's status words and history,
and the review page's decision and context.

Every commentary view checks on the server who may do what
(``cypp.commentary.permissions``) and calls the services for every write; forms post with
a CSRF token and work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cypp.accounts.selectors import access_get
from cypp.commentary import forms, notifications, services
from cypp.commentary.differences import answers_compare
from cypp.commentary.history import events_readable, revisions_readable
from cypp.commentary.models import (
    MeasureCommentary,
    QualitativeEvidence,
    ReportingPeriod,
    Status,
)
from cypp.commentary.selectors import (
    STATUS_WORDS,
    UnknownPeriod,
    commentary_history,
    period_get,
)
from cypp.plans.models import Plan
from cypp.plans.permissions import plan_readable


def member_plan(request: HttpRequest, key: str) -> Plan:
    """The plan, for a person with a role in its partnership (the commentary pages are the
    partnership's own workspace, even for a published plan)."""
    plan = plan_readable(request.user, key)
    if not access_get(request.user).reads(plan.partnership_id):
        raise PermissionDenied
    return plan


def reporting_period(plan: Plan, key: str) -> ReportingPeriod:
    try:
        return period_get(plan=plan, key=key)
    except UnknownPeriod as error:
        raise Http404(str(error)) from error


def status_url(plan: Plan, period: ReportingPeriod) -> str:
    return reverse("commentary:status-period", args=[plan.key, period.key])


def status_of(thing: MeasureCommentary | QualitativeEvidence | None) -> tuple[str, str]:
    if thing is None:
        return STATUS_WORDS["not_started"]
    if thing.period.is_locked:
        return STATUS_WORDS["locked"]
    return STATUS_WORDS[thing.status]


def history(
    request: HttpRequest, plan: Plan, thing: MeasureCommentary | QualitativeEvidence | None
) -> dict[str, Any]:
    """The events and earlier versions this person may read (``cypp.commentary.history``):
    a reader of approved text sees that it was approved, not the drafts before it."""
    if thing is None:
        return {"events": [], "revisions": []}
    return {
        "events": events_readable(
            user=request.user, plan=plan, events=commentary_history(thing=thing)
        ),
        "revisions": revisions_readable(user=request.user, plan=plan, thing=thing),
    }


def not_told(*, thing: MeasureCommentary | QualitativeEvidence, step: str, by: Any) -> str:
    """The words to add to a step's confirmation when someone who should hear of it by
    e-mail has no address: the person acting is the one who can tell them another way."""
    names = notifications.unreachable(thing=thing, step=step, by=by)
    if not names:
        return ""
    who = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + f" and {names[-1]}"
    return (
        f" {who} {'has' if len(names) == 1 else 'have'} no e-mail address in CYPP, so "
        f"{'was' if len(names) == 1 else 'were'} not told by e-mail: tell them another way."
    )


Decided = MeasureCommentary | QualitativeEvidence


def review_decide(
    request: HttpRequest,
    form: forms.ReviewForm,
    *,
    approve: Callable[[], Decided],
    send_back: Callable[[str], Decided],
    noun: str,
) -> bool:
    """Carry out a reviewer's valid decision on a commentary or a piece of evidence (the
    two differ only in their services and the words). True once done and announced, for
    the caller to redirect; False with the service's refusal on the form, to show again."""
    try:
        if form.cleaned_data["decision"] == "approve":
            decided = approve()
            note = f"The {noun} is approved."
            step = notifications.APPROVE
        else:
            decided = send_back(form.cleaned_data["reason"])
            note = f"The {noun} is returned to its writer with your reason."
            step = notifications.RETURN
    except services.CommentaryError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, note + not_told(thing=decided, step=step, by=request.user))
    return True


def review_context(
    request: HttpRequest,
    *,
    plan: Plan,
    period: ReportingPeriod,
    thing: MeasureCommentary | QualitativeEvidence,
    subject: str,
    form: forms.ReviewForm,
) -> dict[str, Any]:
    """What ``commentary/review.html`` needs for either a commentary or a piece of evidence;
    the caller adds the one it is about under its own name."""
    words, tag = status_of(thing)
    return {
        "plan": plan,
        "period": period,
        "subject": subject,
        "form": form,
        # The same rules as the services' approve and return, so the page offers only
        # what they would accept.
        "may_approve": thing.status == Status.SUBMITTED and not period.is_locked,
        "may_return": thing.status in (Status.SUBMITTED, Status.APPROVED) and not period.is_locked,
        "status_words": words,
        "status_tag": tag,
        "back": status_url(plan, period),
        "thing": thing,
        # A resubmission shows what changed since the reviewer returned it, word by word.
        "differences": answers_compare(thing=thing) if thing.status == Status.SUBMITTED else None,
        **history(request, plan, thing),
    }


def review_response(
    request: HttpRequest,
    *,
    plan: Plan,
    period: ReportingPeriod,
    thing: Decided,
    subject: str,
    approve: Callable[[], Decided],
    send_back: Callable[[str], Decided],
    noun: str,
    about: Callable[[], dict[str, Any]],
) -> HttpResponse:
    """The reviewer's page for a commentary or a piece of evidence: a valid decision is
    carried out and the reviewer goes back to the period's status page; otherwise the page
    is shown (again) with ``about()``, the thing under its own name and what goes with it."""
    form = forms.ReviewForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and review_decide(request, form, approve=approve, send_back=send_back, noun=noun)
    ):
        return redirect(status_url(plan, period))
    return render(
        request,
        "commentary/review.html",
        {
            **review_context(
                request, plan=plan, period=period, thing=thing, subject=subject, form=form
            ),
            **about(),
        },
    )
