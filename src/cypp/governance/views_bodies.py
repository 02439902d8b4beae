"""Governance pages for the partnership and its bodies: the partnerships a person can
read, the partnership's bodies and chart, a body with its meetings, action log and
forward plan, and the forms officers use to add and change bodies, their members and
how they relate. Every view checks on the server (404, then 403)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cypp.accounts.models import Partnership
from cypp.accounts.selectors import access_get
from cypp.governance import forms, services
from cypp.governance.chart import governance_chart
from cypp.governance.models import Body
from cypp.governance.permissions import (
    body_readable,
    is_officer,
    officer_required,
    partnership_readable,
)
from cypp.governance.selectors import (
    action_log,
    actions_owned,
    body_meetings,
    forward_plan,
    next_meeting,
    partnership_bodies,
    partnership_relations,
)
from cypp.governance.views_common import FormPlace, body_url, service_form


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access = access_get(request.user)
    partnerships = Partnership.objects.order_by("name")
    if not access.is_superuser:
        partnerships = partnerships.filter(pk__in=list(access.roles))
    return render(
        request,
        "governance/index.html",
        {"partnerships": list(partnerships), "mine": actions_owned(user=request.user)},
    )


@login_required
def partnership_page(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    bodies = partnership_bodies(partnership=p)
    relations = partnership_relations(partnership=p)
    chart = governance_chart(
        title=f"Governance chart of the {p.name}", bodies=bodies, relations=relations
    )
    return render(
        request,
        "governance/partnership.html",
        {
            "partnership": p,
            "bodies": bodies,
            "chart": chart,
            "officer": is_officer(request.user, p.pk),
        },
    )


@login_required
def body_add(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    officer_required(request.user, p.pk)
    return service_form(
        request,
        form=forms.BodyForm(request.POST or None, partnership=p),
        save=lambda data: services.body_create(
            by=request.user,
            partnership=p,
            name=data["name"],
            key=data.get("key") or "",
            kind=data["kind"],
            chair=data["chair"],
            chair_name=data["chair_name"],
            terms_of_reference=data["terms_of_reference"],
            order=data["order"] or 0,
        ),
        done=body_url,
        heading="Add a board or subgroup",
        **_partnership_page(p),
    )


def _partnership_page(p: Partnership) -> FormPlace:
    """The caption and way back of a form about the partnership's governance."""
    return {
        "caption": p.name,
        "back": reverse("governance:partnership", args=[p.key]),
        "back_text": f"Back to the governance of {p.name}",
    }


@login_required
def relation_add(request: HttpRequest, partnership: str) -> HttpResponse:
    p = partnership_readable(request.user, partnership)
    officer_required(request.user, p.pk)
    page = _partnership_page(p)
    return service_form(
        request,
        form=forms.RelationForm(request.POST or None, partnership=p),
        save=lambda data: services.body_relation_add(
            by=request.user,
            from_body=data["from_body"],
            to_body=data["to_body"],
            kind=data["kind"],
            two_way=data["two_way"],
        ),
        done=page["back"],
        heading="Say how two bodies relate",
        **page,
    )


@login_required
def body_page(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    return render(
        request,
        "governance/body.html",
        {
            "body": b,
            "partnership": b.partnership,
            "meetings": body_meetings(body=b),
            "log": action_log(body=b),
            "forward": forward_plan(body=b),
            "next": next_meeting(body=b),
            "officer": is_officer(request.user, b.partnership_id),
        },
    )


@login_required
def body_edit(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    initial = {
        "name": b.name,
        "kind": b.kind,
        "chair": b.chair_id,
        "chair_name": b.chair_name,
        "terms_of_reference": b.terms_of_reference,
        "order": b.order,
    }
    return service_form(
        request,
        form=forms.BodyForm(
            request.POST or None, initial=initial, partnership=b.partnership, editing=True
        ),
        save=lambda data: services.body_update(
            by=request.user,
            body=b,
            name=data["name"],
            kind=data["kind"],
            chair=data["chair"],
            chair_name=data["chair_name"],
            terms_of_reference=data["terms_of_reference"],
            order=data["order"],
        ),
        done=body_url(b),
        heading=f"Change {b.name}",
        **_body_page(b),
    )


def _body_page(b: Body) -> FormPlace:
    """The caption and way back of a form about a board or subgroup."""
    return {"caption": b.partnership.name, "back": body_url(b), "back_text": f"Back to {b.name}"}


@login_required
def member_add(request: HttpRequest, partnership: str, body: str) -> HttpResponse:
    b = body_readable(request.user, partnership, body)
    officer_required(request.user, b.partnership_id)
    return service_form(
        request,
        form=forms.MemberForm(request.POST or None, partnership=b.partnership),
        save=lambda data: services.body_member_add(
            by=request.user,
            body=b,
            person=data["person"],
            organisation=data["organisation"],
            role=data["role"],
        ),
        done=body_url(b),
        heading=f"Add a member to {b.name}",
        **_body_page(b),
    )
